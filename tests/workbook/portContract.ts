// The WorkbookPort contract, as every host must keep it. Each port's test file calls
// describePortContract with a factory (and, for file-backed ports, a reopen that saves and loads
// again, so values are checked after a round trip through the host's storage).
import { describe, expect, it } from 'vitest';
import { cellText } from '../../src/workbook/cells';
import {
  CalendarDate,
  dateTimeValue,
  FORMAT,
  type CellValue,
  type SheetDocument,
  type WorkbookPort,
} from '../../src/workbook/port';

type MakePort = (tabs: Record<string, CellValue[][]>) => Promise<WorkbookPort> | WorkbookPort;
type Reopen = (port: WorkbookPort) => Promise<WorkbookPort>;

/** CalendarDates compared by their ISO text, whatever module instance made them. */
function plain(rows: CellValue[][]): unknown[][] {
  return rows.map((r) =>
    r.map((v) => (typeof v === 'object' && v !== null && typeof v.iso === 'string' ? { date: v.iso } : v)),
  );
}

const LITERAL_TEXTS = [
  '=1+1',
  '=IMPORTXML("http://x";"//a")',
  '+46701234567',
  '@x',
  '-5',
  '2024-05',
  '2024-05-01',
  '00123',
  "'quoted",
  '1 550,00',
];

