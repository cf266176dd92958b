// "Kör fakturering" through the built dist/gas/Code.js in node:vm with the Apps Script fakes:
// the dialog, the preview (writes nothing), the confirmation (lock, administrators, a plan that
// changed since the preview, nothing new). Crash consistency at every mutating call is in
// billingCrash.test.ts and billingCrashDecember.test.ts.
import { describe, expect, it } from 'vitest';
import type { GasEnvironment } from './fakes';
import { plain } from './harness';
import { settingsTab, standardTabs, date } from '../fixtures/workbook';
import { REQUEST, type World, world, mutations, logRowsOf, allValues, registerRows, tryCall } from './billingWorld';

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
      expect(inv.url).toBe(
        `https://docs.google.com/spreadsheets/d/1FakeSpreadsheetIdForYrkesresan/edit#gid=${sheet!.sheetId}`,
      );
    }
    const register = registerRows(env);
    expect(register).toHaveLength(14);
    expect(register.map((row) => row[0])).toEqual(p.invoices.map((i: any) => i.number));
    // Stamps: every billed attendance row of 2024 carries the number of its municipality's
    // invoice; the recorded course (FHU-B1) is not billed and stays blank.
    const numberOf = Object.fromEntries(r.invoices.map((i: any) => [i.municipality, i.number]));
    expect(
      env.spreadsheet
        .read('Närvaro 2024')
        .slice(1)
        .map((row) => [row[1], row[5]]),
    ).toEqual([
      ['BOU-B1', numberOf['Luleå']],
      ['BOU-B1', numberOf['Boden']],
      ['FHU-B1', ''],
      ['ALD-F1', numberOf['Luleå']],
      ['MOB-S1', numberOf['Piteå']],
      ['BOU-B1', numberOf['Luleå']],
      ['ALD-F1', numberOf['Kiruna']],
    ]);
    expect(
      env.spreadsheet
        .read('Utbildarlogg')
        .slice(1)
        .map((row) => row[5]),
    ).toEqual([numberOf['Luleå'], numberOf['Piteå']]);
  });

  it('refuses when the data changed since the preview, writing nothing', () => {
    const { env, ctx } = world();
    const p = plain<any>(ctx.billingPreview(REQUEST));
    env.spreadsheet
      .sheet('Närvaro 2024')!
      .seed([[new Date('2024-10-01T00:00:00+02:00'), 'BOU-B1', 'Sen Anmälan', 'Boden', 1, '']], 9, 1);
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
    expect(String(env.spreadsheet.read('Logg')[1][3])).toMatch(
      /^Månad 2024-12, fakturadatum 2024-12-20: En annan fakturering pågår/,
    );
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
    expect(r.invoices.find((i: any) => i.municipality === 'Luleå')).toMatchObject({
      credit: true,
      totalLabel: 'Att erhålla',
      total: '-1516.67',
    });
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
    return env.tracker.log
      .filter((c) => REFRESH.test(c.kind) && (c.kind === 'SpreadsheetApp.flush' || c.target!.startsWith('Översikt!')))
      .map((c) => `${c.kind} ${c.target ?? ''}`.trim());
  }

  it('blanks and restores every formula that uses our functions after the register is written, and nothing else', () => {
    const { env, ctx } = withFormulas();
    const r = plain<any>(ctx.billingConfirm(REQUEST));
    expect(r.written).toBe(true);
    expect(refreshCalls(env)).toEqual([
      'Range.setValues Översikt!B2:B3',
      'SpreadsheetApp.flush',
      'Range.setFormulas Översikt!B2:B3',
    ]);
    // After the commit point (the Fakturor rows), still under the lock.
    const log = env.tracker.log;
    const commit = log.map((c) => c.target ?? '').reduce((last, t, i) => (t.startsWith('Fakturor!') ? i : last), -1);
    const blank = log.findIndex((c) => c.target === 'Översikt!B2:B3');
    const release = log.findIndex((c) => c.kind === 'Lock.releaseLock');
    expect(commit).toBeGreaterThanOrEqual(0);
    expect(blank).toBeGreaterThan(commit);
    expect(release).toBeGreaterThan(blank);
    expect(env.spreadsheet.formulas('Översikt').map((row) => row[1])).toEqual([
      '',
      '=DELTAGARDAGAR(A2)',
      '=DELTAGARDAGAR(A3)',
    ]);
    expect(env.spreadsheet.formulas('Översikt')[2][2]).toBe('=SUM(B2:B3)');
    expect(env.spreadsheet.read('Översikt').map((row) => row[2])).toEqual(['Anteckning', 'fri text', '']);
    // Only the tab the run did not read: the run reads each tab once.
    expect(env.tracker.log.filter((c) => c.kind === 'Range.getFormulas').map((c) => c.target!.split('!')[0])).toEqual([
      'Översikt',
    ]);
    const reads = env.tracker.log
      .filter((c) => /^Range\.get(Values|Formulas)$/.test(c.kind))
      .map((c) => c.target!.split('!')[0]);
    expect(new Set(reads).size).toBe(reads.length);
  });

  it("leaves formulas in the tabs the run reads to Kontrollera data, and never reads the invoice sheets' formulas", () => {
    const { env, ctx } = world();
    const column = env.spreadsheet.read('Kommuner')[0].length + 1;
    env.spreadsheet
      .sheet('Kommuner')!
      .seed([['Från potten'], [{ formula: '=UTBILDARPOTT(2024;A2:A15)', value: 0 }]], 1, column);
    env.tracker.reset();
    expect(plain<any>(ctx.billingConfirm(REQUEST)).written).toBe(true);
    expect(env.tracker.log.filter((c) => c.kind === 'Range.getFormulas')).toEqual([]);
    expect(env.tracker.log.some((c) => c.kind === 'Range.setFormulas')).toBe(false);

    env.tracker.reset();
    ctx.menuCheck();
    const refreshed = env.tracker.log
      .filter((c) => c.kind === 'Range.setFormulas' && c.target!.startsWith('Kommuner!'))
      .map((c) => c.target);
    expect(refreshed).toHaveLength(1);
    expect(env.spreadsheet.formulas('Kommuner')[1][column - 1]).toBe('=UTBILDARPOTT(2024;A2:A15)');
    // Invoice sheets hold values only: Kontrollera data does not read their formulas either.
    const formulaReads = env.tracker.log
      .filter((c) => c.kind === 'Range.getFormulas')
      .map((c) => c.target!.split('!')[0]);
    expect(formulaReads.some((t) => /^YR-2024-\d{4} /.test(t))).toBe(false);
    expect(formulaReads).toContain('Kommuner');
  });

  it('leaves the formulas alone when nothing was written: a preview, a changed plan, nothing new', () => {
    const { env, ctx } = withFormulas();
    const p = plain<any>(ctx.billingPreview(REQUEST));
    env.spreadsheet
      .sheet('Närvaro 2024')!
      .seed([[new Date('2024-10-01T00:00:00+02:00'), 'BOU-B1', 'Sen Anmälan', 'Boden', 1, '']], 9, 1);
    expect(tryCall(() => ctx.billingConfirm({ ...REQUEST, fingerprint: p.fingerprint })).error?.message).toMatch(
      /ändrats/,
    );
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
