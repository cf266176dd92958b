/**
 * A planned run into the workbook, in the crash-consistent order of the brief:
 *   1. invoice sheets (drawTab),
 *   2. stamps: per attendance tab one write of the whole Fakturanummer column, one of Utbetalning,
 *   3. Fakturarader rows, one write from just below the last committed row (orphans overwritten),
 *   4. Fakturor rows, one write: the commit point.
 * A crash before 4 leaves only orphans, which readers ignore and the next run overwrites.
 */
import { parseInvoiceNumber } from '../core/numbering';
import type { InvoiceLine, Issue, PlannedInvoice, RunPlan, Stamp } from '../core/types';
import { cellText, moneyCell, numberCell } from './cells';
import { invoiceDocument, invoiceSheetName, type InvoiceContext } from './invoiceSheet';
import { CalendarDate, dateTimeValue, FORMAT, type CellValue, type SheetDocument, type WorkbookPort } from './port';
import type { RegisterLayout, StampTabLayout, WorkbookLayout, WorkbookSnapshot } from './read';
import { INVOICE_HEADERS, LINE_HEADERS, LINE_TYPE, STATUS_CREATED, TAB, sameTabName } from './schema';
import { columnFormats, tabSetups } from './setup';

export interface WrittenSheet {
  sheet: string;
  invoice: PlannedInvoice;
  doc: SheetDocument;
}

/** The invoice sheets of a plan: name, invoice and document (what is drawn, and later sent). */
export function invoiceSheets(plan: RunPlan, context: InvoiceContext): WrittenSheet[] {
  return plan.invoices.map((invoice) => ({
    sheet: invoiceSheetName(invoice),
    invoice,
    doc: invoiceDocument(invoice, context),
  }));
}

export type Cells = Record<string, CellValue>;
export type Formats = Record<string, string | null>;

// ---------------------------------------------------------------------------------------------
// Stamps

/**
 * The new content of a stamp column (sheet rows 2..lastRow): the stamps of this run, orphan
 * invoice numbers of an interrupted run cleared, everything else as it was. Null: no change.
 */
export function stampColumn(
  tab: StampTabLayout,
  stamps: readonly Stamp[],
  registered: ReadonlySet<string>,
): CellValue[] | null {
  const height = Math.max(0, tab.lastRow - 1);
  const values: CellValue[] = [];
  let changed = false;
  for (let i = 0; i < height; i++) {
    const old = tab.stampValues[i] ?? '';
    const text = cellText(old);
    // Only values that look like our invoice numbers are cleared; other text is the user's.
    const orphan = text !== '' && !registered.has(text) && parseInvoiceNumber(text) !== null;
    values.push(orphan ? '' : old);
    if (orphan) changed = true;
  }
  for (const s of stamps) {
    const i = s.ref.row - 2;
    if (i < 0 || i >= height) throw new Error(`Stämpeln för rad ${s.ref.row} i ${s.ref.tab} ligger utanför fliken.`);
    values[i] = s.number;
    changed = true;
  }
  return changed ? values : null;
}

function writeStamps(
  port: WorkbookPort,
  tab: StampTabLayout,
  stamps: readonly Stamp[],
  registered: ReadonlySet<string>,
): void {
  if (!tab.exists) return;
  const values = stampColumn(tab, stamps, registered);
  if (values === null) return;
  const col = tab.columns[tab.stampHeader];
  if (col !== undefined) {
    if (values.length === 0) return;
    port.write(
      tab.tab,
      2,
      col,
      values.map((v) => [v]),
    );
  } else {
    // The column is missing: add it, header included, at the first free column.
    port.write(tab.tab, 1, tab.width + 1, [[tab.stampHeader], ...values.map((v) => [v])]);
  }
}

// ---------------------------------------------------------------------------------------------
// Register rows

export function lineCells(number: string, line: InvoiceLine): Cells {
  const base: Cells = { Fakturanummer: number };
  switch (line.kind) {
    case 'variable':
      return {
        ...base,
        Typ: LINE_TYPE.variable,
        'Kurs-ID': line.courseId,
        Antal: numberCell(line.quantity),
        'À-pris': moneyCell(line.unitPrice),
        'Lokal och fika': moneyCell(line.components.venue),
        Utbildarpott: moneyCell(line.components.pot),
        Kursmaterial: moneyCell(line.components.material),
        Buffert: moneyCell(line.components.buffer),
        Belopp: moneyCell(line.amount),
      };
    case 'fixed':
      return { ...base, Typ: LINE_TYPE.fixed, År: line.year, Månader: line.months, Belopp: moneyCell(line.amount) };
    case 'trainerPot':
      return {
        ...base,
        Typ: LINE_TYPE.trainerPot,
        År: line.year,
        Antal: numberCell(line.trainerDays),
        Belopp: moneyCell(line.amount),
      };
  }
}