export function describePortContract(name: string, makePort: MakePort, reopen?: Reopen): void {
  const again = async (port: WorkbookPort) => (reopen ? reopen(port) : port);

  describe(`WorkbookPort contract: ${name}`, () => {
    it('lists tabs in order and reads an unknown tab as []', async () => {
      const port = await makePort({ Första: [['a']], Andra: [['b']], Tredje: [['c']] });
      expect(port.tabNames()).toEqual(['Första', 'Andra', 'Tredje']);
      expect(port.read('Finns inte')).toEqual([]);
    });

    it('reads the used range as equal-length rows with "" for empty cells', async () => {
      const port = await makePort({
        Data: [
          ['A', 'B', 'C'],
          ['x', '', ''],
          ['', '', 'z'],
        ],
      });
      const rows = port.read('Data');
      expect(rows).toEqual([
        ['A', 'B', 'C'],
        ['x', '', ''],
        ['', '', 'z'],
      ]);
      expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    });

    it('keeps numbers, booleans and text, and dates as CalendarDate, after a write and a reopen', async () => {
      let port = await makePort({ Data: [['Rubrik']] });
      port.write('Data', 2, 1, [[1550, 0.5, -3100.25, true, 'Luleå', new CalendarDate('2024-05-31')]]);
      port = await again(port);
      const row = port.read('Data')[1];
      expect(plain([row])).toEqual([[1550, 0.5, -3100.25, true, 'Luleå', { date: '2024-05-31' }]]);
      expect(typeof (row[5] as CalendarDate).iso).toBe('string');
    });

    it('round-trips dates around the turn of the year and leap days', async () => {
      let port = await makePort({ Data: [['Datum']] });
      const dates = ['2023-12-31', '2024-01-01', '2024-02-29', '2024-03-31', '2024-10-27', '2028-06-30'];
      port.write(
        'Data',
        2,
        1,
        dates.map((iso) => [new CalendarDate(iso)]),
        dates.map(() => [FORMAT.date]),
      );
      port = await again(port);
      expect(plain(port.read('Data').slice(1))).toEqual(dates.map((iso) => [{ date: iso }]));
    });

    it('round-trips a date-time (Skickad) as the wall clock it was written with, read as its text', async () => {
      let port = await makePort({ Data: [['Skickad']] });
      const times = [
        '2024-01-01 00:01',
        '2024-03-31 03:15',
        '2024-10-27 10:00',
        '2024-12-21 10:30',
        '2025-06-30 23:59',
      ];
      port.write(
        'Data',
        2,
        1,
        times.map((t) => [dateTimeValue(t)!]),
        times.map(() => [FORMAT.dateTime]),
      );
      port = await again(port);
      const read = port.read('Data').slice(1);
      expect(read.map((r) => cellText(r[0]))).toEqual(times);
      // Not text: a date-time the sheet can sort and filter (a CalendarDate with its time, or the
      // text an .xlsx reader gives for a cell formatted with the time of day).
      for (const [v] of read)
        expect(typeof v === 'object' || /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(String(v))).toBe(true);
    });

    it('stores text literally: formulas, phone numbers, @, and text that looks like a number or date', async () => {
      let port = await makePort({ Data: [['Text']] });
      port.write(
        'Data',
        2,
        1,
        LITERAL_TEXTS.map((t) => [t]),
      );
      port = await again(port);
      expect(port.read('Data').slice(1)).toEqual(LITERAL_TEXTS.map((t) => [t]));
    });

    it('writes a block without touching the cells around it (extra columns stay)', async () => {
      let port = await makePort({
        Data: [
          ['A', 'B', 'C', 'Egen'],
          ['a1', 'b1', 'c1', 'e1'],
          ['a2', 'b2', 'c2', 'e2'],
        ],
      });
      port.write('Data', 2, 2, [['B1'], ['B2'], ['B3']]);
      port = await again(port);
      expect(port.read('Data')).toEqual([
        ['A', 'B', 'C', 'Egen'],
        ['a1', 'B1', 'c1', 'e1'],
        ['a2', 'B2', 'c2', 'e2'],
        ['', 'B3', '', ''],
      ]);
    });

    it('writes with formats of the block shape, null leaving a format alone', async () => {
      let port = await makePort({ Data: [['Belopp', 'Datum']] });
      port.write('Data', 2, 1, [[1550, new CalendarDate('2024-12-20')]], [[FORMAT.money, null]]);
      port = await again(port);
      expect(plain(port.read('Data').slice(1))).toEqual([[1550, { date: '2024-12-20' }]]);
    });

    it('refuses a block that is not rectangular', async () => {
      const port = await makePort({ Data: [['A', 'B']] });
      expect(() => port.write('Data', 2, 1, [['x', 'y'], ['z']])).toThrow();
      expect(port.read('Data')).toEqual([['A', 'B']]);
    });

    it('creates a tab with headers and pre-filled rows, and refuses to create it twice', async () => {
      let port = await makePort({ Befintlig: [['x']] });
      port.createTab('Ny', {
        columns: [
          { header: 'Kommun' },
          { header: 'Fast kostnad (kr/år)', format: FORMAT.money },
          { header: 'Val', validation: { kind: 'list', values: ['Ja', 'Nej'] } },
        ],
        rows: [
          ['Luleå', 298992, 'Ja'],
          ['=SUM(1)', 1, 'Nej'],
        ],
        frozenRows: 1,
        protected: true,
      });
      expect(() => port.createTab('Ny', { columns: [{ header: 'Annat' }] })).toThrow();
      port = await again(port);
      expect(port.tabNames()).toEqual(['Befintlig', 'Ny']);
      expect(port.read('Ny')).toEqual([
        ['Kommun', 'Fast kostnad (kr/år)', 'Val'],
        ['Luleå', 298992, 'Ja'],
        ['=SUM(1)', 1, 'Nej'],
      ]);
    });

    it('draws a document into a new tab and redraws it from scratch', async () => {
      let port = await makePort({ Data: [['x']] });
      const big: SheetDocument = {
        columnWidths: [200, 100, 100],
        rows: [
          [{ value: 'Faktura', bold: true, size: 18 }, null, { value: '=HYPERLINK("x")' }],
          [
            { value: 'Belopp' },
            { value: 1550, format: FORMAT.money },
            { value: new CalendarDate('2024-05-20'), format: FORMAT.date },
          ],
          [{ value: 'Rad tre' }, null, null],
        ],
        merges: [{ row: 3, col: 1, rows: 1, cols: 3 }],
        print: { portrait: true, fitToWidth: true },
      };
      port.drawTab('YR-2024-0001 Luleå', big);
      port = await again(port);
      expect(plain(port.read('YR-2024-0001 Luleå'))).toEqual([
        ['Faktura', '', '=HYPERLINK("x")'],
        ['Belopp', 1550, { date: '2024-05-20' }],
        ['Rad tre', '', ''],
      ]);
      port.drawTab('YR-2024-0001 Luleå', { columnWidths: [100], rows: [[{ value: 'Ny' }]] });
      port = await again(port);
      expect(port.read('YR-2024-0001 Luleå')).toEqual([['Ny']]);
      expect(port.tabNames()).toEqual(['Data', 'YR-2024-0001 Luleå']);
    });

    it('reports the merged ranges over the used range, and none once a redraw has none', async () => {
      let port = await makePort({ Data: [['x']] });
      expect(port.merges('Data')).toEqual([]);
      expect(port.merges('Finns inte')).toEqual([]);
      const doc: SheetDocument = {
        columnWidths: [100, 100, 100],
        rows: [
          [{ value: 'Rubrik' }, null, null],
          [{ value: 'a' }, { value: 'b' }, { value: 'c' }],
          [{ value: 'd' }, null, { value: 'e' }],
          [{ value: 'f' }, null, null],
        ],
        merges: [
          { row: 1, col: 1, rows: 1, cols: 3 },
          { row: 3, col: 1, rows: 2, cols: 2 },
        ],
      };
      port.drawTab('Blad', doc);
      port = await again(port);
      const sorted = (blocks: ReturnType<WorkbookPort['merges']>) =>
        [...blocks].sort((a, b) => a.row - b.row || a.col - b.col);
      expect(sorted(port.merges('Blad'))).toEqual([
        { row: 1, col: 1, rows: 1, cols: 3 },
        { row: 3, col: 1, rows: 2, cols: 2 },
      ]);
      port.drawTab('Blad', { columnWidths: [100], rows: [[{ value: 'Ny' }]] });
      port = await again(port);
      expect(port.merges('Blad')).toEqual([]);
    });

    it('deletes a tab', async () => {
      let port = await makePort({ A: [['a']], B: [['b']] });
      port.deleteTab('A');
      port = await again(port);
      expect(port.tabNames()).toEqual(['B']);
      expect(port.read('A')).toEqual([]);
    });
  });
}
