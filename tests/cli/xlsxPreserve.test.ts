// What a run does not change survives it: the sample workbook as LibreOffice Calc saved it, with a
// chart and an image on an attendance tab, a tab of the administrator's own with a chart, comments,
// defined names and formatting (tests/fixtures/lo/make-fixture.py made it; LibreOffice is not
// needed here). Billing, billing again, crediting: every part the run did not change is still in
// the package byte for byte, the changed tabs are patched in place, and the file still opens.
import ExcelJS from 'exceljs';
import { XMLValidator } from 'fast-xml-parser';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { XlsxWorkbook } from '../../src/cli/xlsx';
import { patchSheet, type CellPatch } from '../../src/cli/xlsxPackage';
import { CalendarDate, FORMAT } from '../../src/workbook/port';
import { ROOT, col, load, readJson, runCli, sheet } from './helpers';

const FIXTURE = join(ROOT, 'tests/fixtures/lo/libreoffice.xlsx');
type Parts = Record<string, Uint8Array>;
const parts = (file: string): Parts => unzipSync(readFileSync(file));
const text = (p: Parts, name: string) => strFromU8(p[name]);

/** Tab name → worksheet part, through workbook.xml and its relationships. */
function sheetParts(p: Parts): Map<string, string> {
  const wb = text(p, 'xl/workbook.xml');
  const rels = text(p, 'xl/_rels/workbook.xml.rels');
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /name="([^"]*)"/
      .exec(m[0])![1]
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
    const rid = /r:id="([^"]*)"/.exec(m[0])![1];
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]*)"|Target="([^"]*)"[^>]*Id="${rid}"`).exec(rels)!;
    out.set(name, `xl/${(target[1] ?? target[2]).replace(/^\/xl\//, '')}`);
  }
  return out;
}

/** Parts an administrator's additions live in: drawings, charts, images, comments and their links. */
const ADDED = /^xl\/(charts|drawings|media)\/|^xl\/comments\d*\.xml$|^xl\/worksheets\/_rels\//;
const UNTOUCHED_TABS = ['Inställningar', 'Kommuner', 'Kurser', 'Översikt'];

/**
 * The same bytes (or both absent). Buffer.compare decides; toEqual, which compares a typed array
 * element by element (seconds for this package's images), runs only to report a difference.
 */
function expectSameBytes(actual: Uint8Array | undefined, expected: Uint8Array | undefined, what: string): void {
  if (actual && expected && Buffer.compare(actual, expected) === 0) return;
  expect(actual, what).toEqual(expected);
}

function expectKept(before: Parts, after: Parts, untouched = UNTOUCHED_TABS): void {
  const added = Object.keys(before).filter((n) => ADDED.test(n));
  expect(added.length).toBeGreaterThanOrEqual(12);
  for (const name of added) expectSameBytes(after[name], before[name], name);
  const b = sheetParts(before);
  const a = sheetParts(after);
  for (const tab of untouched) expectSameBytes(after[a.get(tab)!], before[b.get(tab)!], tab);
  // The attendance tab the run stamped keeps its chart, image and comment.
  const attendance = text(after, a.get('Närvaro 2025')!);
  expect(attendance).toMatch(/<drawing r:id="rId2"\/>/);
  expect(attendance).toMatch(/<legacyDrawing r:id="rId3"\/>/);
  expect(a.get('Närvaro 2025')).toBe(b.get('Närvaro 2025'));
  const wb = text(after, 'xl/workbook.xml');
  expect(wb).toContain(
    '<definedName function="false" hidden="false" name="Manadsdagar" vbProcedure="false">Översikt!$B$2:$B$5</definedName>',
  );
  expect(wb).toContain('name="Narvarorubriker"');
  const types = text(after, '[Content_Types].xml');
  for (const part of [
    '/xl/charts/chart1.xml',
    '/xl/charts/chart2.xml',
    '/xl/drawings/drawing1.xml',
    '/xl/comments5.xml',
  ]) {
    expect(types).toContain(`PartName="${part}"`);
  }
  // Every XML part is well-formed (the changed ones are written by string splicing).
  for (const [name, bytes] of Object.entries(after)) {
    if (/\.(xml|rels|vml)$/.test(name) && before[name] !== bytes) {
      expect(XMLValidator.validate(strFromU8(bytes)), name).toBe(true);
    }
  }
  // Every part the content types name is in the package, and every worksheet is named.
  for (const m of types.matchAll(/PartName="\/([^"]*)"/g)) expect(after[m[1]], m[1]).toBeDefined();
  for (const part of a.values()) expect(types).toContain(`PartName="/${part}"`);
}

describe('a LibreOffice workbook with charts, an image, comments and defined names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yr-keep-'));
  const file = join(dir, 'bok.xlsx');
  let original: Parts;

  beforeAll(() => {
    copyFileSync(FIXTURE, file);
    original = parts(file);
  });

  it('carries what the test is about (two charts, an image, two comments, two defined names)', () => {
    expect(Object.keys(original).filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n))).toHaveLength(2);
    expect(original['xl/media/image1.png']).toBeDefined();
    expect(Object.keys(original).filter((n) => /^xl\/comments\d+\.xml$/.test(n))).toHaveLength(2);
    expect(text(original, 'xl/workbook.xml').match(/<definedName\b/g)).toHaveLength(2);
    expect(text(original, 'docProps/app.xml')).toContain('LibreOffice');
  });

  it('bill May: the invoices are billed and everything the run did not change is still there', async () => {
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--out',
      join(dir, 'maj'),
    ]);
    expect(r.stderr).not.toContain('FEL');
    expect(r.status).toBe(0);
    expect(readJson(join(dir, 'maj')).invoices).toHaveLength(14);
    expect(r.stderr).not.toContain('kunde inte sparas med allt'); // saved into the package
    const after = parts(file);
    // (May also bills 2024's unbilled rows: Närvaro 2024 is stamped too.)
    expectKept(original, after);

    // ExcelJS reads it: the stamps, the new tabs, the comment.
    const wb = await load(file);
    const attendance = sheet(wb, 'Närvaro 2025');
    const c = col(attendance, 'Fakturanummer');
    const stamped: string[] = [];
    attendance.eachRow((row, n) => {
      const v = row.getCell(c).value;
      if (n > 1 && typeof v === 'string' && v) stamped.push(v);
    });
    expect(stamped.length).toBeGreaterThan(50);
    expect(new Set(stamped).size).toBe(14);
    expect(attendance.getCell('A2').note).toBeDefined();
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(
      expect.arrayContaining(['YR-2025-0001 Arjeplog', 'Logg', 'Översikt']),
    );
    expect(sheet(wb, 'Översikt').getCell('A1').font?.bold).toBe(true);
  });

  it('bill May again bills nothing and leaves the file byte for byte; December and a credit note keep it all too', async () => {
    const before = readFileSync(file);
    const again = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--out',
      join(dir, 'igen'),
    ]);
    expect(again.status).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);

    const dec = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-12',
      '--date',
      '2025-12-19',
      '--out',
      join(dir, 'dec'),
    ]);
    expect(dec.stderr).not.toContain('FEL');
    expect(dec.status).toBe(0);
    expectKept(original, parts(file));

    const credit = await runCli([
      'credit',
      '--workbook',
      file,
      '--invoice',
      'YR-2025-0009',
      '--date',
      '2026-01-10',
      '--reason',
      'Fel kommun',
      '--out',
      join(dir, 'kredit'),
    ]);
    expect(credit.stderr).not.toContain('FEL');
    expect(credit.status).toBe(0);
    expectKept(original, parts(file));
    const wb = await load(file);
    expect(wb.worksheets.some((ws) => / Luleå$/.test(ws.name) && ws.name !== 'YR-2025-0009 Luleå')).toBe(true);
  });
});

