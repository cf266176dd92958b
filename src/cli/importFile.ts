/**
 * The export file of `yrkesresan import`: CSV text (UTF-8, or Windows-1252 as older Excel saves
 * it) or an .xlsx workbook (its first sheet, app/import/xlsx.ts), both turned into the same table.
 */
import { unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { readCsv } from '../app/import/csv';
import { ImportFileError, type ImportTable } from '../app/import/table';
import { readXlsxTable } from '../app/import/xlsx';
import { fileKind } from './workbookFile';
import { xmlParser } from '../workbook/xml';

/** UTF-8 when the bytes are UTF-8, else Windows-1252 (Swedish Excel's "CSV" without UTF-8). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The .xlsx export through the one reader of both hosts (app/import/xlsx.ts): unzipped with fflate. */
function readXlsx(bytes: Uint8Array): ImportTable {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new ImportFileError(
      undefined,
      'Filen kunde inte läsas som Excel-arbetsbok (.xlsx). Exportera rapporten från Totara på nytt.',
    );
  }
  const utf8 = new TextDecoder('utf-8');
  return readXlsxTable((path) => (files[path] ? utf8.decode(files[path]) : null), xmlParser);
}

/** Reads the export; ImportFileError for a file that is no export, other errors for unreadable files. */
export async function readExportFile(path: string): Promise<ImportTable> {
  const bytes = await readFile(path);
  const kind = fileKind(bytes);
  if (kind === 'encrypted')
    throw new ImportFileError(
      undefined,
      'Filen är lösenordsskyddad (krypterad) och kan inte läsas. Exportera rapporten från Totara på nytt utan lösenord, eller ta bort lösenordet i Excel och spara.',
    );
  if (kind === 'xls')
    throw new ImportFileError(
      undefined,
      'Filen är en äldre Excel-fil (.xls). Spara den som Excel-arbetsbok (.xlsx) eller CSV, eller exportera rapporten från Totara på nytt.',
    );
  const isZip = bytes.length > 3 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (extname(path).toLowerCase() === '.xlsx' || isZip) return readXlsx(bytes);
  return readCsv(decodeText(bytes));
}
