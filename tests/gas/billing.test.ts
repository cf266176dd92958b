// "Kör fakturering" through the built dist/gas/Code.js in node:vm with the Apps Script fakes:
// the dialog, the preview (writes nothing), the confirmation (lock, administrators, a plan that
// changed since the preview, nothing new), and crash consistency at every mutating call.
import { describe, expect, it } from 'vitest';
import { createGasEnvironment, type GasEnvironment } from './fakes';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_PATH, loadBundle, plain, type GasContext } from './harness';
import { settingsTab, standardTabs, toGasTabs, date, type Tabs } from '../fixtures/workbook';
import { CalendarDate, type CellValue } from '../../src/workbook/port';
import { MemoryWorkbook } from '../../src/workbook/memoryPort';
import { LOG_HEADERS } from '../../src/workbook/schema';
import { PROTECTED_TABS } from '../../src/workbook/protection';
import { PROTECTION_DESCRIPTION } from '../../src/gas/protection';
import { readWorkbook } from '../../src/workbook/read';

const REQUEST = { month: '2024-12', invoiceDate: '2024-12-20' };
const MUTATING = /^(Spreadsheet|Sheet|Range|Protection)\.(set|insert|delete|clear|merge|breakApart|protect|hide|show|append|remove|add|copy|move|autoResize|sort)/;

// The crash tests load the bundle a few hundred times: load one copy of it, taken once.
const codePath = join(mkdtempSync(join(tmpdir(), 'yrkesresan-billing-')), 'Code.js');
copyFileSync(CODE_PATH, codePath);

interface World {
  env: GasEnvironment;
  ctx: GasContext;
}

/**
 * The workbook with an audit log tab already there, so that its rows are plain appends, and the
 * protected tabs protected as a run with Administratörer blank leaves them (warning only), so
 * that a run changes no protection of theirs (protection.test.ts tests the synchronisation).
 */
function world(tabs: Tabs = standardTabs(), options: Parameters<typeof createGasEnvironment>[0] = {}): World {
  const env = createGasEnvironment({ tabs: toGasTabs({ ...tabs, Logg: [[...LOG_HEADERS]] }), ...options });
  env.spreadsheet.protectTabs(PROTECTED_TABS, { warningOnly: true, description: PROTECTION_DESCRIPTION });
  const ctx = loadBundle(env, { codePath });
  return { env, ctx };
}

const inLog = (target: string | undefined) => target === 'Logg' || (target ?? '').startsWith('Logg!');

/** Mutating calls outside the audit log (which every refused or written run appends to). */
function mutations(env: GasEnvironment): string[] {
  return env.tracker.log.filter((c) => MUTATING.test(c.kind) && !inLog(c.target)).map((c) => c.kind);
}

/** The mutating calls of a run up to its commit point, the write of its Fakturor rows (Logg's row follows). */
function mutationsUpToCommit(env: GasEnvironment): string[] {
  const all = env.tracker.log.filter((c) => MUTATING.test(c.kind));
  let commit = -1;
  all.forEach((c, i) => {
    if (c.kind === 'Range.setValues' && (c.target ?? '').startsWith('Fakturor!')) commit = i;
  });
  return all.slice(0, commit + 1).map((c) => c.kind);
}

/** Åtgärd and Resultat of each Logg row. */
function logRowsOf(env: GasEnvironment): string[][] {
  return env.spreadsheet.read('Logg').slice(1).map((r) => [String(r[2]), String(r[4])]);
}

/** Every tab's values but the audit log's, in this realm (Dates as ISO strings in Stockholm). */
function allValues(env: GasEnvironment): Record<string, unknown[][]> {
  const out: Record<string, unknown[][]> = {};
  for (const name of env.spreadsheet.tabNames()) if (name !== 'Logg') out[name] = env.spreadsheet.read(name).map((r) => r.map(cellOf));
  return out;
}

const stockholm = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
function cellOf(v: unknown): CellValue {
  if (Object.prototype.toString.call(v) === '[object Date]') return new CalendarDate(stockholm.format(v as Date));
  return v as CellValue;
}

