/**
 * The export file of `yrkesresan import`: CSV text (UTF-8, or Windows-1252 as older Excel saves
 * it) or an .xlsx workbook read with ExcelJS (its first sheet), both turned into the same table.
 */
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { readCsv } from '../app/import/csv';
import { ImportFileError, tableOf, type ImportTable } from '../app/import/table';

/** UTF-8 when the bytes are UTF-8, else Windows-1252 (Swedish Excel's "CSV" without UTF-8). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function isoOfExcelDate(d: Date): string {
  // ExcelJS gives a date cell as the instant of its wall-clock time in UTC.
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoOfExcelDate(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? '');
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return String((value as { error: unknown }).error);
    return '';
  }
  return String(value);
}

async function readXlsx(bytes: Buffer): Promise<ImportTable> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError(undefined, 'Filen kunde inte läsas som Excel-arbetsbok (.xlsx). Exportera rapporten från Totara på nytt.');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ImportFileError(undefined, 'Excel-filen har inget blad.');
  const rows: { line: number; cells: string[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push({ line: n, cells });
  });
  return tableOf(rows);
}

/** Reads the export; ImportFileError for a file that is no export, other errors for unreadable files. */
export async function readExportFile(path: string): Promise<ImportTable> {
  const bytes = await readFile(path);
  const isZip = bytes.length > 3 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (extname(path).toLowerCase() === '.xlsx' || isZip) return readXlsx(bytes);
  return readCsv(decodeText(bytes));
}
