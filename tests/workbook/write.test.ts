import { describe, expect, it } from 'vitest';
import { runBilling, type BillOutcome } from '../../src/app/bill';
import { money2 } from '../../src/core/money';
import type { RunRequest } from '../../src/core/types';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { CalendarDate, type CellValue } from '../../src/workbook/port';
import { readWorkbook } from '../../src/workbook/read';
import { ATTENDANCE_HEADERS, INVOICE_HEADERS } from '../../src/workbook/schema';
import { writeSendStatus } from '../../src/workbook/write';
import { baseWorkbook, d, logRows, outsideLog, withoutLog } from './fixtures';

const MAY: RunRequest = { month: '2024-05', invoiceDate: '2024-05-20' };
const DECEMBER: RunRequest = { month: '2024-12', invoiceDate: '2024-12-18' };

/** What a run billed, comparable across workbooks. */
function billed(o: BillOutcome) {
  return (o.plan?.invoices ?? []).map((i) => ({
    number: i.number,
    municipality: i.municipality,
    total: money2(i.total),
    ocr: i.ocr,
    lines: i.lines.map((l) => `${l.kind} ${money2(l.amount)}`),
  }));
}

describe('writeRun', () => {
  it('writes each block once, in the crash-consistent order', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    const o = runBilling(wb, MAY);
    expect(o.written).toBe(true);
    const all = wb.mutations().map((c) => `${c.op} ${c.tab}`);
    // The audit log's row comes after the commit point.
    expect(all.slice(-2)).toEqual(['createTab Logg', 'write Logg']);
    const ops = all.slice(0, -2);
    const draws = ops.filter((o) => o.startsWith('drawTab'));
    expect(draws).toHaveLength(14);
    const idx = (s: string) => ops.indexOf(s);
    const lastDraw = Math.max(...draws.map((s) => ops.indexOf(s)));
    expect(idx('write Närvaro 2024')).toBeGreaterThan(lastDraw);
    expect(idx('write Närvaro Kalix')).toBeGreaterThan(lastDraw);
    expect(idx('write Fakturarader')).toBeGreaterThan(idx('write Närvaro 2024'));
    expect(idx('write Fakturarader')).toBeGreaterThan(idx('write Närvaro Kalix'));
    expect(idx('write Fakturor')).toBe(ops.length - 1);
    // One write per block, nothing per row or cell.
    const writes = ops.filter((o) => o.startsWith('write'));
    expect(writes).toEqual(['write Närvaro 2024', 'write Närvaro Kalix', 'write Fakturarader', 'write Fakturor']);
    // Utbildarlogg is untouched in May.
    expect(ops.some((o) => o.includes('Utbildarlogg'))).toBe(false);
  });

  it('stamps the billed rows, keeps other rows and extra columns, writes register rows with formats', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    runBilling(wb, MAY);
    const tabs = wb.snapshot();
    expect(tabs['Närvaro 2024'].slice(1).map((r) => r[5])).toEqual([
      'YR-2024-0009',
      'YR-2024-0009',
      'YR-2024-0009',
      'YR-2024-0008',
      'YR-2024-0003',
      '',
      '',
      '',
    ]);
    expect(tabs['Närvaro Kalix'].slice(1).map((r) => [r[5], r[6]])).toEqual([
      ['YR-2024-0007', 'sen anmälan'],
      ['', ''],
    ]);
    const fakturor = tabs['Fakturor'];
    expect(fakturor[0]).toEqual([...INVOICE_HEADERS]);
    const lulea = fakturor.find((r) => r[0] === 'YR-2024-0009')!;
    expect(lulea.map(String)).toEqual([
      'YR-2024-0009',
      '2024-05-20',
      '2024-06-19',
      '2024-05',
      'Luleå',
      '308292',
      '2024000909',
      'Skapad',
      '',
      '',
      '2024-05/1',
      '',
      '',
      '',
      '',
      '',
    ]);
    const formats = wb.tab('Fakturor')!.formats[1];
    expect(formats[5]).toBe('#,##0.00 "kr"');
    expect(formats[1]).toBe('yyyy-mm-dd');
  });

  it('adds a missing Fakturanummer column at the first free column, header included, in one write', () => {
    const tabs = baseWorkbook();
    tabs['Närvaro 2024'] = [
      ['Datum', 'Kurs-ID', 'Deltagare', 'Kommun', 'Dagar', 'Egen'],
      [d('2024-03-01'), 'BOU-B1', 'A', 'Boden', 1, 'x'],
      [d('2024-09-01'), 'BOU-B1', 'B', 'Boden', 1, ''],
    ];
    const wb = new MemoryWorkbook(tabs);
    runBilling(wb, MAY);
    expect(wb.read('Närvaro 2024')).toEqual([
      ['Datum', 'Kurs-ID', 'Deltagare', 'Kommun', 'Dagar', 'Egen', 'Fakturanummer'],
      [d('2024-03-01'), 'BOU-B1', 'A', 'Boden', 1, 'x', 'YR-2024-0003'],
      [d('2024-09-01'), 'BOU-B1', 'B', 'Boden', 1, '', ''],
    ]);
    expect(wb.calls.filter((c) => c.op === 'write' && c.tab === 'Närvaro 2024')).toEqual([
      { op: 'write', tab: 'Närvaro 2024', row: 1, col: 7, rows: 3, cols: 1 },
    ]);
  });

  it('writes nothing when there is nothing to bill (a re-run of the same month)', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    runBilling(wb, MAY);
    const before = wb.snapshot();
    const n = wb.mutations().length;
    const again = runBilling(wb, MAY);
    expect(again.plan?.invoices).toEqual([]);
    expect(again.written).toBe(false);
    expect(wb.mutations().length).toBe(n);
    expect(wb.snapshot()).toEqual(before);
  });

  it('keeps text literal: a participant called =IMPORTXML(…) stays text in the specification', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    runBilling(wb, MAY);
    const o = runBilling(wb, DECEMBER);
    const pitea = o.documents.find((x) => x.invoice.municipality === 'Piteå')!;
    expect(wb.read(pitea.sheet).flat()).toContain('=IMPORTXML("http://x";"//a")');
  });
});

