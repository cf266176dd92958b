// Settings and rows that pass a quick look but would break the run (issue cases of the verified
// ledger): a long Fakturaprefix that would cut invoice numbers out of sheet names, VAT typed as a
// percent cell, payment terms of a hundred million days, and Dagar beyond any course.
import { describe, expect, it } from 'vitest';
import { previewBilling, runBilling } from '../../src/app/bill';
import { checkWorkbook } from '../../src/app/check';
import { runCredit } from '../../src/app/credit';
import { Dec } from '../../src/core/money';
import { PaymentMatcher } from '../../src/core/payments';
import type { Issue } from '../../src/core/types';
import { invoiceSheetName } from '../../src/workbook/invoiceSheet';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { readWorkbook } from '../../src/workbook/read';
import type { CellValue } from '../../src/workbook/port';
import { ATTENDANCE_HEADERS } from '../../src/workbook/schema';
import { baseWorkbook, d, settingsTab } from './fixtures';

const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };
const d2 = (n: number) => new Dec(n);
const errors = (issues: Issue[]) => issues.filter((i) => i.severity === 'error');

function withSettings(overrides: Record<string, CellValue>) {
  const tabs = baseWorkbook();
  tabs['Inställningar'] = settingsTab(overrides);
  return tabs;
}

function rowOf(tabs: Record<string, CellValue[][]>, key: string): number {
  return tabs['Inställningar'].findIndex((r) => r[0] === key) + 1;
}

describe('settings that would break the run are refused before anything is written', () => {
  it('a Fakturaprefix longer than 20 characters (numbers would be cut from the sheet names)', () => {
    const tabs = withSettings({ Fakturaprefix: 'NORRBOTTENS_KOMMUNFORBUND' });
    const wb = new MemoryWorkbook(tabs);
    const o = runBilling(wb, MAY);
    expect(errors(o.issues).map((i) => [i.tab, i.row, i.column, i.value])).toEqual([
      ['Inställningar', rowOf(tabs, 'Fakturaprefix'), 'Värde', 'NORRBOTTENS_KOMMUNFORBUND'],
    ]);
    expect(errors(o.issues)[0].message).toMatch(/1–20 bokstäver eller siffror/);
    expect(wb.tabNames()).not.toContain('Fakturor');
  });

  it('with the longest allowed prefix every invoice sheet keeps its whole number, so no two share a name', () => {
    const o = previewBilling(new MemoryWorkbook(withSettings({ Fakturaprefix: 'NORRBOTTENS-KOMMUNER' })), MAY);
    expect(errors(o.issues)).toEqual([]);
    const names = o.documents.map((doc) => invoiceSheetName(doc.invoice));
    expect(new Set(names).size).toBe(names.length);
    for (const doc of o.documents) expect(invoiceSheetName(doc.invoice).startsWith(doc.invoice.number)).toBe(true);
    expect(invoiceSheetName({ number: 'NORRBOTTENS-KOMMUNER-2024-0001', municipality: 'Övertorneå' })).toBe(
      'NORRBOTTENS-KOMMUNER-2024-0001',
    );
  });

  it('Moms (%) typed as a percent cell (25 % is stored as 0.25)', () => {
    const tabs = withSettings({ 'Moms (%)': 0.25, Momskategori: 'S' });
    const o = previewBilling(new MemoryWorkbook(tabs), MAY);
    const vat = errors(o.issues).find((i) => i.row === rowOf(tabs, 'Moms (%)'))!;
    expect(vat.message).toMatch(/25 % lagras som 0,25/);
  });

  it('Betalningsvillkor of a hundred million days', () => {
    const tabs = withSettings({ 'Betalningsvillkor (dagar)': 100_000_000 });
    const o = previewBilling(new MemoryWorkbook(tabs), MAY);
    expect(errors(o.issues).map((i) => [i.row, i.value])).toEqual([
      [rowOf(tabs, 'Betalningsvillkor (dagar)'), '100000000'],
    ]);
    expect(errors(o.issues)[0].message).toMatch(/heltal från 0 till 365/);
  });
});

