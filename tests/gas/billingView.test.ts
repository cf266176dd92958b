// The billing dialog's view model on the app floor, over an in-memory workbook: the request and
// its defaults, the preview as plain JSON, the plan's fingerprint, and a confirmation that bills
// only the previewed plan. The Apps Script side (lock, user, links) is tested in tests/gas.
import { describe, expect, it } from 'vitest';
import {
  CHANGED_MESSAGE,
  INTERRUPTED_MESSAGE,
  confirmRun,
  defaultRun,
  grandTotalMeaning,
  parseRequest,
  previewRun,
} from '../../src/gas/billingView';
import { Dec } from '../../src/core/money';
import { planFingerprint } from '../../src/app/planFingerprint';
import { previewBilling } from '../../src/app/bill';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { ReadOncePort } from '../../src/workbook/readOncePort';
import { date, settingsTab, standardTabs } from '../fixtures/workbook';
import { logRows, outsideLog } from '../workbook/fixtures';

const DECEMBER = { month: '2024-12', invoiceDate: '2024-12-20' };
const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };

function workbook(tabs = standardTabs()): MemoryWorkbook {
  return new MemoryWorkbook(tabs);
}

describe('the request', () => {
  it('proposes the nearest coming May or December, invoiced today', () => {
    expect(defaultRun('2025-01-15')).toEqual({ month: '2025-05', invoiceDate: '2025-01-15' });
    expect(defaultRun('2025-05-31')).toEqual({ month: '2025-05', invoiceDate: '2025-05-31' });
    expect(defaultRun('2025-06-01')).toEqual({ month: '2025-12', invoiceDate: '2025-06-01' });
  });

  it('fills in what is missing, trims what is given, and keeps the fingerprint', () => {
    expect(parseRequest({}, '2025-08-01')).toEqual({ month: '2025-12', invoiceDate: '2025-08-01', fingerprint: '' });
    expect(parseRequest({ month: ' 2024-05 ', invoiceDate: '', fingerprint: 'abc' }, '2025-08-01')).toEqual({
      month: '2024-05',
      invoiceDate: '2025-08-01',
      fingerprint: 'abc',
    });
  });

  it('refuses anything but May or December, a date that does not exist, and no request at all, in Swedish', () => {
    expect(() => parseRequest({ month: '2024-06' }, '2024-06-10')).toThrow(/maj eller december.*"2024-06"/);
    expect(() => parseRequest({ month: '2024-12', invoiceDate: '2024-02-30' }, '2024-06-10')).toThrow(
      /Fakturadatumet.*"2024-02-30"/,
    );
    expect(() => parseRequest(null, '2024-06-10')).toThrow(/faktureringsmånad/);
    expect(() => parseRequest('2024-12', '2024-06-10')).toThrow(/faktureringsmånad/);
  });
});

