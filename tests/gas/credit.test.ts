// "Kreditera faktura" through the built dist/gas/Code.js in node:vm with the Apps Script fakes:
// the menu item's dialog, the list of the register, the preview (writes nothing), the
// confirmation (lock, administrators, a credit that changed since the preview, refusals, Logg),
// and crash consistency: a crash at every mutating call, then a second attempt completes it.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_HEADERS } from '../../src/workbook/schema';
import { CalendarDate, type CellValue } from '../../src/workbook/port';
import { settingsTab, standardTabs, toGasTabs, type Tabs } from '../fixtures/workbook';
import { createGasEnvironment, type GasEnvironment } from './fakes';
import { CODE_PATH, loadBundle, plain, type GasContext } from './harness';

const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };
const MUTATING =
  /^(Spreadsheet|Sheet|Range|Protection)\.(set|insert|delete|clear|merge|breakApart|protect|hide|show|append|remove|add|copy|move|autoResize|sort)/;

// The crash tests load the bundle many times: one copy of it, taken once.
const codePath = join(mkdtempSync(join(tmpdir(), 'yrkesresan-credit-')), 'Code.js');
copyFileSync(CODE_PATH, codePath);

interface World {
  env: GasEnvironment;
  ctx: GasContext;
}

/** The standard workbook, May 2024 billed through the dialog's own server function. */
function billedWorld(tabs: Tabs = standardTabs(), options: Parameters<typeof createGasEnvironment>[0] = {}): World {
  const env = createGasEnvironment({ tabs: toGasTabs({ ...tabs, Logg: [[...LOG_HEADERS]] }), ...options });
  const ctx = loadBundle(env, { codePath });
  expect(plain<any>(ctx.billingConfirm(MAY)).written).toBe(true);
  env.tracker.reset();
  return { env, ctx };
}

const inLog = (target: string | undefined) => target === 'Logg' || (target ?? '').startsWith('Logg!');
function mutations(env: GasEnvironment): string[] {
  return env.tracker.log.filter((c) => MUTATING.test(c.kind) && !inLog(c.target)).map((c) => c.kind);
}
function logRowsOf(env: GasEnvironment): string[][] {
  return env.spreadsheet
    .read('Logg')
    .slice(1)
    .map((r) => [String(r[2]), String(r[4])]);
}
const stockholm = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
function cellOf(v: unknown): CellValue {
  if (Object.prototype.toString.call(v) === '[object Date]') return new CalendarDate(stockholm.format(v as Date));
  return v as CellValue;
}
function allValues(env: GasEnvironment): Record<string, unknown[][]> {
  const out: Record<string, unknown[][]> = {};
  for (const name of env.spreadsheet.tabNames())
    if (name !== 'Logg') out[name] = env.spreadsheet.read(name).map((r) => r.map(cellOf));
  return out;
}
function register(env: GasEnvironment): Record<string, string>[] {
  const [header, ...rows] = env.spreadsheet.read('Fakturor');
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), String(cellOf(r[i]))])));
}
function numberOf(env: GasEnvironment, municipality: string): string {
  return register(env).find((r) => r.Kommun === municipality && r.Krediterar === '')!.Fakturanummer;
}
function tryCall(fn: () => unknown): { value?: any; error?: Error } {
  try {
    return { value: plain(fn()) };
  } catch (e) {
    return { error: e as Error };
  }
}

