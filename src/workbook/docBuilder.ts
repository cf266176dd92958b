/**
 * Builds a SheetDocument row by row: cells, merges, the rows' roles for the PDF's pages, and the
 * cells sending compares with the register. The invoice layout's stages share one builder.
 */
import type { CheckedCell } from './invoiceSheet';
import type { CellValue, DocCell, RowRole, SheetDocument } from './port';

export class DocBuilder {
  readonly rows: (DocCell | null)[][] = [];
  readonly roles: (RowRole | null)[] = [];
  readonly merges: NonNullable<SheetDocument['merges']> = [];
  readonly checked: CheckedCell[] = [];

  constructor(readonly width: number) {}

  /** Appends a row of `width` cells (missing ones empty); returns its 1-based row number. */
  row(cells: readonly (DocCell | null)[], role: RowRole | null = null): number {
    const r: (DocCell | null)[] = [];
    for (let i = 0; i < this.width; i++) r.push(cells[i] ?? null);
    this.rows.push(r);
    this.roles.push(role);
    return this.rows.length;
  }

  blank(): number {
    return this.row([]);
  }

  /** A cell across the whole width (long text). */
  wide(cell: DocCell, role: RowRole | null = null): number {
    const r = this.row([cell], role);
    this.merges.push({ row: r, col: 1, rows: 1, cols: this.width });
    return r;
  }

  /** A cell that must agree with the register, found by the label `anchor` when rows moved. */
  check(field: string, row: number, col: number, expected: CellValue, anchor: CheckedCell['anchor']): void {
    this.checked.push({ field, row, col, expected, anchor });
  }
}
