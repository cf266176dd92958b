/**
 * An export as the import sees it, whatever file it came from: a header row and data rows of
 * text, each with the line (CSV) or row (XLSX) an administrator finds it on.
 */
export interface ImportRow {
  line: number;
  cells: string[];
}

export interface ImportTable {
  headers: string[];
  headerLine: number;
  rows: ImportRow[];
}

/** A file that cannot be read as an export: the line it fails on and why, in Swedish. */
export class ImportFileError extends Error {
  constructor(
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Rows of cells (first non-empty one the header) into a table; wholly empty rows are dropped. */
export function tableOf(rows: readonly { line: number; cells: string[] }[]): ImportTable {
  const filled = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (filled.length === 0) throw new ImportFileError(undefined, 'Filen är tom: den har varken rubrikrad eller rader.');
  const [head, ...body] = filled;
  return { headers: head.cells.map((c) => c.trim()), headerLine: head.line, rows: body };
}