/** The workbook as the product reads it (orphans of an interrupted run read as blank / absent). */
function logicalState(env: GasEnvironment): string {
  const tabs: Record<string, CellValue[][]> = {};
  for (const name of env.spreadsheet.tabNames()) tabs[name] = env.spreadsheet.read(name).map((r) => r.map(cellOf));
  const snap = readWorkbook(new MemoryWorkbook(tabs));
  const { attendance, trainers, ledger } = snap.input;
  return JSON.stringify({
    attendance: attendance.map((a) => [a.ref.tab, a.ref.row, a.invoiceNumber]),
    trainers: trainers.map((t) => [t.ref.row, t.payoutInvoice]),
    invoices: ledger.invoices.map(({ ref: _ref, ...rest }) => rest),
    lines: ledger.lines.map(({ ref: _ref, ...rest }) => rest),
  });
}

function registerRows(env: GasEnvironment): unknown[][] {
  return env.spreadsheet.read('Fakturor').slice(1).map((r) => r.map(cellOf).map(String));
}

function tryCall(fn: () => unknown): { value?: any; error?: Error } {
  try {
    return { value: plain(fn()) };
  } catch (e) {
    return { error: e as Error };
  }
}

describe('Kör fakturering: dialog and preview', () => {
  it('opens a modal dialog titled Kör fakturering from the menu handler', () => {
    const { env, ctx } = world();
    ctx.menuBilling();
    const dialog = env.ui.lastDialog();
    expect(dialog.kind).toBe('modal');
    expect(dialog.title).toBe('Kör fakturering');
    expect(dialog.content).toContain('Förhandsgranska');
    expect(dialog.content).toContain('Bekräfta och fakturera');
    expect(dialog.width).toBeGreaterThanOrEqual(800);
    expect(dialog.height).toBeGreaterThanOrEqual(600);
    expect(mutations(env)).toEqual([]);
  });

  it('previews per municipality with lines, totals, recipient, numbers and pot figures, and writes nothing', () => {
    const { env, ctx } = world();
    const before = allValues(env);
    const p = plain<any>(ctx.billingPreview(REQUEST));
    expect(mutations(env)).toEqual([]);
    expect(allValues(env)).toEqual(before);

    expect(p.ok).toBe(true);
    expect(p.errors).toEqual([]);
    expect(p.month).toBe('2024-12');
    expect(p.cutOff).toBe('2024-12-31');
    expect(p.runId).toBe('2024-12/1');
    expect(p.fingerprint).toMatch(/^[0-9a-f]{16,}$/);
    // December 2024 is the first run of 2024: every member gets its fixed cost.
    expect(p.invoices).toHaveLength(14);
    expect(p.invoices.map((i: any) => i.number)).toEqual(
      Array.from({ length: 14 }, (_, i) => `YR-2024-${String(i + 1).padStart(4, '0')}`),
    );
    const lulea = p.invoices.find((i: any) => i.municipality === 'Luleå');
    expect(lulea.recipient).toBe('socialchef@lulea.example');
    expect(lulea.socialChief).toBe('Socialchef Luleå');
    expect(lulea.credit).toBe(false);
    expect(lulea.totalLabel).toBe('Att betala');
    expect(lulea.lines.map((l: any) => [l.kind, l.quantity, l.unitPrice, l.amount])).toEqual([
      ['variable', '3', '1550.00', '4650.00'],
      ['variable', '1.5', '1750.00', '2625.00'],
      ['fixed', '', '', '298992.00'],
      ['trainerPot', '2', '', '-3066.67'],
    ]);
    expect(lulea.total).toBe('303200.33');
    expect(lulea.totalText).toBe('303 200,33 kr');
    expect(lulea.lines[0].unitPriceText).toBe('1 550,00 kr');
    expect(lulea.lines[0].description).toContain('BOU-B1');
    // Pot: 11.5 billed days × 400 kr, paid out 2:1 to Luleå and Piteå.
    expect(p.pot.collected).toBe('4600.00');
    expect(p.pot.paidOut).toBe('4600.00');
    expect(p.pot.carriedOver).toBe('0.00');
    expect(p.pot.collectedText).toBe('4 600,00 kr');
    // Plain JSON: what google.script.run can carry.
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('lists every error with tab, row, column and value, and plans nothing', () => {
    const tabs = standardTabs();
    tabs['Närvaro 2024'].push([date('2024-10-01'), 'BOU-B1', '<img src=x onerror=alert(1)>', 'Atlantis', 1, '']);
    tabs['Närvaro 2025'].push(['inte ett datum', 'BOU-B1', 'Ulla Uhr', 'Boden', -1, '']);
    const { env, ctx } = world(tabs);
    const p = plain<any>(ctx.billingPreview(REQUEST));
    expect(p.ok).toBe(false);
    expect(p.invoices).toEqual([]);
    expect(p.fingerprint).toBe('');
    expect(p.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tab: 'Närvaro 2024', row: 9, column: 'Kommun', value: 'Atlantis' }),
        expect.objectContaining({ tab: 'Närvaro 2025', row: 4, column: 'Datum', value: 'inte ett datum' }),
        expect.objectContaining({ tab: 'Närvaro 2025', row: 4, column: 'Dagar' }),
      ]),
    );
    for (const e of p.errors) expect(e.message).toMatch(/\S/);
    // Every error links to its cell, as Kontrollera data does: the tab's id and the A1 of row and column.
    const linkOf = (tab: string, column: string) => p.errors.find((e: any) => e.tab === tab && e.column === column).url;
    const gid = (tab: string) => String(env.spreadsheet.getSheetByName(tab)!.getSheetId());
    expect(linkOf('Närvaro 2024', 'Kommun')).toMatch(new RegExp(`#gid=${gid('Närvaro 2024')}&range=D9$`));
    expect(linkOf('Närvaro 2025', 'Datum')).toMatch(new RegExp(`#gid=${gid('Närvaro 2025')}&range=A4$`));
    expect(mutations(env)).toEqual([]);
    // Confirming the same request writes nothing either.
    const r = plain<any>(ctx.billingConfirm(REQUEST));
    expect(r.written).toBe(false);
    expect(r.errors.length).toBe(p.errors.length);
    expect(mutations(env)).toEqual([]);
  });

  it('refuses a request that is not May or December or has no valid date', () => {
    const { env, ctx } = world();
    expect(() => ctx.billingPreview({ month: '2024-06', invoiceDate: '2024-06-10' })).toThrow(/maj eller december/);
    expect(() => ctx.billingPreview({ month: '2024-12', invoiceDate: '2024-02-30' })).toThrow(/Fakturadatumet/);
    expect(() => ctx.billingConfirm(null)).toThrow(/faktureringsmånad/);
    expect(mutations(env)).toEqual([]);
  });

  it('takes today (in Stockholm) when no invoice date is given', () => {
    const { ctx } = world();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const p = plain<any>(ctx.billingPreview({ month: '2024-12' }));
    expect(p.invoiceDate).toBe(today);
    expect(p.invoices[0].invoiceDate).toBe(today);
    // No month either: the nearest coming May or December.
    const month = Number(today.slice(5, 7)) <= 5 ? `${today.slice(0, 4)}-05` : `${today.slice(0, 4)}-12`;
    expect(plain<any>(ctx.billingPreview({})).month).toBe(month);
  });
});

