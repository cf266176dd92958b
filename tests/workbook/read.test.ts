import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/core/types';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import type { CellValue } from '../../src/workbook/port';
import { readWorkbook } from '../../src/workbook/read';
import { ATTENDANCE_HEADERS, INVOICE_HEADERS, LINE_HEADERS, TRAINER_HEADERS } from '../../src/workbook/schema';
import { baseWorkbook, d, settingsTab } from './fixtures';

function read(tabs: Record<string, CellValue[][]>) {
  return readWorkbook(new MemoryWorkbook(tabs));
}

function errors(issues: Issue[]) {
  return issues.filter((i) => i.severity === 'error');
}

function withAttendance(rows: CellValue[][]): Record<string, CellValue[][]> {
  return { ...baseWorkbook(), 'Närvaro 2024': [[...ATTENDANCE_HEADERS], ...rows] };
}

describe('readWorkbook: the happy path', () => {
  it('reads every tab once and types every record', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    const snap = readWorkbook(wb);
    expect(snap.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const reads = wb.calls.filter((c) => c.op === 'read').map((c) => c.tab);
    expect(new Set(reads).size).toBe(reads.length);
    expect(reads).toEqual(
      expect.arrayContaining(['Inställningar', 'Kommuner', 'Kurser', 'Närvaro 2024', 'Närvaro Kalix', 'Utbildarlogg']),
    );
    const { settings, municipalities, courses, attendance, trainers, ledger } = snap.input;
    expect(settings.association).toBe('Norrbottens Kommuner');
    expect(settings.fees.venue.toString()).toBe('1000');
    expect(settings.paymentDays).toBe(30);
    expect(settings.agreementFrom).toBe('2023-07-01');
    expect(settings.ocrLengthDigit).toBe(true);
    expect(municipalities).toHaveLength(14);
    expect(municipalities.find((m) => m.name === 'Överkalix')?.fixedCost?.toString()).toBe('12555');
    expect(courses.map((c) => c.id)).toEqual(['BOU-B1', 'BOU-B2', 'FU-B1', 'ALD-F1']);
    expect(courses[2].recorded).toBe(true);
    expect(courses[3].venueOverride?.toString()).toBe('800');
    expect(attendance).toHaveLength(10);
    expect(trainers).toHaveLength(3);
    expect(ledger).toEqual({ invoices: [], lines: [] });
  });

  it('resolves names forgivingly to the canonical municipality and Kurs-ID', () => {
    const snap = read(baseWorkbook());
    const rows = snap.input.attendance.filter((a) => a.ref.tab === 'Närvaro 2024').slice(0, 3);
    expect(rows.map((r) => r.municipality)).toEqual(['Luleå', 'Luleå', 'Luleå']);
    expect(rows.map((r) => r.courseId)).toEqual(['BOU-B1', 'BOU-B1', 'BOU-B1']);
    expect(rows.map((r) => r.ref.row)).toEqual([2, 3, 4]);
  });

  it('takes columns in any order, keeps extra columns out, reads text dates and Swedish numbers', () => {
    const snap = read(baseWorkbook());
    const kalix = snap.input.attendance.filter((a) => a.ref.tab === 'Närvaro Kalix');
    expect(kalix.map((a) => [a.date, a.courseId, a.participant, a.municipality, a.days.toString(), a.ref.row])).toEqual(
      [
        ['2024-05-06', 'BOU-B1', 'Maja Må', 'Kalix', '0.5', 2],
        ['2024-11-06', 'BOU-B2', 'Maja Må', 'Kalix', '1', 3],
      ],
    );
    const layout = snap.layout.attendance.find((t) => t.tab === 'Närvaro Kalix')!;
    expect(layout.columns['Fakturanummer']).toBe(6);
    expect(layout.width).toBe(7);
  });

  it('matches headers trimmed and case-insensitively', () => {
    const snap = read(withAttendance([]));
    const tabs = { ...baseWorkbook() };
    tabs['Närvaro 2024'] = [
      ['  datum ', 'KURS-ID', 'deltagare', 'Kommun ', 'DAGAR', 'fakturanummer'],
      [d('2024-03-01'), 'BOU-B1', 'A', 'Boden', '1,5', ''],
    ];
    const s2 = read(tabs);
    expect(errors(s2.issues)).toEqual([]);
    expect(s2.input.attendance.find((a) => a.ref.tab === 'Närvaro 2024')?.days.toString()).toBe('1.5');
    expect(errors(snap.issues)).toEqual([]);
  });

  it('ignores wholly empty rows but keeps the sheet row numbers', () => {
    const snap = read(
      withAttendance([
        ['', '', '', '', '', ''],
        [d('2024-03-01'), 'BOU-B1', 'A', 'Boden', 1, ''],
        ['  ', '', '', '', '', ''],
        [d('2024-03-02'), 'BOU-B1', 'B', 'Boden', 1, ''],
      ]),
    );
    expect(errors(snap.issues)).toEqual([]);
    expect(snap.input.attendance.filter((a) => a.ref.tab === 'Närvaro 2024').map((a) => a.ref.row)).toEqual([3, 5]);
  });

  it('reads every tab whose name starts with Närvaro, and none other', () => {
    const tabs = baseWorkbook();
    tabs['Närvaro extra'] = [[...ATTENDANCE_HEADERS], [d('2024-02-01'), 'BOU-B1', 'C', 'Jokkmokk', 1, '']];
    tabs['Gammal närvaro'] = [[...ATTENDANCE_HEADERS], [d('2024-02-01'), 'OKÄND', 'C', 'Jokkmokk', 1, '']];
    const snap = read(tabs);
    expect(errors(snap.issues)).toEqual([]);
    expect(new Set(snap.input.attendance.map((a) => a.ref.tab))).toEqual(
      new Set(['Närvaro 2024', 'Närvaro Kalix', 'Närvaro extra']),
    );
  });

  it('matches tab names and headers whatever their case and Unicode normalisation', () => {
    const tabs = baseWorkbook();
    tabs['närvaro 2025'] = [[...ATTENDANCE_HEADERS], [d('2024-02-01'), 'BOU-B1', 'C', 'Jokkmokk', 1, '']];
    // "Närvaro" and "Utbildarlogg" typed with a combining diaeresis (NFD), as some tools save them.
    tabs['Na\u0308rvaro NFD'] = [
      ['Datum', 'Kurs-ID', 'Deltagare', 'Kommun', 'Dagar', 'Fakturanummer'],
      [d('2024-02-02'), 'BOU-B1', 'D', 'Jokkmokk', 1, ''],
    ];
    const { Inställningar: settings, ...rest } = tabs;
    const snap = read({ ...rest, ['Insta\u0308llningar']: settings });
    expect(errors(snap.issues)).toEqual([]);
    expect(new Set(snap.input.attendance.map((a) => a.ref.tab))).toEqual(
      new Set(['Närvaro 2024', 'Närvaro Kalix', 'närvaro 2025', 'Na\u0308rvaro NFD']),
    );
    expect(snap.input.settings.orgNumber).not.toBe('');
  });

  it('treats missing Närvaro, Utbildarlogg and register tabs as empty', () => {
    const { 'Närvaro 2024': _a, 'Närvaro Kalix': _b, Utbildarlogg: _c, ...rest } = baseWorkbook();
    const snap = read(rest);
    expect(errors(snap.issues)).toEqual([]);
    expect(snap.input.attendance).toEqual([]);
    expect(snap.input.trainers).toEqual([]);
    expect(snap.layout.invoices.exists).toBe(false);
  });

  it('uses defaults for missing or blank settings and the administrators as lower-cased addresses', () => {
    const tabs = baseWorkbook();
    tabs['Inställningar'] = [
      ['Inställning', 'Värde'],
      ['Organisationsnummer', '802000-1239'],
      ['Bankgiro', '5050-1055'],
      ['Administratörer', 'Anna@Example.se, bo@example.se'],
      ['Moms (%)', '25'],
      ['Betalningsvillkor (dagar)', ''],
      ['OCR med längdsiffra', 'Nej'],
      ['Lokal och fika (kr/dag)', '1 200,50 kr'],
    ];
    const { settings } = read(tabs).input;
    expect(settings.administrators).toEqual(['anna@example.se', 'bo@example.se']);
    expect(settings.vatPercent.toString()).toBe('25');
    expect(settings.paymentDays).toBe(30);
    expect(settings.ocrLengthDigit).toBe(false);
    expect(settings.fees.venue.toString()).toBe('1200.5');
    expect(settings.invoicePrefix).toBe('YR');
  });
});