/** The formats of new Fakturarader rows: those its setup declares. */
export const LINE_FORMATS: Formats = columnFormats(TAB.lines);

export function invoiceCells(invoice: PlannedInvoice, runId: string): Cells {
  return {
    Fakturanummer: invoice.number,
    Fakturadatum: new CalendarDate(invoice.invoiceDate),
    Förfallodatum: new CalendarDate(invoice.dueDate),
    Period: invoice.period,
    Kommun: invoice.municipality,
    Belopp: moneyCell(invoice.total),
    OCR: invoice.ocr,
    Status: STATUS_CREATED,
    Skickad: '',
    Mottagare: '',
    Körning: runId,
  };
}

/** The formats of new Fakturor rows: those its setup declares. */
export const INVOICE_FORMATS: Formats = columnFormats(TAB.invoices);

/** The register tab, created with its setup when missing (an empty register is harmless after a crash). */
export function ensureRegister(
  port: WorkbookPort,
  layout: RegisterLayout,
  name: string,
  headers: readonly string[],
): RegisterLayout {
  if (layout.exists && layout.lastRow > 0) return layout;
  const columns: Record<string, number> = {};
  headers.forEach((h, i) => (columns[h] = i + 1));
  if (layout.exists) {
    // An existing but wholly empty tab: the header goes in with the first rows (committedLastRow 0).
    return { tab: layout.tab, exists: true, width: headers.length, lastRow: 0, columns, committedLastRow: 0, data: [] };
  }
  port.createTab(name, tabSetups()[name]);
  return {
    tab: name,
    exists: true,
    width: headers.length,
    lastRow: 1,
    columns,
    committedLastRow: 1,
    data: [[...headers]],
  };
}

/**
 * Writes records below the last committed row in one block over the register's own columns,
 * clearing orphan rows below them; other columns inside the block keep the values read.
 */
export function writeRegisterRows(port: WorkbookPort, layout: RegisterLayout, rows: Cells[], formats: Formats): void {
  const header: Cells = {};
  for (const h of Object.keys(layout.columns)) header[h] = h;
  const records = layout.committedLastRow === 0 ? [header, ...rows] : rows;
  const start = layout.committedLastRow + 1;
  const end = Math.max(layout.lastRow, start + records.length - 1);
  if (end < start) return;
  const cols = Object.values(layout.columns);
  const first = Math.min(...cols);
  const last = Math.max(...cols);
  const headerAt: Record<number, string> = {};
  for (const [h, c] of Object.entries(layout.columns)) headerAt[c] = h;
  const values: CellValue[][] = [];
  const cellFormats: (string | null)[][] = [];
  for (let row = start; row <= end; row++) {
    const record = records[row - start];
    const old = layout.data[row - 1] ?? [];
    const line: CellValue[] = [];
    const fline: (string | null)[] = [];
    for (let c = first; c <= last; c++) {
      const header = headerAt[c];
      if (header === undefined) {
        const v = old[c - 1];
        line.push(v === undefined || v === null ? '' : v);
        fline.push(null);
      } else {
        line.push(record ? (record[header] ?? '') : '');
        const isHeader = layout.committedLastRow === 0 && row === start;
        fline.push(record && !isHeader ? (formats[header] ?? null) : null);
      }
    }
    values.push(line);
    cellFormats.push(fline);
  }
  port.write(layout.tab, start, first, values, cellFormats);
}

// ---------------------------------------------------------------------------------------------

/**
 * Invoice sheets left by an interrupted run: the tool's drawings of a number not in Fakturor
 * that the read found (layout.orphanSheets), of the current prefix and not drawn again by this
 * run. A tab an administrator made is never deleted, whatever its name.
 */
function staleInvoiceSheets(layout: WorkbookLayout, prefix: string, drawn: ReadonlySet<string>): string[] {
  return layout.orphanSheets
    .filter((s) => !drawn.has(s.tab) && parseInvoiceNumber(s.invoiceNumber)?.prefix === prefix)
    .map((s) => s.tab);
}

/**
 * Errors for documents whose sheet cannot be drawn without destroying a tab: a tab of the sheet's
 * name (in any case or Unicode normalisation, as the hosts compare names) that is not the tool's
 * own drawing of that very number, left by an interrupted run (layout.orphanSheets). Such a tab
 * is an administrator's, and drawing would overwrite it (or fail on a name that differs only in
 * case).
 */
