import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { largestRemainder } from '../../src/core/allocation';
import { dayFee, feeComponents, potComponentOfRows, variableCost, variableCostOfRows } from '../../src/core/fees';
import {
  agreementMonths,
  fixedAmounts,
  fixedCostIssues as fixedCostFindings,
  yearlyShares,
} from '../../src/core/fixedCost';
import { formatKronor, formatQuantity } from '../../src/core/format';
import { Dec, sum, toOre } from '../../src/core/money';
import { normalizeName, swedishCompare } from '../../src/core/names';
import { fixedNetByYear } from '../../src/core/ledgerState';
import { allocatePot, potBalance, potCollectedTotal, potPaidTotal } from '../../src/core/pot';
import type { Ledger, Municipality, Settings } from '../../src/core/types';
import { locateAll } from '../../src/workbook/locate';
import { course, d, defaultSettings, MEMBERS, members, municipality } from './builders';

/** The findings as the administrator sees them: located by the workbook floor. */
const fixedCostIssues = (s: Settings, ms: Municipality[]) => locateAll(fixedCostFindings(s, ms));

const byKey = (a: { key: string }, b: { key: string }) => swedishCompare(a.key, b.key);

describe('day fee (SPEC §3.1)', () => {
  const s = defaultSettings();
  it('is 1 550 kr with the defaults', () => {
    expect(dayFee(s, course('A')).toFixed(2)).toBe('1550.00');
  });
  it('a course override replaces the venue component only', () => {
    const c = course('A', { venueOverride: d(1250.5) });
    expect(feeComponents(s, c)).toEqual({ venue: d(1250.5), pot: d(400), material: d(100), buffer: d(50) });
    expect(dayFee(s, c).toFixed(2)).toBe('1800.50');
    expect(dayFee(s, course('B', { venueOverride: d(0) })).toFixed(2)).toBe('550.00');
  });
  it('a recorded course costs nothing, override or not', () => {
    const c = course('A', { recorded: true, venueOverride: d(900) });
    expect(dayFee(s, c).isZero()).toBe(true);
    expect(feeComponents(s, c).pot.isZero()).toBe(true);
    expect(variableCost(s, c, d(10)).isZero()).toBe(true);
  });
  it('variable cost and pot part of rows are computed per course, as on the invoices', () => {
    const settings = defaultSettings({ fees: { venue: d('0.25'), pot: d('0.25'), material: d(0), buffer: d(0) } });
    const cs = [course('A'), course('R', { recorded: true })];
    const rows = [
      { courseId: 'A', days: d('0.5') },
      { courseId: 'A', days: d('0.5') },
      { courseId: 'R', days: d(3) },
      { courseId: 'X', days: d(1) },
    ];
    // Per row the pot part would round to 0.13 + 0.13 = 0.26; per course it is 0.25.
    expect(variableCostOfRows(settings, cs, rows).toFixed(2)).toBe('0.50');
    expect(potComponentOfRows(settings, cs, rows).toFixed(2)).toBe('0.25');
    expect(variableCostOfRows(defaultSettings(), new Map(cs.map((c) => [c.id, c])), rows).toFixed(2)).toBe('1550.00');
  });
  it('variable cost = day fee × days to öre', () => {
    expect(variableCost(s, course('A'), d(2.5)).toFixed(2)).toBe('3875.00');
    expect(
      variableCost(
        defaultSettings({ fees: { venue: d('0.33'), pot: d(0), material: d(0), buffer: d(0) } }),
        course('A'),
        d('0.5'),
      ).toFixed(2),
    ).toBe('0.17');
  });
});

