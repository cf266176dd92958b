// The .xlsx reader of both hosts (app/import/xlsx.ts), on files written by hand after ECMA-376:
// the first sheet through the workbook's relationships, shared strings with rich-text runs,
// inline strings, booleans, cached formula values, sparse cells, and date styles (built-in and
// custom codes, with and without time). Parsed here with the command line's parser.
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ImportFileError } from '../../src/app/import/table';
import { readXlsxTable, serialToIso } from '../../src/app/import/xlsx';
import { xmlParser } from '../../src/workbook/xml';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function xlsx(sheetXml: string, extra: Record<string, string> = {}): Uint8Array {
  const files: Record<string, string> = {
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${R}"><sheets><sheet name="Rapport" sheetId="1" r:id="rId7"/><sheet name="Annat" sheetId="2" r:id="rId8"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId8" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Type="worksheet" Target="worksheets/sheet2.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>fel blad</t></is></c></row></sheetData></worksheet>`,
    'xl/worksheets/sheet2.xml': sheetXml,
    'xl/sharedStrings.xml': `<sst xmlns="${NS}"><si><t>Namn</t></si><si><r><t>Åsa </t></r><r><rPr><b/></rPr><t>Öberg</t></r></si><si><t>Datum</t></si></sst>`,
    'xl/styles.xml': `<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs></styleSheet>`,
    ...extra,
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}

function read(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  return readXlsxTable((p) => (files[p] ? new TextDecoder().decode(files[p]) : null), xmlParser);
}

const SHEET = `<worksheet xmlns="${NS}"><sheetData>
  <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c><c r="C1" t="inlineStr"><is><t>Närvaro</t></is></c><c r="E1" t="inlineStr"><is><t>Betyg</t></is></c></row>
  <row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" s="1"><v>45425</v></c><c r="C3" t="b"><v>1</v></c><c r="E3" s="3"><f>50*2</f><v>100</v></c></row>
  <row r="4"><c r="A4" t="str"><f>"=1+1"</f><v>=1+1</v></c><c r="B4" s="2"><v>45425.5625</v></c><c r="D4" t="inlineStr"><is><t>extra</t></is></c></row>
</sheetData></worksheet>`;

describe('the .xlsx reader', () => {
  it('reads the first sheet of the workbook, whatever its file name', () => {
    const t = read(xlsx(SHEET));
    expect(t.headers).toEqual(['Namn', 'Datum', 'Närvaro', '', 'Betyg']);
    expect(t.headerLine).toBe(1);
    expect(t.rows).toEqual([
      { line: 3, cells: ['Åsa Öberg', '2024-05-13', 'TRUE', '', '100'] },
      { line: 4, cells: ['=1+1', '2024-05-13 13:30', '', 'extra'] },
    ]);
  });

  it('counts serials in the 1900 date system as Excel and Sheets do', () => {
    expect(serialToIso(61)).toBe('1900-03-01');
    expect(serialToIso(45425)).toBe('2024-05-13');
    expect(serialToIso(45657.999999)).toBe('2025-01-01');
    expect(serialToIso(45292.25)).toBe('2024-01-01 06:00');
  });

  it('takes sheet1.xml when the workbook has no relationships part', () => {
    const bytes = xlsx(SHEET, {});
    const files = unzipSync(bytes);
    delete files['xl/_rels/workbook.xml.rels'];
    const t = readXlsxTable((p) => (files[p] ? new TextDecoder().decode(files[p]) : null), xmlParser);
    expect(t.headers).toEqual(['fel blad']);
  });

  it('refuses a ZIP that is no workbook, and malformed XML, in Swedish', () => {
    const empty = zipSync({ 'a.txt': strToU8('x') });
    expect(() => read(empty)).toThrow(ImportFileError);
    expect(() => read(empty)).toThrow('Filen kunde inte läsas som Excel-arbetsbok (.xlsx)');
    expect(() => read(xlsx('<worksheet><sheetData><row></worksheet>'))).toThrow(
      'Filen kunde inte läsas som Excel-arbetsbok (.xlsx)',
    );
  });
});