describe('a drawing ExcelJS cannot read (exceljs#2591)', () => {
  /** The fixture with a picture placed inside its chart: a c:userShapes drawing with an image link. */
  function withChartPicture(): Uint8Array {
    const p = unzipSync(readFileSync(FIXTURE));
    const rels = (body: string) =>
      strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`,
      );
    p['xl/charts/_rels/chart2.xml.rels'] = rels(
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartUserShapes" Target="../drawings/drawing3.xml"/>',
    );
    p['xl/drawings/drawing3.xml'] = strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:userShapes xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:cdr="http://schemas.openxmlformats.org/drawingml/2006/chartDrawing"><cdr:relSizeAnchor><cdr:from><cdr:x>0.05</cdr:x><cdr:y>0.05</cdr:y></cdr:from><cdr:to><cdr:x>0.2</cdr:x><cdr:y>0.2</cdr:y></cdr:to><cdr:pic><cdr:nvPicPr><cdr:cNvPr id="2" name="Logotyp"/><cdr:cNvPicPr/></cdr:nvPicPr><cdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></cdr:blipFill><cdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></cdr:spPr></cdr:pic></cdr:relSizeAnchor></c:userShapes>',
    );
    p['xl/drawings/_rels/drawing3.xml.rels'] = rels(
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/image1.png"/>',
    );
    p['[Content_Types].xml'] = strToU8(
      strFromU8(p['[Content_Types].xml']).replace(
        '</Types>',
        '<Override PartName="/xl/drawings/drawing3.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chartshapes+xml"/></Types>',
      ),
    );
    return zipSync(p);
  }

  it('opens, bills, and keeps the chart’s picture', async () => {
    const data = withChartPicture();
    await expect(new ExcelJS.Workbook().xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer)).rejects.toThrow(
      /anchors/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'yr-keep-'));
    const file = join(dir, 'bok.xlsx');
    writeFileSync(file, data);
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--out',
      join(dir, 'ut'),
    ]);
    expect(r.stderr).not.toContain('FEL');
    expect(r.status).toBe(0);
    const before = unzipSync(data);
    const after = parts(file);
    expectKept(before, after);
    expectSameBytes(after['xl/drawings/drawing3.xml'], before['xl/drawings/drawing3.xml'], 'xl/drawings/drawing3.xml');
  });
});

describe('a chart sheet (a tab that is one chart, which ExcelJS does not list)', () => {
  it('stays in its place with its chart, and the defined names local to later tabs follow them', async () => {
    const p = unzipSync(readFileSync(FIXTURE));
    const rels = (body: string) =>
      strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`,
      );
    const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    p['xl/chartsheets/sheet1.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}"><sheetViews><sheetView workbookViewId="0"/></sheetViews><drawing r:id="rId1"/></chartsheet>`,
    );
    p['xl/chartsheets/_rels/sheet1.xml.rels'] = rels(
      `<Relationship Id="rId1" Type="${R}/drawing" Target="../drawings/drawing3.xml"/>`,
    );
    p['xl/drawings/drawing3.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:absoluteAnchor><xdr:pos x="0" y="0"/><xdr:ext cx="8000000" cy="5000000"/><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Diagram 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${R}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:absoluteAnchor></xdr:wsDr>`,
    );
    p['xl/drawings/_rels/drawing3.xml.rels'] = rels(
      `<Relationship Id="rId1" Type="${R}/chart" Target="../charts/chart3.xml"/>`,
    );
    p['xl/charts/chart3.xml'] = p['xl/charts/chart2.xml'];
    p['[Content_Types].xml'] = strToU8(
      strFromU8(p['[Content_Types].xml']).replace(
        '</Types>',
        '<Override PartName="/xl/chartsheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml"/>' +
          '<Override PartName="/xl/drawings/drawing3.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>' +
          '<Override PartName="/xl/charts/chart3.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/></Types>',
      ),
    );
    p['xl/_rels/workbook.xml.rels'] = strToU8(
      strFromU8(p['xl/_rels/workbook.xml.rels']).replace(
        '</Relationships>',
        `<Relationship Id="rId99" Type="${R}/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`,
      ),
    );
    // After Kurser (the third tab), and a print area local to Översikt (the last tab, index 9 now).
    p['xl/workbook.xml'] = strToU8(
      strFromU8(p['xl/workbook.xml'])
        .replace(
          '<sheet name="Närvaro 2024"',
          '<sheet name="Diagramblad" sheetId="99" state="visible" r:id="rId99"/><sheet name="Närvaro 2024"',
        )
        .replace(
          '</definedNames>',
          '<definedName localSheetId="9" name="_xlnm.Print_Area">Översikt!$A$1:$B$7</definedName></definedNames>',
        ),
    );
    const dir = mkdtempSync(join(tmpdir(), 'yr-keep-'));
    const file = join(dir, 'bok.xlsx');
    writeFileSync(file, zipSync(p));
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--out',
      join(dir, 'ut'),
    ]);
    expect(r.stderr).not.toContain('FEL');
    expect(r.status).toBe(0);
    const after = parts(file);
    for (const name of [
      'xl/chartsheets/sheet1.xml',
      'xl/chartsheets/_rels/sheet1.xml.rels',
      'xl/drawings/drawing3.xml',
      'xl/charts/chart3.xml',
    ]) {
      expect(after[name], name).toEqual(p[name]);
    }
    const wb = text(after, 'xl/workbook.xml');
    const names = [...wb.matchAll(/<sheet\b[^>]*name="([^"]*)"/g)].map((m) => m[1]);
    expect(names.slice(0, 5)).toEqual(['Inställningar', 'Kommuner', 'Kurser', 'Diagramblad', 'Närvaro 2024']);
    expect(wb).toMatch(/<sheet name="Diagramblad" sheetId="99"[^>]* r:id="rId99"\/>/);
    expect(text(after, 'xl/_rels/workbook.xml.rels')).toContain('Target="chartsheets/sheet1.xml"');
    const area = /<definedName\b[^>]*name="_xlnm.Print_Area"[^>]*>/.exec(wb)?.[0] ?? '';
    const local = /localSheetId="(\d+)"/.exec(area);
    expect(names[Number(local?.[1])]).toBe('Översikt');
  });
});