describe('largestRemainder', () => {
  const unit = new Dec('0.01');
  it('splits exactly and gives left-over units to the largest remainders', () => {
    const r = largestRemainder(
      d(100),
      [
        { key: 'a', weight: d(1) },
        { key: 'b', weight: d(1) },
        { key: 'c', weight: d(1) },
      ],
      unit,
      byKey,
    );
    expect([...r.values()].map((x) => x.toFixed(2))).toEqual(['33.34', '33.33', '33.33']);
    const r2 = largestRemainder(
      d(10),
      [
        { key: 'a', weight: d(2) },
        { key: 'b', weight: d(1) },
      ],
      d(1),
      byKey,
    );
    expect(r2.get('a')!.toString()).toBe('7');
    expect(r2.get('b')!.toString()).toBe('3');
  });
  it('gives zero to everyone when all weights are zero', () => {
    const r = largestRemainder(
      d(100),
      [
        { key: 'a', weight: d(0) },
        { key: 'b', weight: d(0) },
      ],
      unit,
      byKey,
    );
    expect([...r.values()].every((x) => x.isZero())).toBe(true);
    expect(largestRemainder(d(100), [], unit, byKey).size).toBe(0);
  });
  it('rounds a total that is not a whole number of units first', () => {
    const r = largestRemainder(d('10.005'), [{ key: 'a', weight: d(1) }], unit, byKey);
    expect(r.get('a')!.toFixed(3)).toBe('10.010');
  });
  it('the tie-break decides equal remainders', () => {
    const claims = [
      { key: 'b', weight: d(1) },
      { key: 'a', weight: d(1) },
    ];
    expect(largestRemainder(d(1), claims, d(1), byKey).get('a')!.toString()).toBe('1');
    expect(
      largestRemainder(d(1), claims, d(1), (x, y) => -byKey(x, y))
        .get('b')!
        .toString(),
    ).toBe('1');
  });
  it('sums exactly, stays within one unit of the exact share, and never rewards a zero weight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 10_000_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 2 })), {
          minLength: 1,
          maxLength: 20,
        }),
        (cents, ws) => {
          const total = new Dec(cents).div(100);
          const claims = ws.map(([w, p], i) => ({ key: `k${i}`, weight: new Dec(w).div(10 ** p) }));
          const W = sum(claims.map((c) => c.weight));
          const r = largestRemainder(total, claims, unit, byKey);
          if (W.isZero()) {
            expect([...r.values()].every((x) => x.isZero())).toBe(true);
            return;
          }
          expect(sum(r.values()).eq(total)).toBe(true);
          for (const c of claims) {
            const exact = total.times(c.weight).div(W);
            const share = r.get(c.key)!;
            expect(share.minus(exact).abs().lt(unit)).toBe(true);
            expect(share.decimalPlaces()).toBeLessThanOrEqual(2);
            if (c.weight.isZero()) expect(share.isZero()).toBe(true);
          }
        },
      ),
    );
  });
});