describe('readWorkbook: errors name tab, row, column and value', () => {
  function only(issues: Issue[]) {
    return errors(issues).map(({ tab, row, column, value }) => ({ tab, row, column, value }));
  }

  it('an unknown municipality', () => {
    const snap = read(withAttendance([[d('2024-03-01'), 'BOU-B1', 'A', 'Stockholm', 1, '']]));
    expect(only(snap.issues)).toEqual([{ tab: 'Närvaro 2024', row: 2, column: 'Kommun', value: 'Stockholm' }]);
    expect(errors(snap.issues)[0].message).toMatch(/Okänd kommun "Stockholm"/);
  });

  it('an ambiguous municipality (two rows in Kommuner fit)', () => {
    const tabs = withAttendance([[d('2024-03-01'), 'BOU-B1', 'A', 'Lulea', 1, '']]);
    tabs['Kommuner'] = [...tabs['Kommuner'], ['Lulea', '', '', '', '', '', '', '']];
    delete tabs['Utbildarlogg'];
    const snap = read(tabs);
    expect(only(snap.issues)).toEqual([
      { tab: 'Kommuner', row: 16, column: 'Kommun', value: 'Lulea' },
      { tab: 'Närvaro 2024', row: 2, column: 'Kommun', value: 'Lulea' },
    ]);
    expect(errors(snap.issues)[1].message).toMatch(/flera/);
  });

  it('an unknown municipality in Utbildarlogg', () => {
    const tabs = baseWorkbook();
    tabs['Utbildarlogg'] = [[...TRAINER_HEADERS], [d('2024-03-01'), 'BOU-B1', 'T', 'Narvik', 1, '']];
    expect(only(read(tabs).issues)).toEqual([{ tab: 'Utbildarlogg', row: 2, column: 'Kommun', value: 'Narvik' }]);
  });

  it('an unknown Kurs-ID', () => {
    const snap = read(withAttendance([[d('2024-03-01'), 'BOU-X9', 'A', 'Boden', 1, '']]));
    expect(only(snap.issues)).toEqual([{ tab: 'Närvaro 2024', row: 2, column: 'Kurs-ID', value: 'BOU-X9' }]);
    expect(errors(snap.issues)[0].message).toMatch(/Kurser/);
  });

  it('a Datum that is not a date', () => {
    const snap = read(
      withAttendance([
        ['13/3 2024', 'BOU-B1', 'A', 'Boden', 1, ''],
        ['2024-02-30', 'BOU-B1', 'B', 'Boden', 1, ''],
        [45000, 'BOU-B1', 'C', 'Boden', 1, ''],
      ]),
    );
    expect(only(snap.issues)).toEqual([
      { tab: 'Närvaro 2024', row: 2, column: 'Datum', value: '13/3 2024' },
      { tab: 'Närvaro 2024', row: 3, column: 'Datum', value: '2024-02-30' },
      { tab: 'Närvaro 2024', row: 4, column: 'Datum', value: '45000' },
    ]);
    expect(errors(snap.issues)[0].message).toMatch(/ÅÅÅÅ-MM-DD/);
  });

  it('Dagar that is not a positive number', () => {
    const snap = read(
      withAttendance([
        [d('2024-03-01'), 'BOU-B1', 'A', 'Boden', 0, ''],
        [d('2024-03-01'), 'BOU-B1', 'B', 'Boden', '-1', ''],
        [d('2024-03-01'), 'BOU-B1', 'C', 'Boden', 'två', ''],
        [d('2024-03-01'), 'BOU-B1', 'D', 'Boden', '', ''],
        [d('2024-03-01'), 'BOU-B1', 'E', 'Boden', '0,5', ''],
      ]),
    );
    expect(only(snap.issues)).toEqual([
      { tab: 'Närvaro 2024', row: 2, column: 'Dagar', value: '0' },
      { tab: 'Närvaro 2024', row: 3, column: 'Dagar', value: '-1' },
      { tab: 'Närvaro 2024', row: 4, column: 'Dagar', value: 'två' },
      { tab: 'Närvaro 2024', row: 5, column: 'Dagar', value: '' },
    ]);
  });

  it('a missing required column', () => {
    const tabs = baseWorkbook();
    tabs['Närvaro 2024'] = [
      ['Datum', 'Kurs-ID', 'Deltagare', 'Kommun'],
      [d('2024-03-01'), 'BOU-B1', 'A', 'Boden'],
    ];
    const snap = read(tabs);
    expect(only(snap.issues)).toEqual([{ tab: 'Närvaro 2024', row: 1, column: 'Dagar', value: undefined }]);
    expect(errors(snap.issues)[0].message).toMatch(/Kolumnen "Dagar" saknas/);
  });

  it('missing required tabs', () => {
    const { Kommuner: _k, Kurser: _c, Inställningar: _s, ...rest } = baseWorkbook();
    const all = errors(read(rest).issues);
    expect(all.filter((i) => i.row === undefined).map((i) => i.tab)).toEqual(['Inställningar', 'Kommuner', 'Kurser']);
    // One error per missing tab, not one per row that names a municipality or a course.
    expect(all.filter((i) => i.column === 'Kommun' || i.column === 'Kurs-ID')).toEqual([]);
  });

  it('settings whose values do not parse', () => {
    const tabs = baseWorkbook();
    tabs['Inställningar'] = settingsTab({
      'Betalningsvillkor (dagar)': 'trettio',
      'Avtal från': '1 juli 2023',
      'Moms (%)': 'hög',
      'OCR med längdsiffra': 'kanske',
      Administratörer: 'anna, bo@x.se',
    });
    const got = only(read(tabs).issues);
    expect(got).toEqual(
      expect.arrayContaining([
        { tab: 'Inställningar', row: 6, column: 'Värde', value: 'trettio' },
        { tab: 'Inställningar', row: 12, column: 'Värde', value: '1 juli 2023' },
        { tab: 'Inställningar', row: 15, column: 'Värde', value: 'hög' },
        { tab: 'Inställningar', row: 19, column: 'Värde', value: 'kanske' },
        { tab: 'Inställningar', row: 16, column: 'Värde', value: 'anna, bo@x.se' },
      ]),
    );
    expect(got).toHaveLength(5);
  });

  it('an invalid e-mail address and a Befolkning that is not a number', () => {
    const tabs = baseWorkbook();
    const kommuner = tabs['Kommuner'].map((r) => [...r]);
    const col = (header: string) => kommuner[0].indexOf(header);
    kommuner[1][col('E-post')] = 'socialchef(at)arjeplog.se';
    kommuner[2][col('Befolkning')] = 'många';
    kommuner[3][col('E-post')] = '';
    tabs['Kommuner'] = kommuner;
    expect(only(read(tabs).issues)).toEqual([
      { tab: 'Kommuner', row: 2, column: 'E-post', value: 'socialchef(at)arjeplog.se' },
      { tab: 'Kommuner', row: 3, column: 'Befolkning', value: 'många' },
    ]);
  });

  it('several errors on one row are all reported', () => {
    const snap = read(withAttendance([['igår', 'NIX', 'A', 'Oslo', 'x', '']]));
    expect(only(snap.issues).map((i) => i.column)).toEqual(['Datum', 'Kurs-ID', 'Kommun', 'Dagar']);
  });
});

