/** Credit notes as pure data (SPEC §8) and the register's view of them (SPEC §3.2, §3.4, §3.5). */
import { describe, expect, it } from 'vitest';
import { creditRefusal, negateLine, planCredit, type CreditRequest } from '../../src/core/credit';
import {
  creditedInvoices,
  fixedYears,
  isBilledStamp,
  isCreditNote,
  liveInvoiceNumbers,
  releasedNumbers,
} from '../../src/core/ledgerState';
import { isLuhnValid } from '../../src/core/luhn';
import { Dec } from '../../src/core/money';
import { planRun } from '../../src/core/plan';
import { potBalance } from '../../src/core/pot';
import type { RunInput } from '../../src/core/types';
import { applyPlan, attendance, course, defaultSettings, runInput, trainer } from './builders';
import { applyCredit } from './creditBuilders';

const money = (x: { toFixed(n: number): string }) => x.toFixed(2);

/** May and December 2024 billed: Luleå and Boden attend, Kiruna trains. */
function billedYear(): RunInput {
  let input = runInput({
    courses: [course('BOU-B1', {}, 2), course('BOU-F1', { venueOverride: new Dec(1200) }, 3)],
    attendance: [
      attendance('2024-03-10', 'BOU-B1', 'Luleå', 2),
      attendance('2024-04-02', 'BOU-F1', 'Luleå', '1.5'),
      attendance('2024-04-20', 'BOU-B1', 'Boden', 3),
    ],
    trainers: [trainer('2024-03-10', 'BOU-B1', 'Kiruna', 1), trainer('2024-04-02', 'BOU-F1', 'Boden', 2)],
    run: { month: '2024-05', invoiceDate: '2024-05-31' },
  });
  input = applyPlan(input, planRun(input));
  input = {
    ...input,
    attendance: [...input.attendance, attendance('2024-10-01', 'BOU-B1', 'Boden', 1)],
    run: { month: '2024-12', invoiceDate: '2024-12-20' },
  };
  return applyPlan(input, planRun(input));
}

const numberOf = (input: RunInput, municipality: string, period: string) =>
  input.ledger.invoices.find((i) => i.municipality === municipality && i.period === period)!.number;

const request = (invoice: string, date = '2025-01-15', reason = 'Fel kommun på en deltagare'): CreditRequest => ({
  invoice,
  date,
  reason,
});

describe('the billed year used below', () => {
  it('has the invoices the rules give', () => {
    const input = billedYear();
    expect(input.ledger.invoices.map((i) => [i.number, i.municipality, i.period, money(i.total)])).toEqual([
      ['YR-2024-0001', 'Arjeplog', '2024-05', '10323.00'],
      ['YR-2024-0002', 'Arvidsjaur', '2024-05', '23437.00'],
      ['YR-2024-0003', 'Boden', '2024-05', '111373.00'], // 106 723 + 3 × 1 550
      ['YR-2024-0004', 'Gällivare', '2024-05', '66478.00'],
      ['YR-2024-0005', 'Haparanda', '2024-05', '36590.00'],
      ['YR-2024-0006', 'Jokkmokk', '2024-05', '18489.00'],
      ['YR-2024-0007', 'Kalix', '2024-05', '60024.00'],
      ['YR-2024-0008', 'Kiruna', '2024-05', '86211.00'],
      ['YR-2024-0009', 'Luleå', '2024-05', '304717.00'], // 298 992 + 2 × 1 550 + 1,5 × 1 750
      ['YR-2024-0010', 'Pajala', '2024-05', '22829.00'],
      ['YR-2024-0011', 'Piteå', '2024-05', '160699.00'],
      ['YR-2024-0012', 'Älvsbyn', '2024-05', '30561.00'],
      ['YR-2024-0013', 'Överkalix', '2024-05', '12555.00'],
      ['YR-2024-0014', 'Övertorneå', '2024-05', '16089.00'],
      // December: the pot holds (2 + 1,5 + 3 + 1) × 400 = 3 000, paid 2:1 to Boden and Kiruna.
      ['YR-2024-0015', 'Boden', '2024-12', '-450.00'], // 1 550 − 2 000
      ['YR-2024-0016', 'Kiruna', '2024-12', '-1000.00'],
    ]);
  });
});

