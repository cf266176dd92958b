// The follow-up agrees with the invoices: after real May and December runs on a workbook in
// memory, the variable amounts it reports are the participant-days times the day fees, and
// they are what the register holds.
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { readFollowUp } from '../../src/app/report';
import { dayFee } from '../../src/core/fees';
import { Dec, ZERO, type Decimal } from '../../src/core/money';
import { readWorkbook } from '../../src/workbook/read';
import { columnIndex } from '../../src/workbook/schema';
import { POPULATION } from '../fixtures/members';
import { ATTENDANCE_2024, ATTENDANCE_2025, RUNS, reportWorkbook } from './reportFixture';

function billedWorkbook() {
  const port = reportWorkbook();
  for (const run of RUNS) {
    const outcome = runBilling(port, run);
    expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(outcome.written).toBe(true);
  }
  return port;
}

/** Σ Belopp of Rörlig lines (or of every line) per municipality and period year, read straight from the register's cells. */
function registerSums(port: ReturnType<typeof reportWorkbook>, onlyVariable: boolean): Map<string, Decimal> {
  const inv = port.read('Fakturor');
  const ic = columnIndex(inv[0], ['Fakturanummer', 'Period', 'Kommun']);
  const byNumber = new Map(
    inv
      .slice(1)
      .map((r) => [
        String(r[ic.Fakturanummer - 1]),
        { period: String(r[ic.Period - 1]), kommun: String(r[ic.Kommun - 1]) },
      ]),
  );
  const lines = port.read('Fakturarader');
  const lc = columnIndex(lines[0], ['Fakturanummer', 'Typ', 'Belopp']);
  const sums = new Map<string, Decimal>();
  for (const r of lines.slice(1)) {
    if (onlyVariable && r[lc.Typ - 1] !== 'Rörlig') continue;
    const i = byNumber.get(String(r[lc.Fakturanummer - 1]))!;
    const key = `${i.kommun} ${i.period.slice(0, 4)}`;
    sums.set(key, (sums.get(key) ?? ZERO).plus(new Dec(r[lc.Belopp - 1] as number)));
  }
  return sums;
}

