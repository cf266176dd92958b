/** The PDF's document: the invoice sheet as the administrator reviewed it, in the invoice layout's style. */
import type { RegisteredInvoice } from '../../core/types';
import { reasonFromSheet, registeredInvoiceDocument } from '../../workbook/invoiceSheet';
import type { CellValue, DocCell, SheetDocument, WorkbookPort } from '../../workbook/port';
import { invoiceSheetName, type Input } from './eligibility';

/** The invoice sheet, read back now, as the document that becomes the PDF. */
export function invoiceDocument(port: WorkbookPort, input: Input, invoice: RegisteredInvoice): SheetDocument {
  const values = port.read(invoiceSheetName(invoice));
  let layout: SheetDocument | null = null;
  try {
    // A credit note's reason is on its sheet only (the register has no column for it).
    layout = registeredInvoiceDocument(invoice, input, reasonFromSheet(values));
  } catch {
    layout = null; // the sheet's values alone still make the PDF
  }
  return sheetValuesAsDocument(values, layout);
}

/**
 * The sheet's values laid out with the invoice layout's styling: a cell keeps the style of the
 * layout's cell at the same place when both hold the same kind of value. The values — what the
 * administrator reviewed — always come from the sheet.
 */
export function sheetValuesAsDocument(values: CellValue[][], layout: SheetDocument | null): SheetDocument {
  const covered = new Set<string>();
  for (const m of layout?.merges ?? []) {
    for (let r = 0; r < m.rows; r++)
      for (let c = 0; c < m.cols; c++) if (r || c) covered.add(`${m.row - 1 + r}:${m.col - 1 + c}`);
  }
  const kind = (v: CellValue) => (typeof v === 'object' ? 'date' : typeof v);
  const rows = values.map((row, r) =>
    row.map((value, c): DocCell | null => {
      if (covered.has(`${r}:${c}`)) return null; // merged away in the layout (some hosts repeat the value)
      const styled = layout?.rows[r]?.[c] ?? null;
      if (value === '' || value === null || value === undefined) {
        return styled && styled.value === '' ? styled : styled?.background ? { ...styled, value: '' } : null;
      }
      if (styled && kind(styled.value) === kind(value)) return { ...styled, value };
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
  };
}
