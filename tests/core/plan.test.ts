import { describe, expect, it } from 'vitest';
import { isLuhnValid } from '../../src/core/luhn';
import { sum } from '../../src/core/money';
import { planRun } from '../../src/core/plan';
import type { RunInput } from '../../src/core/types';
import { validateRun as findings } from '../../src/core/validate';
import { locateAll } from '../../src/workbook/locate';
import {
  applyPlan,
  attendance,
  course,
  d,
  defaultSettings,
  members,
  municipality,
  runInput,
  trainer,
} from './builders';

const courses = [course('BOU-B2'), course('REC', { recorded: true }), course('FH-F1', { venueOverride: d(800) })];

function money(x: { toFixed(n: number): string }): string {
  return x.toFixed(2);
}

describe('planRun: variable lines', () => {
  it('groups per municipality and course, in Kurser order, and skips recorded courses', () => {
    const rows = [
      attendance('2024-03-01', 'FH-F1', 'Luleå', 2),
      attendance('2024-03-02', 'BOU-B2', 'Luleå', '1.5'),
      attendance('2024-03-03', 'BOU-B2', 'Luleå', 3),
      attendance('2024-03-03', 'REC', 'Luleå', 4),
      attendance('2024-03-03', 'BOU-B2', 'Boden', 1),
      attendance('2024-06-01', 'BOU-B2', 'Boden', 1), // after the cut-off
    ];
    const plan = planRun(
      runInput({
        courses,
        attendance: rows,
        run: { month: '2024-05', invoiceDate: '2024-05-31' },
        settings: defaultSettings({ agreementFrom: '2030-01-01', agreementTo: '2031-01-01' }),
      }),
    );
    expect(plan.cutOff).toBe('2024-05-31');
    expect(plan.invoices.map((i) => [i.number, i.municipality])).toEqual([
      ['YR-2024-0001', 'Boden'],
      ['YR-2024-0002', 'Luleå'],
    ]);
    const lulea = plan.invoices[1];
    expect(
      lulea.lines.map(
        (l) => l.kind === 'variable' && [l.courseId, l.quantity.toString(), money(l.unitPrice), money(l.amount)],
      ),
    ).toEqual([
      ['BOU-B2', '4.5', '1550.00', '6975.00'],
      ['FH-F1', '2', '1350.00', '2700.00'],
    ]);
    expect(money(lulea.total)).toBe('9675.00');
    expect(lulea.attendance.map((r) => r.ref.row).sort((a, b) => a - b)).toEqual(
      [rows[0], rows[1], rows[2]].map((r) => r.ref.row).sort((a, b) => a - b),
    );
    // The recorded row and the late row are not stamped.
    const stamped = new Set(plan.attendanceStamps.map((s) => s.ref.row));
    expect(stamped.has(rows[3].ref.row)).toBe(false);
    expect(stamped.has(rows[5].ref.row)).toBe(false);
    expect(plan.attendanceStamps).toHaveLength(4);
    expect(money(plan.pot.collected)).toBe(money(d(400 * 7.5)));
    expect(money(plan.pot.paidOut)).toBe('0.00');
    expect(money(plan.pot.carriedOver)).toBe('0.00');
    expect(lulea.dueDate).toBe('2024-06-30');
    expect(lulea.period).toBe('2024-05');
    expect(isLuhnValid(lulea.ocr)).toBe(true);
    expect(plan.runId).toBe('2024-05/1');
  });

  it('bills late entries in the next run, never twice; a repeated run creates nothing', () => {
    const rows = [attendance('2024-03-01', 'BOU-B2', 'Kiruna', 2)];
    let input = runInput({ courses, attendance: rows });
    const first = planRun(input);
    input = applyPlan(input, first);
    expect(planRun(input).invoices).toEqual([]);
    // A late entry dated long ago appears in the December run.
    input = {
      ...input,
      attendance: [...input.attendance, attendance('2023-09-01', 'BOU-B2', 'Kiruna', 1)],
      run: { month: '2024-12', invoiceDate: '2024-12-20' },
    };
    const second = planRun(input);
    expect(second.invoices).toHaveLength(1);
    expect(second.invoices[0].number).toBe('YR-2024-0015');
    expect(second.invoices[0].lines[0]).toMatchObject({ kind: 'variable', courseId: 'BOU-B2' });
    expect(second.invoices[0].lines[0].kind === 'variable' && second.invoices[0].lines[0].quantity.toString()).toBe(
      '1',
    );
  });

  it('treats stamps of an interrupted run (not in Fakturor) as blank', () => {
    const rows = [attendance('2024-03-01', 'BOU-B2', 'Kiruna', 2, { invoiceNumber: 'YR-2024-0001' })];
    const input = runInput({
      courses,
      attendance: rows,
      municipalities: [municipality('Kiruna', { fixedCost: d(0) })],
      settings: defaultSettings({ fixedCostPerYear: d(0) }),
    });
    input.ledger.lines.push({
      invoiceNumber: 'YR-2024-0001',
      line: {
        kind: 'variable',
        courseId: 'BOU-B2',
        quantity: d(2),
        unitPrice: d(1550),
        components: defaultSettings().fees,
        amount: d(3100),
      },
    });
    const plan = planRun(input);
    expect(plan.invoices.map((i) => i.number)).toEqual(['YR-2024-0001']);
    expect(money(plan.invoices[0].total)).toBe('3100.00');
    expect(money(plan.pot.balanceBefore)).toBe('0.00');
  });
});

