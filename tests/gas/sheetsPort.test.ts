// The Apps Script port keeps the WorkbookPort contract over the fakes, as it is bundled.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarDate, FORMAT, type CellValue } from '../../src/workbook/port';
import { SheetsPort, fromHost, hostDateOf, isoOfHostDate, needsTextGuard, toHost } from '../../src/gas/sheets';
import { createGasEnvironment, type GasEnvironment } from './fakes';
import { settingsTab, toGasTabs } from '../fixtures/workbook';
import { describePortContract } from '../workbook/portContract';

/** SheetsPort uses the globals SpreadsheetApp and Session: install the fakes for the test's realm. */
function install(env: GasEnvironment): void {
  Object.assign(globalThis, env.globals);
}

function makePort(tabs: Record<string, CellValue[][]>) {
  const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
  install(env);
  return new SheetsPort(env.globals.SpreadsheetApp.getActiveSpreadsheet());
}

describePortContract('SheetsPort over the Apps Script fakes', makePort);

describe('SheetsPort', () => {
  const setup = (tabs: Record<string, CellValue[][]>) => {
    const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
    install(env);
    env.tracker.reset();
    return { env, port: new SheetsPort(env.globals.SpreadsheetApp.getActiveSpreadsheet()) };
  };

  it('reads a tab with one getValues and converts Dates to Stockholm calendar dates', () => {
    const { env, port } = setup({
      Data: [['Datum'], [new CalendarDate('2024-03-31')], [new CalendarDate('2024-10-27')]],
    });
    const rows = port.read('Data');
    expect(rows.map((r) => String(r[0]))).toEqual(['Datum', '2024-03-31', '2024-10-27']);
    expect(env.calls['Range.getValues']).toBe(1);
    expect(env.tracker.countMatching(/^Range\./)).toBe(1);
  });

  it('writes a block with one setValues and one setNumberFormats', () => {
    const { env, port } = setup({ Data: [['A', 'B']] });
    port.write(
      'Data',
      2,
      1,
      [
        [1, 'x'],
        [2, '=y'],
      ],
      [
        [FORMAT.money, FORMAT.text],
        [FORMAT.money, FORMAT.text],
      ],
    );
    expect(env.calls['Range.setValues']).toBe(1);
    expect(env.calls['Range.setNumberFormats']).toBe(1);
    expect(env.calls['Range.getNumberFormats']).toBeUndefined();
    expect(env.spreadsheet.read('Data')).toEqual([
      ['A', 'B'],
      [1, 'x'],
      [2, '=y'],
    ]);
    expect(env.spreadsheet.formats('Data')[1]).toEqual([FORMAT.money, FORMAT.text]);
  });

  it('writes text into cells already formatted as plain text as it is, without an apostrophe; elsewhere guarded', () => {
    const { env, port } = setup({ Data: [['Text', 'Allmänt']] });
    env.globals.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Data')!.getRange('A2:A3').setNumberFormat('@');
    env.tracker.reset();
    port.write('Data', 2, 1, [
      ['=1+1', '=1+1'],
      ['0012', '0012'],
    ]);
    // One read of the formats, only because the block holds text that Sheets would not keep.
    expect(env.calls['Range.getNumberFormats']).toBe(1);
    expect(env.spreadsheet.read('Data').slice(1)).toEqual([
      ['=1+1', '=1+1'],
      ['0012', '0012'],
    ]);
    expect(env.spreadsheet.formulas('Data').slice(1)).toEqual([
      ['', ''],
      ['', ''],
    ]);
  });

  it('grows the sheet when a block goes past its last row', () => {
    const { env, port } = setup({ Data: [['A']] });
    const block = Array.from({ length: 1500 }, (_, i) => [i]);
    port.write('Data', 2, 1, block);
    expect(env.spreadsheet.read('Data')).toHaveLength(1501);
    expect(env.calls['Sheet.insertRowsAfter']).toBe(1);
  });

  it('guards text that Sheets would interpret, and only that', () => {
    for (const s of [
      '=A1',
      '+46',
      '-',
      '@x',
      "'x",
      '2024-05-01',
      '00123',
      '1 550,00',
      '10%',
      'TRUE',
      'falskt',
      'maj 2024',
      '$5',
    ]) {
      expect(needsTextGuard(s), s).toBe(true);
    }
    for (const s of ['Luleå', 'YR-2024-0001', 'Anna Andersson', 'Barn och unga – myndighetsutövning', 'Ja']) {
      expect(needsTextGuard(s), s).toBe(false);
    }
    expect(toHost('=1')).toBe("'=1");
    expect(toHost('')).toBe('');
  });

  it('converts calendar dates to midnight Stockholm and back, whatever the process time zone', () => {
    for (const iso of ['2024-01-01', '2024-03-31', '2024-06-30', '2024-10-27', '2024-12-31', '1999-12-31']) {
      const d = hostDateOf(iso);
      expect(isoOfHostDate(d)).toBe(iso);
      expect(
        new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(
          d,
        ),
      ).toBe('00:00');
    }
  });

  it('round-trips every calendar date from 1900 to 2200 through a host Date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1) / 86400000, max: Date.UTC(2200, 11, 31) / 86400000 }),
        (day) => {
          const iso = new Date(day * 86400000).toISOString().slice(0, 10);
          expect(isoOfHostDate(hostDateOf(iso))).toBe(iso);
          expect(String(fromHost(hostDateOf(iso)))).toBe(iso);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('creates a tab with bold headers, frozen row, formats, drop-downs from another tab and protection', () => {
    const { env, port } = setup({ Kommuner: [['Kommun'], ['Luleå'], ['Boden']] });
    port.createTab('Närvaro', {
      columns: [
        { header: 'Datum', format: FORMAT.date, width: 100 },
        { header: 'Kommun', validation: { kind: 'range', tab: 'Kommuner', column: 1 } },
        { header: 'Inspelad', validation: { kind: 'list', values: ['Ja', 'Nej'] } },
      ],
      protected: true,
    });
    const sheet = env.spreadsheet.sheet('Närvaro')!;
    expect(env.spreadsheet.read('Närvaro')).toEqual([['Datum', 'Kommun', 'Inspelad']]);
    expect(sheet.cell('A1')!.fontWeight).toBe('bold');
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.cell('A2')!.format).toBe(FORMAT.date);
    expect(sheet.cell('A1000')!.format).toBe(FORMAT.date);
    expect(sheet.cell('B2')!.validation!.describe()).toEqual({ range: 'Kommuner!A2:A1000' });
    expect(sheet.cell('C9')!.validation!.describe()).toEqual({ list: ['Ja', 'Nej'] });
    expect(sheet.columnWidths.get(1)).toBe(100);
    // No Administratörer: every editor may edit after a warning (SPEC §4 "Who may").
    expect(sheet.protection!.warningOnly).toBe(true);
    expect(sheet.protection!.description).toMatch(/Yrkesresan/);
  });

  it('protects a created tab for exactly the owner and Administratörer, domain edit off', () => {
    const { env, port } = setup({
      Inställningar: settingsTab({ Administratörer: 'Karin@norrbotten.example, ola@norrbotten.example' }),
    });
    port.createTab('Fakturor', { columns: [{ header: 'Fakturanummer' }], protected: true });
    const p = env.spreadsheet.sheet('Fakturor')!.protection!;
    expect(p.warningOnly).toBe(false);
    expect(p.domainEdit).toBe(false);
    // The current user (admin@…) created it and cannot be removed, as in Sheets.
    expect([...p.editors].sort()).toEqual([
      'admin@norrbotten.example',
      'agare@norrbotten.example',
      'karin@norrbotten.example',
      'ola@norrbotten.example',
    ]);
    expect(p.allows('ola@norrbotten.example')).toBe(true);
    expect(p.allows('nisse@norrbotten.example')).toBe(false);
  });

  it('still creates a protected tab on a consumer account that lacks domain editing', () => {
    const env = createGasEnvironment({ consumer: true });
    install(env);
    const port = new SheetsPort(env.globals.SpreadsheetApp.getActiveSpreadsheet());
    port.createTab('Fakturor', { columns: [{ header: 'Fakturanummer' }], protected: true });
    expect(env.spreadsheet.read('Fakturor')).toEqual([['Fakturanummer']]);
    expect(env.spreadsheet.sheet('Fakturor')!.protection).not.toBeNull();
  });

  it('draws a document with one call per property, merges, widths and no gridlines', () => {
    const { env, port } = setup({});
    port.drawTab('YR-2024-0001 Luleå', {
      columnWidths: [200, 100, 100],
      rows: [
        [{ value: 'Faktura', bold: true, size: 18 }, null, null],
        [
          { value: 'Belopp', background: '#eeeeee' },
          { value: 1550, format: FORMAT.money, align: 'right' },
          { value: new CalendarDate('2024-05-20'), format: FORMAT.date },
        ],
      ],
      merges: [{ row: 1, col: 1, rows: 1, cols: 3 }],
    });
    const sheet = env.spreadsheet.sheet('YR-2024-0001 Luleå')!;
    for (const kind of ['setValues', 'setNumberFormats', 'setFontSizes', 'setHorizontalAlignments', 'merge']) {
      expect(env.calls[`Range.${kind}`], kind).toBe(1);
    }
    // Sparse styles: one RangeList per distinct value, only over the cells that have it.
    for (const kind of ['setFontWeight', 'setBackground']) {
      expect(env.calls[`RangeList.${kind}`], kind).toBe(1);
    }
    expect(env.calls['Range.setFontStyles']).toBeUndefined();
    expect(env.calls['RangeList.setFontStyle']).toBeUndefined();
    expect(sheet.cell('A1')!.fontWeight).toBe('bold');
    expect(sheet.cell('A1')!.fontSize).toBe(18);
    expect(sheet.cell('A2')!.background).toBe('#eeeeee');
    expect(sheet.cell('A2')!.fontWeight ?? 'normal').toBe('normal');
    expect(sheet.cell('B2')!.hAlign).toBe('right');
    expect(sheet.cell('B2')!.format).toBe(FORMAT.money);
    expect(sheet.merges).toEqual([{ row: 1, col: 1, rows: 1, cols: 3 }]);
    expect([...sheet.columnWidths]).toEqual([
      [1, 200],
      [2, 100],
      [3, 100],
    ]);
    expect(env.calls['Sheet.setColumnWidths']).toBe(1);
    expect(sheet.hiddenGridlines).toBe(true);
  });

  it('redraws over old merges of another shape', () => {
    const { env, port } = setup({});
    port.drawTab('Blad', {
      columnWidths: [100, 100],
      rows: [[{ value: 'a' }, null]],
      merges: [{ row: 1, col: 1, rows: 1, cols: 2 }],
    });
    port.drawTab('Blad', {
      columnWidths: [100, 100],
      rows: [
        [{ value: 'a' }, { value: 'b' }],
        [{ value: 'c' }, null],
      ],
      merges: [{ row: 2, col: 1, rows: 1, cols: 2 }],
    });
    expect(env.spreadsheet.read('Blad')).toEqual([
      ['a', 'b'],
      ['c', ''],
    ]);
    expect(env.spreadsheet.sheet('Blad')!.merges).toEqual([{ row: 2, col: 1, rows: 1, cols: 2 }]);
  });
});

describe('SheetsPort on a large tab', () => {
  it('reads 150 000 rows', () => {
    const rows: CellValue[][] = [['Datum', 'Dagar']];
    for (let i = 0; i < 150_000; i++) rows.push([new CalendarDate('2024-05-02'), 1]);
    const env = createGasEnvironment({ tabs: toGasTabs({ Närvaro: rows }) });
    install(env);
    const read = new SheetsPort(env.globals.SpreadsheetApp.getActiveSpreadsheet()).read('Närvaro');
    expect(read).toHaveLength(150_001);
    expect(String(read[150_000][0])).toBe('2024-05-02');
  });
});
