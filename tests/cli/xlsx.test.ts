// The ExcelJS port on its own: value conversions, literal text, tab creation, drawing, and
// that everything survives a real save to .xlsx and a reopen.
import ExcelJS from 'exceljs';
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XlsxWorkbook, readExcelJS, toCellValue } from '../../src/cli/xlsx';
import { packageValidations } from '../../src/cli/xlsxValidations';
import { CalendarDate, FORMAT } from '../../src/workbook/port';
import { OpcPackage } from '../../src/cli/xlsxPackage';

// ExcelJS's typings leave out the worksheet's protection record.
const protection = (ws: ExcelJS.Worksheet) => (ws as unknown as { sheetProtection?: object | null }).sheetProtection;
const tmp = () => mkdtempSync(join(tmpdir(), 'yr-xlsx-'));

async function saved(port: XlsxWorkbook): Promise<string> {
  const file = join(tmp(), 'wb.xlsx');
  await port.save(file);
  return file;
}

async function reopen(port: XlsxWorkbook): Promise<XlsxWorkbook> {
  return XlsxWorkbook.open(await saved(port));
}

describe('toCellValue', () => {
  it('maps ExcelJS cell contents to product values', () => {
    expect(toCellValue(null)).toBe('');
    expect(toCellValue(undefined)).toBe('');
    expect(toCellValue(3.5)).toBe(3.5);
    expect(toCellValue(true)).toBe(true);
    expect(toCellValue('text')).toBe('text');
    expect(toCellValue(new Date(Date.UTC(2024, 2, 5)), 'yyyy-mm-dd')).toEqual(new CalendarDate('2024-03-05'));
    expect(toCellValue({ formula: 'A1*2', result: 7 })).toBe(7);
    expect(toCellValue({ sharedFormula: 'B2', result: 'x' })).toBe('x');
    expect(toCellValue({ formula: 'A1', result: new Date(Date.UTC(2025, 11, 31)) })).toEqual(
      new CalendarDate('2025-12-31'),
    );
    expect(toCellValue({ formula: '1/0', result: { error: '#DIV/0!' } })).toBe('#DIV/0!');
    expect(toCellValue({ richText: [{ text: 'Lu' }, { font: { bold: true }, text: 'leå' }] })).toBe('Luleå');
    expect(toCellValue({ text: 'a@b.se', hyperlink: 'mailto:a@b.se' })).toBe('a@b.se');
    expect(toCellValue({ text: { richText: [{ text: 'länk' }] }, hyperlink: 'https://x.exempel.se' })).toBe('länk');
    expect(toCellValue({ error: '#N/A' })).toBe('#N/A');
  });

  it('keeps the time of day of a date-time cell as text', () => {
    expect(toCellValue(new Date(Date.UTC(2025, 4, 31, 14, 5)), FORMAT.dateTime)).toBe('2025-05-31 14:05');
    expect(toCellValue(new Date(Date.UTC(2025, 4, 31, 14, 5)), FORMAT.date)).toEqual(new CalendarDate('2025-05-31'));
  });
});