describe('readWorkbook: the register', () => {
  const invoiceRow = (n: string, kommun: string, total: number, run = '2024-05/1'): CellValue[] => [
    n,
    d('2024-05-20'),
    d('2024-06-19'),
    '2024-05',
    kommun,
    total,
    '2024000101',
    'Skapad',
    '',
    '',
    run,
  ];

  it('parses Fakturor and Fakturarader into the ledger, typed by Typ', () => {
    const tabs = baseWorkbook();
    tabs['Fakturor'] = [[...INVOICE_HEADERS], invoiceRow('YR-2024-0001', 'Boden', 108073)];
    tabs['Fakturarader'] = [
      [...LINE_HEADERS],
      ['YR-2024-0001', 'Rörlig', 'ALD-F1', '', 1, 1350, 800, 400, 100, 50, '', 1350],
      ['YR-2024-0001', 'Fast kostnad', '', 2024, '', '', '', '', '', '', 12, 106723],
      ['YR-2024-0001', 'Utbildarpott', '', 2024, 2.5, '', '', '', '', '', '', -1866.67],
    ];
    const { ledger } = read(tabs).input;
    expect(ledger.invoices).toHaveLength(1);
    expect(ledger.invoices[0]).toMatchObject({
      number: 'YR-2024-0001',
      invoiceDate: '2024-05-20',
      period: '2024-05',
      municipality: 'Boden',
      status: 'Skapad',
      run: '2024-05/1',
    });
    expect(ledger.invoices[0].total.toString()).toBe('108073');
    const [v, f, p] = ledger.lines.map((l) => l.line);
    expect(
      v.kind === 'variable' && [
        v.courseId,
        v.quantity.toString(),
        v.unitPrice.toString(),
        v.components.pot.toString(),
        v.amount.toString(),
      ],
    ).toEqual(['ALD-F1', '1', '1350', '400', '1350']);
    expect(f.kind === 'fixed' && [f.year, f.months, f.amount.toString()]).toEqual([2024, 12, '106723']);
    expect(p.kind === 'trainerPot' && [p.year, p.trainerDays.toString(), p.amount.toString()]).toEqual([
      2024,
      '2.5',
      '-1866.67',
    ]);
  });

  it('treats stamps and lines of invoices not in Fakturor as orphans of an interrupted run', () => {
    const tabs = withAttendance([
      [d('2024-03-01'), 'BOU-B1', 'A', 'Boden', 1, 'YR-2024-0001'],
      [d('2024-03-01'), 'BOU-B1', 'B', 'Boden', 1, 'YR-2024-0002'],
      [d('2024-03-01'), 'BOU-B1', 'C', 'Boden', 1, 'fakturerad för hand'],
    ]);
    tabs['Fakturor'] = [[...INVOICE_HEADERS], invoiceRow('YR-2024-0001', 'Boden', 1550)];
    tabs['Fakturarader'] = [
      [...LINE_HEADERS],
      ['YR-2024-0001', 'Rörlig', 'BOU-B1', '', 1, 1550, 1000, 400, 100, 50, '', 1550],
      ['YR-2024-0002', 'Rörlig', 'BOU-B1', '', 1, 1550, 1000, 400, 100, 50, '', 1550],
    ];
    const snap = read(tabs);
    const rows = snap.input.attendance.filter((a) => a.ref.tab === 'Närvaro 2024');
    expect(rows.map((r) => r.invoiceNumber)).toEqual(['YR-2024-0001', '', '']);
    expect(snap.input.ledger.lines.map((l) => l.invoiceNumber)).toEqual(['YR-2024-0001']);
    expect(snap.layout.lines.committedLastRow).toBe(2);
    expect(snap.layout.lines.lastRow).toBe(3);
    // Text typed by an administrator is never taken for an orphan, nor overwritten: an error.
    expect(errors(snap.issues).map((i) => [i.row, i.column, i.value, i.check])).toEqual([
      [4, 'Fakturanummer', 'fakturerad för hand', 'Närvarostämplar = fakturarader'],
    ]);
  });
});

describe('readWorkbook: settings rows', () => {
  it('warns about unknown and repeated settings, and uses the first of a repeated one', () => {
    const tabs = baseWorkbook();
    const first = settingsTab().length + 1; // the sheet row of the first appended setting
    tabs['Inställningar'] = [...settingsTab(), ['Bank giro', '123-4567'], ['Fakturaprefix', 'XX']];
    const snap = read(tabs);
    expect(errors(snap.issues)).toEqual([]);
    expect(snap.issues.map((i) => [i.severity, i.row, i.column, i.value])).toEqual([
      ['warning', first, 'Inställning', 'Bank giro'],
      ['warning', first + 1, 'Inställning', 'Fakturaprefix'],
    ]);
    expect(snap.input.settings.invoicePrefix).toBe('YR');
  });
});