describe('the package save against ExcelJS’s own', () => {
  /** Every cell's value and look, as ExcelJS reads them, tab by tab. */
  async function cells(data: Uint8Array): Promise<Record<string, unknown>> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer);
    const out: Record<string, unknown> = {};
    for (const ws of wb.worksheets) {
      const rows: unknown[] = [];
      ws.eachRow({ includeEmpty: false }, (row, r) => {
        row.eachCell({ includeEmpty: false }, (cell, c) => {
          if (cell.value === null || cell.value === undefined) return;
          rows.push([
            r,
            c,
            cell.value instanceof Date ? cell.value.toISOString() : cell.value,
            cell.numFmt === 'General' ? null : (cell.numFmt ?? null),
            Boolean(cell.font?.bold),
            cell.font?.size ?? null,
            (cell.alignment?.horizontal as string | undefined) === 'general'
              ? null
              : (cell.alignment?.horizontal ?? null),
            Boolean(cell.alignment?.wrapText),
            (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb ?? null,
          ]);
        });
      });
      out[ws.name] = {
        rows,
        merges: (ws.model as { merges?: string[] }).merges ?? [],
        widths: ws.columns?.map((x) => x.width ?? null),
      };
    }
    return out;
  }

  it('gives the same cells, formats and tabs for writes, new tabs, drawn tabs and deleted tabs', async () => {
    const port = await XlsxWorkbook.open(FIXTURE);
    // Existing cells, new cells in existing rows, new rows past the end, a formula cell, every value kind.
    port.write(
      'Översikt',
      2,
      2,
      [[99], ['text'], [true], [new CalendarDate('2025-05-31')], ['']],
      [[FORMAT.money], [null], [null], [null], [null]],
    );
    port.write('Översikt', 7, 1, [['=SUM(B2:B5) ersatt', 1.5]]);
    port.write('Översikt', 12, 3, [[' mellanslag ', 'å & <ö>']], [[FORMAT.text, FORMAT.integer]]);
    port.write('Närvaro 2025', 3, 1, [['Rad\u0001 tre\ttabb']]); // a control character XML cannot carry
    port.write('Kurser', 500, 2, [[42]], [[FORMAT.number]]);
    port.createTab('Ny flik', {
      columns: [
        { header: 'Datum', format: FORMAT.date, width: 100 },
        { header: 'Val', validation: { kind: 'list', values: ['Ja', 'Nej'] } },
      ],
      rows: [[new CalendarDate('2025-01-02'), 'Ja']],
      protected: true,
    });
    port.write('Ny flik', 3, 1, [[new CalendarDate('2025-02-03'), 'Nej']]);
    const doc = {
      columnWidths: [120, 80],
      rows: [
        [{ value: 'Faktura', bold: true, size: 16 }, null],
        [
          { value: 'Belopp', align: 'right' as const, background: '#ffe699' },
          { value: 1550, format: FORMAT.money, wrap: true },
        ],
      ],
      merges: [{ row: 1, col: 1, rows: 1, cols: 2 }],
    };
    port.drawTab('Utbildarlogg', doc); // over an existing tab
    port.drawTab('Dokument', doc);
    port.deleteTab('Fakturarader');

    const packaged = await port.toBuffer();
    expect(port.lastSave).toBe('package');
    const whole = new Uint8Array(await port.workbook.xlsx.writeBuffer());
    expect(await cells(packaged)).toEqual(await cells(whole));

    const p = unzipSync(packaged);
    const names = sheetParts(p);
    expect([...names.keys()]).toEqual(port.tabNames());
    expect(text(p, names.get('Översikt')!)).not.toContain('SUM(B2:B5)</f>');
    expect(text(p, 'xl/workbook.xml')).toContain('fullCalcOnLoad="1"');
    expect(p['xl/charts/chart2.xml']).toEqual(unzipSync(readFileSync(FIXTURE))['xl/charts/chart2.xml']);
    // The removed tab's part went, and nothing names it.
    const old = sheetParts(unzipSync(readFileSync(FIXTURE)));
    expect(p[old.get('Fakturarader')!]).toBeUndefined();
    expect(text(p, '[Content_Types].xml')).not.toContain(old.get('Fakturarader')!);
  });

  it('writes a drawn tab from its document as ExcelJS would: heights, merged cells, print setup, gridlines', async () => {
    const doc = {
      columnWidths: [90, 60, 70],
      rows: [
        [{ value: 'Rubrik', bold: true, size: 16, background: '#ddebf7' }, null, null],
        [
          { value: 'En lång beskrivning som radbryts över flera rader i en smal kolumn', wrap: true },
          { value: new CalendarDate('2025-12-19') },
          { value: -12.5, format: FORMAT.money, align: 'right' as const, italic: true },
        ],
        [null, { value: true }, { value: '' }],
      ],
      merges: [{ row: 1, col: 1, rows: 1, cols: 3 }],
      print: { portrait: false, fitToWidth: false },
    };
    const port = await XlsxWorkbook.open(FIXTURE);
    port.drawTab('Dokument', doc);
    const packaged = await port.toBuffer();
    expect(port.lastSave).toBe('package');
    const whole = new Uint8Array(await port.workbook.xlsx.writeBuffer());
    const drawn = async (data: Uint8Array) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer);
      const ws = wb.getWorksheet('Dokument')!;
      const cells: unknown[] = [];
      ws.eachRow({ includeEmpty: true }, (row, r) => {
        cells.push(['height', r, row.height ?? null]);
        row.eachCell({ includeEmpty: true }, (cell, c) => {
          const value = cell.value instanceof Date ? cell.value.toISOString() : cell.value;
          cells.push([r, c, value, cell.numFmt ?? null, { ...cell.font }, { ...cell.alignment }, cell.fill ?? null]);
        });
      });
      const { orientation, fitToPage, paperSize } = ws.pageSetup;
      return {
        cells,
        merges: ws.model.merges,
        page: { orientation, fitToPage, paperSize },
        grid: ws.views[0]?.showGridLines,
      };
    };
    const expected = await drawn(whole);
    expect(expected.page).toEqual({ orientation: 'landscape', fitToPage: false, paperSize: 9 });
    expect(expected.grid).toBe(false);
    expect(await drawn(packaged)).toEqual(expected);
    // The package's part is the one written from the document, not ExcelJS's.
    const p = unzipSync(packaged);
    expect(text(p, sheetParts(p).get('Dokument')!)).not.toContain('x14ac:dyDescent');
  });

  it('re-serialises with ExcelJS when a written cell is the master of a shared formula', async () => {
    const data = unzipSync(readFileSync(FIXTURE));
    const part = sheetParts(data).get('Översikt')!;
    const xml = text(data, part).replace(
      /<c r="B2"([^>]*)>[\s\S]*?<\/c>/,
      '<c r="B2"$1><f t="shared" ref="B2:B3" si="0">1+1</f><v>2</v></c>',
    );
    data[part] = strToU8(xml);
    const port = await XlsxWorkbook.fromBuffer(zipSync(data));
    port.write('Översikt', 2, 2, [[5]]);
    const out = await port.toBuffer();
    expect(port.lastSave).toBe('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out) as unknown as ExcelJS.Buffer);
    expect(sheet(wb, 'Översikt').getCell('B2').value).toBe(5);
  });
});