describe('an interrupted run is invisible, and the next run completes it', () => {
  /** Mutations of the last run up to its commit point (the audit log's row follows it). */
  function mutationsOf(tabs: Record<string, CellValue[][]>, runs: RunRequest[]): number {
    const wb = new MemoryWorkbook(tabs);
    for (const r of runs.slice(0, -1)) runBilling(wb, r);
    const n = outsideLog(wb).length;
    runBilling(wb, runs[runs.length - 1]);
    return outsideLog(wb).length - n;
  }

  for (const [label, before, run] of [
    ['May', [] as RunRequest[], MAY],
    ['December after May', [MAY], DECEMBER],
  ] as const) {
    it(`${label}: a crash at every write in turn`, () => {
      const start = new MemoryWorkbook(baseWorkbook());
      for (const r of before) runBilling(start, r);
      const reference = start.clone();
      const uninterrupted = runBilling(reference, run);
      const total = mutationsOf(baseWorkbook(), [...before, run]);
      expect(total).toBeGreaterThan(4);
      for (let n = 1; n <= total; n++) {
        const wb = start.clone();
        wb.failOnMutation(n);
        expect(() => runBilling(wb, run)).toThrow('Simulerat avbrott');
        expect(logRows(wb).at(-1)).toEqual(['Fakturering', 'Avbruten']);
        // Nothing of the run is visible to readers, unless the commit point itself was reached.
        const seen = readWorkbook(wb);
        const ledgerBefore = readWorkbook(start).input.ledger;
        expect(seen.input.ledger.invoices.length).toBe(ledgerBefore.invoices.length);
        expect(seen.input.ledger.lines.length).toBe(ledgerBefore.lines.length);
        const stamped = (s: ReturnType<typeof readWorkbook>) =>
          s.input.attendance.filter((a) => a.invoiceNumber !== '').length +
          s.input.trainers.filter((t) => t.payoutInvoice !== '').length;
        expect(stamped(seen)).toBe(stamped(readWorkbook(start)));
        // The next run bills exactly what the uninterrupted run billed, and leaves the same workbook.
        const retry = runBilling(wb, run);
        expect(billed(retry)).toEqual(billed(uninterrupted));
        expect(withoutLog(wb.snapshot())).toEqual(withoutLog(reference.snapshot()));
        expect(logRows(wb).slice(-2)).toEqual([
          ['Fakturering', 'Avbruten'],
          ['Fakturering', 'Klar'],
        ]);
        expect(runBilling(wb, run).plan?.invoices).toEqual([]);
      }
    });
  }

  it('orphan Fakturarader rows are overwritten and leftovers cleared when the next run has fewer lines', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    // Crash right after Fakturarader: createTab ×2, drawTab ×14, 2 stamp writes, Fakturarader.
    wb.failOnMutation(2 + 14 + 2 + 1 + 1);
    expect(() => runBilling(wb, MAY)).toThrow();
    expect(wb.read('Fakturarader').length).toBe(19); // header + 18 orphan lines
    // Meanwhile the Kalix tab is removed: the next run has one line fewer.
    wb.deleteTab('Närvaro Kalix');
    const o = runBilling(wb, MAY);
    const lines = wb.read('Fakturarader');
    expect(lines.length).toBe(18);
    expect(lines.slice(1).map((r) => r[0])).toEqual(o.plan!.invoices.flatMap((i) => i.lines.map(() => i.number)));
    expect(readWorkbook(wb).input.ledger.lines).toHaveLength(17);
  });

  it('invoice sheets of an interrupted run that the next run does not redraw are removed', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    runBilling(wb, MAY);
    const n = outsideLog(wb).length;
    wb.failOnMutation(5); // December: four sheets drawn, then the crash
    expect(() => runBilling(wb, DECEMBER)).toThrow();
    expect(
      outsideLog(wb)
        .slice(n)
        .map((c) => c.op),
    ).toEqual(['drawTab', 'drawTab', 'drawTab', 'drawTab', 'write']);
    expect(wb.tabNames()).toContain('YR-2024-0015 Kalix');
    // Meanwhile Kalix's only December row goes away (its May row is billed and stays): the
    // numbers of the next run shift.
    wb.write('Närvaro Kalix', 3, 1, [['', '', '', '', '', '', '']]);
    const o = runBilling(wb, DECEMBER);
    expect(o.sheets).toEqual(['YR-2024-0015 Kiruna', 'YR-2024-0016 Luleå', 'YR-2024-0017 Piteå']);
    const invoiceSheets = wb.tabNames().filter((t) => /^YR-\d{4}-\d{4} /.test(t));
    expect(invoiceSheets).toHaveLength(14 + 3);
    expect(invoiceSheets).not.toContain('YR-2024-0015 Kalix');
    expect(invoiceSheets).not.toContain('YR-2024-0018 Piteå');
  });
});