describe('XlsxWorkbook', () => {
  it('round-trips values, formats and literal text through a saved file', async () => {
    const port = XlsxWorkbook.empty();
    port.createTab('Data', { columns: [{ header: 'A' }, { header: 'B' }, { header: 'C' }] });
    port.write(
      'Data',
      2,
      1,
      [
        ['=IMPORTXML("x")', 12.5, new CalendarDate('2024-02-29')],
        ['+46 70', true, ''],
        ['007', '2024-01-01', '@home'],
      ],
      [
        [null, FORMAT.money, null],
        [null, null, null],
        [FORMAT.text, null, null],
      ],
    );
    const back = await reopen(port);
    expect(back.read('Data')).toEqual([
      ['A', 'B', 'C'],
      ['=IMPORTXML("x")', 12.5, new CalendarDate('2024-02-29')],
      ['+46 70', true, ''],
      ['007', '2024-01-01', '@home'],
    ]);
    const ws = back.workbook.getWorksheet('Data')!;
    expect(ws.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('B2').numFmt).toBe(FORMAT.money);
    expect(ws.getCell('C2').numFmt).toBe(FORMAT.date);
    expect(ws.getCell('C2').value).toEqual(new Date(Date.UTC(2024, 1, 29)));
  });

  it('formats only the cells written, also where loaded cells shared one style', async () => {
    const raw = new ExcelJS.Workbook();
    const ws = raw.addWorksheet('Närvaro');
    for (const address of ['A1', 'B1', 'A2', 'B2', 'C2']) {
      ws.getCell(address).value = address === 'C2' ? 7 : address;
      ws.getCell(address).font = { name: 'Arial', size: 10 }; // one style for all, as Sheets exports
    }
    const port = await XlsxWorkbook.fromBuffer(new Uint8Array(await raw.xlsx.writeBuffer()));
    port.write('Närvaro', 2, 2, [['YR-2025-0001']], [[FORMAT.text]]);
    port.write('Närvaro', 3, 1, [[new CalendarDate('2025-05-31')]]);
    const back = (await reopen(port)).workbook.getWorksheet('Närvaro')!;
    expect(back.getCell('B2').numFmt).toBe(FORMAT.text);
    expect(back.getCell('B2').font).toMatchObject({ name: 'Arial', size: 10 });
    expect(back.getCell('A3').numFmt).toBe(FORMAT.date);
    for (const address of ['A1', 'B1', 'A2', 'C2'])
      expect(back.getCell(address).numFmt ?? 'General', address).toBe('General');
  });

  it('reads the used range as a rectangle and ignores styled empty cells', () => {
    const port = XlsxWorkbook.empty();
    const ws = port.workbook.addWorksheet('T');
    ws.getCell('B3').value = 'x';
    ws.getCell('D1').value = 4;
    ws.getCell('F9').numFmt = '0.00';
    expect(port.read('T')).toEqual([
      ['', '', '', 4],
      ['', '', '', ''],
      ['', 'x', '', ''],
    ]);
    expect(port.read('Saknas')).toEqual([]);
    port.workbook.addWorksheet('Tom');
    expect(port.read('Tom')).toEqual([]);
  });

  it('reads merged cells once, at their top-left cell', () => {
    const port = XlsxWorkbook.empty();
    const ws = port.workbook.addWorksheet('M');
    ws.getCell('A1').value = 'rubrik';
    ws.mergeCells('A1:C1');
    ws.getCell('A2').value = 1;
    ws.getCell('B2').value = 2;
    expect(port.read('M')).toEqual([
      ['rubrik', ''],
      [1, 2],
    ]);
  });

  it('creates tabs with bold headers, frozen rows, formats, validations and protection', async () => {
    const port = XlsxWorkbook.empty();
    port.createTab('Kommuner', { columns: [{ header: 'Kommun', width: 140 }] });
    port.createTab('Närvaro', {
      columns: [
        { header: 'Datum', format: FORMAT.date, width: 100 },
        { header: 'Kommun', validation: { kind: 'range', tab: 'Kommuner', column: 1 } },
        { header: 'Inspelad', validation: { kind: 'list', values: ['Ja', 'Nej'] } },
      ],
      rows: [[new CalendarDate('2024-05-02'), 'Luleå', 'Nej']],
    });
    port.createTab('Fakturor', { columns: [{ header: 'Fakturanummer' }], protected: true, frozenRows: 2 });
    expect(() => port.createTab('Fakturor', { columns: [] })).toThrow();
    const back = await reopen(port);
    expect(back.tabNames()).toEqual(['Kommuner', 'Närvaro', 'Fakturor']);
    expect(back.read('Närvaro')).toEqual([
      ['Datum', 'Kommun', 'Inspelad'],
      [new CalendarDate('2024-05-02'), 'Luleå', 'Nej'],
    ]);
    const ws = back.workbook.getWorksheet('Närvaro')!;
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(1).numFmt).toBe(FORMAT.date);
    expect(ws.getColumn(1).width).toBeCloseTo((100 - 5) / 7, 1);
    // Drop-downs as Excel sees them, also after the port has loaded and saved the file again.
    for (const file of [await saved(port), await saved(await reopen(back))]) {
      const raw = new ExcelJS.Workbook();
      await raw.xlsx.readFile(file);
      const närvaro = raw.getWorksheet('Närvaro')!;
      expect(närvaro.getCell('B2').dataValidation).toMatchObject({
        type: 'list',
        errorStyle: 'warning',
        showErrorMessage: true,
        formulae: ["'Kommuner'!$A$2:$A$2001"],
      });
      expect(närvaro.getCell('B2001').dataValidation).toMatchObject({
        type: 'list',
        formulae: ["'Kommuner'!$A$2:$A$2001"],
      });
      expect(närvaro.getCell('C7').dataValidation).toMatchObject({
        type: 'list',
        errorStyle: 'warning',
        formulae: ['"Ja,Nej"'],
      });
      expect(närvaro.getCell('A7').dataValidation).toBeUndefined();
      expect(närvaro.getCell('B1').dataValidation).toBeUndefined();
    }
    const reg = back.workbook.getWorksheet('Fakturor')!;
    expect(protection(reg)).toMatchObject({ sheet: true, algorithmName: 'SHA-512' });
    expect(reg.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(protection(ws) ?? null).toBeNull();
  });

  it('keeps a loaded validation as ranges: one per run of rows of a column, in any order of the file', async () => {
    // One <dataValidation> over "B5 B3 B2 D4 D5 B7": ExcelJS hands out one object per cell.
    const raw = new ExcelJS.Workbook();
    const ws = raw.addWorksheet('Närvaro');
    ws.getCell('A1').value = 'x';
    const list = { type: 'list', allowBlank: true, formulae: ['"Ja,Nej"'] } as ExcelJS.DataValidation;
    (ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
      'B2:B3',
      list,
    );
    const file = join(tmp(), 'dv.xlsx');
    await raw.xlsx.writeFile(file);
    const pkg = OpcPackage.read(readFileSync(file));
    const part = pkg.names().find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))!;
    expect(pkg.text(part)).toContain('sqref="B2:B3"');
    pkg.setText(part, pkg.text(part)!.replace('sqref="B2:B3"', 'sqref="B5 B3 B2 D4 D5 B7"'));
    const port = await XlsxWorkbook.fromBuffer(pkg.toBytes());
    const model = (
      port.workbook.getWorksheet('Närvaro') as unknown as {
        dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> };
      }
    ).dataValidations.model;
    expect(Object.keys(model).sort()).toEqual(['B2:B3', 'B5', 'B7', 'D4:D5']);
    const shared = model['B2:B3'];
    expect(shared).toMatchObject({ type: 'list', formulae: ['"Ja,Nej"'] });
    expect(Object.values(model).every((v) => v === shared)).toBe(true);
  });

  it('reads validations from the package exactly as ExcelJS reads them and folds them back', async () => {
    // The sample, a billed copy of it (the tool's own drop-downs) and hand-written sheets: the
    // validations set from the package's XML equal, in order, value and sharing, those ExcelJS
    // reads cell by cell and the port folds back (readExcelJS with no package); cases the XML
    // reading leaves to ExcelJS give the same too.
    const sample = readFileSync(join(import.meta.dirname, '../../examples/exempel.xlsx'));
    expect(packageValidations(OpcPackage.read(sample))).not.toBeNull();
    const billed = await XlsxWorkbook.fromBuffer(sample);
    billed.createTab('Ny', {
      columns: [{ header: 'Kommun', validation: { kind: 'list', values: ['A', 'B & "C"'] } }],
    });
    const raw = new ExcelJS.Workbook();
    raw.addWorksheet('Blad').getCell('A1').value = 'x';
    const plain = OpcPackage.read(new Uint8Array(await raw.xlsx.writeBuffer()));
    const part = plain.names().find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))!;
    const withValidations = (inner: string, extra = '') => {
      const pkg = plain.clone();
      pkg.setText(
        part,
        pkg
          .text(part)!
          .replace('</sheetData>', `</sheetData>${extra}<dataValidations count="9">${inner}</dataValidations>`),
      );
      return pkg.toBytes();
    };
    const list = (sqref: string, more = '') =>
      `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${sqref}"${more}><formula1>"Ja,Nej"</formula1></dataValidation>`;
    const cases: [string, Uint8Array, boolean][] = [
      ['sample', sample, true],
      ['billed', await billed.toBuffer(), true],
      ['ranges in any order', withValidations(list('B5 B3 B2 D4 D5 B7') + list('E2:F4 G1 E6:E9 H3')), true],
      [
        'every kind of field',
        withValidations(
          '<dataValidation type="whole" operator="greaterThan" sqref="F2:F9"><formula1>3</formula1></dataValidation>' +
            '<dataValidation type="decimal" showInputMessage="true" promptTitle="T &amp; t" prompt="&#x41;&#66;" sqref="G2"><formula1>1.5</formula1><formula2>2.5</formula2></dataValidation>' +
            '<dataValidation type="textLength" errorStyle="stop" errorTitle="E" error="&lt;&gt;&quot;&apos;" sqref="H1:H3"><formula1>10</formula1></dataValidation>' +
            '<dataValidation sqref="J1"/><dataValidation type="" allowBlank="0" sqref="K1"></dataValidation>' +
            '<dataValidation type="custom" sqref="L1:M2"><formula1>ISNUMBER(L1)</formula1></dataValidation>' +
            list('N1', ' xr:uid="{1}"'),
        ),
        true,
      ],
      ['overlapping ranges', withValidations(list('A1:A5') + list('A3:B3')), false],
      [
        'a date',
        withValidations('<dataValidation type="date" sqref="A1"><formula1>45000</formula1></dataValidation>'),
        false,
      ],
      ['a comment', withValidations(`<!-- x -->${list('A1')}`), false],
      ['a line break in a value', withValidations(list('A1', ' prompt="a\nb"')), false],
    ];
    for (const [name, bytes, read] of cases) {
      expect(packageValidations(OpcPackage.read(bytes)) !== null, name).toBe(read);
      const models = (wb: ExcelJS.Workbook) =>
        wb.worksheets.map((ws) => {
          const model = (ws as unknown as { dataValidations: { model: Record<string, object> } }).dataValidations.model;
          const shared: object[] = [];
          // Each entry with the index of its object: entries of one element share one object.
          return Object.entries(model).map(([address, v]) => {
            if (!shared.includes(v)) shared.push(v);
            return [address, shared.indexOf(v), v];
          });
        });
      const fast = await readExcelJS(bytes);
      const excel = await readExcelJS(bytes, null);
      expect(models(fast), name).toEqual(models(excel));
      expect(models(excel).flat().length > 0 || name === 'a comment', name).toBe(true);
    }
  });

  it('draws a document, redraws it in place, and deletes tabs', async () => {
    const port = XlsxWorkbook.empty();
    port.createTab('Först', { columns: [{ header: 'x' }] });
    port.drawTab('Faktura', {
      columnWidths: [200, 100],
      rows: [
        [{ value: 'FAKTURA', bold: true, size: 16 }, null],
        [{ value: 'Summa' }, { value: 1550, format: FORMAT.money, align: 'right', background: '#eeeeee' }],
        [{ value: 'gammal rad' }, { value: 'x' }],
      ],
      merges: [{ row: 1, col: 1, rows: 1, cols: 2 }],
      print: { portrait: true, fitToWidth: true },
    });
    port.createTab('Sist', { columns: [{ header: 'y' }] });
    port.drawTab('Faktura', {
      columnWidths: [300],
      rows: [[{ value: '=1+1', italic: true, wrap: true }], [{ value: new CalendarDate('2025-12-19') }]],
    });
    const back = await reopen(port);
    expect(back.tabNames()).toEqual(['Först', 'Faktura', 'Sist']);
    expect(back.read('Faktura')).toEqual([['=1+1'], [new CalendarDate('2025-12-19')]]);
    const ws = back.workbook.getWorksheet('Faktura')!;
    expect(ws.getCell('A1').font?.italic).toBe(true);
    expect(ws.getCell('A1').alignment?.wrapText).toBe(true);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait' });
    expect(ws.views[0]?.showGridLines).toBe(false);
    expect(Object.keys(ws.model.merges ?? [])).toHaveLength(0);

    port.drawTab('Ny', {
      columnWidths: [200, 100],
      rows: [
        [{ value: 'A', bold: true, size: 16 }, null],
        [{ value: 'Summa' }, { value: 1550, format: FORMAT.money, align: 'right', background: '#eeeeee' }],
      ],
      merges: [{ row: 1, col: 1, rows: 1, cols: 2 }],
    });
    const again = await reopen(port);
    const ny = again.workbook.getWorksheet('Ny')!;
    expect(ny.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
    expect(ny.getCell('B2').numFmt).toBe(FORMAT.money);
    expect(ny.getCell('B2').alignment?.horizontal).toBe('right');
    expect(ny.getCell('B2').fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFEEEEEE' } });
    expect(ny.model.merges).toEqual(['A1:B1']);
    expect(again.read('Ny')).toEqual([
      ['A', ''],
      ['Summa', 1550],
    ]);

    again.deleteTab('Först');
    again.deleteTab('Finns inte');
    expect(again.tabNames()).toEqual(['Faktura', 'Sist', 'Ny']);
  });

  it('saves atomically: no temp file is left and the target holds the new workbook', async () => {
    const dir = tmp();
    const file = join(dir, 'bok.xlsx');
    writeFileSync(file, 'gammalt innehåll');
    const port = XlsxWorkbook.empty();
    port.createTab('A', { columns: [{ header: 'h' }] });
    await port.save(file);
    expect(readdirSync(dir)).toEqual(['bok.xlsx']);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    expect((await XlsxWorkbook.open(file)).read('A')).toEqual([['h']]);
  });

  it('saves through a symbolic link and keeps the file’s permissions', async () => {
    const dir = tmp();
    const real = join(dir, 'riktig.xlsx');
    const link = join(dir, 'länk.xlsx');
    await XlsxWorkbook.empty().save(real);
    chmodSync(real, 0o640);
    symlinkSync(real, link);
    const port = XlsxWorkbook.empty();
    port.createTab('B', { columns: [{ header: 'h' }] });
    await port.save(link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect((await XlsxWorkbook.open(real)).tabNames()).toEqual(['B']);
    expect(readdirSync(dir).sort()).toEqual(['länk.xlsx', 'riktig.xlsx']);
  });

  it('tracks whether anything was changed', () => {
    const port = XlsxWorkbook.empty();
    expect(port.changed).toBe(false);
    port.read('x');
    port.tabNames();
    expect(port.changed).toBe(false);
    port.createTab('A', { columns: [{ header: 'h' }] });
    expect(port.changed).toBe(true);
  });
});
