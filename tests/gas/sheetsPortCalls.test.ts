// The Apps Script port's calls do not grow with the data: drawn sheets are sized in one call,
// sparse styles go through one RangeList per value, grid styles cover only their cells' box,
// sheets are looked up once, and register appends grow their tab in one call.
import { describe, expect, it } from 'vitest';
import { SheetsPort } from '../../src/gas/sheets';
import { FORMAT, CalendarDate, type CellValue, type DocCell, type SheetDocument } from '../../src/workbook/port';
import { toGasTabs } from '../fixtures/workbook';
import { createGasEnvironment, type FakeSheet, type GasEnvironment } from './fakes';

function setup(tabs: Record<string, CellValue[][]> = {}) {
  const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
  Object.assign(globalThis, env.globals);
  env.tracker.reset();
  return { env, port: new SheetsPort(env.globals.SpreadsheetApp.getActiveSpreadsheet()) };
}

/** An invoice-like document: a head, a table of `n` rows with a heading every 3 rows, two wide rows. */
function document(n: number): SheetDocument {
  const rows: (DocCell | null)[][] = [
    [
      { value: 'Faktura', bold: true, size: 18 },
      null,
      { value: 'Datum', bold: true },
      { value: new CalendarDate('2025-12-19'), format: FORMAT.date, align: 'left' },
    ],
    [{ value: 'Adress\nGata 1', wrap: true }, null, null, null],
  ];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0)
      rows.push([
        { value: `Kurs ${i}`, bold: true },
        { value: 'Datum', bold: true, background: '#e8eef4' },
        null,
        null,
      ]);
    rows.push([
      { value: `Deltagare ${i}` },
      { value: new CalendarDate('2025-11-03'), format: FORMAT.date, align: 'left' },
      { value: 1, align: 'right' },
      null,
    ]);
  }
  rows.push([
    { value: 'Summa', italic: true },
    null,
    null,
    { value: 1550, format: FORMAT.money, align: 'right', bold: true },
  ]);
  rows.push([{ value: 'Betala till bankgiro …', wrap: true }, null, null, null]);
  rows.push([{ value: 'Frågor: …', wrap: true }, null, null, null]);
  const h = rows.length;
  return {
    columnWidths: [300, 90, 110, 120],
    rows,
    merges: [
      { row: h - 1, col: 1, rows: 1, cols: 4 },
      { row: h, col: 1, rows: 1, cols: 4 },
    ],
    print: { portrait: true, fitToWidth: true },
  };
}

function draw(n: number): { env: GasEnvironment; sheet: FakeSheet; doc: SheetDocument } {
  const { env, port } = setup();
  const doc = document(n);
  port.drawTab('YR-2025-0001 Luleå', doc);
  return { env, sheet: env.spreadsheet.sheet('YR-2025-0001 Luleå')!, doc };
}

describe('SheetsPort.drawTab', () => {
  it('makes the same calls, kind by kind, for a short and a tall document, but for how the rows are sized', () => {
    const short = draw(30);
    const tall = draw(3000);
    const sizing = ['Sheet.insertRowsAfter', 'Sheet.deleteRows'];
    const others = (calls: Record<string, number>) =>
      Object.fromEntries(Object.entries(calls).filter(([k]) => !sizing.includes(k)));
    expect(others({ ...tall.env.calls })).toEqual(others({ ...short.env.calls }));
    // One call sizes the sheet to its document: a short one loses the new sheet's spare rows.
    expect(short.env.calls['Sheet.deleteRows']).toBe(1);
    expect(short.env.calls['Sheet.insertRowsAfter']).toBeUndefined();
    expect(short.sheet.maxRows).toBe(short.doc.rows.length);
    expect(tall.env.calls['Sheet.insertRowsAfter']).toBe(1);
    expect(tall.sheet.maxRows).toBe(tall.doc.rows.length);
  });

  it('sizes a tall sheet to its document in one call', () => {
    const { env, sheet, doc } = draw(3000);
    expect(env.calls['Sheet.insertRowsAfter']).toBe(1);
    expect(sheet.maxRows).toBe(doc.rows.length);
    expect(env.spreadsheet.read('YR-2025-0001 Luleå')).toHaveLength(doc.rows.length);
  });

  it('styles every cell as the document says, sparse styles only where set', () => {
    const { sheet, doc } = draw(10);
    doc.rows.forEach((r, i) =>
      r.forEach((c, j) => {
        const cell = sheet.cellAt(i + 1, j + 1, false);
        const at = `row ${i + 1} col ${j + 1}`;
        expect(cell?.fontWeight === 'bold', at).toBe(!!c?.bold);
        expect(cell?.fontStyle === 'italic', at).toBe(!!c?.italic);
        expect(cell?.background, at).toBe(c?.background);
        if (c?.format) expect(cell?.format, at).toBe(c.format);
        if (c?.align) expect(cell?.hAlign, at).toBe(c.align);
        if (c?.size) expect(cell?.fontSize, at).toBe(c.size);
        expect(!!cell?.wrap, at).toBe(!!c?.wrap);
      }),
    );
    const h = doc.rows.length;
    expect(sheet.merges).toEqual([
      { row: h - 1, col: 1, rows: 1, cols: 4 },
      { row: h, col: 1, rows: 1, cols: 4 },
    ]);
    expect([...sheet.columnWidths]).toEqual([
      [1, 300],
      [2, 90],
      [3, 110],
      [4, 120],
    ]);
    expect(sheet.hiddenGridlines).toBe(true);
  });

  it('applies each sparse style value with one RangeList of rectangles', () => {
    const { env } = draw(6);
    const lists = env.tracker.log.filter((c) => c.kind === 'Sheet.getRangeList');
    // bold, italic and one background colour
    expect(lists).toHaveLength(3);
    expect(env.calls['RangeList.setFontWeight']).toBe(1);
    expect(env.calls['RangeList.setFontStyle']).toBe(1);
    expect(env.calls['RangeList.setBackground']).toBe(1);
    for (const kind of ['Range.setFontWeights', 'Range.setFontStyles', 'Range.setBackgrounds'])
      expect(env.calls[kind], kind).toBeUndefined();
  });

  it('limits grid styles to the box of the cells that set them', () => {
    const { env, doc } = draw(3000);
    const h = doc.rows.length;
    const targets = Object.fromEntries(
      env.tracker.log
        .filter((c) => /^Range\.set(NumberFormats|HorizontalAlignments|FontSizes|Wraps)$/.test(c.kind))
        .map((c) => [c.kind, c.target]),
    );
    // Dates and amounts are in B:D from row 1; sizes and wrapped text in column A.
    expect(targets['Range.setNumberFormats']).toBe(`YR-2025-0001 Luleå!B1:D${h - 2}`);
    expect(targets['Range.setHorizontalAlignments']).toBe(`YR-2025-0001 Luleå!B1:D${h - 2}`);
    expect(targets['Range.setFontSizes']).toBe(`YR-2025-0001 Luleå!A1:A${h}`);
    expect(targets['Range.setWraps']).toBe(`YR-2025-0001 Luleå!A1:A${h}`);
  });

  it('merges rows merged the same way one under the other with one mergeAcross', () => {
    const { env } = draw(5);
    expect(env.calls['Range.mergeAcross']).toBe(1);
    expect(env.calls['Range.merge']).toBeUndefined();
  });
});