describe('only the sheets the tool drew are ever deleted or drawn over', () => {
  const NOTES: CellValue[][] = [
    ['Mina anteckningar om faktureringen', ''],
    ['YR-2024-0099', 'ej skickad'],
  ];
  const rectangular = (rows: CellValue[][]) => {
    const width = Math.max(...rows.map((r) => r.length));
    return rows.map((r) => [...r, ...Array<CellValue>(width - r.length).fill('')]);
  };

  it('a tab named like an unregistered invoice number is left alone; the tool’s own leftovers still go', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    runBilling(wb, MAY);
    wb.failOnMutation(2); // December: one sheet drawn (YR-2024-0015 Kalix), then the crash
    expect(() => runBilling(wb, DECEMBER)).toThrow();
    wb.createTab('YR-2024-0099 Anteckningar', { columns: [{ header: 'Mina anteckningar om faktureringen' }] });
    wb.write('YR-2024-0099 Anteckningar', 1, 1, NOTES);
    // A copy of a billed sheet, renamed by hand to a number the register does not know.
    wb.createTab('YR-2024-0098 Boden kopia', { columns: [{ header: 'x' }] });
    wb.write('YR-2024-0098 Boden kopia', 1, 1, rectangular(wb.read('YR-2024-0003 Boden')));
    wb.write('Närvaro Kalix', 3, 1, [['', '', '', '', '', '', '']]); // the numbers of the next run shift
    const o = runBilling(wb, DECEMBER);
    expect(o.written).toBe(true);
    expect(wb.tabNames()).not.toContain('YR-2024-0015 Kalix');
    expect(wb.read('YR-2024-0099 Anteckningar')).toEqual(NOTES);
    expect(wb.tabNames()).toContain('YR-2024-0098 Boden kopia');
  });

  it('a tab of an administrator’s under the name a new invoice sheet would take is refused, naming it; nothing is written', () => {
    for (const name of ['YR-2024-0015 Kiruna', 'yr-2024-0015 KIRUNA']) {
      const wb = new MemoryWorkbook(baseWorkbook());
      runBilling(wb, MAY);
      wb.write('Närvaro Kalix', 3, 1, [['', '', '', '', '', '', '']]); // Kiruna gets YR-2024-0015
      wb.createTab(name, { columns: [{ header: 'Mina anteckningar om faktureringen' }] });
      wb.write(name, 1, 1, NOTES);
      const before = withoutLog(wb.snapshot());
      const o = runBilling(wb, DECEMBER);
      expect(o.written).toBe(false);
      const e = o.issues.filter((i) => i.severity === 'error');
      expect(e.map((i) => i.tab)).toEqual([name]);
      expect(e[0].message).toContain('Fakturan YR-2024-0015 ska ritas på fliken "YR-2024-0015 Kiruna"');
      expect(withoutLog(wb.snapshot())).toEqual(before);
    }
  });
});

