/** The PDF's document: the invoice sheet as the administrator reviewed it, in the invoice layout's style. */
import type { Issue, RegisteredInvoice } from '../../core/types';
import { reasonFromSheet, registeredInvoiceLayout } from '../../workbook/invoiceSheet';
import type { CellValue, DocCell, SheetDocument, WorkbookPort } from '../../workbook/port';
import { columnLetters } from '../../workbook/cells';
import { compareSheetWithRegister, sheetDifferenceMessage, type SheetDifference } from '../../workbook/sheetCheck';
import { undrawableDocumentProblem } from '../../workbook/pdf/drawable';
import { invoiceSheetName, missingSheetMessage, type Input } from './eligibility';

/** The document that becomes the PDF, or why the sheet may not be sent. */
export type ReviewedDocument = { doc: SheetDocument; problem: '' } | { doc: null; problem: string };

const SEND_REFUSED = 'Fakturan skickas inte.';
const EXPORT_REFUSED = 'Ingenting exporterades.';

/**
 * The invoice sheet, read back once, as the document that becomes the PDF — provided it still
 * agrees with the register (SPEC §2.7): what the administrator reviewed is what is sent, and
 * what is sent is what was billed. Text elsewhere on the sheet (a note, a reference) may differ.
 */
export function reviewedDocument(
  port: WorkbookPort,
  input: Input,
  invoice: RegisteredInvoice,
  tabNames: readonly string[] = port.tabNames(),
): ReviewedDocument {
  const name = invoiceSheetName(invoice);
  if (!tabNames.includes(name)) return { doc: null, problem: missingSheetMessage(name) };
  const values = port.read(name);
  const checked = checkSheet(name, values, input, invoice, SEND_REFUSED);
  if (checked.problem) return { doc: null, problem: checked.problem };
  const doc = sheetValuesAsDocument(values, checked.layout);
  // Text the PDF font cannot draw is reported here, before the invoice is claimed or mailed.
  const undrawable = undrawableDocumentProblem(doc, name, SEND_REFUSED);
  if (undrawable) return { doc: null, problem: undrawable };
  return { doc, problem: '' };
}

/**
 * Before an export: every document of the period whose sheet exists agrees with the register,
 * or an error names the sheet and its cells. A deleted sheet is no error here: the e-invoice and
 * the books are built from the register alone.
 */
export function sheetExportIssues(
  port: WorkbookPort,
  input: Input,
  documents: readonly RegisteredInvoice[],
  tabNames: readonly string[],
): Issue[] {
  const issues: Issue[] = [];
  for (const invoice of documents) {
    const name = invoiceSheetName(invoice);
    if (!tabNames.includes(name)) continue;
    const checked = checkSheet(name, port.read(name), input, invoice, EXPORT_REFUSED);
    if (!checked.problem) continue;
    const first = checked.differences[0];
    issues.push({
      severity: 'error',
      tab: name,
      ...(first ? { row: first.row, column: columnLetters(first.col), value: first.sheet } : {}),
      message: checked.problem,
    });
  }
  return issues;
}

interface SheetCheck {
  layout: SheetDocument | null;
  differences: SheetDifference[];
  problem: string; // '' when the sheet agrees
}

/** The register's layout of the invoice and how the sheet differs from it, with the Swedish message. */
function checkSheet(
  name: string,
  values: CellValue[][],
  input: Input,
  invoice: RegisteredInvoice,
  consequence: string,
): SheetCheck {
  let layout: ReturnType<typeof registeredInvoiceLayout>;
  try {
    // A credit note's reason is on its sheet only (the register has no column for it).
    layout = registeredInvoiceLayout(invoice, input, reasonFromSheet(values));
  } catch {
    // Not the library's text: the administrator is told what to do.
    const problem = `Fakturafliken "${name}" kunde inte jämföras med fliken Fakturor: fakturans rader i Fakturarader går inte att läsa. ${consequence} Välj Kontrollera data.`;
    return { layout: null, differences: [], problem };
  }
  const differences = compareSheetWithRegister(values, layout.checked);
  const problem = differences.length > 0 ? sheetDifferenceMessage(name, differences, consequence) : '';
  return { layout: layout.doc, differences, problem };
}

/**
 * `{ ...styled, value }`, the same keys in the same order: object spread costs microseconds per
 * cell in V8 (it clones through a generic path), Object.assign a fraction of that, and this runs
 * for every cell of every invoice sheet sent.
 */
function withValue(styled: DocCell, value: CellValue): DocCell {
  const cell = Object.assign({}, styled);
  cell.value = value;
  return cell;
}

/**
 * The sheet's values laid out with the invoice layout's styling: a cell keeps the style of the
 * layout's cell at the same place when both hold the same kind of value. The values — what the
 * administrator reviewed — always come from the sheet.
 */
export function sheetValuesAsDocument(values: CellValue[][], layout: SheetDocument | null): SheetDocument {
  // Cells by number (row × 65 536 + column; a sheet has at most 18 278 columns), not by a text
  // key built for every cell of the sheet.
  const key = (r: number, c: number) => r * 65536 + c;
  const covered = new Set<number>();
  for (const m of layout?.merges ?? []) {
    for (let r = 0; r < m.rows; r++)
      for (let c = 0; c < m.cols; c++) if (r || c) covered.add(key(m.row - 1 + r, m.col - 1 + c));
  }
  const kind = (v: CellValue) => (typeof v === 'object' ? 'date' : typeof v);
  const rows = values.map((row, r) =>
    row.map((value, c): DocCell | null => {
      if (covered.has(key(r, c))) return null; // merged away in the layout (some hosts repeat the value)
      const styled = layout?.rows[r]?.[c] ?? null;
      if (value === '' || value === null || value === undefined) {
        return styled && styled.value === '' ? styled : styled?.background ? withValue(styled, '') : null;
      }
      if (styled && kind(styled.value) === kind(value)) return withValue(styled, value);
      return { value };
    }),
  );
  const width = Math.max(0, ...rows.map((r) => r.length));
  const columnWidths = Array.from({ length: width }, (_, i) => layout?.columnWidths[i] ?? 100);
  return {
    columnWidths,
    rows,
    merges: layout?.merges?.filter((m) => m.row - 1 < rows.length),
    print: layout?.print ?? { portrait: true, fitToWidth: true },
    ...pagingOf(layout, values),
  };
}

/**
 * The layout's paging: the running line always; the rows' roles only while the sheet has the
 * layout's rows (after a row was inserted or removed they would name the wrong rows).
 */
function pagingOf(layout: SheetDocument | null, values: CellValue[][]): Pick<SheetDocument, 'paging'> {
  if (!layout?.paging) return {};
  const roles = layout.rows.length === values.length ? layout.paging.roles : [];
  return { paging: { running: layout.paging.running.map((text) => asOnSheet(text, layout, values)), roles } };
}

/**
 * A running line's text as the sheet shows it: the layout is drawn from today's settings, while
 * the sheet keeps the seller's details as they were at billing (a renamed association must not
 * head the pages of an earlier invoice with its new name). The text stays when the layout has no
 * cell holding it or the sheet's cell there is blank.
 */
function asOnSheet(text: string, layout: SheetDocument, values: CellValue[][]): string {
  for (const [r, row] of layout.rows.entries()) {
    const c = row.findIndex((cell) => cell?.value === text);
    if (c < 0) continue;
    const shown = values[r]?.[c];
    return typeof shown === 'string' && shown.trim() !== '' ? shown : text;
  }
  return text;
}
