// The shared WorkbookPort contract, run against the ExcelJS port: once in memory and once with
// every check after a real round trip (saved as .xlsx to a temp file, reopened with ExcelJS); and
// both again on a port opened from a file, as the command line's is.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XlsxWorkbook } from '../../src/cli/xlsx';
import type { CellValue, WorkbookPort } from '../../src/workbook/port';
import { describePortContract } from '../workbook/portContract';

function makePort(tabs: Record<string, CellValue[][]>): XlsxWorkbook {
  const port = XlsxWorkbook.empty();
  for (const [name, rows] of Object.entries(tabs)) {
    port.workbook.addWorksheet(name);
    rows.forEach((line, i) => line.length > 0 && port.write(name, i + 1, 1, [line]));
  }
  return port;
}

async function reopen(port: WorkbookPort): Promise<WorkbookPort> {
  const file = join(mkdtempSync(join(tmpdir(), 'yr-port-')), 'bok.xlsx');
  await (port as XlsxWorkbook).save(file);
  return XlsxWorkbook.open(file);
}

/**
 * The port as the command line has it: opened from a file, so that writes into its tabs are
 * recorded for the package save (and reach ExcelJS's cells only when read) and drawn tabs are
 * written from their documents.
 */
async function makeOpenedPort(tabs: Record<string, CellValue[][]>): Promise<XlsxWorkbook> {
  return XlsxWorkbook.fromBuffer(await makePort(tabs).toBuffer());
}

describePortContract('XlsxWorkbook (in memory)', makePort);
describePortContract('XlsxWorkbook (saved and reopened)', makePort, reopen);
describePortContract('XlsxWorkbook (opened from a file)', makeOpenedPort);
describePortContract('XlsxWorkbook (opened from a file, saved and reopened)', makeOpenedPort, reopen);
