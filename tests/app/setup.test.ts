import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../src/app/check';
import { ensureTabs } from '../../src/app/setup';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { CalendarDate } from '../../src/workbook/port';
import { readWorkbook } from '../../src/workbook/read';
import { MEMBERS, SETTING_DEFAULTS, TAB } from '../../src/workbook/schema';
import { tabSetups } from '../../src/workbook/setup';
import { baseWorkbook } from '../workbook/fixtures';

describe('ensureTabs (Skapa/uppdatera flikar)', () => {
  it('creates every tab of an empty workbook, and nothing the second time', () => {
    const wb = new MemoryWorkbook();
    expect(ensureTabs(wb)).toEqual([
      'Inställningar',
      'Kommuner',
      'Kurser',
      'Närvaro',
      'Utbildarlogg',
      'Fakturor',
      'Fakturarader',
      'Logg',
      'Importmappning',
      'Inbetalningar',
    ]);
    const after = wb.snapshot();
    const n = wb.mutations().length;
    expect(ensureTabs(wb)).toEqual([]);
    expect(wb.mutations().length).toBe(n);
    expect(wb.snapshot()).toEqual(after);
  });

  it('never touches existing tabs and counts any Närvaro… tab as the attendance tab', () => {
    const tabs = baseWorkbook();
    delete tabs['Utbildarlogg'];
    const wb = new MemoryWorkbook(tabs);
    const before = wb.snapshot();
    expect(ensureTabs(wb)).toEqual([
      'Utbildarlogg',
      'Fakturor',
      'Fakturarader',
      'Logg',
      'Importmappning',
      'Inbetalningar',
    ]);
    const after = wb.snapshot();
    for (const name of Object.keys(before)) expect(after[name]).toEqual(before[name]);
    expect(wb.calls.filter((c) => c.op === 'write')).toEqual([]);
  });

  it('recognises an existing tab whatever the case of its name', () => {
    const wb = new MemoryWorkbook({ kommuner: [['Kommun']] });
    expect(ensureTabs(wb)).not.toContain('Kommuner');
  });

  it('a fresh workbook reads cleanly once the seller is filled in; check names what is missing', () => {
    const wb = new MemoryWorkbook();
    ensureTabs(wb);
    const issues = checkWorkbook(wb);
    // Every member still needs its Fakturareferens: e-invoices cannot be sent without one (SPEC §9).
    const references = MEMBERS.map((_, i) => ['Kommuner', i + 2, 'Fakturareferens']);
    expect(issues.filter((i) => i.severity === 'error').map((i) => [i.tab, i.row, i.column])).toEqual([
      ['Inställningar', 3, 'Värde'],
      ['Inställningar', 5, 'Värde'],
      ...references,
    ]);
    wb.write('Inställningar', 3, 2, [['802000-1239']]);
    wb.write('Inställningar', 5, 2, [['5050-1055']]);
    const referenceColumn = wb.read('Kommuner')[0].indexOf('Fakturareferens') + 1;
    wb.write(
      'Kommuner',
      2,
      referenceColumn,
      MEMBERS.map((_, i) => [`1000${i + 10}`]),
    );
    expect(checkWorkbook(wb).filter((i) => i.severity === 'error')).toEqual([]);
    const snap = readWorkbook(wb);
    expect(snap.input.municipalities.map((m) => m.name)).toEqual(MEMBERS.map((m) => m.name));
    expect(snap.input.settings.agreementTo).toBe('2028-06-30');
  });
});

describe('tabSetups', () => {
  const setups = tabSetups();

  it('pre-fills the 14 members whose fixed costs sum to 950 000, and the default settings', () => {
    const rows = setups[TAB.municipalities].rows!;
    expect(rows).toHaveLength(14);
    expect(rows.reduce((s, r) => s + (r[3] as number), 0)).toBe(950000);
    expect(rows.find((r) => r[0] === 'Överkalix')?.slice(0, 4)).toEqual(['Överkalix', '212000-2684', '', 12555]);
    expect(rows.find((r) => r[0] === 'Övertorneå')?.slice(0, 4)).toEqual(['Övertorneå', '212000-2700', '', 16089]);
    const settings = setups[TAB.settings].rows!;
    expect(settings.map((r) => r[0])).toEqual(SETTING_DEFAULTS.map((s) => s.key));
    expect(settings.find((r) => r[0] === 'Avtal från')?.[1]).toEqual(new CalendarDate('2023-07-01'));
    expect(settings.find((r) => r[0] === 'OCR med längdsiffra')?.[1]).toBe('Ja');
  });

  it('has drop-downs for Kommun, Kurs-ID, Yrkesresa, Steg and Inspelad, and protects the registers', () => {
    const col = (tab: string, header: string) => setups[tab].columns.find((c) => c.header === header)!;
    expect(col(TAB.attendance, 'Kommun').validation).toEqual({ kind: 'range', tab: 'Kommuner', column: 1 });
    expect(col(TAB.trainers, 'Kommun').validation).toEqual({ kind: 'range', tab: 'Kommuner', column: 1 });
    expect(col(TAB.attendance, 'Kurs-ID').validation).toEqual({ kind: 'range', tab: 'Kurser', column: 1 });
    expect(col(TAB.courses, 'Yrkesresa').validation).toMatchObject({
      kind: 'list',
      values: expect.arrayContaining(['Äldreomsorg – utförare']),
    });
    expect(col(TAB.courses, 'Steg').validation).toEqual({
      kind: 'list',
      values: ['Bas', 'Fördjupning', 'Spets', 'Arbetsledare och chefer'],
    });
    expect(col(TAB.courses, 'Inspelad').validation).toEqual({ kind: 'list', values: ['Ja', 'Nej'] });
    expect(setups[TAB.invoices].protected).toBe(true);
    expect(setups[TAB.lines].protected).toBe(true);
    expect(col(TAB.invoices, 'Belopp').format).toBe('#,##0.00 "kr"');
    for (const s of Object.values(setups)) expect(s.frozenRows).toBe(1);
  });
});
