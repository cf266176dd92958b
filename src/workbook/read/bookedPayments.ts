/**
 * The matched payments of Inbetalningar (SPEC §10) as the bookkeeping needs them: Bokföringsdag,
 * Belopp, Faktura, Bankreferens of every row whose Status is Matchad and whose Faktura is a
 * document of the register. A missing tab reads as no payments.
 */
import type { BookedPayment } from '../../core/bookkeeping';
import { cellText, parseDate, parseNumber } from '../cells';
import type { WorkbookPort } from '../port';
import { cell, readTab, type IssueList } from './tab';

export const PAYMENTS_TAB = 'Inbetalningar';
const HEADERS = ['Bankreferens', 'Bokföringsdag', 'Belopp', 'Referens', 'Betalare', 'Fil', 'Faktura', 'Status', 'Inläst'] as const;
const MATCHED = 'matchad';

export function readBookedPayments(port: WorkbookPort, registered: ReadonlySet<string>, issues: IssueList): BookedPayment[] {
  const t = readTab(port, port.tabNames(), PAYMENTS_TAB, HEADERS);
  if (!t.layout.exists || t.layout.lastRow === 0) return [];
  const tab = t.layout.tab;
  for (const h of ['Bokföringsdag', 'Belopp', 'Faktura', 'Status']) {
    if (t.layout.columns[h] === undefined) {
      issues.error(tab, 1, h, undefined, `Kolumnen ${h} saknas i fliken ${tab}; inbetalningarna kan inte bokföras.`);
      return [];
    }
  }
  const out: BookedPayment[] = [];
  for (const r of t.rows) {
    if (cellText(cell(t, r, 'Status')).toLowerCase() !== MATCHED) continue;
    const invoice = cellText(cell(t, r, 'Faktura'));
    if (!registered.has(invoice)) continue;
    const date = parseDate(cell(t, r, 'Bokföringsdag'));
    const amount = parseNumber(cell(t, r, 'Belopp'));
    if (date === null) {
      issues.error(tab, r.row, 'Bokföringsdag', cellText(cell(t, r, 'Bokföringsdag')), 'Bokföringsdagen är inget datum.');
      continue;
    }
    if (amount === null) {
      issues.error(tab, r.row, 'Belopp', cellText(cell(t, r, 'Belopp')), 'Beloppet är inget tal.');
      continue;
    }
    out.push({ date, amount, invoice, bankReference: cellText(cell(t, r, 'Bankreferens')) });
  }
  return out;
}