describe('Kör fakturering: confirmation', () => {
  it('writes the previewed run and links every invoice sheet', () => {
    const { env, ctx } = world();
    const p = plain<any>(ctx.billingPreview(REQUEST));
    env.tracker.reset();
    const r = plain<any>(ctx.billingConfirm({ ...REQUEST, fingerprint: p.fingerprint }));
    expect(r.written).toBe(true);
    // The check against the preview and the write use one read of each tab.
    // (Plus Logg, read once to append the run's row.)
    expect(env.tracker.count('Range.getValues')).toBeLessThanOrEqual(Object.keys(standardTabs()).length + 1);
    expect(logRowsOf(env)).toEqual([['Fakturering', 'Klar']]);
    expect(env.spreadsheet.read('Logg')[1][1]).toBe('admin@norrbotten.example');
    expect(env.tracker.count('Lock.tryLock')).toBe(1);
    expect(env.tracker.count('Lock.releaseLock')).toBe(1);
    expect(r.runId).toBe('2024-12/1');
    expect(r.message).toContain('14 fakturor');
    expect(r.invoices.map((i: any) => [i.number, i.municipality, i.total])).toEqual(
      p.invoices.map((i: any) => [i.number, i.municipality, i.total]),
    );
    for (const inv of r.invoices) {
      const sheet = env.spreadsheet.sheet(inv.sheet);
      expect(sheet, inv.sheet).toBeDefined();
      expect(inv.sheet.startsWith(`${inv.number} `)).toBe(true);
      expect(inv.url).toBe(`https://docs.google.com/spreadsheets/d/1FakeSpreadsheetIdForYrkesresan/edit#gid=${sheet!.sheetId}`);
    }
    const register = registerRows(env);
    expect(register).toHaveLength(14);
    expect(register.map((row) => row[0])).toEqual(p.invoices.map((i: any) => i.number));
    // Stamps: every billed attendance row of 2024 carries the number of its municipality's
    // invoice; the recorded course (FHU-B1) is not billed and stays blank.
    const numberOf = Object.fromEntries(r.invoices.map((i: any) => [i.municipality, i.number]));
    expect(env.spreadsheet.read('Närvaro 2024').slice(1).map((row) => [row[1], row[5]])).toEqual([
      ['BOU-B1', numberOf['Luleå']],
      ['BOU-B1', numberOf['Boden']],
      ['FHU-B1', ''],
      ['ALD-F1', numberOf['Luleå']],
      ['MOB-S1', numberOf['Piteå']],
      ['BOU-B1', numberOf['Luleå']],
      ['ALD-F1', numberOf['Kiruna']],
    ]);
    expect(env.spreadsheet.read('Utbildarlogg').slice(1).map((row) => row[5])).toEqual([numberOf['Luleå'], numberOf['Piteå']]);
  });

  it('refuses when the data changed since the preview, writing nothing', () => {
    const { env, ctx } = world();
    const p = plain<any>(ctx.billingPreview(REQUEST));
    env.spreadsheet.sheet('Närvaro 2024')!.seed([[new Date('2024-10-01T00:00:00+02:00'), 'BOU-B1', 'Sen Anmälan', 'Boden', 1, '']], 9, 1);
    env.tracker.reset();
    const r = tryCall(() => ctx.billingConfirm({ ...REQUEST, fingerprint: p.fingerprint }));
    expect(r.error?.message).toMatch(/ändrats sedan förhandsgranskningen.*Förhandsgranska igen/);
    expect(mutations(env)).toEqual([]);
    expect(registerRows(env)).toEqual([]);
    expect(logRowsOf(env)).toEqual([['Fakturering', 'Nekad']]);
    // A new preview gives a new fingerprint, and that one is accepted.
    const p2 = plain<any>(ctx.billingPreview(REQUEST));
    expect(p2.fingerprint).not.toBe(p.fingerprint);
    expect(plain<any>(ctx.billingConfirm({ ...REQUEST, fingerprint: p2.fingerprint })).written).toBe(true);
  });

  it('gives a clear message when another run holds the document lock, and writes nothing', () => {
    const { env, ctx } = world();
    env.locks.document.heldElsewhere = true;
    const r = tryCall(() => ctx.billingConfirm(REQUEST));
    expect(r.error?.message).toMatch(/^En annan fakturering pågår/);
    expect(mutations(env)).toEqual([]);
    expect(registerRows(env)).toEqual([]);
    // The refusal is in the audit log, with its reason.
    expect(logRowsOf(env)).toEqual([['Fakturering', 'Nekad']]);
    expect(String(env.spreadsheet.read('Logg')[1][3])).toMatch(/^Månad 2024-12, fakturadatum 2024-12-20: En annan fakturering pågår/);
    // When the other run is done, the run goes through.
    env.locks.document.heldElsewhere = false;
    expect(plain<any>(ctx.billingConfirm(REQUEST)).written).toBe(true);
  });

  it('refuses a user who is not among the administrators', () => {
    const tabs = standardTabs();
    tabs['Inställningar'] = settingsTab({ Administratörer: 'karin@norrbotten.example, ola@norrbotten.example' });
    const { env, ctx } = world(tabs, { activeUser: 'nisse@norrbotten.example' });
    const p = plain<any>(ctx.billingPreview(REQUEST));
    expect(p.ok).toBe(false);
    expect(p.errors.map((e: any) => e.message).join(' ')).toMatch(/administratör/i);
    const r = plain<any>(ctx.billingConfirm(REQUEST));
    expect(r.written).toBe(false);
    expect(r.errors.map((e: any) => e.message).join(' ')).toMatch(/administratör/i);
    expect(mutations(env)).toEqual([]);
    expect(registerRows(env)).toEqual([]);
    expect(logRowsOf(env)).toEqual([['Fakturering', 'Nekad']]);
    expect(env.spreadsheet.read('Logg')[1][1]).toBe('nisse@norrbotten.example');
    expect(String(env.spreadsheet.read('Logg')[1][3])).toMatch(/administratör/i);

    // A listed administrator (any case) may bill.
    const ok = world(tabs, { activeUser: 'Ola@Norrbotten.example' });
    expect(plain<any>(ok.ctx.billingConfirm(REQUEST)).written).toBe(true);
  });

  it('shows a December invoice whose pot share exceeds its fees as a credit (Att erhålla)', () => {
    const { ctx } = world();
    expect(plain<any>(ctx.billingConfirm({ month: '2024-05', invoiceDate: '2024-05-20' })).written).toBe(true);
    const p = plain<any>(ctx.billingPreview(REQUEST));
    const lulea = p.invoices.find((i: any) => i.municipality === 'Luleå');
    // 1 day BOU-B1 in November, minus 2/3 of the 4 600 kr pot.
    expect(lulea.lines.map((l: any) => l.amount)).toEqual(['1550.00', '-3066.67']);
    expect(lulea.credit).toBe(true);
    expect(lulea.totalLabel).toBe('Att erhålla');
    expect(lulea.total).toBe('-1516.67');
    expect(lulea.totalText).toBe('-1 516,67 kr');
    expect(p.invoices.find((i: any) => i.municipality === 'Piteå').totalLabel).toBe('Att betala');
    const r = plain<any>(ctx.billingConfirm({ ...REQUEST, fingerprint: p.fingerprint }));
    expect(r.invoices.find((i: any) => i.municipality === 'Luleå')).toMatchObject({ credit: true, totalLabel: 'Att erhålla', total: '-1516.67' });
  });

  it('creates nothing when confirmed again with nothing new', () => {
    const { env, ctx } = world();
    expect(plain<any>(ctx.billingConfirm(REQUEST)).written).toBe(true);
    const after = allValues(env);
    env.tracker.reset();
    const p = plain<any>(ctx.billingPreview(REQUEST));
    expect(p.ok).toBe(true);
    expect(p.nothingToBill).toBe(true);
    expect(p.invoices).toEqual([]);
    const r = plain<any>(ctx.billingConfirm({ ...REQUEST, fingerprint: p.fingerprint }));
    expect(r.written).toBe(false);
    expect(r.invoices).toEqual([]);
    expect(r.message).toMatch(/inget nytt att fakturera/i);
    expect(mutations(env)).toEqual([]);
    expect(allValues(env)).toEqual(after);
  });
});