describe('fixed cost (SPEC §2.2, §3.4)', () => {
  const s = defaultSettings();
  const ms = members();
  it('the agreement figures of the 14 members sum to 950 000', () => {
    const shares = yearlyShares(s, ms);
    expect(shares.size).toBe(14);
    expect(sum(shares.values()).toString()).toBe('950000');
    expect(shares.get('Luleå')!.toString()).toBe('298992');
    expect(fixedCostIssues(s, ms)).toEqual([]);
  });
  it('counts the months of each year inside the agreement', () => {
    expect([2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029].map((y) => agreementMonths(s, y))).toEqual([
      0, 6, 12, 12, 12, 12, 6, 0,
    ]);
    expect(agreementMonths(defaultSettings({ agreementFrom: '2024-03-15', agreementTo: '2024-04-01' }), 2024)).toBe(2);
    expect(agreementMonths(defaultSettings({ agreementFrom: '2024-05-01', agreementTo: '2024-04-01' }), 2024)).toBe(0);
  });
  it('prorates partial years: Arjeplog pays 5 161,50 in 2028 and 2023', () => {
    for (const y of [2023, 2028]) {
      const a = fixedAmounts(s, ms, y);
      expect(a.get('Arjeplog')!.toFixed(2)).toBe('5161.50');
      expect(a.get('Luleå')!.toFixed(2)).toBe('149496.00');
      expect(sum(a.values()).toFixed(2)).toBe('475000.00');
    }
    expect(fixedAmounts(s, ms, 2025).get('Arjeplog')!.toFixed(2)).toBe('10323.00');
    expect([...fixedAmounts(s, ms, 2029).values()].every((x) => x.isZero())).toBe(true);
  });
  it('fixed amounts sum exactly to total × months / 12 and stay within an öre of each share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 400_000 }), { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 1, max: 12 }),
        (costs, fromMonth) => {
          const settings = defaultSettings({
            fixedCostPerYear: d(costs.reduce((a, b) => a + b, 0)),
            agreementFrom: `2024-${String(fromMonth).padStart(2, '0')}-01`,
            agreementTo: '2030-12-31',
          });
          const list = costs.map((c, i) => municipality(MEMBERS[i][0], { fixedCost: d(c) }, i + 2));
          const months = 13 - fromMonth;
          const amounts = fixedAmounts(settings, list, 2024);
          const total = settings.fixedCostPerYear;
          expect(sum(amounts.values()).eq(toOre(total.times(months).div(12)))).toBe(true);
          for (const m of list) {
            const exact = m.fixedCost!.times(months).div(12);
            expect(amounts.get(m.name)!.minus(exact).abs().lt('0.01')).toBe(true);
          }
        },
      ),
    );
  });
  it('shares from population sum exactly to the setting, ties to the larger population then the name', () => {
    const pop = members({ fixedCosts: false });
    const shares = yearlyShares(s, pop);
    expect(sum(shares.values()).toString()).toBe('950000');
    for (const x of shares.values()) expect(x.isInteger()).toBe(true);
    expect(fixedCostIssues(s, pop)).toEqual([]);
    const tie = [
      municipality('Boden', { population: d(1) }),
      municipality('Arjeplog', { population: d(1) }),
      municipality('Kiruna', { population: d(1) }),
    ];
    const t = yearlyShares(defaultSettings({ fixedCostPerYear: d(100) }), tie);
    expect(t.get('Arjeplog')!.toString()).toBe('34');
    expect(t.get('Boden')!.toString()).toBe('33');
    const tie2 = [
      municipality('Arjeplog', { population: d(1) }),
      municipality('Boden', { population: d(2) }),
      municipality('Kiruna', { population: d(1) }),
    ];
    const t2 = yearlyShares(defaultSettings({ fixedCostPerYear: d(1) }), tie2);
    expect(t2.get('Boden')!.toString()).toBe('1');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        (pops, total) => {
          const list = pops.map((p, i) => municipality(MEMBERS[i][0], { population: d(p) }, i + 2));
          const r = yearlyShares(defaultSettings({ fixedCostPerYear: d(total) }), list);
          expect(sum(r.values()).toString()).toBe(String(total));
        },
      ),
    );
  });
  it('reports a partly filled column, a wrong sum and missing populations', () => {
    const partly = members();
    partly[2] = { ...partly[2], fixedCost: null };
    const issues = fixedCostIssues(s, partly);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', tab: 'Kommuner', row: 4, column: 'Fast kostnad (kr/år)' });
    expect(issues[0].message).toContain('Boden');

    const wrong = members();
    wrong[0] = { ...wrong[0], fixedCost: d(10000) };
    const w = fixedCostIssues(s, wrong);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'error', tab: 'Kommuner', column: 'Fast kostnad (kr/år)', value: '949677' });
    expect(w[0].message).toContain('949 677,00 kr');
    expect(w[0].message).toContain('950 000,00 kr');
    expect(w[0].message).toContain('Kommuner');

    const noPop = members({ fixedCosts: false });
    noPop[5] = { ...noPop[5], population: null };
    noPop[6] = { ...noPop[6], population: d(0) };
    const p = fixedCostIssues(s, noPop);
    expect(p.map((i) => [i.row, i.column])).toEqual([
      [7, 'Befolkning'],
      [8, 'Befolkning'],
    ]);
  });
  it('billed years come only from committed fixed lines', () => {
    const ledger: Ledger = {
      invoices: [
        {
          number: 'YR-2024-0001',
          invoiceDate: '2024-05-31',
          dueDate: '2024-06-30',
          period: '2024-05',
          municipality: 'Boden',
          total: d(1),
          ocr: '',
          status: 'Skapad',
          sent: '',
          recipient: '',
          run: '2024-05/1',
          credits: '',
          creditedBy: '',
        },
      ],
      lines: [
        { invoiceNumber: 'YR-2024-0001', line: { kind: 'fixed', year: 2024, months: 12, amount: d(1) } },
        { invoiceNumber: 'YR-2024-0002', line: { kind: 'fixed', year: 2025, months: 12, amount: d(1) } },
      ],
    };
    expect([...fixedNetByYear(ledger)].map(([m, years]) => [m, [...years.keys()]])).toEqual([
      [normalizeName('Boden'), [2024]],
    ]);
  });
});

