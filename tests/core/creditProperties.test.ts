/**
 * Property tests of crediting (SPEC §3, §8) on random workbooks: bill → credit any invoice →
 * bill again gives each municipality exactly what bill → bill gives, and random sequences of
 * runs and credits (random invoice, dates in any order within a year, rebilling in the same
 * month or later) conserve money, never bill a row on two live invoices, bill every fixed year
 * once net per municipality, keep numbers unique and gap-free per year across invoices and
 * credit notes, and give every credit note exactly minus its invoice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditRefusal, planCredit, type CreditPlan } from '../../src/core/credit';
import { addDays, lastDayOfMonth } from '../../src/core/dates';
import { fixedAmounts } from '../../src/core/fixedCost';
import { creditedInvoices, fixedNetByYear, isCreditNote, liveInvoiceNumbers } from '../../src/core/ledgerState';
import { Dec, sum, ZERO, type Decimal } from '../../src/core/money';
import { normalizeName } from '../../src/core/names';
import { parseInvoiceNumber } from '../../src/core/numbering';
import { planRun } from '../../src/core/plan';
import { linePotPart, potBalance, potCollectedTotal, potPaidTotal } from '../../src/core/pot';
import type { AttendanceRow, InvoiceLine, RunInput, RunPlan, TrainerRow } from '../../src/core/types';
import { applyPlan, course, defaultSettings, MEMBERS, municipality, runInput } from './builders';
import { applyCredit } from './creditBuilders';

/**
 * Fees in whole even öre: half a day then costs whole öre, so a line's amount is exactly linear in
 * its days and one rebilled line equals the two lines it replaces (with odd öre, per-line rounding
 * to öre could differ by an öre, which is the rule of §3.3, not a fault of crediting).
 */
const money = (cents: number): Decimal => new Dec(cents * 2).div(100);

const rowArb = fc.record({
  day: fc.integer({ min: 0, max: 330 }), // day of the year
  course: fc.nat(),
  municipality: fc.nat(),
  halfDays: fc.integer({ min: 1, max: 8 }),
});