describe('Dagar above a plausible bound', () => {
  function withDays(days: number) {
    const tabs = baseWorkbook();
    tabs['Närvaro 2025'] = [[...ATTENDANCE_HEADERS], [d('2024-05-06'), 'BOU-B1', 'Stina Stor', 'Luleå', days, '']];
    return tabs;
  }

  it('more than 30 days on one row is a warning that names the cell; the run still bills it', () => {
    const o = previewBilling(new MemoryWorkbook(withDays(45)), MAY);
    expect(errors(o.issues)).toEqual([]);
    const w = o.issues.find((i) => i.column === 'Dagar')!;
    expect([w.severity, w.tab, w.row, w.value]).toEqual(['warning', 'Närvaro 2025', 2, '45']);
    expect(w.message).toMatch(/ovanligt många/);
  });

  it('days beyond any course (1e306) are an error, and nothing is written', () => {
    const wb = new MemoryWorkbook(withDays(1e306));
    const o = runBilling(wb, MAY);
    const e = errors(o.issues);
    expect(e.map((i) => [i.tab, i.row, i.column])).toEqual([['Närvaro 2025', 2, 'Dagar']]);
    expect(wb.tabNames()).not.toContain('Fakturor');
  });
});

describe('a header that stands twice', () => {
  it('two Dagar columns in an attendance tab are an error naming both columns, and nothing is billed', () => {
    const tabs = baseWorkbook();
    tabs['Närvaro 2025'] = [
      [...ATTENDANCE_HEADERS, 'Dagar'],
      [d('2024-05-06'), 'BOU-B1', 'Stina Stor', 'Luleå', 1, '', 5],
    ];
    const wb = new MemoryWorkbook(tabs);
    const o = runBilling(wb, MAY);
    expect(errors(o.issues).map((i) => [i.tab, i.row, i.column])).toEqual([['Närvaro 2025', 1, 'Dagar']]);
    expect(errors(o.issues)[0].message).toBe(
      'Kolumnen "Dagar" finns 2 gånger i fliken Närvaro 2025 (kolumn E och G). Ta bort eller byt namn på den som inte ska användas.',
    );
    expect(wb.tabNames()).not.toContain('Fakturor');
  });
});

describe('a Fakturaprefix that differs from an earlier one only in case', () => {
  it('is an error at its setting, and nothing is written (the sheet names would collide with the old ones)', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    expect(errors(runBilling(wb, MAY).issues)).toEqual([]);
    const settings = settingsTab({ Fakturaprefix: 'yr' });
    wb.write('Inställningar', 1, 1, settings);
    // Arjeplog, YR-2024-0001 in May, would get yr-2024-0001 in December.
    const rows = wb.read('Närvaro 2024');
    wb.write('Närvaro 2024', rows.length + 1, 1, [[d('2024-11-05'), 'BOU-B1', 'Ny Deltagare', 'Arjeplog', 1, '']]);
    const before = wb.snapshot();
    const o = runBilling(wb, { month: '2024-12', invoiceDate: '2024-12-18' });
    const row = settings.findIndex((r) => r[0] === 'Fakturaprefix') + 1;
    expect(errors(o.issues).map((i) => [i.tab, i.row, i.column, i.value])).toEqual([
      ['Inställningar', row, 'Värde', 'yr'],
    ]);
    expect(errors(o.issues)[0].message).toMatch(/prefixet YR i Fakturor .* bara i stora och små bokstäver/);
    const { Logg: _a, ...after } = wb.snapshot();
    const { Logg: _b, ...was } = before;
    expect(after).toEqual(was);
    expect(errors(checkWorkbook(wb)).map((i) => i.value)).toEqual(['yr']);
  });
});