describe('Kreditera faktura: the menu item, the list and the preview', () => {
  it('opens a modal dialog titled Kreditera faktura', () => {
    const { env, ctx } = billedWorld();
    ctx.menuCredit();
    const dialog = env.ui.lastDialog();
    expect(dialog.kind).toBe('modal');
    expect(dialog.title).toBe('Kreditera faktura');
    expect(dialog.content).toContain('Förhandsgranska');
    expect(dialog.content).toContain('Bekräfta och kreditera');
    expect(mutations(env)).toEqual([]);
  });

  it('lists the register newest first with today in the spreadsheet’s time zone; writes nothing', () => {
    // Kiritimati is 14 hours ahead of UTC: its date is often not Stockholm's.
    const { env, ctx } = billedWorld(standardTabs(), { timeZone: 'Pacific/Kiritimati' });
    const list = plain<any>(ctx.creditList());
    expect(list.today).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date()));
    expect(list.errors).toEqual([]);
    expect(list.invoices.map((i: any) => i.number)).toEqual(
      register(env)
        .map((r) => r.Fakturanummer)
        .reverse(),
    );
    const luleå = list.invoices.find((i: any) => i.municipality === 'Luleå');
    expect(luleå).toMatchObject({ period: '2024-05', status: 'Skapad', kind: 'invoice', selectable: true, note: '' });
    expect(luleå.total.text).toMatch(/ kr$/);
    expect(mutations(env)).toEqual([]);
  });

  it('previews the credit note exactly as it will be written, and writes nothing', () => {
    const { env, ctx } = billedWorld();
    const invoice = numberOf(env, 'Luleå');
    const before = allValues(env);
    const p = plain<any>(ctx.creditPreview({ invoice, date: '2024-06-10', reason: 'Fel antal dagar' }));
    expect(mutations(env)).toEqual([]);
    expect(allValues(env)).toEqual(before);
    expect(p.ok).toBe(true);
    expect(p.kind).toBe('new');
    expect(p.fingerprint).toMatch(/^[0-9a-f]{16,}$/);
    expect(p.note).toMatchObject({
      number: 'YR-2024-0015',
      municipality: 'Luleå',
      invoiceDate: '2024-06-10',
      title: 'Kreditfaktura',
      reason: 'Fel antal dagar',
      totalLabel: 'Att erhålla',
    });
    expect(p.note.credits).toBe(`Krediterar faktura ${invoice} av 2024-05-20`);
    expect(p.note.lines.every((l: any) => l.amount.startsWith('-'))).toBe(true);
    expect(p.document[0]).toMatch(/^Kreditfaktura/);
    expect(p.document).toContain(`Krediterar faktura ${invoice} av 2024-05-20`);
    expect(p.document).toContain('Orsak: Fel antal dagar');
    expect(p.released.attendanceRows).toBeGreaterThan(0);
    expect(p.released.fixedYears).toEqual([2024]);
    expect(p.released.text).toMatch(/^Faktureras på nytt vid nästa Kör fakturering/);
    expect(p.pot.text).toMatch(/Utbildarpotten lämnar tillbaka .* kr/);
    expect(p.pot.collected.amount.startsWith('-')).toBe(true);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('refuses without a choice or with a bad date, before reading anything', () => {
    const { env, ctx } = billedWorld();
    expect(() => ctx.creditPreview({ invoice: '', date: '2024-06-10' })).toThrow(/Välj en faktura/);
    expect(() => ctx.creditPreview({ invoice: 'YR-2024-0001', date: '2024-02-30' })).toThrow(/ÅÅÅÅ-MM-DD/);
    expect(() => ctx.creditConfirm(null)).toThrow(/Välj en faktura/);
    expect(mutations(env)).toEqual([]);
  });
});