describe('when the package cannot be patched', () => {
  it('bill says so: the workbook was re-serialised and what the library does not know may be gone', async () => {
    // A shared formula whose first cell is a stamp cell of a row May bills (Närvaro 2025, F2).
    const p = unzipSync(readFileSync(FIXTURE));
    const part = sheetParts(p).get('Närvaro 2025')!;
    const xml = text(p, part)
      .replace(
        '<c r="E2" s="0" t="n"><v>2</v></c></row>',
        '<c r="E2" s="0" t="n"><v>2</v></c><c r="F2" t="str"><f t="shared" ref="F2:F3" si="0">""</f><v></v></c></row>',
      )
      .replace(
        '<c r="E3" s="0" t="n"><v>2</v></c></row>',
        '<c r="E3" s="0" t="n"><v>2</v></c><c r="F3" t="str"><f t="shared" si="0"/><v></v></c></row>',
      );
    expect(xml).toContain('ref="F2:F3"');
    p[part] = strToU8(xml);
    const dir = mkdtempSync(join(tmpdir(), 'yr-keep-'));
    const file = join(dir, 'bok.xlsx');
    writeFileSync(file, zipSync(p));
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--out',
      join(dir, 'ut'),
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('VARNING  Arbetsboken kunde inte sparas med allt som körningen inte ändrade orört');
    const wb = await load(file);
    expect(sheet(wb, 'Närvaro 2025').getCell('F2').value).toMatch(/^YR-2025-\d{4}$/);
  });
});

