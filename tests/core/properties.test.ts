/**
 * Property tests: random workbooks and random sequences of runs, each plan committed the way the
 * workbook floor writes it (sometimes interrupted before the commit point and run again).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, lastDayOfMonth } from '../../src/core/dates';
import { fixedAmounts, agreementMonths, yearlyShares } from '../../src/core/fixedCost';
import { isLuhnValid } from '../../src/core/luhn';
import { Dec, sum, toOre, ZERO, type Decimal } from '../../src/core/money';
import { parseInvoiceNumber } from '../../src/core/numbering';
import { planRun } from '../../src/core/plan';
import { validateRun } from '../../src/core/validate';
import { committedLines, potBalance, potCollectedTotal, potPaidTotal } from '../../src/core/pot';
import type { AttendanceRow, RunInput, RunPlan, TrainerRow } from '../../src/core/types';
import { applyInterrupted, applyPlan, course, defaultSettings, MEMBERS, municipality, runInput } from './builders';

const money = (cents: number): Decimal => new Dec(cents).div(100);

const rowArb = fc.record({
  dayOffset: fc.integer({ min: 0, max: 500 }), // days before the run's cut-off + 60
  course: fc.nat(),
  municipality: fc.nat(),
  halfDays: fc.integer({ min: 1, max: 10 }),
  person: fc.integer({ min: 0, max: 5 }),
});

const stepArb = fc.record({
  advance: fc.constantFrom(0, 1, 1, 1, 2),
  invoiceDelay: fc.integer({ min: -20, max: 40 }),
  attendance: fc.array(rowArb, { maxLength: 12 }),
  trainers: fc.array(rowArb, { maxLength: 4 }),
  interrupted: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});

const scenarioArb = fc.record({
  venue: fc.integer({ min: 0, max: 200_000 }),
  pot: fc.integer({ min: 0, max: 60_000 }),
  material: fc.integer({ min: 0, max: 20_000 }),
  buffer: fc.integer({ min: 0, max: 10_000 }),
  vat: fc.constantFrom(0, 0, 6, 12, 25, 12.5),
  lengthDigit: fc.boolean(),
  byPopulation: fc.boolean(),
  fixedTotal: fc.integer({ min: 0, max: 2_000_000 }),
  agreementStart: fc.integer({ min: 0, max: 40 }), // months after 2023-01
  agreementMonthsLong: fc.integer({ min: 1, max: 72 }),
  memberCount: fc.integer({ min: 1, max: 14 }),
  populations: fc.array(fc.integer({ min: 1, max: 90_000 }), { minLength: 14, maxLength: 14 }),
  courses: fc.array(
    fc.record({
      recorded: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      override: fc.option(fc.integer({ min: 0, max: 300_000 })),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  startYear: fc.constantFrom(2023, 2024),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 8 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function monthOfPeriod(startYear: number, index: number): string {
  return `${startYear + Math.floor(index / 2)}-${index % 2 === 0 ? '05' : '12'}`;
}

function firstDayAfterMonths(months: number): string {
  return `${2023 + Math.floor(months / 12)}-${String((months % 12) + 1).padStart(2, '0')}-01`;
}

function simulate(s: Scenario) {
  const names = MEMBERS.slice(0, s.memberCount).map((m) => m[0]);
  const agreementFrom = firstDayAfterMonths(s.agreementStart);
  const agreementTo = addDays(firstDayAfterMonths(s.agreementStart + s.agreementMonthsLong), -1);
  const municipalities = names.map((name, i) =>
    municipality(
      name,
      {
        orgNumber: MEMBERS[i][1],
        population: new Dec(s.populations[i]),
        fixedCost: s.byPopulation ? null : new Dec(MEMBERS[i][2]),
      },
      i + 2,
    ),
  );
  const fixedCostPerYear = s.byPopulation ? new Dec(s.fixedTotal) : sum(municipalities.map((m) => m.fixedCost!));
  const settings = defaultSettings({
    fees: { venue: money(s.venue), pot: money(s.pot), material: money(s.material), buffer: money(s.buffer) },
    vatPercent: new Dec(s.vat),
    ocrLengthDigit: s.lengthDigit,
    fixedCostPerYear,
    agreementFrom,
    agreementTo,
  });
  const courses = s.courses.map((c, i) =>
    course(`K${i}`, { recorded: c.recorded, venueOverride: c.override === null ? null : money(c.override) }, i + 2),
  );
  let input: RunInput = runInput({ settings, municipalities, courses });
  expect(
    validateRun({ ...input, run: { month: '2024-05', invoiceDate: '2024-05-31' } }).filter(
      (i) => i.severity === 'error',
    ),
  ).toEqual([]);

  const committed: RunPlan[] = [];
  let period = 0;
  let nextRow = 2;
  for (const step of s.steps) {
    period += step.advance;
    const month = monthOfPeriod(s.startYear, period);
    const cutOff = lastDayOfMonth(month);
    const make = <T>(
      r: (typeof step.attendance)[number],
      tab: string,
      build: (
        date: string,
        courseId: string,
        m: string,
        days: Decimal,
        ref: { tab: string; row: number },
        who: string,
      ) => T,
    ): T =>
      build(
        addDays(cutOff, 60 - r.dayOffset),
        courses[r.course % courses.length].id,
        names[r.municipality % names.length],
        new Dec(r.halfDays).div(2),
        { tab, row: nextRow++ },
        `Person ${r.person}`,
      );
    const newAttendance: AttendanceRow[] = step.attendance.map((r) =>
      make(r, 'Närvaro', (date, courseId, m, days, ref, who) => ({
        ref,
        date,
        courseId,
        participant: who,
        municipality: m,
        days,
        invoiceNumber: '',
      })),
    );
    const newTrainers: TrainerRow[] = step.trainers.map((r) =>
      make(r, 'Utbildarlogg', (date, courseId, m, days, ref, who) => ({
        ref,
        date,
        courseId,
        trainer: who,
        municipality: m,
        days,
        payoutInvoice: '',
      })),
    );
    input = {
      ...input,
      attendance: [...input.attendance, ...newAttendance],
      trainers: [...input.trainers, ...newTrainers],
      run: { month, invoiceDate: addDays(cutOff, step.invoiceDelay) },
    };
    const plan = planRun(input);
    expect(planViolations(input, plan)).toEqual([]);
    if (step.interrupted) {
      input = applyInterrupted(input, plan);
    } else {
      input = applyPlan(input, plan);
      committed.push(plan);
    }
  }
  return { input, committed, settings, municipalities, courses };
}

/**
 * The invariants of one plan that do not hold (none: the plan is sound). Checked for every run of
 * every scenario, they are plain conditions reported by one expect per plan: vitest's expect()
 * costs about 10 µs a call, and one call per condition was half of this file's time.
 */