describe('Kreditera faktura: confirmation', () => {
  it('writes the previewed credit under the lock, links its sheet, logs it; then shows both as not selectable', () => {
    const { env, ctx } = billedWorld();
    const invoice = numberOf(env, 'Luleå');
    const request = { invoice, date: '2024-06-10', reason: 'Fel antal dagar' };
    const p = plain<any>(ctx.creditPreview(request));
    env.tracker.reset();
    const r = plain<any>(ctx.creditConfirm({ ...request, fingerprint: p.fingerprint }));
    expect(r.written).toBe(true);
    expect(r).toMatchObject({
      number: 'YR-2024-0015',
      credits: invoice,
      municipality: 'Luleå',
      totalLabel: 'Att erhålla',
      sheet: 'YR-2024-0015 Luleå',
    });
    expect(r.url).toBe(
      `https://docs.google.com/spreadsheets/d/1FakeSpreadsheetIdForYrkesresan/edit#gid=${env.spreadsheet.sheet('YR-2024-0015 Luleå')!.sheetId}`,
    );
    expect(env.tracker.count('Lock.tryLock')).toBe(1);
    expect(env.tracker.count('Lock.releaseLock')).toBe(1);
    const rows = register(env);
    expect(rows.find((x) => x.Fakturanummer === 'YR-2024-0015')).toMatchObject({
      Krediterar: invoice,
      Kommun: 'Luleå',
      Status: 'Skapad',
    });
    expect(rows.find((x) => x.Fakturanummer === invoice)).toMatchObject({
      Status: 'Krediterad',
      'Krediterad av': 'YR-2024-0015',
    });
    expect(logRowsOf(env).at(-1)).toEqual(['Kreditering', 'Klar']);
    expect(env.spreadsheet.read('Logg').at(-1)![1]).toBe('admin@norrbotten.example');
    // What the sheet shows is what the preview showed.
    const sheetLines = env.spreadsheet
      .read('YR-2024-0015 Luleå')
      .map((row) => row.filter((v) => v !== '').length)
      .filter((n) => n > 0).length;
    expect(sheetLines).toBe(p.document.length);

    const list = plain<any>(ctx.creditList());
    expect(list.invoices[0]).toMatchObject({ number: 'YR-2024-0015', kind: 'creditNote', selectable: false });
    expect(list.invoices[0].note).toContain(`krediterar ${invoice}`);
    expect(list.invoices.find((i: any) => i.number === invoice)).toMatchObject({
      selectable: false,
      note: 'Redan krediterad av YR-2024-0015.',
      status: 'Krediterad',
    });
    // Crediting either again is refused in the preview, with the reason.
    for (const [number, text] of [
      ['YR-2024-0015', 'är en kreditfaktura'],
      [invoice, 'redan krediterad'],
    ]) {
      const again = plain<any>(ctx.creditPreview({ invoice: number, date: '2024-06-11' }));
      expect(again.ok).toBe(false);
      expect(again.errors.map((e: any) => e.message).join(' ')).toContain(text);
    }
  });

  it('refuses when the data changed since the preview, writing nothing', () => {
    const { env, ctx } = billedWorld();
    const invoice = numberOf(env, 'Luleå');
    const p = plain<any>(ctx.creditPreview({ invoice, date: '2024-06-10', reason: '' }));
    // Another credit note takes the number the preview showed.
    expect(plain<any>(ctx.creditConfirm({ invoice: numberOf(env, 'Boden'), date: '2024-06-10' })).written).toBe(true);
    const before = allValues(env);
    env.tracker.reset();
    const r = tryCall(() => ctx.creditConfirm({ invoice, date: '2024-06-10', reason: '', fingerprint: p.fingerprint }));
    expect(r.error?.message).toMatch(/ändrats sedan förhandsgranskningen/);
    expect(mutations(env)).toEqual([]);
    expect(allValues(env)).toEqual(before);
    expect(logRowsOf(env).at(-1)).toEqual(['Kreditering', 'Nekad']);
  });

  it('gives a clear message when another run holds the document lock, and logs the refusal', () => {
    const { env, ctx } = billedWorld();
    env.locks.document.heldElsewhere = true;
    const invoice = numberOf(env, 'Luleå');
    const r = tryCall(() => ctx.creditConfirm({ invoice, date: '2024-06-10' }));
    expect(r.error?.message).toMatch(/^En annan körning .* pågår just nu/);
    expect(mutations(env)).toEqual([]);
    expect(logRowsOf(env).at(-1)).toEqual(['Kreditering', 'Nekad']);
    expect(String(env.spreadsheet.read('Logg').at(-1)![3])).toContain(`Faktura ${invoice}, datum 2024-06-10`);
    env.locks.document.heldElsewhere = false;
    expect(plain<any>(ctx.creditConfirm({ invoice, date: '2024-06-10' })).written).toBe(true);
  });

  it('refuses a user who is not among the administrators, and logs it', () => {
    const tabs = standardTabs();
    tabs['Inställningar'] = settingsTab({ Administratörer: 'nisse@norrbotten.example' });
    const { env, ctx } = billedWorld(tabs, { activeUser: 'nisse@norrbotten.example' });
    // Nisse billed; Lisa, who is not an administrator, tries to credit.
    env.session.activeUser = 'lisa@norrbotten.example';
    const invoice = numberOf(env, 'Luleå');
    const p = plain<any>(ctx.creditPreview({ invoice, date: '2024-06-10' }));
    expect(p.ok).toBe(false);
    expect(p.errors.map((e: any) => e.message).join(' ')).toMatch(/Endast administratörer/);
    const r = plain<any>(ctx.creditConfirm({ invoice, date: '2024-06-10' }));
    expect(r.written).toBe(false);
    expect(r.errors.map((e: any) => e.message).join(' ')).toMatch(/Endast administratörer/);
    expect(mutations(env)).toEqual([]);
    // Nisse's billing protected Logg for the owner and Administratörer (SPEC §4 "Who may"), so
    // Sheets refuses Lisa's log row: a refusal is logged only when the log can be written.
    expect(logRowsOf(env).at(-1)).toEqual(['Fakturering', 'Klar']);
    // With Lisa among the administrators' protection (warning-only Logg), the refusal is logged.
    env.spreadsheet.sheet('Logg')!.protection!.warningOnly = true;
    expect(plain<any>(ctx.creditConfirm({ invoice, date: '2024-06-10' })).written).toBe(false);
    expect(logRowsOf(env).at(-1)).toEqual(['Kreditering', 'Nekad']);
    expect(env.spreadsheet.read('Logg').at(-1)![1]).toBe('lisa@norrbotten.example');
  });
});