describe('patchSheet', () => {
  const ctx = () => {
    const styles = { withFormat: (base: number, code: string) => (code === FORMAT.date ? 7 : base + 100) };
    const strings = {
      list: [] as string[],
      add(s: string) {
        return this.list.push(s) - 1 + 10;
      },
    };
    return { styles, strings, date1904: false } as unknown as Parameters<typeof patchSheet>[2];
  };
  const sheetXml = (rows: string) =>
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><cols><col min="4" max="4" style="3"/></cols><sheetData>${rows}</sheetData><drawing r:id="rId1"/></worksheet>`;

  it('keeps rows and cells in order, styles from cell, row or column, and leaves the rest alone', () => {
    const xml = sheetXml(
      '<row r="1" spans="1:3"><c r="A1" s="2" t="s"><v>0</v></c><c r="C1"><f>A1</f><v>1</v></c></row><row r="3" s="5" customFormat="1"><c r="B3"><v>4</v></c></row>',
    );
    const patches = new Map<number, Map<number, CellPatch>>([
      [
        1,
        new Map([
          [2, { value: 'ny', numFmt: null }],
          [3, { value: 7, numFmt: null }],
        ]),
      ],
      [2, new Map([[4, { value: new CalendarDate('2025-01-01'), numFmt: FORMAT.date }]])],
      [
        3,
        new Map([
          [1, { value: true, numFmt: null }],
          [4, { value: '', numFmt: null }],
        ]),
      ],
      [9, new Map([[4, { value: 1, numFmt: '0.##' }]])],
    ]);
    const out = patchSheet(xml, patches, ctx());
    expect(out).toBe(
      sheetXml(
        '<row r="1"><c r="A1" s="2" t="s"><v>0</v></c><c r="B1" t="s"><v>10</v></c><c r="C1"><v>7</v></c></row>' +
          '<row r="2"><c r="D2" s="7"><v>45658</v></c></row>' +
          '<row r="3" s="5" customFormat="1"><c r="A3" s="5" t="b"><v>1</v></c><c r="B3"><v>4</v></c><c r="D3" s="5"/></row>' +
          '<row r="9"><c r="D9" s="103"><v>1</v></c></row>',
      ).replace('A1:C3', 'A1:D9'),
    );
  });
});
