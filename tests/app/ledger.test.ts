// The register as a verified ledger: every edit of a billed workbook that would bill a row twice,
// lose one or make a figure wrong is an error naming tab, row and number, found by every reader
// (billing, sending, Kontrollera data); with it nothing is billed or sent.
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { checkWorkbook } from '../../src/app/check';
import { runCredit } from '../../src/app/credit';
import { sendInvoices } from '../../src/app/send';
import type { Issue } from '../../src/core/types';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import type { CellValue } from '../../src/workbook/port';
import { baseWorkbook, settingsTab } from '../workbook/fixtures';

const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };
const DECEMBER = { month: '2024-12', invoiceDate: '2024-12-18' };

/** The base workbook with May 2024 billed, as plain tabs to edit. */
function billedMay(): Record<string, CellValue[][]> {
  const wb = new MemoryWorkbook(baseWorkbook());
  expect(runBilling(wb, MAY).written).toBe(true);
  return wb.snapshot();
}

function billedYear(): Record<string, CellValue[][]> {
  const wb = new MemoryWorkbook(billedMay());
  expect(runBilling(wb, DECEMBER).written).toBe(true);
  return wb.snapshot();
}

const ledgerErrors = (issues: Issue[]) => issues.filter((i) => i.severity === 'error' && i.check !== undefined);
const where = (issues: Issue[]) => ledgerErrors(issues).map((i) => [i.tab, i.row, i.column, i.value]);

/** Billing refuses, writing nothing but its refusal in Logg, and check reports the same breaks. */
function refused(tabs: Record<string, CellValue[][]>, run = DECEMBER): Issue[] {
  const wb = new MemoryWorkbook(tabs);
  const before = wb.snapshot();
  const o = runBilling(wb, run);
  expect(o.plan).toBeNull();
  const { Logg: _a, ...after } = wb.snapshot();
  const { Logg: _b, ...was } = before;
  expect(after).toEqual(was);
  const errors = ledgerErrors(o.issues);
  expect(errors.length).toBeGreaterThan(0);
  expect(where(checkWorkbook(new MemoryWorkbook(tabs)))).toEqual(where(o.issues));
  for (const e of errors) expect(e.message).toMatch(/[åäö]/);
  return errors;
}

