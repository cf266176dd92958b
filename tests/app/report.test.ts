import { describe, expect, it } from 'vitest';
import { buildReport, followUp, personKey, type ReportInput } from '../../src/app/report';
import { Dec } from '../../src/core/money';
import type {
  AttendanceRow,
  Course,
  Municipality,
  RegisteredInvoice,
  RegisteredLine,
  TrainerRow,
} from '../../src/core/types';

const d = (x: number | string) => new Dec(x);

function municipality(name: string, population: number | null = null): Municipality {
  return {
    ref: { tab: 'Kommuner', row: 2 },
    name,
    orgNumber: '',
    population: population === null ? null : d(population),
    fixedCost: null,
    socialChief: '',
    email: '',
    invoiceAddress: '',
    invoiceReference: '',
    legalName: '',
    peppolId: '',
    payoutAccount: '',
  };
}

function course(id: string, journey: string, step: string): Course {
  return {
    ref: { tab: 'Kurser', row: 2 },
    id,
    journey,
    step,
    name: id,
    start: null,
    end: null,
    recorded: false,
    venueOverride: null,
  };
}

let row = 1;
function att(
  date: string,
  courseId: string,
  participant: string,
  municipality: string,
  days: number | string,
): AttendanceRow {
  return {
    ref: { tab: 'Närvaro', row: ++row },
    date,
    courseId,
    participant,
    municipality,
    days: d(days),
    invoiceNumber: '',
  };
}
function trainer(date: string, courseId: string, municipality: string, days: number): TrainerRow {
  return {
    ref: { tab: 'Utbildarlogg', row: ++row },
    date,
    courseId,
    trainer: 'T',
    municipality,
    days: d(days),
    payoutInvoice: '',
  };
}
function invoice(number: string, municipality: string, period: string, invoiceDate: string): RegisteredInvoice {
  return {
    number,
    municipality,
    period,
    invoiceDate,
    dueDate: invoiceDate,
    total: d(0),
    ocr: '',
    status: 'Skapad',
    sent: '',
    recipient: '',
    run: `${period}/1`,
    credits: '',
    creditedBy: '',
  };
}
const fees = { venue: d(1000), pot: d(400), material: d(100), buffer: d(50) };
function variable(invoiceNumber: string, courseId: string, quantity: number): RegisteredLine {
  return {
    invoiceNumber,
    line: {
      kind: 'variable',
      courseId,
      quantity: d(quantity),
      unitPrice: d(1550),
      components: fees,
      amount: d(quantity * 1550),
    },
  };
}

const BOU = 'Barn och unga – myndighetsutövning';
const AO = 'Äldreomsorg – utförare';

function sample(): ReportInput {
  return {
    municipalities: [municipality('Luleå', 80000), municipality('Boden', 28000), municipality('Överkalix')],
    courses: [course('BOU-B1', BOU, 'Bas'), course('BOU-F1', BOU, 'Fördjupning'), course('AO-B1', AO, 'Bas')],
    attendance: [
      att('2024-03-01', 'BOU-B1', 'Anna Andersson', 'Luleå', 2),
      att('2024-03-08', 'BOU-B1', '  anna   ANDERSSON ', 'lulea', 1.5), // same person, forgiving
      att('2024-03-08', 'BOU-F1', 'Anna Andersson', 'Boden', 1), // same name, other municipality: another person
      att('2024-10-01', 'AO-B1', 'Åsa Öberg', 'Överkalix kommun', 3),
      att('2024-10-01', 'AO-B1', 'Asa Oberg', 'Överkalix', 1), // diacritics differ: another person
      att('2025-02-01', 'BOU-B1', 'Anna Andersson', 'Luleå', 1),
      att('2025-02-01', 'NOPE', 'Bo', 'Luleå', 1), // unknown course
      att('2025-02-01', 'BOU-B1', 'Bo', 'Stockholm', 1), // unknown municipality
      att('2025-02-01', 'BOU-B1', '', 'Boden', 2), // no name: days count, no person
    ],
    trainers: [
      trainer('2024-05-01', 'BOU-B1', 'Luleå', 2),
      trainer('2025-05-01', '', 'Boden', 1),
      trainer('2025-05-01', 'X', 'Boden', 1),
    ],
    ledger: {
      invoices: [
        invoice('YR-2024-0001', 'Luleå', '2024-05', '2024-05-20'),
        invoice('YR-2025-0001', 'Luleå', '2024-12', '2025-01-03'),
      ],
      lines: [
        variable('YR-2024-0001', 'BOU-B1', 3.5),
        { invoiceNumber: 'YR-2024-0001', line: { kind: 'fixed', year: 2024, months: 12, amount: d('298992.00') } },
        {
          invoiceNumber: 'YR-2025-0001',
          line: { kind: 'trainerPot', year: 2024, trainerDays: d(2), amount: d('-1000.00') },
        },
        variable('YR-2024-0009', 'BOU-B1', 1), // orphan of an interrupted run
      ],
    },
  };
}