describe('SheetsPort lookups and appends', () => {
  it('looks each sheet up once, and not at all after tabNames', () => {
    const { env, port } = setup({ Data: [['A'], ['x']], Other: [['B'], ['y']] });
    port.read('Data');
    port.write('Data', 2, 1, [['z']]);
    port.write('Data', 2, 1, [['w']]);
    expect(env.calls['Spreadsheet.getSheetByName']).toBe(1);
    expect(port.tabNames()).toEqual(['Data', 'Other']);
    port.read('Other');
    port.drawTab('Ny', { columnWidths: [100], rows: [[{ value: 'a' }]] });
    port.write('Ny', 1, 1, [['b']]);
    expect(port.tabNames()).toEqual(['Data', 'Other', 'Ny']);
    port.deleteTab('Ny');
    expect(port.tabNames()).toEqual(['Data', 'Other']);
    expect(() => port.write('Ny', 1, 1, [['c']])).toThrow(/finns inte/);
    expect(env.calls['Spreadsheet.getSheetByName']).toBe(1);
    expect(env.calls['Spreadsheet.getSheets']).toBe(1);
  });

  it('grows a tab only when the rows appended below its data do not fit, in one call whatever their number', () => {
    for (const n of [5, 2500]) {
      const { env, port } = setup({ Fakturor: [['Fakturanummer'], ['YR-2025-0001']] });
      port.read('Fakturor');
      env.tracker.reset();
      const rows = Array.from({ length: n }, (_, i) => [`YR-2025-${String(i + 2).padStart(4, '0')}`]);
      port.write('Fakturor', 3, 1, rows);
      expect(env.calls['Sheet.insertRowsAfter']).toBe(n <= 998 ? undefined : 1);
      expect(env.spreadsheet.read('Fakturor')).toHaveLength(2 + n);
      // A new tab's 1000 rows hold 5 more; 2500 need 1502 more, and get the block's height.
      expect(env.spreadsheet.sheet('Fakturor')!.maxRows).toBe(n <= 998 ? 1000 : 1000 + Math.max(n, 2 + n - 1000));
    }
  });

  it('updates rows within the data without growing the tab', () => {
    const { env, port } = setup({
      Närvaro: [
        ['Datum', 'Fakturanummer'],
        ['2025-11-03', ''],
        ['2025-11-04', ''],
      ],
    });
    port.read('Närvaro');
    env.tracker.reset();
    port.write('Närvaro', 2, 2, [['YR-2025-0001'], ['YR-2025-0001']]);
    expect(env.calls['Sheet.insertRowsAfter']).toBeUndefined();
    expect(env.spreadsheet.sheet('Närvaro')!.maxRows).toBe(1000);
  });

  it('gives a link to a drawn sheet by its id', () => {
    const { env, port } = setup();
    port.drawTab('YR-2025-0001 Luleå', document(1));
    const id = env.spreadsheet.sheet('YR-2025-0001 Luleå')!.sheetId;
    expect(port.link('YR-2025-0001 Luleå')).toMatch(new RegExp(`/edit#gid=${id}$`));
    expect(port.link('Saknas')).toBe('');
  });
});