function planViolations(input: RunInput, plan: RunPlan): string[] {
  const out: string[] = [];
  const check = (holds: boolean, what: string) => {
    if (!holds) out.push(what);
  };
  const { settings } = input;
  for (const inv of plan.invoices) {
    const at = `${inv.number} ${inv.municipality}`;
    const net = sum(inv.lines.map((l) => l.amount));
    check(inv.net.eq(net), `${at}: net ${inv.net} is not the sum of its lines ${net}`);
    check(inv.vat.eq(toOre(net.times(settings.vatPercent).div(100))), `${at}: VAT ${inv.vat}`);
    check(inv.total.eq(net.plus(inv.vat)), `${at}: total ${inv.total} is not net + VAT`);
    check(inv.credit === inv.total.lt(0), `${at}: credit ${inv.credit} with total ${inv.total}`);
    check(inv.lines.length > 0, `${at}: no lines`);
    check(isLuhnValid(inv.ocr), `${at}: OCR ${inv.ocr} fails Luhn`);
    const rank = { variable: 0, fixed: 1, trainerPot: 2 };
    const ranks = inv.lines.map((l) => rank[l.kind]);
    const sorted = [...ranks].sort((a, b) => a - b);
    check(
      sorted.every((r, i) => r === ranks[i]),
      `${at}: lines not variable, fixed, pot: ${ranks.join(',')}`,
    );
    const once = ranks.filter((r) => r > 0);
    check(once.length === new Set(once).size, `${at}: more than one fixed or pot line: ${ranks.join(',')}`);
    for (const l of inv.lines) {
      check(l.amount.decimalPlaces() <= 2, `${at}: ${l.kind} amount ${l.amount} not in öre`);
      if (l.kind === 'variable') {
        const rows = inv.attendance.filter((r) => r.courseId === l.courseId);
        check(
          sum(rows.map((r) => r.days)).eq(l.quantity),
          `${at}: ${l.courseId} quantity ${l.quantity} ≠ its rows' days`,
        );
        check(
          l.amount.eq(toOre(l.quantity.times(l.unitPrice))),
          `${at}: ${l.courseId} amount ${l.amount} ≠ quantity × price`,
        );
        check(l.amount.gt(0), `${at}: ${l.courseId} amount ${l.amount} not positive`);
      }
      if (l.kind === 'trainerPot') {
        check(l.amount.lt(0), `${at}: pot payout ${l.amount} not negative`);
        check(
          sum(inv.trainerRows.map((r) => r.days)).eq(l.trainerDays),
          `${at}: pot days ${l.trainerDays} ≠ its trainer rows' days`,
        );
      }
    }
    for (const r of inv.attendance)
      check(r.municipality === inv.municipality, `${at}: attendance row ${r.ref.row} of ${r.municipality}`);
    for (const r of inv.trainerRows)
      check(r.municipality === inv.municipality, `${at}: trainer row ${r.ref.row} of ${r.municipality}`);
  }
  // The pot: what is available is paid out or carried over, to the öre.
  const p = plan.pot;
  check(p.balanceBefore.eq(potBalance(input.ledger)), `pot balance before ${p.balanceBefore} is not the ledger's`);
  if (plan.month.endsWith('-12'))
    check(
      p.balanceBefore.plus(p.collected).eq(p.paidOut.plus(p.carriedOver)),
      `December: ${p.balanceBefore} + ${p.collected} ≠ paid out ${p.paidOut} + carried over ${p.carriedOver}`,
    );
  else check(p.paidOut.isZero() && p.carriedOver.isZero(), `May: paid out ${p.paidOut}, carried over ${p.carriedOver}`);
  const paidOnInvoices = sum(
    plan.invoices
      .flatMap((i) => i.lines)
      .filter((l) => l.kind === 'trainerPot')
      .map((l) => l.amount.negated()),
  );
  check(paidOnInvoices.eq(p.paidOut), `pot paid out ${p.paidOut} ≠ the payout lines ${paidOnInvoices}`);
  const numbers = plan.invoices.map((i) => i.number);
  const ascending = [...numbers].sort();
  check(
    ascending.every((n, i) => n === numbers[i]),
    `numbers not ascending: ${numbers.join(', ')}`,
  );
  return out;
}