describe('the preview', () => {
  it('describes each invoice with lines, totals and recipient, in plain JSON, and writes nothing', () => {
    const wb = workbook();
    const p = previewRun(wb, DECEMBER);
    expect(wb.mutations()).toEqual([]);
    expect(p.ok).toBe(true);
    expect(p.runId).toBe('2024-12/1');
    expect(p.cutOff).toBe('2024-12-31');
    expect(p.invoices).toHaveLength(14);
    const lulea = p.invoices.find((i) => i.municipality === 'Luleå')!;
    expect(lulea.recipient).toBe('socialchef@lulea.example');
    expect(
      lulea.lines.map((l) => [
        l.kind,
        l.quantity,
        l.quantityText,
        l.unitPrice,
        l.unitPriceText,
        l.amount,
        l.amountText,
      ]),
    ).toEqual([
      ['variable', '3', '3', '1550.00', '1 550,00 kr', '4650.00', '4 650,00 kr'],
      ['variable', '1.5', '1,5', '1750.00', '1 750,00 kr', '2625.00', '2 625,00 kr'],
      ['fixed', '', '', '', '', '298992.00', '298 992,00 kr'],
      ['trainerPot', '2', '2', '', '', '-3066.67', '-3 066,67 kr'],
    ]);
    expect(lulea.lines[0].description).toContain('BOU-B1');
    expect([lulea.total, lulea.totalText, lulea.totalLabel, lulea.credit]).toEqual([
      '303200.33',
      '303 200,33 kr',
      'Att betala',
      false,
    ]);
    expect(p.pot).toMatchObject({
      collected: '4600.00',
      collectedText: '4 600,00 kr',
      paidOut: '4600.00',
      carriedOver: '0.00',
    });
    expect(p.pot).toMatchObject({
      after: '0.00',
      summary: 'Hela potten betalas ut. I potten efter körningen: 0,00 kr.',
    });
    const paying = p.invoices.filter((i) => Number(i.total) > 0);
    expect(p.grandTotalMeaning).toMatch(new RegExp(`^Ni får in [\\d ]+,\\d{2} kr från ${paying.length} kommuner`));
    // The grand total is the sum of the invoices' totals.
    const cents = p.invoices.reduce((n, i) => n + Math.round(Number(i.total) * 100), 0);
    expect(Math.round(Number(p.grandTotal) * 100)).toBe(cents);
    expect(p.grandTotalText).toMatch(/^\d{1,3}( \d{3})*,\d{2} kr$/);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('says what the grand total means and what becomes of the pot', () => {
    const d = (x: string) => new Dec(x);
    expect(grandTotalMeaning([d('100'), d('50.5'), d('-30'), d('0')])).toBe(
      'Ni får in 150,50 kr från 2 kommuner och betalar ut 30,00 kr till 1 kommun.',
    );
    expect(grandTotalMeaning([d('-30')])).toBe('Ni betalar ut 30,00 kr till 1 kommun.');
    expect(grandTotalMeaning([])).toBe('');
  });

  it('lists the errors and plans nothing when the workbook does not validate', () => {
    const tabs = standardTabs();
    tabs['Närvaro 2024'].push([date('2024-10-01'), 'BOU-B1', 'Per Persson', 'Atlantis', 1, '']);
    const p = previewRun(workbook(tabs), DECEMBER);
    expect(p.ok).toBe(false);
    expect(p.fingerprint).toBe('');
    expect(p.invoices).toEqual([]);
    expect([p.grandTotal, p.grandTotalText]).toEqual(['0.00', '0,00 kr']);
    expect(p.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tab: 'Närvaro 2024', row: 9, column: 'Kommun', value: 'Atlantis' }),
      ]),
    );
  });

  it('refuses a user who is not an administrator', () => {
    const tabs = standardTabs();
    tabs['Inställningar'] = settingsTab({ Administratörer: 'karin@norrbotten.example' });
    expect(
      previewRun(workbook(tabs), DECEMBER, { user: 'nisse@norrbotten.example' })
        .errors.map((e) => e.message)
        .join(' '),
    ).toMatch(/administratör/i);
    expect(previewRun(workbook(tabs), DECEMBER, { user: 'karin@norrbotten.example' }).ok).toBe(true);
  });
});

describe('the plan fingerprint', () => {
  it('is the same for the same data and changes with anything the run would write', () => {
    const plan = () => previewBilling(workbook(), DECEMBER).plan!;
    expect(planFingerprint(plan())).toBe(planFingerprint(plan()));
    expect(planFingerprint(plan())).toMatch(/^[0-9a-f]{28}$/);
    const tabs = standardTabs();
    tabs['Närvaro 2024'].push([date('2024-10-01'), 'BOU-B1', 'Sen Anmälan', 'Boden', 1, '']);
    expect(planFingerprint(previewBilling(workbook(tabs), DECEMBER).plan!)).not.toBe(planFingerprint(plan()));
    expect(planFingerprint(previewBilling(workbook(), { ...DECEMBER, invoiceDate: '2024-12-21' }).plan!)).not.toBe(
      planFingerprint(plan()),
    );
  });
});