describe('the ledger of a billed workbook', () => {
  it('an untouched register has no break, through a whole year', () => {
    expect(ledgerErrors(checkWorkbook(new MemoryWorkbook(billedMay())))).toEqual([]);
    expect(ledgerErrors(checkWorkbook(new MemoryWorkbook(billedYear())))).toEqual([]);
  });

  it('a copied billed row, stamp included, is an error at the invoice line, never billed silently', () => {
    const tabs = billedMay();
    tabs['Närvaro 2024'].push([...tabs['Närvaro 2024'][1]]);
    const errors = refused(tabs);
    expect(errors.map((e) => [e.tab, e.column, e.value])).toEqual([['Fakturarader', 'Antal', '6']]);
    expect(errors[0].message).toContain('YR-2024-0009');
    expect(errors[0].message).toContain('8 dagar');
    expect(errors[0].message).toContain('Närvaro 2024 rad 10');
  });

  it('a cleared stamp is an error (the row would otherwise be billed twice)', () => {
    const tabs = billedMay();
    tabs['Närvaro 2024'][2][5] = '';
    const [e] = refused(tabs);
    expect([e.tab, e.column, e.value]).toEqual(['Fakturarader', 'Antal', '6']);
    expect(e.message).toMatch(/summerar 4 dagar.*en stämpel har tömts/);
  });

  it('Dagar raised on a billed row is an error (the extra days would never be billed)', () => {
    const tabs = billedMay();
    tabs['Närvaro 2024'][5][4] = 3; // Boden's ALD-F1 row, billed with 1 day
    const [e] = refused(tabs);
    expect(e.message).toMatch(/YR-2024-0003 .* 1 deltagardagar på ALD-F1.*summerar 3 dagar/);
  });

  it('a billed row moved to another municipality is an error at its Kommun', () => {
    const tabs = billedMay();
    tabs['Närvaro 2024'][4][3] = 'Boden'; // Kiruna's row, on YR-2024-0008
    const errors = refused(tabs);
    expect(where(errors)).toContainEqual(['Närvaro 2024', 5, 'Kommun', 'Boden']);
  });

  it('a deleted Fakturor row is a gap, its lines and stamps are errors, and nothing is billed again', () => {
    const tabs = billedMay();
    const row = tabs['Fakturor'].findIndex((r) => r[0] === 'YR-2024-0003');
    tabs['Fakturor'].splice(row, 1);
    const errors = refused(tabs);
    expect(where(errors)).toContainEqual(['Fakturor', row + 1, 'Fakturanummer', 'YR-2024-0004']);
    expect(errors.some((e) => e.tab === 'Fakturarader' && e.value === 'YR-2024-0003')).toBe(true);
    expect(where(errors)).toContainEqual(['Närvaro 2024', 6, 'Fakturanummer', 'YR-2024-0003']);
    // Its invoice sheet is no orphan of an interrupted run either.
    expect(where(errors)).toContainEqual(['YR-2024-0003 Boden', 1, 'Fakturanummer', 'YR-2024-0003']);
  });

  it('the first Fakturor row deleted with its lines and stamps, in a workbook without Logg: its invoice sheet is an error', () => {
    const { Logg: _log, ...tabs } = billedMay();
    const first = tabs['Fakturor'].splice(1, 1)[0][0];
    tabs['Fakturarader'] = tabs['Fakturarader'].filter((r) => r[0] !== first);
    for (const t of ['Närvaro 2024', 'Närvaro Kalix']) for (const r of tabs[t]) if (r[5] === first) r[5] = '';
    const errors = refused(tabs);
    expect(where(errors)).toEqual([['YR-2024-0001 Arjeplog', 1, 'Fakturanummer', 'YR-2024-0001']]);
    expect(errors[0].message).toContain(
      'Fakturafliken "YR-2024-0001 Arjeplog" är faktura YR-2024-0001, som inte finns i Fakturor, fast nyare nummer (YR-2024-0014) finns där',
    );
  });

  it.each(['YR', 'YR-', '-YR', 'NK--YR'])(
    'the newest invoice deleted with its lines, stamps and sheet is an error (Logg names it), also with the Fakturaprefix %s',
    (prefix) => {
      const wb = new MemoryWorkbook({ ...baseWorkbook(), Inställningar: settingsTab({ Fakturaprefix: prefix }) });
      expect(runBilling(wb, MAY).written).toBe(true);
      const tabs = wb.snapshot();
      const last = String(tabs['Fakturor'].pop()![0]);
      expect(last).toBe(`${prefix}-2024-0014`);
      tabs['Fakturarader'] = tabs['Fakturarader'].filter((r) => r[0] !== last);
      for (const t of Object.keys(tabs)) {
        if (t.startsWith(`${last} `)) delete tabs[t];
        else if (t.startsWith('Närvaro')) for (const r of tabs[t]) if (r[5] === last) r[5] = '';
      }
      const errors = refused(tabs);
      expect(errors.map((e) => [e.tab, e.value])).toEqual([['Fakturor', last]]);
    },
  );

  it('a renumbered Fakturor row is a gap', () => {
    const tabs = billedMay();
    tabs['Fakturor'][2][0] = 'YR-2024-0099';
    const errors = refused(tabs);
    expect(errors.map((e) => e.message).join(' ')).toContain('YR-2024-0002 saknas i Fakturor före YR-2024-0003');
  });

  it('a Fakturor row copied (a number twice) is an error at the copy, naming the first row; nothing is billed', () => {
    const tabs = billedMay();
    const first = tabs['Fakturor'].findIndex((r) => r[0] === 'YR-2024-0003');
    tabs['Fakturor'].push([...tabs['Fakturor'][first]]);
    const copy = tabs['Fakturor'].length;
    const wb = new MemoryWorkbook(tabs);
    const { Logg: _a, ...before } = wb.snapshot();
    const o = runBilling(wb, DECEMBER);
    expect(o.plan).toBeNull();
    const { Logg: _b, ...after } = wb.snapshot();
    expect(after).toEqual(before);
    for (const issues of [o.issues, checkWorkbook(new MemoryWorkbook(tabs))]) {
      const e = issues.find((i) => i.severity === 'error' && i.tab === 'Fakturor' && i.row === copy)!;
      expect([e.column, e.value]).toEqual(['Fakturanummer', 'YR-2024-0003']);
      expect(e.message).toContain(`Fakturanumret finns redan på rad ${first + 1}`);
    }
  });

  it('a deleted Fakturor tab is an error; the rows and fixed costs are not billed again', () => {
    const { Fakturor: _gone, ...tabs } = billedMay();
    const errors = refused(tabs, MAY);
    expect(errors.map((e) => [e.tab, e.check])).toEqual([['Fakturor', 'Registret finns']]);
    expect(errors[0].message).toMatch(
      /Fliken Fakturor saknas, men \d+ rader bär fakturanummer och 18 rader finns i Fakturarader/,
    );
  });

  it('a deleted Fakturarader line is an error at the invoice total (the trainer pot would shrink)', () => {
    const tabs = billedMay();
    const i = tabs['Fakturarader'].findIndex((r) => r[0] === 'YR-2024-0009' && r[1] === 'Rörlig');
    tabs['Fakturarader'].splice(i, 1);
    const errors = refused(tabs);
    const total = errors.find((e) => e.tab === 'Fakturor')!;
    expect([total.column, total.row]).toEqual(['Belopp', 10]);
    expect(total.message).toContain('YR-2024-0009');
    // Amounts as the administrator reads them elsewhere: '308 292,00 kr', never '308292.00 kr'.
    expect(total.message).toMatch(/är \d{1,3}(?: \d{3})*,\d{2} kr men .* summerar \d{1,3}(?: \d{3})*,\d{2} kr/);
  });

  it('every Fakturarader line deleted, stamps cleared too: each invoice Logg says the tool made is an error, nothing is billed again', () => {
    const tabs = billedMay();
    tabs['Fakturarader'] = [tabs['Fakturarader'][0]];
    for (const t of ['Närvaro 2024', 'Närvaro Kalix']) for (const r of tabs[t].slice(1)) r[5] = '';
    const errors = refused(tabs);
    expect(errors.map((e) => [e.tab, e.column])).toEqual(Array(14).fill(['Fakturor', 'Belopp']));
    expect(errors[0].message).toMatch(/^Fakturan YR-2024-0001 har inga rader i Fakturarader: raderna har tagits bort/);
    // A register from before the line register (no Logg names its invoices) is only warned about.
    const { Logg: _log, ...legacy } = tabs;
    const issues = checkWorkbook(new MemoryWorkbook(legacy));
    expect(ledgerErrors(issues)).toEqual([]);
    expect(issues.filter((i) => i.check === 'Belopp = raderna + moms').map((i) => i.severity)).toEqual(['warning']);
  });

  it('text typed into Fakturanummer is an error and is never overwritten or erased', () => {
    const tabs = billedMay();
    tabs['Närvaro 2024'][7][5] = 'Fakturerad manuellt'; // the unbilled BOU-B2 row
    const errors = refused(tabs);
    expect(where(errors)).toEqual([['Närvaro 2024', 8, 'Fakturanummer', 'Fakturerad manuellt']]);
    expect(errors[0].message).toContain('skriver aldrig över');

    // The same in Utbildarlogg's Utbetalning, which December's run would otherwise stamp.
    const trainers = billedMay();
    const c = trainers['Utbildarlogg'][0].indexOf('Utbetalning');
    trainers['Utbildarlogg'][1][c] = 'Utbetald manuellt';
    expect(where(refused(trainers))).toEqual([['Utbildarlogg', 2, 'Utbetalning', 'Utbetald manuellt']]);
  });

  it('a cleared or copied payout stamp is an error at the payout line', () => {
    const cleared = billedYear();
    const stamped = cleared['Utbildarlogg'].findIndex((r, i) => i > 0 && r[5] !== '');
    cleared['Utbildarlogg'][stamped][5] = '';
    const [e] = refused(cleared);
    expect([e.tab, e.column]).toEqual(['Fakturarader', 'Antal']);
    expect(e.message).toMatch(/utbildardagar.*Utbildarlogg/);

    const copied = billedYear();
    copied['Utbildarlogg'].push([...copied['Utbildarlogg'][stamped]]);
    expect(refused(copied)[0].message).toMatch(/en utbetald rad har kopierats/);
  });

  it('orphans of an interrupted run at the end of the series are not errors', () => {
    const tabs = billedMay();
    tabs['Närvaro 2024'][7][5] = 'YR-2024-0015'; // newer than every committed number
    tabs['Fakturarader'].push(['YR-2024-0015', 'Rörlig', 'BOU-B2', '', 2, 1550, 1000, 400, 100, 50, '', 3100]);
    const wb = new MemoryWorkbook(tabs);
    expect(ledgerErrors(checkWorkbook(wb))).toEqual([]);
    const o = runBilling(wb, DECEMBER);
    expect(o.written).toBe(true);
    // …but a stamp of a number that Fakturor has passed is an edit.
    const edited = billedMay();
    edited['Närvaro 2024'][7][5] = 'YR-2023-0001';
    expect(ledgerErrors(checkWorkbook(new MemoryWorkbook(edited)))).toEqual([]); // another series, newer than none: an orphan
    edited['Närvaro 2024'][7][5] = 'YR-2024-0000';
    expect(where(refused(edited))).toEqual([['Närvaro 2024', 8, 'Fakturanummer', 'YR-2024-0000']]);
  });

  it('a number typed into a credit reason is no number the log says was made', () => {
    const wb = new MemoryWorkbook(billedMay());
    const credit = runCredit(wb, {
      invoice: 'YR-2024-0009',
      date: '2024-06-10',
      reason: 'Fel antal dagar, ersätts av YR-2024-0020 och YR-2024-0001-2',
    });
    expect(credit.written).toBe(true);
    expect(ledgerErrors(checkWorkbook(wb))).toEqual([]);
    expect(runBilling(wb, DECEMBER).written).toBe(true);
  });

  it('sending is refused while the ledger is broken', () => {
    const tabs = billedMay();
    tabs['Närvaro 2024'][2][5] = '';
    const wb = new MemoryWorkbook(tabs);
    const sent: unknown[] = [];
    const report = sendInvoices(wb, { remainingQuota: () => 100, send: (m) => void sent.push(m) }, () => 'pdf', {
      numbers: ['YR-2024-0009'],
    });
    expect(report.ok).toBe(false);
    expect(report.message).toMatch(/^Inget skickades\.\nFakturarader rad \d+, Antal: Fakturan YR-2024-0009/);
    expect(sent).toEqual([]);
  });
});