describe('planCredit', () => {
  it('negates every line of the credited invoice and its total exactly', () => {
    const input = billedYear();
    const luleå = numberOf(input, 'Luleå', '2024-05');
    const plan = planCredit(input, request(luleå));
    expect(plan.kind).toBe('new');
    const original = input.ledger.lines.filter((l) => l.invoiceNumber === luleå).map((l) => l.line);
    expect(plan.note.lines).toEqual(original.map(negateLine));
    expect(plan.note.lines.map((l) => [l.kind, money(l.amount)])).toEqual([
      ['variable', '-3100.00'],
      ['variable', '-2625.00'],
      ['fixed', '-298992.00'],
    ]);
    const [b1, f1] = plan.note.lines;
    if (b1.kind !== 'variable' || f1.kind !== 'variable') throw new Error('variable lines expected');
    expect([b1.courseId, b1.quantity.toString(), money(b1.unitPrice)]).toEqual(['BOU-B1', '-2', '1550.00']);
    expect([f1.courseId, f1.quantity.toString(), money(f1.unitPrice)]).toEqual(['BOU-F1', '-1.5', '1750.00']);
    expect(money(plan.note.total)).toBe('-304717.00');
    expect(plan.note.credit).toBe(true);
    expect(plan.note.creditOf).toEqual({
      number: luleå,
      invoiceDate: '2024-05-31',
      reason: 'Fel kommun på en deltagare',
    });
    expect([plan.note.municipality, plan.note.period, plan.note.invoiceDate, plan.note.dueDate]).toEqual([
      'Luleå',
      '2024-05',
      '2025-01-15',
      '2025-02-14',
    ]);
  });

  it('numbers the credit note in the invoices\u2019 series of its own date\u2019s year, with its own valid OCR', () => {
    const input = billedYear();
    const inDecember = planCredit(input, request(numberOf(input, 'Luleå', '2024-05'), '2024-12-28'));
    expect(inDecember.note.number).toBe('YR-2024-0017');
    const nextYear = planCredit(input, request(numberOf(input, 'Luleå', '2024-05'), '2025-01-15'));
    expect(nextYear.note.number).toBe('YR-2025-0001');
    expect(nextYear.note.ocr).not.toBe(input.ledger.invoices.find((i) => i.number === 'YR-2024-0009')!.ocr);
    expect(isLuhnValid(nextYear.note.ocr)).toBe(true);
    expect(nextYear.note.ocr).toBe('2025000106'); // 20250001, length digit 0, Luhn 6
  });

  it('a credit of a variable line takes its component back out of the pot; of a payout, puts it back', () => {
    const input = billedYear();
    expect(money(potBalance(input.ledger))).toBe('0.00');
    const may = planCredit(input, request(numberOf(input, 'Luleå', '2024-05')));
    expect([money(may.pot.collected), money(may.pot.paidOut), money(may.pot.carriedOver)]).toEqual([
      '-1400.00',
      '0.00',
      '0.00',
    ]);
    expect(money(may.pot.balanceAfter)).toBe('-1400.00');

    const december = planCredit(input, request(numberOf(input, 'Boden', '2024-12')));
    expect(december.note.lines.map((l) => [l.kind, money(l.amount)])).toEqual([
      ['variable', '-1550.00'],
      ['trainerPot', '2000.00'],
    ]);
    expect(money(december.note.total)).toBe('450.00');
    expect(december.note.credit).toBe(false);
    expect([money(december.pot.collected), money(december.pot.paidOut)]).toEqual(['-400.00', '-2000.00']);
    expect(money(december.pot.balanceAfter)).toBe('1600.00');
  });

  it('lists what it releases: the stamped rows, the paid trainer rows and the fixed years', () => {
    const input = billedYear();
    const boden = planCredit(input, request(numberOf(input, 'Boden', '2024-12')));
    expect(boden.released.attendance.map((r) => r.date)).toEqual(['2024-10-01']);
    expect(boden.released.trainers.map((r) => r.municipality)).toEqual(['Boden']);
    expect(boden.released.fixedYears).toEqual([]);
    const luleå = planCredit(input, request(numberOf(input, 'Luleå', '2024-05')));
    expect(luleå.released.attendance).toHaveLength(2);
    expect(luleå.released.fixedYears).toEqual([2024]);
  });

  it('carries VAT over exactly: the total is minus the credited total, not recomputed', () => {
    let input = runInput({
      settings: defaultSettings({ vatPercent: new Dec(25) }),
      courses: [course('A')],
      attendance: [attendance('2024-03-01', 'A', 'Luleå', '0.5')],
    });
    input = applyPlan(input, planRun(input));
    const luleå = numberOf(input, 'Luleå', '2024-05');
    const original = input.ledger.invoices.find((i) => i.number === luleå)!;
    const plan = planCredit({ ...input, settings: defaultSettings({ vatPercent: new Dec(12) }) }, request(luleå));
    expect(plan.note.total.eq(original.total.negated())).toBe(true);
    expect(plan.note.vat.plus(plan.note.net).eq(plan.note.total)).toBe(true);
  });
});