describe('buildReport', () => {
  const report = buildReport(sample());
  const y2024 = report.periods.find((p) => p.year === 2024)!;
  const y2025 = report.periods.find((p) => p.year === 2025)!;
  const m = (p: typeof y2024, name: string) => p.municipalities.find((f) => f.municipality === name)!;

  it('lists years ascending and municipalities in Swedish order', () => {
    expect(report.years).toEqual([2024, 2025]);
    expect(report.municipalities).toEqual(['Boden', 'Luleå', 'Överkalix']);
  });

  it('counts distinct people by name and municipality', () => {
    expect(m(y2024, 'Luleå').participants).toBe(1);
    expect(m(y2024, 'Boden').participants).toBe(1);
    expect(m(y2024, 'Överkalix').participants).toBe(2);
    expect(y2024.total.participants).toBe(4);
    expect(y2025.total.participants).toBe(1); // the nameless row adds days, not a person
    expect(report.allYears.total.participants).toBe(4); // Anna of Luleå came both years
    expect(personKey('  Åsa  ÖBERG ')).toBe('åsa öberg');
  });

  it('sums participant-days and trainer days per municipality and year', () => {
    expect(m(y2024, 'Luleå').participantDays.toString()).toBe('3.5');
    expect(m(y2025, 'Boden').participantDays.toString()).toBe('2');
    expect(y2024.total.participantDays.toString()).toBe('8.5');
    expect(report.allYears.total.participantDays.toString()).toBe('11.5');
    expect(m(y2024, 'Luleå').trainerDays.toString()).toBe('2');
    expect(m(y2025, 'Boden').trainerDays.toString()).toBe('1');
  });

  it('gives participant-days per 1 000 inhabitants only where Befolkning is filled', () => {
    expect(m(y2024, 'Luleå').perThousand!.toFixed(2)).toBe('0.04'); // 3.5 * 1000 / 80000 = 0.04375
    expect(m(y2024, 'Boden').perThousand!.toFixed(2)).toBe('0.04'); // 1000/28000 = 0.0357…
    expect(m(y2024, 'Överkalix').perThousand).toBeNull();
    expect(y2024.total.perThousand).toBeNull(); // not every municipality has a population
  });

  it('takes invoiced amounts from committed register lines by period year', () => {
    expect(m(y2024, 'Luleå').invoicedVariable.toFixed(2)).toBe('5425.00');
    expect(m(y2024, 'Luleå').invoicedFixed.toFixed(2)).toBe('298992.00');
    // The December 2024 run invoiced in January 2025 counts for 2024.
    expect(m(y2024, 'Luleå').trainerPot.toFixed(2)).toBe('-1000.00');
    expect(m(y2024, 'Luleå').invoicedNet.toFixed(2)).toBe('303417.00');
    expect(m(y2025, 'Luleå').invoicedNet.toFixed(2)).toBe('0.00');
  });

  it('skips and counts rows it cannot attribute', () => {
    expect(report.skipped).toEqual({ attendance: 2, trainers: 1, lines: 1 });
  });

  it('breaks down per Yrkesresa and Steg in the order of the plan', () => {
    expect(report.journeys).toEqual([BOU, AO]);
    const bou = y2024.journeys.find((j) => j.journey === BOU)!;
    expect(bou.steps.map((s) => [s.step, s.participants, s.participantDays.toString()])).toEqual([
      ['Bas', 1, '3.5'],
      ['Fördjupning', 1, '1'],
    ]);
    expect(bou.participants).toBe(2);
    expect(bou.trainerDays.toString()).toBe('2');
    expect(y2024.journeyTotal.participantDays.toString()).toBe('8.5');
    expect(y2025.journeys.map((j) => j.journey)).toEqual([BOU]);
  });
});

