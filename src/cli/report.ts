/**
 * `yrkesresan report --workbook FILE --out DIR`: the follow-up of a workbook as files. The
 * workbook is only read, never saved. Into DIR go one CSV per table and one SVG per chart.
 *
 * CSV convention (Swedish Excel): UTF-8 with a byte order mark so that Excel reads å ä ö, fields
 * separated by ';', decimal comma, no thousands separator, amounts with two decimals and no
 * "kr", lines ending in CRLF. Text is quoted when it holds ';', '"' or a line break; text that
 * would start a formula in Excel (= + - @, tab, carriage return) gets a leading apostrophe, so
 * that a cell's text can never run as a formula.
 */
import { mkdir, writeFile } from './outFiles';
import { join } from 'node:path';
import { readFollowUp } from '../app/report';
import { Dec, type Decimal } from '../core/money';
import type { ColumnKind, ReportTable, ReportValue } from '../workbook/reportSheet';
import { todayInStockholm } from './args';
import { renderChartSvg } from './charts';
import { errnoOf, failureText, fileErrorText } from './failure';
import { readWorkbookFile } from './workbookFile';
import type { XlsxWorkbook } from './xlsx';

export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';

function decimalText(d: Decimal, kind: ColumnKind): string {
  const fixed =
    kind === 'money' || kind === 'decimal2'
      ? d.toFixed(2)
      : kind === 'integer' || kind === 'year'
        ? d.toFixed(0)
        : d.toFixed();
  return fixed.replace('.', ',');
}

/** Text as one CSV field. */
export function csvText(text: string): string {
  let t = String(text);
  if (/^[=+\-@\t\r]/.test(t)) t = `'${t}`;
  return /[";\r\n]/.test(t) || t !== t.trim() ? `"${t.replace(/"/g, '""')}"` : t;
}

/** One value as a CSV field, per its column's kind. */
export function csvField(value: ReportValue, kind: ColumnKind): string {
  if (value === null) return '';
  if (typeof value === 'string') return csvText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? decimalText(new Dec(value), kind) : '';
  return decimalText(value, kind);
}

/** The table as a CSV document (BOM, header row, CRLF). */
export function tableToCsv(table: ReportTable): string {
  const lines = [table.header.map(csvText).join(CSV_SEPARATOR)];
  for (const row of table.rows)
    lines.push(row.map((v, c) => csvField(v, table.kinds[c] ?? 'text')).join(CSV_SEPARATOR));
  return BOM + lines.join('\r\n') + '\r\n';
}

/** Runs the report; returns the exit status (0 done, 1 the file could not be read or DIR written). */
export async function runReport(workbookPath: string, outDir: string): Promise<number> {
  let port: XlsxWorkbook;
  try {
    port = await readWorkbookFile(workbookPath);
  } catch (e) {
    process.stderr.write(`${failureText(e)}\n`);
    return 1;
  }
  const { tables, layout, notes } = readFollowUp(port, { generatedOn: todayInStockholm() });
  const written: string[] = [];
  try {
    await mkdir(outDir, { recursive: true });
    for (const table of tables) {
      const file = join(outDir, `${table.id}.csv`);
      await writeFile(file, tableToCsv(table), 'utf8');
      written.push(file);
    }
    for (const chart of layout.charts) {
      const file = join(outDir, `${chart.id}.svg`);
      await writeFile(file, renderChartSvg(chart), 'utf8');
      written.push(file);
    }
  } catch (e) {
    const errno = errnoOf(e);
    const why = errno ? fileErrorText(errno) : failureText(e);
    process.stderr.write(`Kunde inte skriva uppföljningen till ${outDir}. ${why}\n`);
    return 1;
  }
  const out = ['Uppföljning av Yrkesresan', ...notes.map((n) => `  ${n}`), 'Skrev:', ...written.map((f) => `  ${f}`)];
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