describe('planRun: fixed cost', () => {
  it('2023 is first billed in the December run (agreement starts July), at 6/12', () => {
    let input = runInput({ run: { month: '2023-05', invoiceDate: '2023-05-31' } });
    const may = planRun(input);
    expect(may.invoices).toEqual([]);
    input = applyPlan(input, may);
    input = { ...input, run: { month: '2023-12', invoiceDate: '2023-12-15' } };
    const dec = planRun(input);
    expect(dec.invoices).toHaveLength(14);
    expect(dec.invoices.map((i) => i.municipality).slice(-3)).toEqual(['Älvsbyn', 'Överkalix', 'Övertorneå']);
    expect(dec.invoices.map((i) => i.number)).toEqual(
      Array.from({ length: 14 }, (_, i) => `YR-2023-${String(i + 1).padStart(4, '0')}`),
    );
    const arjeplog = dec.invoices[0];
    expect(arjeplog.lines).toEqual([{ kind: 'fixed', year: 2023, months: 6, amount: d('5161.5') }]);
    expect(money(sum(dec.invoices.map((i) => i.total)))).toBe('475000.00');
    input = applyPlan(input, dec);
    // 2024: the May run bills the full year, the December run nothing more.
    input = { ...input, run: { month: '2024-05', invoiceDate: '2024-05-31' } };
    const may24 = planRun(input);
    expect(money(sum(may24.invoices.map((i) => i.total)))).toBe('950000.00');
    input = applyPlan(input, may24);
    input = { ...input, run: { month: '2024-12', invoiceDate: '2024-12-31' } };
    expect(planRun(input).invoices).toEqual([]);
  });

  it('2028 is billed at 6/12: Arjeplog 5 161,50; 2029 not at all', () => {
    const plan = planRun(runInput({ run: { month: '2028-05', invoiceDate: '2028-05-31' } }));
    const a = plan.invoices.find((i) => i.municipality === 'Arjeplog')!;
    expect(money(a.total)).toBe('5161.50');
    expect(a.lines[0]).toMatchObject({ kind: 'fixed', year: 2028, months: 6 });
    expect(planRun(runInput({ run: { month: '2029-05', invoiceDate: '2029-05-31' } })).invoices).toEqual([]);
  });

  it('numbers follow the invoice date’s year and continue the register', () => {
    let input = runInput({ run: { month: '2024-12', invoiceDate: '2025-01-10' } });
    const plan = planRun(input);
    expect(plan.invoices[0].number).toBe('YR-2025-0001');
    expect(plan.invoices[0].lines[0]).toMatchObject({ kind: 'fixed', year: 2024 });
    input = applyPlan(input, plan);
    input = {
      ...input,
      attendance: [attendance('2024-11-01', 'BOU-B2', 'Pajala', 1)],
      courses,
      run: { month: '2024-12', invoiceDate: '2025-01-12' },
    };
    const again = planRun(input);
    expect(again.invoices.map((i) => i.number)).toEqual(['YR-2025-0015']);
    expect(again.runId).toBe('2024-12/2');
  });
});