describe('random sequences of runs', () => {
  it('conserve money, never bill twice, number gap-free, and bill fixed cost exactly once per year', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { input, committed, settings, municipalities } = simulate(s);
        const ledger = input.ledger;
        // Conditions over every invoice, row and line: collected, and reported by one expect.
        const violations: string[] = [];
        const check = (holds: boolean, what: string) => {
          if (!holds) violations.push(what);
        };

        // Numbers: unique, and 1..n per (prefix, year).
        const seqs = new Map<number, number[]>();
        for (const inv of ledger.invoices) {
          const p = parseInvoiceNumber(inv.number)!;
          check(p.prefix === 'YR', `${inv.number}: prefix ${p.prefix}`);
          check(p.year === Number(inv.invoiceDate.slice(0, 4)), `${inv.number}: year of ${inv.invoiceDate}`);
          seqs.set(p.year, [...(seqs.get(p.year) ?? []), p.sequence]);
        }
        for (const [year, list] of seqs) {
          const sorted = [...list].sort((a, b) => a - b);
          check(
            sorted.every((n, i) => n === i + 1),
            `${year}: sequences ${sorted.join(',')} are not 1..${list.length}`,
          );
        }

        // No row billed or paid twice; every stamp names a committed invoice of that municipality.
        const stamped = committed.flatMap((p) => p.attendanceStamps.map((st) => `${st.ref.tab}#${st.ref.row}`));
        expect(new Set(stamped).size).toBe(stamped.length);
        const paid = committed.flatMap((p) => p.trainerStamps.map((st) => `${st.ref.tab}#${st.ref.row}`));
        expect(new Set(paid).size).toBe(paid.length);
        const byNumber = new Map(ledger.invoices.map((i) => [i.number, i]));

        // Money: Σ collected = Σ paid out + balance; each invoice's total is its lines + VAT.
        const collected = sum(committed.map((p) => p.pot.collected));
        const paidOut = sum(committed.map((p) => p.pot.paidOut));
        expect(potCollectedTotal(ledger).eq(collected)).toBe(true);
        expect(potPaidTotal(ledger).eq(paidOut)).toBe(true);
        expect(collected.eq(paidOut.plus(potBalance(ledger)))).toBe(true);
        const decembers = committed.filter((p) => p.month.endsWith('-12'));
        if (decembers.length > 0) {
          const last = decembers[decembers.length - 1];
          const after = committed.slice(committed.indexOf(last) + 1);
          expect(potBalance(ledger).eq(last.pot.carriedOver.plus(sum(after.map((p) => p.pot.collected))))).toBe(true);
        }
        for (const inv of ledger.invoices) {
          const lines = ledger.lines.filter((l) => l.invoiceNumber === inv.number).map((l) => l.line);
          const net = sum(lines.map((l) => l.amount));
          check(
            inv.total.eq(net.plus(toOre(net.times(settings.vatPercent).div(100)))),
            `${inv.number}: total ${inv.total} is not its lines ${net} + VAT`,
          );
        }

        // Every committed variable line is backed by exactly the rows stamped with its number.
        const billedDays = new Map<string, Decimal>();
        for (const r of input.attendance) {
          if (!byNumber.has(r.invoiceNumber)) continue;
          const of = byNumber.get(r.invoiceNumber)!.municipality;
          check(of === r.municipality, `row ${r.ref.tab}#${r.ref.row} of ${r.municipality} on an invoice of ${of}`);
          const k = `${r.invoiceNumber}|${r.courseId}`;
          billedDays.set(k, (billedDays.get(k) ?? ZERO).plus(r.days));
        }
        const lines = committedLines(ledger);
        for (const { invoiceNumber, line } of lines) {
          if (line.kind !== 'variable') continue;
          const days = billedDays.get(`${invoiceNumber}|${line.courseId}`);
          check(
            days?.eq(line.quantity) === true,
            `${invoiceNumber} ${line.courseId}: ${line.quantity} days billed, ${days} stamped`,
          );
        }

        // Fixed cost: each (municipality, year) at most once; a year's lines sum to toOre(total × months / 12).
        const fixedByYear = new Map<number, Decimal>();
        const seen = new Set<string>();
        for (const { invoiceNumber, line } of lines) {
          if (line.kind !== 'fixed') continue;
          const key = `${byNumber.get(invoiceNumber)!.municipality}|${line.year}`;
          check(!seen.has(key), `${key}: fixed cost billed twice`);
          seen.add(key);
          fixedByYear.set(line.year, (fixedByYear.get(line.year) ?? ZERO).plus(line.amount));
          check(line.months === agreementMonths(settings, line.year), `${invoiceNumber}: ${line.months} months`);
        }
        const total = sum(yearlyShares(settings, municipalities).values());
        for (const [year, amount] of fixedByYear) {
          expect(amount.eq(toOre(total.times(agreementMonths(settings, year)).div(12)))).toBe(true);
          expect(sum(fixedAmounts(settings, municipalities, year).values()).eq(amount)).toBe(true);
        }
        expect(violations).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a run repeated after it was written creates nothing; an interrupted run is completed identically', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { input } = simulate(s);
        const plan = planRun(input);
        const done = applyPlan(input, plan);
        const again = planRun(done);
        expect(again.invoices).toEqual([]);
        expect(again.attendanceStamps).toEqual([]);
        expect(again.trainerStamps).toEqual([]);
        // Interrupted before the commit point, then run again: the same invoices.
        const retried = planRun(applyInterrupted(input, plan));
        expect(retried.invoices.map((i) => [i.number, i.municipality, i.total.toString()])).toEqual(
          plan.invoices.map((i) => [i.number, i.municipality, i.total.toString()]),
        );
        expect(retried.attendanceStamps).toEqual(plan.attendanceStamps);
        expect(retried.trainerStamps).toEqual(plan.trainerStamps);
      }),
      { numRuns: 150 },
    );
  });
});
