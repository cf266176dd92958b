/**
 * An .xlsx export (Office Open XML, ECMA-376 part 1 §18) read into the import's table, written
 * once for both hosts: each host unzips the file (Apps Script Utilities.unzip, Node fflate) and
 * parses its XML behind the XmlParser port (both with fast-xml-parser, workbook/xml.ts); what the
 * cells mean is decided here.
 *
 * Read: the first sheet of xl/workbook.xml (through xl/_rels/workbook.xml.rels), its cells by
 * their reference (A1, C7), shared strings (with rich-text runs), inline strings, cached values of
 * formulas, booleans, and numbers; a number whose cell style is a date format (the built-in ids
 * 14–22 and 45–47, or a custom code with d, m or y outside quotes) becomes a date 'YYYY-MM-DD'
 * (with ' HH:MM' when it has a time), counted in the 1900 date system as Excel and Sheets do.
 */
import { columnNumber } from '../../workbook/cells';
import type { XmlElement, XmlParser } from '../../core/bankfile';
import { ImportFileError, tableOf, type ImportTable } from './table';

/** The unzipped file: the text of a part by its path inside the ZIP, or null when absent. */
export type XlsxParts = (path: string) => string | null;

const NOT_XLSX = 'Filen kunde inte läsas som Excel-arbetsbok (.xlsx). Exportera rapporten från Totara på nytt.';

function parse(parts: XlsxParts, xml: XmlParser, path: string, required: boolean): XmlElement | null {
  const text = parts(path);
  if (text === null) {
    if (required) throw new ImportFileError(undefined, NOT_XLSX);
    return null;
  }
  const doc = xml(text);
  if ('errorLine' in doc) throw new ImportFileError(undefined, NOT_XLSX);
  return doc.root;
}

const child = (e: XmlElement, name: string): XmlElement | undefined => e.children(name)[0];

/** The path of the workbook's first sheet, e.g. 'xl/worksheets/sheet1.xml'. */
function firstSheetPath(parts: XlsxParts, xml: XmlParser): string {
  const workbook = parse(parts, xml, 'xl/workbook.xml', true)!;
  const first = child(workbook, 'sheets')?.children('sheet')[0];
  if (!first) throw new ImportFileError(undefined, 'Excel-filen har inget blad.');
  const rels = parse(parts, xml, 'xl/_rels/workbook.xml.rels', false);
  const target = rels
    ?.children('Relationship')
    .find((r) => r.attribute('Id') === first.attribute('id'))
    ?.attribute('Target');
  if (!target) return 'xl/worksheets/sheet1.xml';
  // Targets are relative to xl/ ('worksheets/sheet1.xml') or absolute from the package root ('/xl/…').
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Every text of a string item: one <t>, or the runs <r><t> of rich text. */
function stringItem(si: XmlElement): string {
  // Untrimmed: a run's spaces separate words ("Åsa " + "Öberg").
  const t = child(si, 't');
  if (t) return t.rawText();
  return si
    .children('r')
    .map((r) => child(r, 't')?.rawText() ?? '')
    .join('');
}

function sharedStrings(parts: XlsxParts, xml: XmlParser): string[] {
  const sst = parse(parts, xml, 'xl/sharedStrings.xml', false);
  return sst ? sst.children('si').map(stringItem) : [];
}

const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A number format code that shows a date or time: d, m, y, h or s outside quotes and brackets. */
function isDateCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/** For each cell style index (the `s` of a cell), whether it formats a date. */
function dateStyles(parts: XlsxParts, xml: XmlParser): boolean[] {
  const styles = parse(parts, xml, 'xl/styles.xml', false);
  if (!styles) return [];
  const custom = new Map(
    (child(styles, 'numFmts')?.children('numFmt') ?? []).map((f) => [
      Number(f.attribute('numFmtId')),
      f.attribute('formatCode'),
    ]),
  );
  return (child(styles, 'cellXfs')?.children('xf') ?? []).map((xf) => {
    const id = Number(xf.attribute('numFmtId') || '0');
    const code = custom.get(id);
    return code !== undefined ? isDateCode(code) : BUILT_IN_DATES.has(id);
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A serial of the 1900 date system as 'YYYY-MM-DD' (and ' HH:MM' when it has a time of day). */
export function serialToIso(serial: number): string {
  // Day 0 is 1899-12-30 for every serial after Excel's fictitious 1900-02-29 (serial 60).
  const minutes = Math.round(serial * 24 * 60);
  const t = new Date(Date.UTC(1899, 11, 30) + minutes * 60_000);
  const date = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const time = minutes % (24 * 60);
  return time === 0 ? date : `${date} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** 'C7' → column index 2 (0-based). */
function columnOf(ref: string): number {
  return columnNumber(/^[A-Z]+/i.exec(ref)?.[0].toUpperCase() ?? '') - 1;
}

function cellValue(c: XmlElement, strings: readonly string[], dates: readonly boolean[]): string {
  const type = c.attribute('t');
  const v = child(c, 'v')?.text() ?? '';
  switch (type) {
    case 's':
      return strings[Number(v)] ?? '';
    case 'inlineStr': {
      const is = child(c, 'is');
      return is ? stringItem(is) : '';
    }
    case 'b':
      return v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : v;
    case 'str':
    case 'e':
      return v;
    default: {
      const style = Number(c.attribute('s') || '0');
      const n = Number(v);
      return v !== '' && dates[style] && Number.isFinite(n) ? serialToIso(n) : v;
    }
  }
}

/** The first sheet of an .xlsx export as the import's table; ImportFileError when it is no workbook. */
export function readXlsxTable(parts: XlsxParts, xml: XmlParser): ImportTable {
  const sheet = parse(parts, xml, firstSheetPath(parts, xml), true)!;
  const strings = sharedStrings(parts, xml);
  const dates = dateStyles(parts, xml);
  const rows = (child(sheet, 'sheetData')?.children('row') ?? []).map((row, i) => {
    const cells: string[] = [];
    row.children('c').forEach((c, k) => {
      const ref = c.attribute('r');
      cells[ref ? columnOf(ref) : k] = cellValue(c, strings, dates);
    });
    const line = Number(row.attribute('r')) || i + 1;
    return { line, cells: Array.from(cells, (x) => x ?? '') };
  });
  return tableOf(rows);
}