describe('planRun: trainer pot in December', () => {
  const zeroFixed = (): Partial<RunInput> => ({
    settings: defaultSettings({ agreementFrom: '2030-01-01', agreementTo: '2030-12-31' }),
  });

  it('May only collects; December pays the whole pot by trainer days', () => {
    let input = runInput({
      ...zeroFixed(),
      courses,
      attendance: [attendance('2024-03-01', 'BOU-B2', 'Luleå', 10), attendance('2024-09-01', 'BOU-B2', 'Boden', 5)],
      trainers: [trainer('2024-03-01', 'BOU-B2', 'Kiruna', 2), trainer('2024-09-01', 'BOU-B2', 'Boden', 1)],
    });
    const may = planRun(input);
    expect(money(may.pot.collected)).toBe('4000.00');
    expect(money(may.pot.paidOut)).toBe('0.00');
    expect(may.trainerStamps).toEqual([]);
    input = applyPlan(input, may);
    input = { ...input, run: { month: '2024-12', invoiceDate: '2024-12-20' } };
    const dec = planRun(input);
    expect(money(dec.pot.balanceBefore)).toBe('4000.00');
    expect(money(dec.pot.collected)).toBe('2000.00');
    expect(money(dec.pot.paidOut)).toBe('6000.00');
    expect(money(dec.pot.carriedOver)).toBe('0.00');
    const boden = dec.invoices.find((i) => i.municipality === 'Boden')!;
    expect(boden.lines.map((l) => [l.kind, money(l.amount)])).toEqual([
      ['variable', '7750.00'],
      ['trainerPot', '-2000.00'],
    ]);
    expect(money(boden.total)).toBe('5750.00');
    const kiruna = dec.invoices.find((i) => i.municipality === 'Kiruna')!;
    // Each pot line knows the payout it is a share of: 6 000 kr over Boden's 1 and Kiruna's 2 trainer days.
    const payout = { total: d(6000), trainerDays: d(3) };
    expect(kiruna.lines).toEqual([{ kind: 'trainerPot', year: 2024, trainerDays: d(2), amount: d(-4000), payout }]);
    expect(boden.lines[1]).toMatchObject({ kind: 'trainerPot', payout });
    expect(kiruna.credit).toBe(true);
    expect(money(kiruna.total)).toBe('-4000.00');
    expect(kiruna.trainerRows).toHaveLength(1);
    expect(dec.trainerStamps.map((s) => s.number).sort()).toEqual([boden.number, kiruna.number].sort());
    input = applyPlan(input, dec);
    input = { ...input, run: { month: '2025-12', invoiceDate: '2025-12-20' } };
    expect(planRun(input).invoices).toEqual([]);
  });

  it('carries the pot over when there are no unpaid trainer rows, and says so', () => {
    let input = runInput({
      ...zeroFixed(),
      courses,
      attendance: [attendance('2024-10-01', 'BOU-B2', 'Luleå', '30.5')],
      run: { month: '2024-12', invoiceDate: '2024-12-20' },
    });
    const dec = planRun(input);
    expect(money(dec.pot.carriedOver)).toBe('12200.00');
    expect(money(dec.pot.paidOut)).toBe('0.00');
    expect(dec.notes.join(' ')).toContain('12 200,00 kr');
    expect(dec.notes.join(' ')).toContain('nästa december');
    input = applyPlan(input, dec);
    input = {
      ...input,
      trainers: [trainer('2025-02-01', 'BOU-B2', 'Piteå', 1)],
      run: { month: '2025-12', invoiceDate: '2025-12-20' },
    };
    const next = planRun(input);
    expect(next.invoices).toHaveLength(1);
    expect(next.invoices[0]).toMatchObject({ municipality: 'Piteå', credit: true });
    expect(money(next.invoices[0].total)).toBe('-12200.00');
  });

  it('a 0,00 share gets no line and its rows stay unpaid', () => {
    const input = runInput({
      ...zeroFixed(),
      courses: [course('X', { venueOverride: d(0) })],
      attendance: [],
      trainers: [
        trainer('2024-01-01', 'X', 'Arjeplog', 1),
        trainer('2024-01-01', 'X', 'Boden', 1),
        trainer('2024-01-01', 'X', 'Kalix', 1),
      ],
      run: { month: '2024-12', invoiceDate: '2024-12-20' },
    });
    // A pot of 0,02 kr: two municipalities get one öre each, ties by Swedish order.
    input.ledger = {
      invoices: [
        {
          number: 'YR-2023-0001',
          invoiceDate: '2023-12-01',
          dueDate: '2023-12-31',
          period: '2023-12',
          municipality: 'Kalix',
          total: d(0),
          ocr: '',
          status: 'Skapad',
          sent: '',
          recipient: '',
          run: '2023-12/1',
          credits: '',
          creditedBy: '',
        },
      ],
      lines: [
        {
          invoiceNumber: 'YR-2023-0001',
          line: {
            kind: 'variable',
            courseId: 'X',
            quantity: d(1),
            unitPrice: d(0),
            components: { venue: d(0), pot: d('0.02'), material: d(0), buffer: d(0) },
            amount: d(0),
          },
        },
      ],
    };
    const plan = planRun(input);
    expect(plan.invoices.map((i) => [i.municipality, money(i.total)])).toEqual([
      ['Arjeplog', '-0.01'],
      ['Boden', '-0.01'],
    ]);
    expect(plan.trainerStamps).toHaveLength(2);
    expect(money(plan.pot.paidOut)).toBe('0.02');
    expect(money(plan.pot.carriedOver)).toBe('0.00');
  });

  it('computes the balance after the fee settings change, from the register', () => {
    let input = runInput({ ...zeroFixed(), courses, attendance: [attendance('2024-03-01', 'BOU-B2', 'Luleå', 10)] });
    input = applyPlan(input, planRun(input));
    input = {
      ...input,
      settings: { ...input.settings, fees: { venue: d(1000), pot: d(999), material: d(0), buffer: d(0) } },
      trainers: [trainer('2024-05-01', 'BOU-B2', 'Jokkmokk', 3)],
      run: { month: '2024-12', invoiceDate: '2024-12-20' },
    };
    const dec = planRun(input);
    expect(money(dec.pot.balanceBefore)).toBe('4000.00');
    expect(money(dec.invoices[0].total)).toBe('-4000.00');
  });

  it('makes a credit invoice when the pot share exceeds the costs', () => {
    let input = runInput({ ...zeroFixed(), courses, attendance: [attendance('2024-03-01', 'BOU-B2', 'Luleå', 20)] });
    input = applyPlan(input, planRun(input));
    input = {
      ...input,
      attendance: [...input.attendance, attendance('2024-10-01', 'BOU-B2', 'Boden', 1)],
      trainers: [trainer('2024-04-01', 'BOU-B2', 'Boden', 3)],
      run: { month: '2024-12', invoiceDate: '2024-12-20' },
    };
    const dec = planRun(input);
    expect(dec.invoices).toHaveLength(1);
    const boden = dec.invoices[0];
    expect(boden.lines.map((l) => [l.kind, money(l.amount)])).toEqual([
      ['variable', '1550.00'],
      ['trainerPot', '-8400.00'],
    ]);
    expect(money(boden.total)).toBe('-6850.00');
    expect(boden.credit).toBe(true);
    expect(boden.attendance).toHaveLength(1);
    expect(boden.trainerRows).toHaveLength(1);
  });

  it('applies VAT to the net', () => {
    const plan = planRun(
      runInput({
        ...zeroFixed(),
        settings: defaultSettings({ vatPercent: d(25), agreementFrom: '2030-01-01', agreementTo: '2030-12-31' }),
        courses,
        attendance: [attendance('2024-03-01', 'BOU-B2', 'Luleå', '0.5')],
      }),
    );
    expect([money(plan.invoices[0].net), money(plan.invoices[0].vat), money(plan.invoices[0].total)]).toEqual([
      '775.00',
      '193.75',
      '968.75',
    ]);
  });
});

