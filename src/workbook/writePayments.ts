/**
 * Writing what the payment import and the reminders decided, in blocks: the new rows of
 * Inbetalningar in one write, the Status of allocated rows in one, and in Fakturor each block
 * of adjacent derived columns (Status; Betalt + Betaldatum; Påmind) in one, whatever the number
 * of invoices. A register column an older workbook lacks is added at the right of its header.
 */
import { isIsoDate } from '../core/dates';
import type { Decimal } from '../core/money';
import type { PaymentRecord } from '../core/payments';
import type { IsoDate } from '../core/types';
import { cellText, moneyCell, parseDate, parseNumber } from './cells';
import { CalendarDate, FORMAT, type CellValue, type WorkbookPort } from './port';
import type { TabLayout, WorkbookSnapshot } from './read';
import type { PaymentLedger } from './read/payments';
import { PAYMENT_HEADERS, TAB } from './schema';
import { columnFormats, tabSetups } from './setup';

/** What an invoice's derived columns should hold. */
export interface InvoicePaymentState {
  number: string;
  status: string;
  paid: Decimal;
  paidDate: IsoDate | '';
}

export interface PaymentWrites {
  newRecords: PaymentRecord[];
  statusUpdates: { row: number; status: string }[];
  invoices: InvoicePaymentState[];
}

type Grid = TabLayout & { data: CellValue[][] };

/**
 * Adds the headers of `wanted` that the tab lacks at the right of its header row (one write) and
 * returns the columns with them.
 */
export function ensureColumns(port: WorkbookPort, grid: Grid, wanted: readonly string[]): Record<string, number> {
  const columns = { ...grid.columns };
  const missing = wanted.filter((h) => columns[h] === undefined);
  if (missing.length === 0) return columns;
  const start = grid.width + 1;
  missing.forEach((h, i) => (columns[h] = start + i));
  port.write(grid.tab, 1, start, [missing.slice()], [missing.map(() => FORMAT.text)]);
  return columns;
}

/** One write per run of adjacent columns, each over sheet rows 2..lastRow. */
function writeColumns(
  port: WorkbookPort,
  tab: string,
  columns: { col: number; values: CellValue[]; format: string | null }[],
): void {
  const sorted = [...columns].sort((a, b) => a.col - b.col);
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1].col === sorted[j].col + 1) j++;
    const block = sorted.slice(i, j + 1);
    const height = block[0].values.length;
    if (height > 0) {
      const values = Array.from({ length: height }, (_, r) => block.map((c) => c.values[r]));
      const formats = Array.from({ length: height }, () => block.map((c) => c.format));
      port.write(tab, 2, block[0].col, values, formats);
    }
    i = j + 1;
  }
}

function old(grid: Grid, row: number, col: number | undefined): CellValue {
  if (col === undefined) return '';
  const v = grid.data[row - 1]?.[col - 1];
  return v === undefined || v === null ? '' : v;
}

function sameMoney(a: CellValue, b: Decimal | null): boolean {
  const x = cellText(a) === '' ? null : parseNumber(a);
  if (x === null || b === null) return x === null && b === null;
  return x.equals(b);
}

/** Status, Betalt and Betaldatum of Fakturor from the states; true when anything was written. */
export function writeInvoicePaymentStates(
  port: WorkbookPort,
  snapshot: WorkbookSnapshot,
  states: readonly InvoicePaymentState[],
): boolean {
  const layout = snapshot.layout.invoices;
  if (!layout.exists || layout.lastRow < 2) return false;
  const byNumber = new Map(states.map((s) => [s.number, s]));
  const height = layout.lastRow - 1;
  const status: CellValue[] = [];
  const paid: CellValue[] = [];
  const paidDate: CellValue[] = [];
  let statusChanged = false;
  let paidChanged = false;
  const cols = layout.columns;
  for (let row = 2; row <= layout.lastRow; row++) {
    const number = cellText(old(layout, row, cols['Fakturanummer']));
    const state = byNumber.get(number);
    const oldStatus = old(layout, row, cols['Status']);
    const oldPaid = old(layout, row, cols['Betalt']);
    const oldDate = old(layout, row, cols['Betaldatum']);
    if (!state || snapshot.layout.invoiceRows[number] !== row) {
      status.push(oldStatus);
      paid.push(oldPaid);
      paidDate.push(oldDate);
      continue;
    }
    status.push(state.status);
    if (cellText(oldStatus) !== state.status) statusChanged = true;
    const nothing = state.paid.isZero() && state.paidDate === '';
    paid.push(nothing ? '' : moneyCell(state.paid));
    paidDate.push(state.paidDate === '' ? '' : new CalendarDate(state.paidDate));
    if (!sameMoney(oldPaid, nothing ? null : state.paid) || (parseDate(oldDate) ?? '') !== state.paidDate)
      paidChanged = true;
  }
  if (!statusChanged && !paidChanged) return false;
  const columns = paidChanged ? ensureColumns(port, layout, ['Betalt', 'Betaldatum']) : cols;
  const writes: { col: number; values: CellValue[]; format: string | null }[] = [];
  if (statusChanged && columns['Status'] !== undefined)
    writes.push({ col: columns['Status'], values: status, format: null });
  if (paidChanged) {
    writes.push({ col: columns['Betalt'], values: paid, format: FORMAT.money });
    writes.push({ col: columns['Betaldatum'], values: paidDate, format: FORMAT.date });
  }
  writeColumns(
    port,
    layout.tab,
    writes.map((w) => ({ ...w, values: w.values.slice(0, height) })),
  );
  return true;
}

