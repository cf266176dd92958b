/**
 * A planned credit into the workbook, in the same crash-consistent order as a billing run
 * (write.ts), with the credit note's Fakturor row as the commit point:
 *   0. the Krediterar / Krediterad av headers, when an older register lacks them (blank columns
 *      change nothing),
 *   1. the credit note's sheet (drawTab),
 *   2. its Fakturarader rows, from just below the last committed row (orphans overwritten),
 *   3. its Fakturor row, one write: the commit point. From here on the invoice is credited
 *      (core/ledgerState.ts reads Krediterar alone),
 *   4. on the credited invoice, Status = Krediterad, then Krediterad av = the credit note's number:
 *      the mirror of step 3, the only existing cells a credit rewrites (SPEC §2.6).
 * A crash before 3 leaves only orphans, which readers ignore and the next attempt overwrites with
 * the same number; a crash after 3 leaves a complete credit whose mirror the next attempt
 * writes (CreditPlan kind 'complete'). Stamps are never touched: the credited stamps stay until
 * the next run bills the released rows anew.
 */
import type { CreditPlan } from '../core/credit';
import type { PlannedInvoice } from '../core/types';
import { invoiceDocument, invoiceSheetName, type InvoiceContext } from './invoiceSheet';
import { FORMAT, type SheetDocument, type WorkbookPort } from './port';
import type { RegisterLayout, WorkbookSnapshot } from './read';
import { LINE_HEADERS, STATUS_CREDITED, TAB } from './schema';
import { ensureRegister, INVOICE_FORMATS, invoiceCells, LINE_FORMATS, lineCells, writeRegisterRows } from './write';

export interface CreditSheet {
  sheet: string;
  invoice: PlannedInvoice;
  doc: SheetDocument;
}

/** The credit note's sheet: its name and the document drawn into it (and into its PDF). */
export function creditNoteSheet(plan: CreditPlan, context: InvoiceContext): CreditSheet {
  return { sheet: invoiceSheetName(plan.note), invoice: plan.note, doc: invoiceDocument(plan.note, context) };
}

/** Columns a credit writes that registers from before credit notes lack. */
const CREDIT_COLUMNS = ['Krediterar', 'Krediterad av'] as const;

/** Adds the missing credit columns at the right of the header, in one write. */
function ensureCreditColumns(port: WorkbookPort, layout: RegisterLayout): RegisterLayout {
  const missing = CREDIT_COLUMNS.filter((h) => layout.columns[h] === undefined);
  if (missing.length === 0) return layout;
  const columns = { ...layout.columns };
  missing.forEach((h, i) => (columns[h] = layout.width + 1 + i));
  port.write(layout.tab, 1, layout.width + 1, [[...missing]]);
  return { ...layout, columns, width: layout.width + missing.length };
}

/** Writes the credit. Returns the credit note's sheet. Throws what the port throws (see the header). */
export function writeCredit(port: WorkbookPort, snapshot: WorkbookSnapshot, plan: CreditPlan): CreditSheet {
  const { layout, input } = snapshot;
  const row = layout.invoiceRows[plan.credited.number];
  if (row === undefined) throw new Error(`Fakturan ${plan.credited.number} finns inte i fliken ${TAB.invoices}.`);
  const invoices = ensureCreditColumns(port, layout.invoices);
  const sheet = creditNoteSheet(plan, input);

  if (plan.kind === 'new') {
    const lines = ensureRegister(port, layout.lines, TAB.lines, LINE_HEADERS);
    // 1. The sheet (one of the same name left by an interrupted attempt is redrawn).
    port.drawTab(sheet.sheet, sheet.doc);
    // 2. Fakturarader.
    writeRegisterRows(
      port,
      lines,
      plan.note.lines.map((l) => lineCells(plan.note.number, l)),
      LINE_FORMATS,
    );
    // 3. Fakturor: the commit point.
    const cells = { ...invoiceCells(plan.note, plan.runId), Krediterar: plan.credited.number, 'Krediterad av': '' };
    writeRegisterRows(port, invoices, [cells], INVOICE_FORMATS);
  }

  // 4. The mirror on the credited invoice: Status first, so that Krediterad av names the credit
  // note only when both are written (creditRefusal looks at Krediterad av).
  const status = invoices.columns['Status'];
  if (status === undefined) throw new Error(`Fliken ${TAB.invoices} saknar kolumnen Status.`);
  port.write(invoices.tab, row, status, [[STATUS_CREDITED]]);
  port.write(invoices.tab, row, invoices.columns['Krediterad av'], [[plan.note.number]], [[FORMAT.text]]);
  return sheet;
}