describe('creditRefusal', () => {
  it('refuses an unknown number, a credit note, an already credited invoice and a bad date', () => {
    const input = billedYear();
    const luleå = numberOf(input, 'Luleå', '2024-05');
    expect(creditRefusal(input, request('YR-2024-0099'))).toMatchObject({ kind: 'unknown', number: 'YR-2024-0099' });
    expect(creditRefusal(input, request(luleå, '2025-02-30'))).toMatchObject({ kind: 'date' });
    expect(creditRefusal(input, request(luleå, '2024-05-30'))?.message).toContain('ligger före');
    expect(creditRefusal(input, request(` ${luleå} `))).toBeNull();

    const credited = applyCredit(input, planCredit(input, request(luleå)));
    const refusal = creditRefusal(credited, request(luleå));
    expect(refusal).toMatchObject({ kind: 'credited', number: luleå, creditedBy: 'YR-2025-0001' });
    expect(refusal!.message).toBe(
      `Fakturan ${luleå} är redan krediterad av YR-2025-0001. En faktura krediteras bara en gång; fakturera om med Kör fakturering.`,
    );
    expect(creditRefusal(credited, request('YR-2025-0001'))).toMatchObject({ kind: 'creditNote', credits: luleå });
  });

  it('a credit stopped after its commit point is completed, not refused and not repeated', () => {
    const input = billedYear();
    const luleå = numberOf(input, 'Luleå', '2024-05');
    const first = planCredit(input, request(luleå));
    const stopped = applyCredit(input, first, 'commit');
    expect(creditRefusal(stopped, request(luleå, '2025-03-01', 'annat'))).toBeNull();
    const second = planCredit(stopped, request(luleå, '2025-03-01', 'annat'));
    expect(second.kind).toBe('complete');
    expect(second.note.number).toBe(first.note.number);
    expect(second.note.invoiceDate).toBe('2025-01-15');
    expect(money(second.note.total)).toBe(money(first.note.total));
    expect(money(second.pot.balanceAfter)).toBe(money(first.pot.balanceAfter));
    const done = applyCredit(stopped, second);
    expect(done.ledger.invoices).toHaveLength(input.ledger.invoices.length + 1);
    expect(creditRefusal(done, request(luleå))).toMatchObject({ kind: 'credited' });
  });

  it('a credit stopped before its commit point leaves nothing: the same number is planned again', () => {
    const input = billedYear();
    const luleå = numberOf(input, 'Luleå', '2024-05');
    const first = planCredit(input, request(luleå));
    const stopped = applyCredit(input, first, 'lines');
    expect(creditedInvoices(stopped.ledger).size).toBe(0);
    const again = planCredit(stopped, request(luleå));
    expect([again.kind, again.note.number]).toEqual(['new', first.note.number]);
  });
});

describe('the register after a credit (ledgerState)', () => {
  it('a credited invoice and its credit note are not live; its stamps are released', () => {
    const input = billedYear();
    const luleå = numberOf(input, 'Luleå', '2024-05');
    const after = applyCredit(input, planCredit(input, request(luleå)));
    const note = after.ledger.invoices.at(-1)!;
    expect(isCreditNote(note)).toBe(true);
    expect(isCreditNote(after.ledger.invoices[0])).toBe(false);
    expect(creditedInvoices(after.ledger)).toEqual(new Map([[luleå, note.number]]));
    const live = liveInvoiceNumbers(after.ledger);
    expect(live.has(luleå)).toBe(false);
    expect(live.has(note.number)).toBe(false);
    expect(live.size).toBe(input.ledger.invoices.length - 1);
    expect(isBilledStamp(luleå, live)).toBe(false);
    expect(isBilledStamp(` ${numberOf(input, 'Boden', '2024-05')} `, live)).toBe(true);
    expect(isBilledStamp('', live)).toBe(false);
    expect(isBilledStamp('YR-2030-0001', live)).toBe(false);
    expect(releasedNumbers(after.ledger)).toEqual(new Set([luleå]));
  });

  it('a fixed year is billed while its net is above 0 and released when a credit brings it to 0', () => {
    const input = billedYear();
    const luleå = numberOf(input, 'Luleå', '2024-05');
    expect(fixedYears(input.ledger).billed.get('lulea')).toEqual(new Set([2024]));
    const after = applyCredit(input, planCredit(input, request(luleå)));
    const years = fixedYears(after.ledger);
    expect(years.billed.has('lulea')).toBe(false);
    expect(years.released.get('lulea')).toEqual(new Set([2024]));
    expect(years.billed.get('boden')).toEqual(new Set([2024]));
  });

  it('ignores lines and credit notes of an interrupted credit', () => {
    const input = billedYear();
    const stopped = applyCredit(input, planCredit(input, request(numberOf(input, 'Luleå', '2024-05'))), 'lines');
    expect(fixedYears(stopped.ledger).billed.get('lulea')).toEqual(new Set([2024]));
  });
});