function paymentCells(r: PaymentRecord): Record<string, CellValue> {
  return {
    Bankreferens: r.bankReference,
    Bokföringsdag: r.date ? new CalendarDate(r.date) : '',
    Belopp: moneyCell(r.amount),
    Referens: r.reference,
    Betalare: r.payer,
    Fil: r.file,
    Faktura: r.invoice,
    Status: r.status,
    Inläst: r.readAt,
  };
}

/** The formats of new Inbetalningar rows: those its setup declares. */
const PAYMENT_FORMATS = columnFormats(TAB.payments);

/** The new rows and the changed Status cells of Inbetalningar; true when anything was written. */
export function writePaymentRows(
  port: WorkbookPort,
  ledger: PaymentLedger,
  newRecords: readonly PaymentRecord[],
  statusUpdates: readonly { row: number; status: string }[],
): boolean {
  if (newRecords.length === 0 && statusUpdates.length === 0) return false;
  let grid: Grid = ledger.layout;
  let columns: Record<string, number>;
  let lastRow = grid.lastRow;
  if (!grid.exists) {
    port.createTab(TAB.payments, tabSetups()[TAB.payments]);
    columns = {};
    PAYMENT_HEADERS.forEach((h, i) => (columns[h] = i + 1));
    grid = {
      ...grid,
      tab: TAB.payments,
      exists: true,
      width: PAYMENT_HEADERS.length,
      lastRow: 1,
      columns,
      data: [[...PAYMENT_HEADERS]],
    };
    lastRow = 1;
  } else if (grid.lastRow === 0) {
    // An existing, wholly empty tab: the header goes in first.
    columns = {};
    PAYMENT_HEADERS.forEach((h, i) => (columns[h] = i + 1));
    port.write(grid.tab, 1, 1, [[...PAYMENT_HEADERS]], [PAYMENT_HEADERS.map(() => FORMAT.text)]);
    lastRow = 1;
  } else {
    columns = ensureColumns(port, grid, PAYMENT_HEADERS);
  }

  if (newRecords.length) {
    const cols = PAYMENT_HEADERS.map((h) => columns[h]);
    const first = Math.min(...cols);
    const last = Math.max(...cols);
    const headerAt = new Map(PAYMENT_HEADERS.map((h) => [columns[h], h] as const));
    const values = newRecords.map((r) => {
      const cells = paymentCells(r);
      return Array.from({ length: last - first + 1 }, (_, i) => {
        const h = headerAt.get(first + i);
        return h === undefined ? '' : cells[h];
      });
    });
    const formats = newRecords.map(() =>
      Array.from({ length: last - first + 1 }, (_, i) => {
        const h = headerAt.get(first + i);
        return h === undefined ? null : PAYMENT_FORMATS[h];
      }),
    );
    port.write(grid.tab, lastRow + 1, first, values, formats);
  }

  if (statusUpdates.length) {
    const col = columns['Status'];
    const rows = statusUpdates.map((u) => u.row);
    const top = Math.min(...rows);
    const bottom = Math.max(...rows);
    const byRow = new Map(statusUpdates.map((u) => [u.row, u.status]));
    const values: CellValue[][] = [];
    for (let row = top; row <= bottom; row++)
      values.push([byRow.get(row) ?? old(grid, row, ledger.layout.columns['Status'])]);
    port.write(grid.tab, top, col, values);
  }
  return true;
}

/** The whole import, in its safe order (see app/payments.ts). */
export function writePaymentImport(
  port: WorkbookPort,
  snapshot: WorkbookSnapshot,
  ledger: PaymentLedger,
  writes: PaymentWrites,
): boolean {
  const rows = writePaymentRows(port, ledger, writes.newRecords, writes.statusUpdates);
  const invoices = writeInvoicePaymentStates(port, snapshot, writes.invoices);
  return rows || invoices;
}

/**
 * Påmind of the given invoices (number → an ISO date, or the text `Fel: …`), in one write over the
 * rows from the first to the last of them; the rows between keep what they held. The column is
 * added at the right of the header when the register lacks it.
 */
export function writeReminded(
  port: WorkbookPort,
  snapshot: WorkbookSnapshot,
  values: ReadonlyMap<string, string>,
): void {
  if (values.size === 0) return;
  const layout = snapshot.layout.invoices;
  const byRow = new Map<number, string>();
  for (const [number, value] of values) {
    const row = snapshot.layout.invoiceRows[number];
    if (row === undefined) throw new Error(`Fakturan ${number} finns inte i fliken ${TAB.invoices}.`);
    byRow.set(row, value);
  }
  const had = layout.columns['Påmind'];
  const columns = ensureColumns(port, layout, ['Påmind']);
  // Later writes of this snapshot find the column where it was put.
  layout.columns = columns;
  if (layout.width < columns['Påmind']) layout.width = columns['Påmind'];
  const rows = [...byRow.keys()];
  const top = Math.min(...rows);
  const bottom = Math.max(...rows);
  const cells: CellValue[][] = [];
  const formats: (string | null)[][] = [];
  for (let row = top; row <= bottom; row++) {
    const value = byRow.get(row);
    if (value === undefined) {
      cells.push([old(layout, row, had)]);
      formats.push([null]);
    } else {
      const isDate = isIsoDate(value);
      cells.push([isDate ? new CalendarDate(value) : value]);
      formats.push([isDate ? FORMAT.date : FORMAT.text]);
    }
  }
  port.write(layout.tab, top, columns['Påmind'], cells, formats);
}