describe('writeSendStatus', () => {
  it('writes Status, Skickad and Mottagare of one row in one write', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    runBilling(wb, MAY);
    const { layout } = readWorkbook(wb);
    const n = wb.mutations().length;
    writeSendStatus(wb, layout, 'YR-2024-0009', 'Skickad', '2024-05-21 09:15', 'socialchef@lulea.se');
    expect(wb.mutations().slice(n)).toEqual([{ op: 'write', tab: 'Fakturor', row: 10, col: 8, rows: 1, cols: 3 }]);
    const row = wb.read('Fakturor')[9];
    // Skickad is a date-time cell (the wall clock in Swedish time), read back as its text.
    expect(row.slice(7, 10)).toEqual(['Skickad', new CalendarDate('2024-05-21', '09:15'), 'socialchef@lulea.se']);
    expect(wb.tab('Fakturor')!.formats[9][8]).toBe('yyyy-mm-dd hh:mm');
    expect(readWorkbook(wb).input.ledger.invoices[8]).toMatchObject({
      status: 'Skickad',
      sent: '2024-05-21 09:15',
      recipient: 'socialchef@lulea.se',
    });
  });

  it('writes cell by cell when the columns were moved apart, and refuses an unknown number', () => {
    const tabs = baseWorkbook();
    tabs['Fakturor'] = [
      [
        'Fakturanummer',
        'Status',
        'Fakturadatum',
        'Förfallodatum',
        'Period',
        'Kommun',
        'Belopp',
        'OCR',
        'Skickad',
        'Mottagare',
        'Körning',
      ],
      [
        'YR-2024-0001',
        'Skapad',
        d('2024-05-20'),
        d('2024-06-19'),
        '2024-05',
        'Boden',
        1350,
        '2024000101',
        '',
        '',
        '2024-05/1',
      ],
    ];
    const wb = new MemoryWorkbook(tabs);
    const { layout } = readWorkbook(wb);
    writeSendStatus(wb, layout, 'YR-2024-0001', 'Fel: ogiltig adress', '', '');
    expect(wb.mutations()).toHaveLength(3);
    expect(wb.read('Fakturor')[1][1]).toBe('Fel: ogiltig adress');
    expect(() => writeSendStatus(wb, layout, 'YR-2024-0099', 'Skickad', '', '')).toThrow(/finns inte/);
  });
});

describe('attendance tabs the run does not touch', () => {
  it('are not written at all', () => {
    const tabs = baseWorkbook();
    tabs['Närvaro 2023'] = [[...ATTENDANCE_HEADERS]];
    const wb = new MemoryWorkbook(tabs);
    runBilling(wb, MAY);
    expect(wb.calls.some((c) => c.op === 'write' && c.tab === 'Närvaro 2023')).toBe(false);
  });
});

describe('tabs that exist but are wholly empty', () => {
  it('an empty Närvaro tab reads as empty; empty register tabs get their header with the first rows', () => {
    const tabs = {
      ...baseWorkbook(),
      'Närvaro tom': [] as CellValue[][],
      Fakturor: [] as CellValue[][],
      Fakturarader: [] as CellValue[][],
    };
    const wb = new MemoryWorkbook(tabs);
    expect(readWorkbook(wb).issues.filter((i) => i.severity === 'error')).toEqual([]);
    const o = runBilling(wb, MAY);
    expect(o.written).toBe(true);
    expect(outsideLog(wb).filter((c) => c.op === 'createTab')).toEqual([]);
    expect(wb.read('Fakturor')[0]).toEqual([...INVOICE_HEADERS]);
    expect(wb.read('Fakturor')).toHaveLength(15);
    expect(wb.tab('Fakturor')!.formats[0].every((f) => f === undefined || f === null)).toBe(true);
    expect(readWorkbook(wb).input.ledger.lines).toHaveLength(18);
    expect(runBilling(wb, MAY).plan!.invoices).toEqual([]);
  });
});