describe('followUp layout', () => {
  const { tables, layout, notes } = followUp(sample(), { generatedOn: '2025-06-01' });

  it('has the tables with Swedish headings and sum rows', () => {
    expect(tables.map((t) => t.id)).toEqual([
      'deltagardagar-per-kommun',
      'deltagardagar-per-1000-invanare',
      'deltagardagar-per-yrkesresa',
      'kommuner-per-ar',
      'yrkesresor-per-ar',
    ]);
    const first = tables[0];
    expect(first.header).toEqual(['Kommun', '2024', '2025', 'Alla år']);
    expect(first.rows.at(-1)!.map(String)).toEqual(['Summa', '8.5', '3', '11.5']);
    expect(notes.join(' ')).toContain('Räknades inte: 2 rader i Närvaro och 1 rader i Utbildarlogg');
  });

  it('places each chart on the block of its table', () => {
    const rows = layout.doc.rows;
    for (const chart of layout.charts) {
      const header = rows[chart.range.row - 1].slice(0, chart.range.cols).map((c) => c?.value);
      const table = tables.find((t) => t.id === chart.id)!;
      expect(header).toEqual(table.header.slice(0, chart.range.cols));
      const lastLabel = rows[chart.range.row + chart.range.rows - 2][0]?.value;
      expect(lastLabel).not.toBe('Summa');
      expect(rows[chart.range.row + chart.range.rows - 1][0]?.value).toBe('Summa');
    }
    expect(layout.charts.map((c) => [c.id, c.kind])).toEqual([
      ['deltagardagar-per-kommun', 'column'],
      ['deltagardagar-per-1000-invanare', 'column'],
      ['deltagardagar-per-yrkesresa', 'line'],
    ]);
    const line = layout.charts[2];
    expect(line.categories).toEqual(['2024', '2025']);
    expect(line.series.map((s) => [s.name, s.values])).toEqual([
      [BOU, [4.5, 3]],
      [AO, [4, 0]],
    ]);
  });

  it('puts each chart beside its table, over empty cells only', () => {
    const rows = layout.doc.rows;
    const widths = layout.doc.columnWidths;
    for (const chart of layout.charts) {
      expect(rows[chart.anchor.row - 1][0]?.value).toBe(chart.title); // level with its table's title
      const lastRow = chart.anchor.row + Math.ceil((chart.height + 60) / 21);
      expect(rows.length).toBeGreaterThanOrEqual(lastRow);
      for (let r = chart.anchor.row; r <= lastRow; r++) {
        let x = 0;
        for (let c = 0; c < (rows[r - 1]?.length ?? 0); c++) {
          const inside =
            c + 1 >= chart.anchor.col &&
            x < widths.slice(0, chart.anchor.col - 1).reduce((a, b) => a + b, 0) + chart.width;
          if (inside) expect(rows[r - 1][c], `${chart.id}: row ${r}, column ${c + 1}`).toBeNull();
          x += widths[c];
        }
      }
    }
  });

  it('draws every row with the same width and formats money', () => {
    const width = layout.doc.columnWidths.length;
    for (const r of layout.doc.rows) expect(r.length).toBe(width);
    const moneyCells = layout.doc.rows.flat().filter((c) => c?.format === '#,##0.00 "kr"');
    expect(moneyCells.length).toBeGreaterThan(0);
    expect(layout.doc.rows[1][0]?.value).toBe('Uppdaterad 2025-06-01.');
  });
});