describe('Uppföljning after May and December runs', () => {
  const port = billedWorkbook();
  const { report, tables } = readFollowUp(port);
  const { input } = readWorkbook(port);

  it('reports, per municipality and year, Σ participant-days × day fee = Σ variable invoice lines', () => {
    const expected = new Map<string, Decimal>();
    for (const r of input.attendance) {
      const course = input.courses.find((c) => c.id === r.courseId)!;
      const key = `${r.municipality} ${r.date.slice(0, 4)}`;
      expected.set(key, (expected.get(key) ?? ZERO).plus(dayFee(input.settings, course).times(r.days)));
    }
    const register = registerSums(port, true);
    let checked = 0;
    for (const p of report.periods) {
      for (const m of p.municipalities) {
        const key = `${m.municipality} ${p.year}`;
        const want = expected.get(key) ?? ZERO;
        expect(m.invoicedVariable.toFixed(2), key).toBe(want.toFixed(2));
        expect(m.invoicedVariable.toFixed(2), key).toBe((register.get(key) ?? ZERO).toFixed(2));
        if (!want.isZero()) checked++;
      }
    }
    expect(report.years).toEqual([2024, 2025]);
    expect(checked).toBeGreaterThan(10);
    // The December 2025 run was invoiced in January 2026 and still counts for 2025.
    expect(report.periods.find((p) => p.year === 2025)!.total.invoicedVariable.isZero()).toBe(false);
  });

  it('reports the net invoiced per municipality and year as the register holds it (fixed cost and pot included)', () => {
    const register = registerSums(port, false);
    for (const p of report.periods) {
      for (const m of p.municipalities) {
        expect(m.invoicedNet.toFixed(2)).toBe((register.get(`${m.municipality} ${p.year}`) ?? ZERO).toFixed(2));
      }
    }
    const y2024 = report.periods[0];
    expect(y2024.total.invoicedFixed.toFixed(2)).toBe('950000.00'); // 2024 lies wholly inside the agreement: 12/12
    expect(report.periods[1].total.invoicedFixed.toFixed(2)).toBe('950000.00');
    expect(y2024.total.trainerPot.isNegative()).toBe(true);
  });

  it('counts distinct participants per municipality and year', () => {
    const y = (year: number, name: string) =>
      report.periods.find((p) => p.year === year)!.municipalities.find((m) => m.municipality === name)!;
    expect(y(2024, 'Luleå').participants).toBe(3); // Lisa twice, Per, Eva
    expect(y(2024, 'Boden').participants).toBe(2); // Stina twice, Olle
    expect(y(2024, 'Överkalix').participants).toBe(1);
    expect(y(2024, 'Övertorneå').participants).toBe(1);
    expect(y(2025, 'Boden').participants).toBe(3);
    const all = (rows: typeof ATTENDANCE_2024) =>
      new Set(rows.map((r) => `${r[2].toLowerCase()}|${r[3].slice(0, 3)}`)).size;
    expect(report.periods[0].total.participants).toBe(all(ATTENDANCE_2024));
    expect(report.periods[1].total.participants).toBe(all(ATTENDANCE_2025));
    // Lisa Lind, Kalle Kula, Stina Sten, Olle Ost and Maja Må came both years.
    expect(report.allYears.total.participants).toBe(all(ATTENDANCE_2024) + all(ATTENDANCE_2025) - 5);
  });

  it('gives participant-days per 1 000 inhabitants', () => {
    const luleå = report.periods[0].municipalities.find((m) => m.municipality === 'Luleå')!;
    expect(luleå.participantDays.toString()).toBe('8');
    expect(luleå.perThousand!.toFixed(2)).toBe('0.10'); // 8 × 1000 / 80 000
    const boden = report.periods[1].municipalities.find((m) => m.municipality === 'Boden')!;
    expect(boden.perThousand!.toFixed(2)).toBe(new Dec(5).times(1000).dividedBy(POPULATION.Boden).toFixed(2)); // 0.18
    const total = Object.values(POPULATION).reduce((s, n) => s + n, 0);
    expect(report.periods[0].total.perThousand!.toFixed(2)).toBe(new Dec(21).times(1000).dividedBy(total).toFixed(2));
    expect(tables.map((t) => t.id)).toContain('deltagardagar-per-1000-invanare');
  });

  it('counts trainer days, recorded courses included in participant-days', () => {
    const y2024 = report.periods[0];
    expect(y2024.municipalities.find((m) => m.municipality === 'Luleå')!.trainerDays.toString()).toBe('2');
    expect(y2024.municipalities.find((m) => m.municipality === 'Boden')!.participantDays.toString()).toBe('3'); // 1 recorded day
    expect(y2024.journeys.find((j) => j.journey === 'Funktionshinder – utförare')!.participantDays.toString()).toBe(
      '1',
    );
    expect(report.skipped).toEqual({ attendance: 0, trainers: 0, lines: 0 });
  });

  it('counts rows the reader could not attribute, and reads each tab once', () => {
    const bad = reportWorkbook();
    const rows = bad.read('Närvaro 2025');
    bad.write('Närvaro 2025', rows.length + 1, 1, [
      ['2025-06-01', 'OKÄND', 'Ny Person', 'Luleå', 1, ''],
      ['2025-06-01', 'BOU-B1', 'Ny Person', 'Stockholm', 1, ''],
    ]);
    bad.calls.length = 0;
    const fu = readFollowUp(bad);
    expect(fu.report.skipped.attendance).toBe(2);
    expect(fu.notes.join('\n')).toContain('Räknades inte: 2 rader i Närvaro');
    const reads = bad.calls.filter((c) => c.op === 'read').map((c) => c.tab);
    expect(reads.length).toBe(new Set(reads).size);
    expect(bad.mutations()).toEqual([]);
  });
});