describe('the confirmation', () => {
  it('writes the previewed run, each tab read once, and links every invoice sheet', () => {
    const p = previewRun(workbook(), DECEMBER);
    const wb = workbook();
    const r = confirmRun(
      new ReadOncePort(wb),
      { ...DECEMBER, fingerprint: p.fingerprint },
      { sheetUrl: (s) => `#${s}` },
    );
    expect(r.written).toBe(true);
    expect(r.message).toBe('14 fakturor skapade i körning 2024-12/1.');
    expect(r.errors).toEqual([]);
    expect(r.invoices.map((i) => [i.number, i.municipality, i.total, i.totalText])).toEqual(
      p.invoices.map((i) => [i.number, i.municipality, i.total, i.totalText]),
    );
    for (const inv of r.invoices) {
      expect(inv.sheet.startsWith(`${inv.number} `)).toBe(true);
      expect(wb.tab(inv.sheet), inv.sheet).toBeDefined();
      expect(inv.url).toBe(`#${inv.sheet}`);
    }
    const reads = wb.calls.filter((c) => c.op === 'read').map((c) => c.tab);
    expect(new Set(reads).size).toBe(reads.length);
  });

  it('refuses a plan that changed since the preview, writing nothing', () => {
    const p = previewRun(workbook(), DECEMBER);
    const tabs = standardTabs();
    tabs['Närvaro 2024'].push([date('2024-10-01'), 'BOU-B1', 'Sen Anmälan', 'Boden', 1, '']);
    const wb = workbook(tabs);
    expect(() => confirmRun(wb, { ...DECEMBER, fingerprint: p.fingerprint })).toThrow(CHANGED_MESSAGE);
    expect(outsideLog(wb)).toEqual([]);
    expect(logRows(wb)).toEqual([['Fakturering', 'Nekad']]);
    expect(String(wb.read('Logg')[1][3])).toContain(CHANGED_MESSAGE);
    // Without a fingerprint the current plan is billed.
    expect(confirmRun(wb, { ...DECEMBER, fingerprint: '' }).written).toBe(true);
  });

  it('writes nothing when the data does not validate, or when there is nothing new', () => {
    const tabs = standardTabs();
    tabs['Närvaro 2024'].push([date('2024-10-01'), 'BOU-B1', 'Per Persson', 'Atlantis', 1, '']);
    const bad = workbook(tabs);
    const r = confirmRun(bad, { ...DECEMBER, fingerprint: '' });
    expect([r.written, r.message]).toEqual([false, 'Inget har skrivits: rätta felen och förhandsgranska igen.']);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(outsideLog(bad)).toEqual([]);
    expect(logRows(bad)).toEqual([['Fakturering', 'Nekad']]);

    const wb = workbook();
    expect(confirmRun(wb, { ...DECEMBER, fingerprint: '' }).written).toBe(true);
    const before = wb.snapshot();
    const again = confirmRun(wb, { ...DECEMBER, fingerprint: '' });
    expect([again.written, again.invoices]).toEqual([false, []]);
    expect(again.message).toMatch(/inget nytt att fakturera/i);
    expect(wb.snapshot()).toEqual(before);
  });

  it('says one invoice in the singular and shows a credit invoice as Att erhålla', () => {
    const wb = workbook();
    expect(confirmRun(wb, { ...MAY, fingerprint: '' }).written).toBe(true);
    const r = confirmRun(wb, { ...DECEMBER, fingerprint: '' });
    const lulea = r.invoices.find((i) => i.municipality === 'Luleå')!;
    expect(lulea).toMatchObject({
      credit: true,
      totalLabel: 'Att erhålla',
      total: '-1516.67',
      totalText: '-1 516,67 kr',
      amountText: '1 516,67 kr',
      url: '',
    });

    // A late row after both runs: one invoice, in a second December run.
    const late = wb.snapshot();
    late['Närvaro 2024'].push([date('2024-10-01'), 'BOU-B1', 'Sen Anmälan', 'Boden', 1, '']);
    const one = confirmRun(workbook(late), { ...DECEMBER, fingerprint: '' });
    expect(one.invoices.map((i) => i.municipality)).toEqual(['Boden']);
    expect(one.message).toBe('1 faktura skapad i körning 2024-12/2.');
  });

  it('tells, in Swedish and with the cause, that an interrupted run is completed by confirming again', () => {
    const wb = workbook();
    wb.failOnMutation(3);
    let message = '';
    try {
      confirmRun(wb, { ...DECEMBER, fingerprint: '' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.startsWith(INTERRUPTED_MESSAGE)).toBe(true);
    expect(message).toMatch(/\(.+\)$/);
    expect(confirmRun(wb, { ...DECEMBER, fingerprint: '' }).written).toBe(true);
  });
});