const workbookArb = fc.record({
  venue: fc.integer({ min: 0, max: 150_000 }),
  pot: fc.integer({ min: 0, max: 60_000 }),
  material: fc.integer({ min: 0, max: 20_000 }),
  vat: fc.constantFrom(0, 0, 25, 12.5),
  memberCount: fc.integer({ min: 1, max: 6 }),
  courses: fc.array(
    fc.record({
      recorded: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      override: fc.option(fc.integer({ min: 0, max: 200_000 })),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  attendance: fc.array(rowArb, { minLength: 1, maxLength: 14 }),
  trainers: fc.array(rowArb, { maxLength: 5 }),
});
type Workbook = typeof workbookArb extends fc.Arbitrary<infer T> ? T : never;

/** A workbook of one year (2025, inside the agreement) with every row already entered. */
function workbook(w: Workbook): RunInput {
  const names = MEMBERS.slice(0, w.memberCount).map((m) => m[0]);
  const municipalities = names.map((name, i) =>
    municipality(name, { orgNumber: MEMBERS[i][1], fixedCost: new Dec(MEMBERS[i][2]) }, i + 2),
  );
  const settings = defaultSettings({
    fees: { venue: money(w.venue), pot: money(w.pot), material: money(w.material), buffer: ZERO },
    vatPercent: new Dec(w.vat),
    fixedCostPerYear: sum(municipalities.map((m) => m.fixedCost!)),
  });
  const courses = w.courses.map((c, i) =>
    course(`K${i}`, { recorded: c.recorded, venueOverride: c.override === null ? null : money(c.override) }, i + 2),
  );
  let row = 2;
  const at = (r: (typeof w.attendance)[number]) => ({
    date: addDays('2025-01-01', r.day),
    courseId: courses[r.course % courses.length].id,
    municipality: names[r.municipality % names.length],
    days: new Dec(r.halfDays).div(2),
  });
  const attendance: AttendanceRow[] = w.attendance.map((r, i) => ({
    ...at(r),
    ref: { tab: 'Närvaro', row: row++ },
    participant: `Deltagare ${i}`,
    invoiceNumber: '',
  }));
  const trainers: TrainerRow[] = w.trainers.map((r, i) => ({
    ...at(r),
    ref: { tab: 'Utbildarlogg', row: row++ },
    trainer: `Utbildare ${i}`,
    payoutInvoice: '',
  }));
  return runInput({ settings, municipalities, courses, attendance, trainers });
}

function bill(input: RunInput, month: string, invoiceDate: string): { input: RunInput; plan: RunPlan } {
  const plan = planRun({ ...input, run: { month, invoiceDate } });
  return { input: applyPlan({ ...input, run: { month, invoiceDate } }, plan), plan };
}

function credit(input: RunInput, invoice: string, date: string): { input: RunInput; plan: CreditPlan } {
  const request = { invoice, date, reason: 'Rättelse' };
  expect(creditRefusal(input, request)).toBeNull();
  const plan = planCredit(input, request);
  return { input: applyCredit(input, plan), plan };
}

const net = (lines: readonly InvoiceLine[]) => sum(lines.map((l) => l.amount));
const linesOf = (input: RunInput, number: string) =>
  input.ledger.lines.filter((l) => l.invoiceNumber === number).map((l) => l.line);

/** Σ of the lines of every document of a municipality, by kind (credit notes included). */
function netByKind(input: RunInput, municipalityName: string): Record<InvoiceLine['kind'], string> {
  const out = { variable: ZERO, fixed: ZERO, trainerPot: ZERO };
  for (const doc of input.ledger.invoices.filter((i) => i.municipality === municipalityName)) {
    for (const l of linesOf(input, doc.number)) out[l.kind] = out[l.kind].plus(l.amount);
  }
  return { variable: out.variable.toFixed(2), fixed: out.fixed.toFixed(2), trainerPot: out.trainerPot.toFixed(2) };
}

describe('bill → credit → bill again', () => {
  it('gives every municipality exactly what bill → bill gives, and the pot reconciles to the öre', () => {
    fc.assert(
      fc.property(workbookArb, fc.nat(), fc.integer({ min: 0, max: 20 }), fc.boolean(), (w, pick, delay, sameMonth) => {
        const start = workbook(w);
        const may = bill(start, '2025-05', '2025-05-31');
        fc.pre(may.plan.invoices.length > 0);
        const plain = bill(may.input, '2025-12', '2025-12-15');

        const target = may.plan.invoices[pick % may.plan.invoices.length];
        const credited = credit(may.input, target.number, addDays('2025-05-31', delay));
        expect(credited.plan.note.total.eq(target.total.negated())).toBe(true);
        // Rebilled in the same month (a second May run) or at the next ordinary run.
        const again = sameMonth ? bill(credited.input, '2025-05', addDays('2025-05-31', delay)) : credited;
        const rebilled = bill(again.input, '2025-12', '2025-12-15');

        for (const m of start.municipalities.map((x) => x.name)) {
          expect(netByKind(rebilled.input, m), m).toEqual(netByKind(plain.input, m));
        }
        // The December invoices of the other municipalities are unchanged; the credited one's Dec
        // net gains exactly the credited invoice's net when it was not rebilled in May.
        const decNet = (plan: RunPlan, m: string) =>
          net(plan.invoices.filter((i) => i.municipality === m).flatMap((i) => i.lines));
        for (const m of start.municipalities.map((x) => x.name).filter((x) => x !== target.municipality)) {
          expect(decNet(rebilled.plan, m).eq(decNet(plain.plan, m))).toBe(true);
        }
        if (!sameMonth)
          expect(
            decNet(rebilled.plan, target.municipality).eq(decNet(plain.plan, target.municipality).plus(target.net)),
          ).toBe(true);
        if (w.vat === 0) {
          const totalOf = (input: RunInput) =>
            sum(input.ledger.invoices.filter((i) => i.municipality === target.municipality).map((i) => i.total));
          expect(totalOf(rebilled.input).eq(totalOf(plain.input))).toBe(true);
        }
        // The pot: collected and paid out net of the credit, exactly as without it; nothing left.
        expect(potCollectedTotal(rebilled.input.ledger).eq(potCollectedTotal(plain.input.ledger))).toBe(true);
        expect(potPaidTotal(rebilled.input.ledger).eq(potPaidTotal(plain.input.ledger))).toBe(true);
        expect(rebilled.plan.pot.paidOut.eq(plain.plan.pot.paidOut)).toBe(true);
        expect(rebilled.plan.pot.carriedOver.eq(plain.plan.pot.carriedOver)).toBe(true);
        const creditPot = credited.plan.pot;
        expect(
          creditPot.collected.eq(
            sum(target.lines.flatMap((l) => (l.kind === 'variable' ? [linePotPart(l).negated()] : []))),
          ),
        ).toBe(true);
        expect(creditPot.paidOut.isZero() && creditPot.carriedOver.isZero()).toBe(true);
        expect(creditPot.balanceAfter.eq(potBalance(credited.input.ledger))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

const stepArb = fc.oneof(
  fc.record({
    kind: fc.constant('run' as const),
    advance: fc.constantFrom(0, 1, 1, 2),
    delay: fc.integer({ min: -20, max: 30 }),
  }),
  fc.record({ kind: fc.constant('credit' as const), pick: fc.nat(), delay: fc.integer({ min: 0, max: 60 }) }),
);

describe('random sequences of runs and credits', () => {
  it('conserve money, never bill a row twice, bill each fixed year once net, number gap-free, and credit exactly', () => {
    fc.assert(
      fc.property(workbookArb, fc.array(stepArb, { minLength: 1, maxLength: 10 }), (w, steps) => {
        // Rows over two years: the workbook's year, and the same rows a year later.
        const base = workbook(w);
        const later = (r: { date: string; ref: { tab: string; row: number } }) => ({
          date: addDays(r.date, 365),
          ref: { ...r.ref, row: r.ref.row + 1000 },
        });
        let input: RunInput = {
          ...base,
          attendance: [...base.attendance, ...base.attendance.map((r) => ({ ...r, ...later(r) }))],
          trainers: [...base.trainers, ...base.trainers.map((r) => ({ ...r, ...later(r) }))],
        };
        const runs: RunPlan[] = [];
        const credits: CreditPlan[] = [];
        let period = 0;
        let lastDate = '2025-05-01';
        for (const step of steps) {
          if (step.kind === 'run') {
            period = Math.min(period + step.advance, 3);
            const month = `${2025 + Math.floor(period / 2)}-${period % 2 === 0 ? '05' : '12'}`;
            const date = addDays(lastDayOfMonth(month), step.delay);
            const done = bill(input, month, date);
            input = done.input;
            runs.push(done.plan);
            lastDate = date > lastDate ? date : lastDate;
          } else {
            const live = [...liveInvoiceNumbers(input.ledger)];
            if (live.length === 0) continue;
            const number = live[step.pick % live.length];
            const invoice = input.ledger.invoices.find((i) => i.number === number)!;
            const date = addDays(invoice.invoiceDate, step.delay);
            const done = credit(input, number, date);
            input = done.input;
            credits.push(done.plan);
          }
        }
        const { ledger } = input;

        // Numbers: unique, and 1..n per year across invoices and credit notes.
        const seqs = new Map<number, number[]>();
        for (const doc of ledger.invoices) {
          const p = parseInvoiceNumber(doc.number)!;
          expect(p.year).toBe(Number(doc.invoiceDate.slice(0, 4)));
          seqs.set(p.year, [...(seqs.get(p.year) ?? []), p.sequence]);
        }
        for (const list of seqs.values()) expect([...list].sort((a, b) => a - b)).toEqual(list.map((_, i) => i + 1));

        // Every credit note is exactly minus its invoice, line by line.
        const byNumber = new Map(ledger.invoices.map((i) => [i.number, i]));
        const credited = creditedInvoices(ledger);
        for (const note of ledger.invoices.filter(isCreditNote)) {
          const original = byNumber.get(note.credits!)!;
          expect(credited.get(original.number)).toBe(note.number);
          expect(note.total.eq(original.total.negated())).toBe(true);
          expect(linesOf(input, note.number).map((l) => l.amount.negated().toFixed(2))).toEqual(
            linesOf(input, original.number).map((l) => l.amount.toFixed(2)),
          );
        }

        // Money: what went into the pot = paid out + balance, and each run's and credit's figures add up to the register's.
        const collected = sum([...runs.map((p) => p.pot.collected), ...credits.map((c) => c.pot.collected)]);
        const paid = sum([...runs.map((p) => p.pot.paidOut), ...credits.map((c) => c.pot.paidOut)]);
        expect(potCollectedTotal(ledger).eq(collected)).toBe(true);
        expect(potPaidTotal(ledger).eq(paid)).toBe(true);
        expect(collected.eq(paid.plus(potBalance(ledger)))).toBe(true);

        // No row on two live invoices: the live variable lines are backed exactly by the rows stamped live.
        const live = liveInvoiceNumbers(ledger);
        const stampedDays = new Map<string, Decimal>();
        for (const r of input.attendance) {
          if (!live.has(r.invoiceNumber)) continue;
          const key = `${r.invoiceNumber}|${r.courseId}`;
          stampedDays.set(key, (stampedDays.get(key) ?? ZERO).plus(r.days));
        }
        let liveLineDays = ZERO;
        for (const { invoiceNumber, line } of ledger.lines) {
          if (!live.has(invoiceNumber) || line.kind !== 'variable') continue;
          expect(stampedDays.get(`${invoiceNumber}|${line.courseId}`)?.eq(line.quantity)).toBe(true);
          liveLineDays = liveLineDays.plus(line.quantity);
        }
        expect(liveLineDays.eq(sum([...stampedDays.values()]))).toBe(true);
        for (const t of input.trainers.filter((x) => live.has(x.payoutInvoice)))
          expect(byNumber.get(t.payoutInvoice)!.municipality).toBe(t.municipality);

        // Fixed cost: net per (municipality, year) over every document is 0 or exactly the year's amount, and on one live invoice at most.
        for (const [m, years] of fixedNetByYear(ledger)) {
          for (const [year, amount] of years) {
            const due =
              [...fixedAmounts(input.settings, input.municipalities, year)].find(
                ([name]) => normalizeName(name) === m,
              )?.[1] ?? ZERO;
            expect(amount.isZero() || amount.eq(due), `${m} ${year}`).toBe(true);
            const onLive = ledger.lines.filter(
              (l) =>
                live.has(l.invoiceNumber) &&
                l.line.kind === 'fixed' &&
                l.line.year === year &&
                normalizeName(byNumber.get(l.invoiceNumber)!.municipality) === m,
            );
            expect(onLive.length).toBe(amount.isZero() ? 0 : 1);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
