// The shared WorkbookPort contract, run against the ExcelJS port: once in memory and once with
// every check after a real round trip (saved as .xlsx to a temp file, reopened with ExcelJS).
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

describePortContract('XlsxWorkbook (in memory)', makePort);
describePortContract('XlsxWorkbook (saved and reopened)', makePort, reopen);