describe('validateRun', () => {
  // The findings as the administrator sees them: located by the workbook floor.
  const validateRun = (input: RunInput) => locateAll(findings(input));
  it('accepts the defaults', () => {
    expect(validateRun(runInput()).filter((i) => i.severity === 'error')).toEqual([]);
  });
  it('rejects a bad month, date and missing settings', () => {
    const issues = validateRun(
      runInput({
        settings: defaultSettings({ orgNumber: '', bankgiro: ' ' }),
        run: { month: '2024-06', invoiceDate: '2024-02-30' },
      }),
    );
    expect(issues.map((i) => [i.severity, i.tab, i.column])).toEqual([
      ['error', 'Körning', 'Månad'],
      ['error', 'Körning', 'Fakturadatum'],
      ['error', 'Inställningar', 'Värde'],
      ['error', 'Inställningar', 'Värde'],
    ]);
    expect(issues[2].message).toContain('Organisationsnummer');
    expect(issues[3].message).toContain('Bankgiro');
    const blank = validateRun(
      runInput({ settings: defaultSettings({ invoicePrefix: ' ', paymentDays: 2.5, vatPercent: d(-1) }) }),
    );
    expect(blank.map((i) => i.message.match(/Inställningen (\S+)/)?.[1])).toEqual([
      'Fakturaprefix',
      'Betalningsvillkor',
      'Moms',
    ]);
    const bad = validateRun(runInput({ settings: defaultSettings({ orgNumber: '222000-1876' }) }));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ tab: 'Inställningar', column: 'Värde', value: '222000-1876' });
  });
  it('checks municipality org numbers and fixed costs', () => {
    const ms = members();
    ms[1] = { ...ms[1], orgNumber: '212000-2651' };
    ms[2] = { ...ms[2], orgNumber: '' };
    ms[3] = { ...ms[3], fixedCost: d(1) };
    const issues = validateRun(runInput({ municipalities: ms }));
    expect(issues.map((i) => [i.severity, i.tab, i.row ?? null, i.column])).toEqual([
      ['error', 'Kommuner', null, 'Fast kostnad (kr/år)'],
      ['error', 'Kommuner', 3, 'Organisationsnummer'],
      ['warning', 'Kommuner', 4, 'Organisationsnummer'],
    ]);
  });
  it('warns about probable duplicates and dates outside the course', () => {
    const a = attendance('2024-03-01', 'C', 'Boden', 1, { participant: 'Anna Berg' });
    const b = attendance('2024-03-01', 'C', 'Boden', 1, {
      participant: ' anna berg ',
      ref: { tab: 'Närvaro 2024', row: 9 },
    });
    const c = attendance('2024-03-05', 'C', 'Boden', 1, { participant: 'Anna Berg' });
    const issues = validateRun(
      runInput({ courses: [course('C', { start: '2024-03-01', end: '2024-03-02' })], attendance: [a, b, c] }),
    );
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ tab: 'Närvaro 2024', row: 9 });
    expect(issues[0].message).toContain(`rad ${a.ref.row}`);
    expect(issues[0].message).toContain('rad 9');
    expect(issues[1]).toMatchObject({ tab: 'Närvaro', row: c.ref.row, column: 'Datum', value: '2024-03-05' });
  });
});