describe('Kör fakturering: the custom functions are recomputed after a written run', () => {
  /** The standard workbook with our formulas in a tab of the administrator's own. */
  function withFormulas(): World {
    const w = world();
    w.env.spreadsheet.seed('Översikt', [
      ['Kommun', 'Dagar', 'Anteckning'],
      ['Luleå', { formula: '=DELTAGARDAGAR(A2)', value: 1 }, 'fri text'],
      ['Boden', { formula: '=DELTAGARDAGAR(A3)', value: 1 }, { formula: '=SUM(B2:B3)' }],
    ]);
    w.env.tracker.reset();
    return w;
  }
  const REFRESH = /^(Range\.(setValues|setFormulas)|SpreadsheetApp\.flush)$/;
  function refreshCalls(env: GasEnvironment): string[] {
    return env.tracker.log.filter((c) => REFRESH.test(c.kind) && (c.kind === 'SpreadsheetApp.flush' || c.target!.startsWith('Översikt!'))).map((c) => `${c.kind} ${c.target ?? ''}`.trim());
  }

  it('blanks and restores every formula that uses our functions after the register is written, and nothing else', () => {
    const { env, ctx } = withFormulas();
    const r = plain<any>(ctx.billingConfirm(REQUEST));
    expect(r.written).toBe(true);
    expect(refreshCalls(env)).toEqual(['Range.setValues Översikt!B2:B3', 'SpreadsheetApp.flush', 'Range.setFormulas Översikt!B2:B3']);
    // After the commit point (the Fakturor rows), still under the lock.
    const log = env.tracker.log;
    const commit = log.map((c) => c.target ?? '').reduce((last, t, i) => (t.startsWith('Fakturor!') ? i : last), -1);
    const blank = log.findIndex((c) => c.target === 'Översikt!B2:B3');
    const release = log.findIndex((c) => c.kind === 'Lock.releaseLock');
    expect(commit).toBeGreaterThanOrEqual(0);
    expect(blank).toBeGreaterThan(commit);
    expect(release).toBeGreaterThan(blank);
    expect(env.spreadsheet.formulas('Översikt').map((row) => row[1])).toEqual(['', '=DELTAGARDAGAR(A2)', '=DELTAGARDAGAR(A3)']);
    expect(env.spreadsheet.formulas('Översikt')[2][2]).toBe('=SUM(B2:B3)');
    expect(env.spreadsheet.read('Översikt').map((row) => row[2])).toEqual(['Anteckning', 'fri text', '']);
    // Only the tab the run did not read: the run reads each tab once.
    expect(env.tracker.log.filter((c) => c.kind === 'Range.getFormulas').map((c) => c.target!.split('!')[0])).toEqual(['Översikt']);
    const reads = env.tracker.log.filter((c) => /^Range\.get(Values|Formulas)$/.test(c.kind)).map((c) => c.target!.split('!')[0]);
    expect(new Set(reads).size).toBe(reads.length);
  });

  it('leaves formulas in the tabs the run reads to Kontrollera data, and never reads the invoice sheets\' formulas', () => {
    const { env, ctx } = world();
    const column = env.spreadsheet.read('Kommuner')[0].length + 1;
    env.spreadsheet.sheet('Kommuner')!.seed([['Från potten'], [{ formula: '=UTBILDARPOTT(2024;A2:A15)', value: 0 }]], 1, column);
    env.tracker.reset();
    expect(plain<any>(ctx.billingConfirm(REQUEST)).written).toBe(true);
    expect(env.tracker.log.filter((c) => c.kind === 'Range.getFormulas')).toEqual([]);
    expect(env.tracker.log.some((c) => c.kind === 'Range.setFormulas')).toBe(false);

    env.tracker.reset();
    ctx.menuCheck();
    const refreshed = env.tracker.log.filter((c) => c.kind === 'Range.setFormulas' && c.target!.startsWith('Kommuner!')).map((c) => c.target);
    expect(refreshed).toHaveLength(1);
    expect(env.spreadsheet.formulas('Kommuner')[1][column - 1]).toBe('=UTBILDARPOTT(2024;A2:A15)');
    // Invoice sheets hold values only: Kontrollera data does not read their formulas either.
    const formulaReads = env.tracker.log.filter((c) => c.kind === 'Range.getFormulas').map((c) => c.target!.split('!')[0]);
    expect(formulaReads.some((t) => /^YR-2024-\d{4} /.test(t))).toBe(false);
    expect(formulaReads).toContain('Kommuner');
  });

  it('leaves the formulas alone when nothing was written: a preview, a changed plan, nothing new', () => {
    const { env, ctx } = withFormulas();
    const p = plain<any>(ctx.billingPreview(REQUEST));
    env.spreadsheet.sheet('Närvaro 2024')!.seed([[new Date('2024-10-01T00:00:00+02:00'), 'BOU-B1', 'Sen Anmälan', 'Boden', 1, '']], 9, 1);
    expect(tryCall(() => ctx.billingConfirm({ ...REQUEST, fingerprint: p.fingerprint })).error?.message).toMatch(/ändrats/);
    expect(refreshCalls(env)).toEqual([]);
    expect(env.calls['Range.getFormulas'] ?? 0).toBe(0);

    expect(plain<any>(ctx.billingConfirm(REQUEST)).written).toBe(true);
    env.tracker.reset();
    const again = plain<any>(ctx.billingConfirm(REQUEST));
    expect(again.written).toBe(false);
    expect(refreshCalls(env)).toEqual([]);
    expect(env.calls['Range.getFormulas'] ?? 0).toBe(0);
  });

  it('leaves the formulas alone when the data has errors', () => {
    const tabs = standardTabs();
    tabs['Närvaro 2024'].push([date('2024-10-01'), 'BOU-B1', 'Per Persson', 'Atlantis', 1, '']);
    const { env, ctx } = world(tabs);
    env.spreadsheet.seed('Översikt', [[{ formula: '=DELTAGARDAGAR("Luleå")', value: 1 }]]);
    env.tracker.reset();
    expect(plain<any>(ctx.billingConfirm(REQUEST)).written).toBe(false);
    expect(env.calls['Range.getFormulas'] ?? 0).toBe(0);
    expect(mutations(env)).toEqual([]);
  });
});