describe('Kreditera faktura: a crash at any write is completed by a second attempt', () => {
  const REQUEST = { date: '2024-06-10', reason: 'Fel kommun' };
  const reference = billedWorld();
  const invoice = numberOf(reference.env, 'Luleå');
  const p = plain<any>(reference.ctx.creditPreview({ invoice, ...REQUEST }));
  reference.env.tracker.reset();
  expect(plain<any>(reference.ctx.creditConfirm({ invoice, ...REQUEST, fingerprint: p.fingerprint })).written).toBe(
    true,
  );
  // Giving the administrator back their sheet after the credit is the view, not the workbook.
  const calls = reference.env.tracker.log
    .filter((c) => MUTATING.test(c.kind) && c.kind !== 'Spreadsheet.setActiveSheet')
    .map((c) => ({ kind: c.kind, log: inLog(c.target) }));
  const referenceValues = allValues(reference.env);

  it('the reference credit writes the sheet, the lines, the commit and the mirror', () => {
    expect(calls.filter((c) => !c.log).length).toBeGreaterThanOrEqual(5);
  });

  it.each(calls.flatMap((c, i) => (c.log ? [] : [[i + 1, c.kind] as const])))(
    'a crash at mutating call %i (%s)',
    (k, kind) => {
      const { env, ctx } = billedWorld();
      const n = calls.slice(0, k).filter((c) => c.kind === kind).length;
      env.failAt(kind, n, new Error(`Simulerat avbrott vid anrop ${k}`));
      const preview = plain<any>(ctx.creditPreview({ invoice, ...REQUEST }));
      const crashed = tryCall(() => ctx.creditConfirm({ invoice, ...REQUEST, fingerprint: preview.fingerprint }));
      expect(crashed.error?.message).toMatch(/^Krediteringen avbröts innan den blev klar\./);
      expect(crashed.error?.message).toContain(`Simulerat avbrott vid anrop ${k}`);
      expect(logRowsOf(env).at(-1)).toEqual(['Kreditering', 'Avbruten']);
      // The register holds no credit note, or all of it.
      const notes = register(env).filter((r) => r.Krediterar !== '');
      expect(notes.length).toBeLessThanOrEqual(1);

      // The second attempt, as the dialog makes it: the list, a new preview, a confirmation.
      const listed = plain<any>(ctx.creditList()).invoices.find((i: any) => i.number === invoice);
      expect(listed.selectable).toBe(true);
      const again = plain<any>(ctx.creditPreview({ invoice, ...REQUEST }));
      expect(again.ok).toBe(true);
      expect(again.kind).toBe(notes.length === 1 ? 'complete' : 'new');
      expect(plain<any>(ctx.creditConfirm({ invoice, ...REQUEST, fingerprint: again.fingerprint })).written).toBe(true);
      expect(allValues(env)).toEqual(referenceValues);
      expect(plain<any>(ctx.creditPreview({ invoice, ...REQUEST })).ok).toBe(false);
    },
  );
});