describe('billing again after a credit (SPEC §3.2, §3.4, §3.5)', () => {
  it('the next run bills the released rows and the released fixed year under new numbers, once', () => {
    const input = billedYear();
    const luleå = numberOf(input, 'Luleå', '2024-05');
    const credited = applyCredit(input, planCredit(input, request(luleå, '2025-01-15')));
    // The next ordinary run, a year later: 2024 is billed again, and 2025 (its own year).
    const rerun = planRun({ ...credited, run: { month: '2025-05', invoiceDate: '2025-05-20' } });
    const luleåInvoice = rerun.invoices.find((i) => i.municipality === 'Luleå')!;
    expect(luleåInvoice.number).toBe('YR-2025-0010'); // after the credit note YR-2025-0001 and 8 municipalities before Luleå
    expect(
      luleåInvoice.lines.map((l) => [
        l.kind,
        'year' in l ? l.year : l.kind === 'variable' ? l.courseId : '',
        money(l.amount),
      ]),
    ).toEqual([
      ['variable', 'BOU-B1', '3100.00'],
      ['variable', 'BOU-F1', '2625.00'],
      ['fixed', 2024, '298992.00'],
      ['fixed', 2025, '298992.00'],
    ]);
    expect(
      rerun.invoices
        .filter((i) => i.municipality !== 'Luleå')
        .every((i) => i.lines.every((l) => l.kind === 'fixed' && l.year === 2025)),
    ).toBe(true);
    expect(rerun.attendanceStamps.map((s) => s.number)).toEqual([luleåInvoice.number, luleåInvoice.number]);
    const after = applyPlan(credited, rerun);
    const again = planRun({ ...after, run: { month: '2025-05', invoiceDate: '2025-05-21' } });
    expect(again.invoices).toEqual([]);
  });

  it('a credited payout goes back into the pot and its trainer rows are paid in the next December run', () => {
    const input = billedYear();
    const boden = numberOf(input, 'Boden', '2024-12');
    const credited = applyCredit(input, planCredit(input, request(boden, '2024-12-22')));
    const rerun = planRun({ ...credited, run: { month: '2024-12', invoiceDate: '2024-12-23' } });
    expect(rerun.runId).toBe('2024-12/2');
    // Pot: 0 − 400 (credited variable component) + 2 000 (reversed payout) + 400 (the rebilled row) = 2 000, all to Boden.
    expect(money(rerun.pot.paidOut)).toBe('2000.00');
    expect(rerun.invoices.map((i) => [i.number, i.municipality, money(i.total)])).toEqual([
      ['YR-2024-0018', 'Boden', '-450.00'],
    ]);
    expect(money(potBalance(applyPlan(credited, rerun).ledger))).toBe('0.00');
  });

  it('a December run whose pot is 0 or less pays nothing', () => {
    const input = billedYear();
    const credited = applyCredit(input, planCredit(input, request(numberOf(input, 'Luleå', '2024-05'), '2024-12-22')));
    const withTrainer = { ...credited, trainers: [...credited.trainers, trainer('2024-12-01', 'BOU-B1', 'Piteå', 1)] };
    const plan = planRun({ ...withTrainer, run: { month: '2024-12', invoiceDate: '2024-12-23' } });
    // −1 400 taken back, +1 400 billed again: the pot is 0.
    expect(money(plan.pot.paidOut)).toBe('0.00');
    expect(plan.trainerStamps).toEqual([]);
  });
});