describe('Kör fakturering: an interrupted run is invisible or completed by the next one', () => {
  // The uninterrupted run on a fresh copy: the reference.
  const reference = world();
  const before = logicalState(reference.env);
  reference.env.tracker.reset();
  const referenceResult = plain<any>(reference.ctx.billingConfirm(REQUEST));
  const referenceMutations = mutationsUpToCommit(reference.env);
  const referenceValues = allValues(reference.env);
  const referenceState = logicalState(reference.env);
  const referenceRegister = registerRows(reference.env);

  it('the reference run writes something and changes what is read', () => {
    expect(referenceResult.written).toBe(true);
    expect(referenceMutations.length).toBeGreaterThan(14);
    expect(referenceState).not.toBe(before);
    expect(referenceRegister).toHaveLength(14);
  });

  it.each(referenceMutations.map((kind, i) => [i + 1, kind] as const))(
    'a crash at mutating call %i (%s)',
    (k, kind) => {
      const { env, ctx } = world();
      // The k-th mutating call is the n-th call of its kind: make exactly that one throw.
      const n = referenceMutations.slice(0, k).filter((x) => x === kind).length;
      env.failAt(kind, n, new Error(`Simulerat avbrott vid anrop ${k}`));
      const crashed = tryCall(() => ctx.billingConfirm(REQUEST));
      expect(crashed.error?.message).toMatch(/^Faktureringen avbröts innan den blev klar\./);
      expect(crashed.error?.message).toContain(`Simulerat avbrott vid anrop ${k}`);

      // (a) The register holds nothing of the run, or all of it.
      const register = registerRows(env);
      expect([0, referenceRegister.length]).toContain(register.length);
      if (register.length) expect(register).toEqual(referenceRegister);

      // (b) The workbook reads as before the run, or as after the completed run.
      const state = logicalState(env);
      expect(state === before || state === referenceState, `state after crash at ${k}`).toBe(true);
      expect(state === referenceState).toBe(register.length > 0);

      // (c) The next confirmation ends in exactly the uninterrupted run's workbook.
      const next = plain<any>(ctx.billingConfirm(REQUEST));
      if (register.length === 0) {
        expect(next.written).toBe(true);
        expect(next.runId).toBe(referenceResult.runId);
        expect(next.invoices.map((i: any) => [i.number, i.municipality, i.total, i.sheet])).toEqual(
          referenceResult.invoices.map((i: any) => [i.number, i.municipality, i.total, i.sheet]),
        );
      } else {
        expect(next.written).toBe(false);
      }
      expect(logicalState(env)).toBe(referenceState);
      const values = allValues(env);
      expect(Object.keys(values).sort()).toEqual(Object.keys(referenceValues).sort());
      expect(values).toEqual(referenceValues);
    },
  );
});

