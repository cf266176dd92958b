/**
 * Inbetalningar, the ledger of payments (SPEC §10): one row per payment read from a bank file.
 * Written by the tool only, except `Faktura`, where an administrator allocates an unmatched
 * payment by typing an invoice number. Every other oddity is an error, as in Fakturor.
 *
 * Read with one port.read of the tab, separately from readWorkbook: only the payment import,
 * the reminders and the bookkeeping export need it.
 */
import { PAYMENT_MATCHED, type PaymentRecord } from '../../core/payments';
import { ZERO } from '../../core/money';
import type { Issue } from '../../core/types';
import { cellText, isBlank, parseDate, parseNumber } from '../cells';
import type { CellValue, WorkbookPort } from '../port';
import { PAYMENT_HEADERS, REQUIRED_COLUMNS, TAB } from '../schema';
import type { TabLayout } from './layout';
import { checkMerges } from './merges';
import { IssueList, cell, checkColumns, readTab } from './tab';

export type { PaymentRecord } from '../../core/payments';

export interface PaymentLedger {
  records: PaymentRecord[];
  issues: Issue[];
  /** Where the tab and its columns are, and its cells as read (for writing back). */
  layout: TabLayout & { data: CellValue[][] };
}

const registerMessage = `Fliken ${TAB.payments} skrivs av verktyget; bara kolumnen Faktura fylls i för hand. Återställ värdet (Arkiv › Versionshistorik).`;

/** Reads Inbetalningar (a missing or empty tab reads as no payments). */
export function readPayments(port: WorkbookPort, tabNames: readonly string[] = port.tabNames()): PaymentLedger {
  const t = readTab(port, tabNames, TAB.payments, PAYMENT_HEADERS);
  const issues = new IssueList();
  const records: PaymentRecord[] = [];
  const layout = { ...t.layout, data: t.data };
  if (t.layout.lastRow === 0 || !checkColumns(t, REQUIRED_COLUMNS[TAB.payments], issues)) {
    return { records, issues: issues.all, layout };
  }
  const tab = t.layout.tab;
  checkMerges(port, [{ layout: t.layout, headers: PAYMENT_HEADERS, what: 'inbetalningarna' }], issues);
  const seen = new Map<string, number>();
  for (const r of t.rows) {
    const bankReference = cellText(cell(t, r, 'Bankreferens'));
    if (bankReference === '') {
      issues.error(tab, r.row, 'Bankreferens', '', `Bankreferensen saknas. ${registerMessage}`);
      continue;
    }
    const first = seen.get(bankReference);
    if (first !== undefined) {
      issues.error(
        tab,
        r.row,
        'Bankreferens',
        bankReference,
        `Betalningen finns redan på rad ${first}. ${registerMessage}`,
      );
      continue;
    }
    seen.set(bankReference, r.row);
    const dateRaw = cell(t, r, 'Bokföringsdag');
    const date = parseDate(dateRaw);
    if (date === null)
      issues.error(
        tab,
        r.row,
        'Bokföringsdag',
        cellText(dateRaw),
        `Bokföringsdagen är inget datum. ${registerMessage}`,
      );
    const amountRaw = cell(t, r, 'Belopp');
    const amount = parseNumber(amountRaw);
    if (amount === null)
      issues.error(tab, r.row, 'Belopp', cellText(amountRaw), `Beloppet är inget tal. ${registerMessage}`);
    const invoice = cellText(cell(t, r, 'Faktura'));
    const status = cellText(cell(t, r, 'Status'));
    records.push({
      ref: { tab, row: r.row },
      bankReference,
      date: date ?? '',
      amount: amount ?? ZERO,
      reference: cellText(cell(t, r, 'Referens')),
      payer: cellText(cell(t, r, 'Betalare')),
      file: cellText(cell(t, r, 'Fil')),
      invoice,
      status: isBlank(status) ? '' : status,
      readAt: cellText(cell(t, r, 'Inläst')),
    });
  }
  return { records, issues: issues.all, layout };
}

/** True for a row the import marked matched (or an administrator allocated and the import applied). */
export function isMatchedRecord(r: PaymentRecord): boolean {
  return r.invoice !== '' && r.status === PAYMENT_MATCHED;
}
