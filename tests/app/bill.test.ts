import { describe, expect, it } from 'vitest';
import { previewBilling, runBilling, type BillOutcome } from '../../src/app/bill';
import { checkWorkbook } from '../../src/app/check';
import { money2 } from '../../src/core/money';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import type { CellValue } from '../../src/workbook/port';
import { readWorkbook } from '../../src/workbook/read';
import { ATTENDANCE_HEADERS } from '../../src/workbook/schema';
import { baseWorkbook, d, logRows, outsideLog, settingsTab } from '../workbook/fixtures';

const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };
const DECEMBER = { month: '2024-12', invoiceDate: '2024-12-18' };

function totals(o: BillOutcome): Record<string, string> {
  return Object.fromEntries((o.plan?.invoices ?? []).map((i) => [`${i.number} ${i.municipality}`, money2(i.total)]));
}

describe('billing end to end on a workbook', () => {
  it('May bills the spring attendance and the fixed cost, December the autumn and pays the pot out', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    const may = runBilling(wb, MAY);
    expect(may.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(may.written).toBe(true);
    expect(totals(may)).toEqual({
      'YR-2024-0001 Arjeplog': '10323.00',
      'YR-2024-0002 Arvidsjaur': '23437.00',
      'YR-2024-0003 Boden': '108073.00', // 106 723 + ALD-F1 1 day × 1 350 (own venue cost); the recorded course is free
      'YR-2024-0004 Gällivare': '66478.00',
      'YR-2024-0005 Haparanda': '36590.00',
      'YR-2024-0006 Jokkmokk': '18489.00',
      'YR-2024-0007 Kalix': '60799.00', // 60 024 + 0,5 day × 1 550
      'YR-2024-0008 Kiruna': '88536.00', // 86 211 + 1,5 days × 1 550
      'YR-2024-0009 Luleå': '308292.00', // 298 992 + 6 days × 1 550
      'YR-2024-0010 Pajala': '22829.00',
      'YR-2024-0011 Piteå': '160699.00',
      'YR-2024-0012 Älvsbyn': '30561.00',
      'YR-2024-0013 Överkalix': '12555.00',
      'YR-2024-0014 Övertorneå': '16089.00',
    });
    expect(money2(may.plan!.pot.collected)).toBe('3600.00');
    expect(money2(may.plan!.pot.paidOut)).toBe('0.00');
    expect(may.plan!.runId).toBe('2024-05/1');
    expect(may.sheets).toHaveLength(14);
    expect(may.documents.map((x) => x.sheet)).toEqual(may.sheets);

    const december = runBilling(wb, DECEMBER);
    expect(totals(december)).toEqual({
      'YR-2024-0015 Kalix': '1550.00',
      'YR-2024-0016 Kiruna': '-1866.67', // 5 600 × 2/6, rounded up by the larger remainder
      'YR-2024-0017 Luleå': '-633.33', // 3 100 − 5 600 × 4/6
      'YR-2024-0018 Piteå': '3100.00',
    });
    expect(money2(december.plan!.pot.collected)).toBe('2000.00');
    expect(money2(december.plan!.pot.paidOut)).toBe('5600.00');
    expect(money2(december.plan!.pot.carriedOver)).toBe('0.00');
    expect(december.plan!.invoices.find((i) => i.municipality === 'Kiruna')!.credit).toBe(true);

    const snap = readWorkbook(wb);
    expect(snap.input.ledger.invoices).toHaveLength(18);
    expect(snap.input.trainers.map((t) => t.payoutInvoice)).toEqual(['YR-2024-0017', 'YR-2024-0017', 'YR-2024-0016']);
    // The recorded course is never billed, so its row stays blank.
    expect(snap.input.attendance.find((a) => a.courseId === 'FU-B1')!.invoiceNumber).toBe('');
    expect(snap.input.attendance.filter((a) => a.courseId !== 'FU-B1').every((a) => a.invoiceNumber !== '')).toBe(true);
  });

  it('re-running a month bills nothing and writes nothing', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    runBilling(wb, MAY);
    const before = wb.snapshot();
    const again = runBilling(wb, MAY);
    expect(again.plan!.invoices).toEqual([]);
    expect(again.written).toBe(false);
    expect(again.sheets).toEqual([]);
    expect(wb.snapshot()).toEqual(before);
  });

  it('a late entry is billed in the next run of the month, with the run numbered /2', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    runBilling(wb, MAY);
    const rows = wb.read('Närvaro 2024');
    wb.write('Närvaro 2024', rows.length + 1, 1, [[d('2024-05-02'), 'BOU-B1', 'Sen Sara', 'Jokkmokk', 1, '']]);
    const late = runBilling(wb, MAY);
    expect(totals(late)).toEqual({ 'YR-2024-0015 Jokkmokk': '1550.00' });
    expect(late.plan!.runId).toBe('2024-05/2');
  });

  it('preview writes nothing and shows what the run would write', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    const preview = previewBilling(wb, MAY);
    expect(wb.mutations()).toEqual([]);
    expect(preview.written).toBe(false);
    expect(preview.sheets).toHaveLength(14);
    expect(preview.input?.settings.invoicePrefix).toBe('YR');
    expect(totals(runBilling(wb, MAY))).toEqual(totals(preview));
  });

  it('any error writes nothing at all and lists every error', () => {
    const tabs = baseWorkbook();
    tabs['Närvaro 2024'] = [
      ...tabs['Närvaro 2024'],
      [d('2024-04-01'), 'BOU-B1', 'X', 'Stockholm', 1, ''],
      ['förra veckan', 'BOU-B1', 'Y', 'Boden', 1, ''],
    ];
    const wb = new MemoryWorkbook(tabs);
    const o = runBilling(wb, MAY);
    expect(o.plan).toBeNull();
    expect(o.written).toBe(false);
    expect(o.documents).toEqual([]);
    // Nothing but the refusal in the audit log.
    expect(outsideLog(wb)).toEqual([]);
    expect(logRows(wb)).toEqual([['Fakturering', 'Nekad']]);
    expect(String(wb.read('Logg')[1][3])).toMatch(
      /^Månad 2024-05, fakturadatum 2024-05-20: 2 fel\. Flik Närvaro 2024, rad 10, kolumn Kommun: "Stockholm"/,
    );
    expect(o.issues.filter((i) => i.severity === 'error').map((i) => [i.tab, i.row, i.column, i.value])).toEqual([
      ['Närvaro 2024', 10, 'Kommun', 'Stockholm'],
      ['Närvaro 2024', 11, 'Datum', 'förra veckan'],
    ]);
  });

  it('a domain error from core (missing seller org. number) also blocks the run, located in Inställningar', () => {
    const tabs = baseWorkbook();
    tabs['Inställningar'] = settingsTab({ Organisationsnummer: '' });
    const wb = new MemoryWorkbook(tabs);
    const o = runBilling(wb, MAY);
    expect(o.plan).toBeNull();
    expect(outsideLog(wb)).toEqual([]);
    expect(o.issues.filter((i) => i.severity === 'error').map((i) => [i.tab, i.row, i.column])).toEqual([
      ['Inställningar', 3, 'Värde'],
    ]);
  });

  it('a month that is not May or December is refused', () => {
    const o = runBilling(new MemoryWorkbook(baseWorkbook()), { month: '2024-06', invoiceDate: '2024-06-20' });
    expect(o.plan).toBeNull();
    expect(o.issues.some((i) => i.severity === 'error' && i.value === '2024-06')).toBe(true);
  });

  it('only administrators may bill when Administratörer is set', () => {
    const tabs = baseWorkbook();
    tabs['Inställningar'] = settingsTab({ Administratörer: 'anna@example.se, bo@example.se' });
    const refused = runBilling(new MemoryWorkbook(tabs), MAY, { user: 'eva@example.se' });
    expect(refused.plan).toBeNull();
    expect(refused.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      expect.stringMatching(/Endast administratörer/),
    ]);
    const wb = new MemoryWorkbook(tabs);
    expect(runBilling(wb, MAY, { user: ' Bo@Example.se ' }).written).toBe(true);
    // Blank Administratörer: every editor may bill.
    expect(runBilling(new MemoryWorkbook(baseWorkbook()), MAY, { user: 'eva@example.se' }).written).toBe(true);
  });

  it('for sending, an invoiced municipality without a valid e-mail address is an error', () => {
    const tabs = baseWorkbook();
    tabs['Kommuner'] = tabs['Kommuner'].map<CellValue[]>((r) =>
      r[0] === 'Luleå' ? [...r.slice(0, 5), '', ...r.slice(6)] : r,
    );
    expect(runBilling(new MemoryWorkbook(tabs), MAY).written).toBe(true);
    const o = runBilling(new MemoryWorkbook(tabs), MAY, { forSending: true });
    expect(o.plan).toBeNull();
    expect(o.issues.filter((i) => i.severity === 'error').map((i) => [i.tab, i.row, i.column])).toEqual([
      ['Kommuner', 10, 'E-post'],
    ]);
  });

  it('warnings do not block: a probable duplicate is billed and reported', () => {
    const tabs = baseWorkbook();
    tabs['Närvaro 2024'] = [...tabs['Närvaro 2024'], [d('2024-03-12'), 'BOU-B1', 'Lisa Lind', 'Luleå', 2, '']];
    const o = runBilling(new MemoryWorkbook(tabs), MAY);
    expect(o.written).toBe(true);
    expect(o.issues.some((i) => i.severity === 'warning' && i.row === 10)).toBe(true);
  });
});

describe('checkWorkbook (Kontrollera data)', () => {
  it('finds nothing wrong in a good workbook and never reports about a run', () => {
    expect(checkWorkbook(new MemoryWorkbook(baseWorkbook())).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('lists errors first, then warnings, each once, and writes nothing', () => {
    const tabs = baseWorkbook();
    tabs['Närvaro 2024'] = [
      [...ATTENDANCE_HEADERS],
      [d('2024-03-12'), 'BOU-B1', 'A', 'Luleå', 1, ''],
      [d('2024-03-12'), 'BOU-B1', 'A', 'Luleå', 1, ''],
      [d('2024-03-12'), 'NIX', 'B', 'Luleå', 1, ''],
    ];
    const wb = new MemoryWorkbook(tabs);
    const issues = checkWorkbook(wb);
    expect(issues.map((i) => [i.severity, i.row, i.column])).toEqual([
      ['error', 4, 'Kurs-ID'],
      ['warning', 3, 'Deltagare'],
    ]);
    expect(wb.mutations()).toEqual([]);
  });
});
