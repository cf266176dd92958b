// The invoices.json mapping: exact keys in SPEC §7 order, two-decimal amounts, plain quantities.
import { describe, expect, it } from 'vitest';
import { invoicesJson, invoicesJsonText, plainDecimal } from '../../src/cli/invoicesJson';
import { Dec } from '../../src/core/money';
import type { FeeComponents, PlannedInvoice, RunPlan } from '../../src/core/types';

const fees: FeeComponents = { venue: new Dec(1000), pot: new Dec(400), material: new Dec(100), buffer: new Dec(50) };

function invoice(over: Partial<PlannedInvoice>): PlannedInvoice {
  return {
    number: 'YR-2024-0015',
    municipality: 'Luleå',
    invoiceDate: '2024-12-20',
    dueDate: '2025-01-19',
    period: '2024-12',
    ocr: '2024001505',
    lines: [],
    net: new Dec(0),
    vat: new Dec(0),
    total: new Dec(0),
    credit: false,
    attendance: [],
    trainerRows: [],
    ...over,
  };
}

const plan: RunPlan = {
  month: '2024-12',
  invoiceDate: '2024-12-20',
  cutOff: '2024-12-31',
  runId: '2024-12/1',
  invoices: [
    invoice({
      lines: [
        {
          kind: 'variable',
          courseId: 'BOU-B2',
          quantity: new Dec('28.0'),
          unitPrice: new Dec(1550),
          components: fees,
          amount: new Dec(43400),
        },
        {
          kind: 'variable',
          courseId: 'ÄO-F1',
          quantity: new Dec('2.50'),
          unitPrice: new Dec('1550.5'),
          components: fees,
          amount: new Dec('3876.25'),
        },
        { kind: 'fixed', year: 2024, months: 12, amount: new Dec(298992) },
        { kind: 'trainerPot', year: 2024, trainerDays: new Dec('4'), amount: new Dec('-3100') },
      ],
      total: new Dec('342168.25'),
    }),
    invoice({
      number: 'YR-2024-0016',
      municipality: 'Pajala',
      ocr: '2024001604',
      lines: [{ kind: 'trainerPot', year: 2024, trainerDays: new Dec('1.5'), amount: new Dec('-1200.004') }],
      total: new Dec('-1200.004'),
      credit: true,
    }),
  ],
  attendanceStamps: [],
  trainerStamps: [],
  pot: { balanceBefore: new Dec(0), collected: new Dec(12345), paidOut: new Dec('4300.1'), carriedOver: new Dec('-0') },
  notes: [],
};

describe('invoicesJson', () => {
  it('has exactly the keys of SPEC §7, in order, with two-decimal amounts', () => {
    const json = invoicesJson(plan);
    expect(Object.keys(json)).toEqual([
      'month',
      'invoiceDate',
      'invoices',
      'potCollected',
      'potPaidOut',
      'potCarriedOver',
    ]);
    expect(Object.keys(json.invoices[0])).toEqual([
      'number',
      'municipality',
      'invoiceDate',
      'dueDate',
      'ocr',
      'type',
      'credit',
      'total',
      'lines',
    ]);
    expect(json.invoices[0].lines.map((l) => Object.keys(l))).toEqual([
      ['kind', 'courseId', 'quantity', 'unitPrice', 'amount'],
      ['kind', 'courseId', 'quantity', 'unitPrice', 'amount'],
      ['kind', 'year', 'amount'],
      ['kind', 'year', 'trainerDays', 'amount'],
    ]);
    expect(json).toEqual({
      month: '2024-12',
      invoiceDate: '2024-12-20',
      invoices: [
        {
          number: 'YR-2024-0015',
          municipality: 'Luleå',
          invoiceDate: '2024-12-20',
          dueDate: '2025-01-19',
          ocr: '2024001505',
          type: 'invoice',
          credit: false,
          total: '342168.25',
          lines: [
            { kind: 'variable', courseId: 'BOU-B2', quantity: '28', unitPrice: '1550.00', amount: '43400.00' },
            { kind: 'variable', courseId: 'ÄO-F1', quantity: '2.5', unitPrice: '1550.50', amount: '3876.25' },
            { kind: 'fixed', year: 2024, amount: '298992.00' },
            { kind: 'trainerPot', year: 2024, trainerDays: '4', amount: '-3100.00' },
          ],
        },
        {
          number: 'YR-2024-0016',
          municipality: 'Pajala',
          invoiceDate: '2024-12-20',
          dueDate: '2025-01-19',
          ocr: '2024001604',
          type: 'invoice',
          credit: true,
          total: '-1200.00',
          lines: [{ kind: 'trainerPot', year: 2024, trainerDays: '1.5', amount: '-1200.00' }],
        },
      ],
      potCollected: '12345.00',
      potPaidOut: '4300.10',
      potCarriedOver: '0.00',
    });
  });

  it('gives an empty list and the pot figures when nothing is billed', () => {
    const empty = { ...plan, invoices: [] };
    const text = invoicesJsonText(empty);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      month: '2024-12',
      invoiceDate: '2024-12-20',
      invoices: [],
      potCollected: '12345.00',
      potPaidOut: '4300.10',
      potCarriedOver: '0.00',
    });
  });

  it('writes quantities as plain decimals', () => {
    expect(plainDecimal(new Dec('28.000'))).toBe('28');
    expect(plainDecimal(new Dec('0.5'))).toBe('0.5');
    expect(plainDecimal(new Dec('1e21'))).toBe('1000000000000000000000');
    expect(plainDecimal(new Dec('-0'))).toBe('0');
  });
});