describe('OCR references stay unique when the Fakturaprefix changes within a year', () => {
  it('a second prefix in the same year gets references no earlier document has', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    expect(errors(runBilling(wb, MAY).issues)).toEqual([]);
    wb.write('Inställningar', 1, 1, settingsTab({ Fakturaprefix: 'NK' }));
    const december = runBilling(wb, { month: '2024-12', invoiceDate: '2024-12-18' });
    expect(errors(december.issues)).toEqual([]);
    const register = wb.read('Fakturor').slice(1);
    const ocrs = register.map((r) => String(r[6]));
    expect(new Set(ocrs).size).toBe(ocrs.length);
    expect(register.some((r) => String(r[0]).startsWith('NK-2024-0001'))).toBe(true);
    const ledgerWarnings = readWorkbook(wb).issues.filter((i) => i.check === 'OCR-nummer unika');
    expect(ledgerWarnings).toEqual([]);
  });

  it('a credit note under the new prefix gets a reference no earlier document has', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    expect(errors(runBilling(wb, MAY).issues)).toEqual([]);
    wb.write('Inställningar', 1, 1, settingsTab({ Fakturaprefix: 'NK' }));
    const credit = runCredit(wb, { invoice: 'YR-2024-0009', date: '2024-06-10', reason: 'Fel antal dagar' });
    expect(credit.written).toBe(true);
    expect(credit.plan!.note.number).toBe('NK-2024-0001');
    const ocrs = wb
      .read('Fakturor')
      .slice(1)
      .map((r) => String(r[6]));
    expect(ocrs).toHaveLength(15);
    expect(new Set(ocrs).size).toBe(ocrs.length);
    expect(readWorkbook(wb).issues.filter((i) => i.check === 'OCR-nummer unika')).toEqual([]);
  });

  it('a register that already repeats an OCR is warned about, naming the row, and such a payment is never matched', () => {
    const matcher = new PaymentMatcher(
      [
        {
          number: 'YR-2024-0001',
          ocr: '2024000105',
          total: d2(100),
          status: 'Skickad',
          credits: '',
          creditedBy: '',
          sent: 'x',
          dueDate: '2024-06-19',
        },
        {
          number: 'NK-2024-0001',
          ocr: '2024000105',
          total: d2(200),
          status: 'Skickad',
          credits: '',
          creditedBy: '',
          sent: 'x',
          dueDate: '2024-12-31',
        },
      ],
      'kolumnen Faktura i fliken Inbetalningar',
    );
    const m = matcher.match({ reference: '2024000105', message: '' });
    expect(m.invoice).toBe('');
    expect(m.note).toMatch(/står på flera fakturor \(YR-2024-0001, NK-2024-0001\)/);
  });
});

describe('course days not yet held (SPEC §4)', () => {
  function withLateRow() {
    const tabs = baseWorkbook();
    tabs['Närvaro 2025'] = [[...ATTENDANCE_HEADERS], [d('2024-05-28'), 'BOU-B1', 'Stina Stor', 'Luleå', 1, '']];
    return tabs;
  }

  it('a row the run bills but dated after its invoice date is a warning naming the cell; it is billed', () => {
    const o = previewBilling(new MemoryWorkbook(withLateRow()), MAY);
    expect(errors(o.issues)).toEqual([]);
    const w = o.issues.find((i) => i.tab === 'Närvaro 2025' && i.column === 'Datum')!;
    expect([w.severity, w.row, w.value]).toEqual(['warning', 2, '2024-05-28']);
    expect(w.message).toMatch(/ligger efter fakturadatumet 2024-05-20: kursdagen har inte hållits ännu/);
    const lulea = o.documents.find((x) => x.invoice.municipality === 'Luleå')!;
    expect(lulea.invoice.attendance.some((r) => r.ref.tab === 'Närvaro 2025')).toBe(true);
  });

  it('Kontrollera data warns about unbilled days after today, and not once they are billed', () => {
    const wb = new MemoryWorkbook(withLateRow());
    const unheld = (today: string) =>
      checkWorkbook(wb, today).filter((i) => i.tab === 'Närvaro 2025' && i.column === 'Datum');
    expect(unheld('2024-05-20').map((i) => [i.severity, i.row])).toEqual([['warning', 2]]);
    expect(unheld('2024-06-01')).toEqual([]);
    runBilling(wb, { month: '2024-05', invoiceDate: '2024-05-31' });
    expect(unheld('2024-05-20')).toEqual([]);
  });
});