describe('trainer pot (SPEC §3.5)', () => {
  it('balance comes from the register, not the current settings', () => {
    const inv = (number: string, municipality: string) => ({
      number,
      invoiceDate: '2024-05-31',
      dueDate: '2024-06-30',
      period: '2024-05',
      municipality,
      total: d(0),
      ocr: '',
      status: 'Skapad',
      sent: '',
      recipient: '',
      run: '2024-05/1',
      credits: '',
      creditedBy: '',
    });
    const comps = (pot: number) => ({ venue: d(1000), pot: d(pot), material: d(100), buffer: d(50) });
    const ledger: Ledger = {
      invoices: [inv('YR-2024-0001', 'Boden'), inv('YR-2024-0002', 'Kiruna')],
      lines: [
        {
          invoiceNumber: 'YR-2024-0001',
          line: {
            kind: 'variable',
            courseId: 'A',
            quantity: d(3),
            unitPrice: d(1550),
            components: comps(400),
            amount: d(4650),
          },
        },
        {
          invoiceNumber: 'YR-2024-0002',
          line: {
            kind: 'variable',
            courseId: 'A',
            quantity: d('2.5'),
            unitPrice: d(1650),
            components: comps(500),
            amount: d(4125),
          },
        },
        {
          invoiceNumber: 'YR-2024-0002',
          line: { kind: 'trainerPot', year: 2024, trainerDays: d(2), amount: d(-1000) },
        },
        // an orphan of an interrupted run: ignored
        {
          invoiceNumber: 'YR-2024-0003',
          line: {
            kind: 'variable',
            courseId: 'A',
            quantity: d(100),
            unitPrice: d(1550),
            components: comps(400),
            amount: d(155000),
          },
        },
      ],
    };
    expect(potCollectedTotal(ledger).toFixed(2)).toBe('2450.00');
    expect(potPaidTotal(ledger).toFixed(2)).toBe('1000.00');
    expect(potBalance(ledger).toFixed(2)).toBe('1450.00');
  });
  it('allocates by trainer days; ties: more days first, then Swedish order', () => {
    const r = allocatePot(
      d('100.00'),
      new Map([
        ['Övertorneå', d(1)],
        ['Boden', d(1)],
        ['Arjeplog', d(1)],
      ]),
    );
    expect([...r].map(([k, v]) => [k, v.toFixed(2)])).toEqual([
      ['Övertorneå', '33.33'],
      ['Boden', '33.33'],
      ['Arjeplog', '33.34'],
    ]);
    const r2 = allocatePot(
      d('0.02'),
      new Map([
        ['Arjeplog', d(1)],
        ['Boden', d(2)],
        ['Älvsbyn', d(2)],
        ['Kiruna', d(1)],
      ]),
    );
    expect(r2.get('Boden')!.toFixed(2)).toBe('0.01');
    expect(r2.get('Älvsbyn')!.toFixed(2)).toBe('0.01');
    expect(r2.get('Arjeplog')!.isZero()).toBe(true);
    const r3 = allocatePot(
      d('0.01'),
      new Map([
        ['Älvsbyn', d(2)],
        ['Arjeplog', d(1)],
        ['Boden', d(2)],
      ]),
    );
    expect(r3.get('Boden')!.toFixed(2)).toBe('0.01');
  });
});

describe('format', () => {
  it('formats kronor the Swedish way', () => {
    expect(formatKronor(d(1550))).toBe('1 550,00 kr');
    expect(formatKronor(d('-3100'))).toBe('-3 100,00 kr');
    expect(formatKronor(d('950000.005'))).toBe('950 000,01 kr');
    expect(formatKronor(d('0.5'))).toBe('0,50 kr');
    expect(formatKronor(d('-0.001'))).toBe('0,00 kr');
    expect(formatKronor(d('1234567.8'))).toBe('1 234 567,80 kr');
    expect(formatQuantity(d('2.5'))).toBe('2,5');
    expect(formatQuantity(d(28))).toBe('28');
    expect(formatQuantity(d(1200))).toBe('1 200');
  });
});
