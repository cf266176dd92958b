/** Fakturor and Fakturarader, the register: written by the tool only, so every oddity is an error. */
import { ZERO, type Decimal } from '../../core/money';
import type { InvoiceLine, RegisteredInvoice, RegisteredLine } from '../../core/types';
import { cellText, isBlank, isCalendarDate, parseDate, parseNumber } from '../cells';
import { LINE_TYPE, REQUIRED_COLUMNS, TAB } from '../schema';
import { cell, checkColumns, type IssueList, type Row, type TabData } from './tab';

const registerMessage = (tab: string) =>
  `Fliken ${tab} skrivs bara av verktyget och ska inte ändras för hand. Återställ värdet (Arkiv › Versionshistorik).`;

/**
 * Påmind holds the date of the latest reminder, or `Fel: <reason>` when the latest attempt failed
 * (the invoice may then be reminded again at once).
 */
function reminderOf(text: string, date: () => string): { reminded: string; reminderFailure: string } {
  if (/^fel\b/i.test(text.trim())) return { reminded: '', reminderFailure: text.trim() };
  return { reminded: date(), reminderFailure: '' };
}

export function readInvoices(
  t: TabData,
  issues: IssueList,
): { invoices: RegisteredInvoice[]; rows: Record<string, number> } {
  const invoices: RegisteredInvoice[] = [];
  const rows: Record<string, number> = {};
  // A tab that exists but is wholly empty reads as empty, like a missing one.
  if (t.layout.lastRow === 0 || !checkColumns(t, REQUIRED_COLUMNS[TAB.invoices], issues)) return { invoices, rows };
  const tab = t.layout.tab;
  for (const r of t.rows) {
    const number = cellText(cell(t, r, 'Fakturanummer'));
    if (number === '') {
      issues.error(tab, r.row, 'Fakturanummer', '', `Fakturanummer saknas. ${registerMessage(tab)}`);
      continue;
    }
    if (rows[number] !== undefined) {
      const message = `Fakturanumret finns redan på rad ${rows[number]}. ${registerMessage(tab)}`;
      issues.error(tab, r.row, 'Fakturanummer', number, message);
      continue;
    }
    rows[number] = r.row;
    invoices.push(readInvoice(t, r, number, issues));
  }
  return { invoices, rows };
}

/** One register row whose number is present and unique; a cell that cannot be read is an error. */
function readInvoice(t: TabData, r: Row, number: string, issues: IssueList): RegisteredInvoice {
  const tab = t.layout.tab;
  const date = (header: string): string => {
    const v = cell(t, r, header);
    const d = parseDate(v);
    if (d === null) issues.error(tab, r.row, header, cellText(v), `${header} är inget datum. ${registerMessage(tab)}`);
    return d ?? '';
  };
  // Columns added after the first registers: blank (or missing) reads as nothing yet.
  const optionalDate = (header: string): string => (isBlank(cell(t, r, header)) ? '' : date(header));
  const optionalAmount = (header: string): Decimal => {
    const v = cell(t, r, header);
    if (isBlank(v)) return ZERO;
    const d = parseNumber(v);
    if (d === null) issues.error(tab, r.row, header, cellText(v), `${header} är inget tal. ${registerMessage(tab)}`);
    return d ?? ZERO;
  };
  const totalRaw = cell(t, r, 'Belopp');
  const total = parseNumber(totalRaw);
  if (total === null)
    issues.error(tab, r.row, 'Belopp', cellText(totalRaw), `Beloppet är inget tal. ${registerMessage(tab)}`);
  const periodRaw = cell(t, r, 'Period');
  const text = (header: string): string => cellText(cell(t, r, header));
  return {
    ref: { tab, row: r.row },
    number,
    invoiceDate: date('Fakturadatum'),
    dueDate: date('Förfallodatum'),
    // A host may have turned '2024-05' into a date cell.
    period: isCalendarDate(periodRaw) ? periodRaw.iso.slice(0, 7) : cellText(periodRaw),
    municipality: text('Kommun'),
    total: total ?? ZERO,
    ocr: text('OCR'),
    status: text('Status'),
    sent: text('Skickad'),
    recipient: text('Mottagare'),
    run: text('Körning'),
    credits: text('Krediterar'),
    creditedBy: text('Krediterad av'),
    paid: optionalAmount('Betalt'),
    paidDate: optionalDate('Betaldatum'),
    ...reminderOf(text('Påmind'), () => optionalDate('Påmind')),
  };
}

export interface ReadLines {
  lines: RegisteredLine[];
  committedLastRow: number;
  /** Rows whose number is not in Fakturor: orphans of an interrupted run, or an edited register (core/ledger.ts decides). */
  orphans: { ref: { tab: string; row: number }; invoiceNumber: string }[];
}

export function readLines(t: TabData, registered: Set<string>, issues: IssueList): ReadLines {
  const lines: RegisteredLine[] = [];
  const orphans: ReadLines['orphans'] = [];
  let committedLastRow = 1;
  // A tab that exists but is wholly empty reads as empty, like a missing one.
  if (t.layout.lastRow === 0 || !checkColumns(t, REQUIRED_COLUMNS[TAB.lines], issues))
    return { lines, committedLastRow, orphans };
  const tab = t.layout.tab;
  for (const r of t.rows) {
    const invoiceNumber = cellText(cell(t, r, 'Fakturanummer'));
    if (!registered.has(invoiceNumber)) {
      orphans.push({ ref: { tab, row: r.row }, invoiceNumber });
      continue;
    }
    committedLastRow = r.row;
    const num = (header: string, blankAs: Decimal | null): Decimal => {
      const v = cell(t, r, header);
      if (isBlank(v) && blankAs !== null) return blankAs;
      const d = parseNumber(v);
      if (d === null) {
        issues.error(tab, r.row, header, cellText(v), `${header} är inget tal. ${registerMessage(tab)}`);
        return ZERO;
      }
      return d;
    };
    const year = (): number => num('År', null).toNumber();
    const type = cellText(cell(t, r, 'Typ'));
    let line: InvoiceLine;
    if (type === LINE_TYPE.variable) {
      line = {
        kind: 'variable',
        courseId: cellText(cell(t, r, 'Kurs-ID')),
        quantity: num('Antal', null),
        unitPrice: num('À-pris', null),
        components: {
          venue: num('Lokal och fika', ZERO),
          pot: num('Utbildarpott', ZERO),
          material: num('Kursmaterial', ZERO),
          buffer: num('Buffert', ZERO),
        },
        amount: num('Belopp', null),
      };
    } else if (type === LINE_TYPE.fixed) {
      line = { kind: 'fixed', year: year(), months: num('Månader', null).toNumber(), amount: num('Belopp', null) };
    } else if (type === LINE_TYPE.trainerPot) {
      line = { kind: 'trainerPot', year: year(), trainerDays: num('Antal', ZERO), amount: num('Belopp', null) };
    } else {
      issues.error(
        tab,
        r.row,
        'Typ',
        type,
        `Okänd radtyp (${LINE_TYPE.variable}, ${LINE_TYPE.fixed} eller ${LINE_TYPE.trainerPot}). ${registerMessage(tab)}`,
      );
      continue;
    }
    lines.push({ ref: { tab, row: r.row }, invoiceNumber, line });
  }
  return { lines, committedLastRow, orphans };
}