describe('Kör fakturering: a December run interrupted after a committed May run', () => {
  const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };
  const LATE_ROW = [new Date('2024-10-01T00:00:00+02:00'), 'BOU-B1', 'Ny Deltagare', 'Arjeplog', 1, ''];

  /** The standard workbook with May 2024 billed. */
  function afterMay(): World {
    const w = world();
    expect(plain<any>(w.ctx.billingConfirm(MAY)).written).toBe(true);
    w.env.tracker.reset();
    return w;
  }
  function addLateRow(env: GasEnvironment): void {
    const sheet = env.spreadsheet.sheet('Närvaro 2024')!;
    sheet.seed([LATE_ROW], env.spreadsheet.read('Närvaro 2024').length + 1, 1);
  }

  const reference = afterMay();
  const before = logicalState(reference.env);
  const registerBefore = registerRows(reference.env);
  const referenceMutations = (plain<any>(reference.ctx.billingConfirm(REQUEST)), mutationsUpToCommit(reference.env));
  const referenceValues = allValues(reference.env);
  const referenceState = logicalState(reference.env);
  const referenceRegister = registerRows(reference.env);

  // The same December run when a late row (of a municipality that sorts first) was added.
  const changed = afterMay();
  addLateRow(changed.env);
  expect(plain<any>(changed.ctx.billingConfirm(REQUEST)).written).toBe(true);
  const changedValues = allValues(changed.env);

  it('the December run adds invoices below the May ones', () => {
    expect(registerBefore.length).toBe(14);
    expect(referenceRegister.length).toBeGreaterThan(14);
    expect(referenceRegister.slice(0, 14)).toEqual(registerBefore);
    expect(referenceRegister[14][0]).toBe('YR-2024-0015');
    expect(referenceRegister[14][10]).toBe('2024-12/1');
    // With the late Arjeplog row, numbers shift: YR-2024-0015 goes to Arjeplog instead.
    expect(referenceRegister[14][4]).not.toBe('Arjeplog');
    expect(String(changedValues['Fakturor'][15][0])).toBe('YR-2024-0015');
    expect(String(changedValues['Fakturor'][15][4])).toBe('Arjeplog');
  });

  it.each(referenceMutations.map((kind, i) => [i + 1, kind] as const))('a crash at mutating call %i (%s)', (k, kind) => {
    const n = referenceMutations.slice(0, k).filter((x) => x === kind).length;

    // Re-run with the same data: the workbook ends as after an uninterrupted run.
    const { env, ctx } = afterMay();
    env.failAt(kind, n, new Error(`Simulerat avbrott vid anrop ${k}`));
    expect(tryCall(() => ctx.billingConfirm(REQUEST)).error?.message).toContain(`Simulerat avbrott vid anrop ${k}`);
    const register = registerRows(env);
    expect([registerBefore, referenceRegister]).toContainEqual(register);
    const state = logicalState(env);
    expect(state === before || state === referenceState).toBe(true);
    ctx.billingConfirm(REQUEST);
    expect(allValues(env)).toEqual(referenceValues);

    // Re-run after the data changed: orphans of the interrupted run are cleared or overwritten,
    // and the workbook ends exactly as an uninterrupted run on the changed data.
    const other = afterMay();
    other.env.failAt(kind, n, new Error('avbrott'));
    tryCall(() => other.ctx.billingConfirm(REQUEST));
    if (registerRows(other.env).length === registerBefore.length) {
      addLateRow(other.env);
      expect(plain<any>(other.ctx.billingConfirm(REQUEST)).written).toBe(true);
      expect(allValues(other.env)).toEqual(changedValues);
    }
  });
});