export function sheetConflicts(
  layout: WorkbookLayout,
  documents: readonly { number: string; municipality: string }[],
): Issue[] {
  const issues: Issue[] = [];
  for (const doc of documents) {
    const name = invoiceSheetName(doc);
    const existing = layout.tabNames.find((t) => sameTabName(t, name));
    if (existing === undefined) continue;
    if (layout.orphanSheets.some((s) => s.tab === name && s.invoiceNumber === doc.number)) continue;
    issues.push({
      severity: 'error',
      tab: existing,
      value: existing,
      message: `Fakturan ${doc.number} ska ritas på fliken "${name}", men fliken "${existing}" finns redan och är ingen fakturaflik som verktyget har ritat för ${doc.number}. Byt namn på fliken (verktyget skriver aldrig över eller tar bort en flik det inte har ritat) och försök igen; ingenting har skrivits.`,
    });
  }
  return issues;
}

/**
 * Writes a planned run. Returns the invoice sheets drawn. Throws what the port throws; a
 * failure at any point leaves the workbook as if the run had not happened (see the header).
 */
export function writeRun(port: WorkbookPort, snapshot: WorkbookSnapshot, plan: RunPlan): WrittenSheet[] {
  const { layout, input } = snapshot;
  if (plan.invoices.length === 0) return [];
  const registered = new Set(layout.registered);
  const lines = ensureRegister(port, layout.lines, TAB.lines, LINE_HEADERS);
  const invoices = ensureRegister(port, layout.invoices, TAB.invoices, INVOICE_HEADERS);

  // 1. Invoice sheets (a sheet of the same name from an interrupted run is redrawn).
  const sheets = invoiceSheets(plan, input);
  for (const s of sheets) port.drawTab(s.sheet, s.doc);
  for (const stale of staleInvoiceSheets(layout, input.settings.invoicePrefix, new Set(sheets.map((s) => s.sheet)))) {
    port.deleteTab(stale);
  }

  // 2. Stamps, one column block per tab.
  for (const tab of layout.attendance) {
    writeStamps(
      port,
      tab,
      plan.attendanceStamps.filter((s) => s.ref.tab === tab.tab),
      registered,
    );
  }
  writeStamps(
    port,
    layout.trainers,
    plan.trainerStamps.filter((s) => s.ref.tab === layout.trainers.tab),
    registered,
  );

  // 3. Fakturarader.
  const lineRecords = plan.invoices.flatMap((inv) => inv.lines.map((l) => lineCells(inv.number, l)));
  writeRegisterRows(port, lines, lineRecords, LINE_FORMATS);

  // 4. Fakturor: the commit point.
  writeRegisterRows(
    port,
    invoices,
    plan.invoices.map((inv) => invoiceCells(inv, plan.runId)),
    INVOICE_FORMATS,
  );
  return sheets;
}

/**
 * Status, Skickad and Mottagare of one invoice's Fakturor row: one write when the three
 * columns are adjacent in that order (as setup creates them), else one write per cell.
 */
export function writeSendStatus(
  port: WorkbookPort,
  layout: WorkbookLayout,
  number: string,
  status: string,
  sentAt: string,
  recipient: string,
): void {
  const row = layout.invoiceRows[number];
  if (row === undefined) throw new Error(`Fakturan ${number} finns inte i fliken ${TAB.invoices}.`);
  const cols = layout.invoices.columns;
  const s = cols['Status'];
  const k = cols['Skickad'];
  const m = cols['Mottagare'];
  if (s === undefined || k === undefined || m === undefined) {
    throw new Error(`Fliken ${TAB.invoices} saknar kolumnen Status, Skickad eller Mottagare.`);
  }
  // Skickad is a real date-time (Swedish time, 'yyyy-mm-dd hh:mm'); a text that is none stays text.
  const at = dateTimeValue(sentAt);
  const sent: CellValue = at ?? sentAt;
  const format = at ? FORMAT.dateTime : FORMAT.text;
  if (k === s + 1 && m === s + 2) {
    port.write(layout.invoices.tab, row, s, [[status, sent, recipient]], [[null, format, null]]);
    return;
  }
  port.write(layout.invoices.tab, row, s, [[status]]);
  port.write(layout.invoices.tab, row, k, [[sent]], [[format]]);
  port.write(layout.invoices.tab, row, m, [[recipient]]);
}
