// SPEC §4 "Who may" through the built dist/gas/Code.js: several administrators take turns in one
// spreadsheet whose protections the fakes enforce per user, as Sheets does (a write by a user who
// may not edit a protected sheet throws Google's error). A menu item runs as the person who
// clicks it, so a protection only its creator may edit would stop every other administrator.
import { describe, expect, it } from 'vitest';
import { createGasEnvironment, PROTECTED_CELL_ERROR, type GasEnvironment } from './fakes';
import { installChartFakes } from './fakes/charts';
import { loadBundle, plain, type GasContext } from './harness';
import { settingsTab, standardTabs, toGasTabs, type Tabs } from '../fixtures/workbook';
import { PROTECTED_TABS } from '../../src/workbook/protection';

const REQUEST = { month: '2024-12', invoiceDate: '2024-12-20' };
const OWNER = 'agare@norrbotten.example';
const KARIN = 'karin@norrbotten.example';
const OLA = 'ola@norrbotten.example';
const NISSE = 'nisse@norrbotten.example'; // edits the spreadsheet, is no administrator

interface World {
  env: GasEnvironment;
  ctx: GasContext;
}

function tabsWith(administrators: string): Tabs {
  const tabs = standardTabs();
  tabs['Inställningar'] = settingsTab({ Administratörer: administrators });
  return tabs;
}

/** Inställningar with these administrators, as the fakes seed it (an administrator typing it in). */
function settingsSeed(administrators: string) {
  return toGasTabs({ Inställningar: settingsTab({ Administratörer: administrators }) })['Inställningar'];
}

function world(tabs: Tabs, first = KARIN): World {
  const env = createGasEnvironment({
    tabs: toGasTabs(tabs),
    owner: OWNER,
    activeUser: first,
    editors: [KARIN, OLA, NISSE],
  });
  // Uppföljning embeds charts: the chart builders' fakes (fakes/charts.ts) as a global.
  return { env, ctx: loadBundle(env, { globals: { Charts: installChartFakes(env) } }) };
}

/** Runs fn as `user`, the person who clicked. */
function as<T = any>(w: World, user: string, fn: (ctx: GasContext) => unknown): T {
  w.env.session.activeUser = user;
  return plain<T>(fn(w.ctx));
}

function attempt(fn: () => unknown): { value?: any; error?: Error } {
  try {
    return { value: plain(fn()) };
  } catch (e) {
    return { error: e as Error };
  }
}

function register(env: GasEnvironment): Record<string, unknown>[] {
  const [header, ...rows] = env.spreadsheet.read('Fakturor');
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

/** The sheets the run protected that are no fixed protected tab: the invoice sheets. */
function invoiceSheets(env: GasEnvironment): string[] {
  return env.spreadsheet.tabNames().filter((n) => /^\S+-\d{4}-\d{4} /.test(n));
}

/** Every tab's values but the audit log's (a refusal is logged when the log can be written). */
function allValues(env: GasEnvironment): string {
  return JSON.stringify(
    env.spreadsheet
      .tabNames()
      .filter((n) => n !== 'Logg')
      .map((n) => [n, env.spreadsheet.read(n)]),
  );
}

describe('Who may: two administrators take turns', () => {
  it('Karin bills, Ola sends, Karin resends one, Ola credits one and bills again: every step goes through, one mail per invoice', () => {
    const w = world(tabsWith(`${KARIN}, ${OLA}`));
    const billed = as(w, KARIN, (c) => c.billingConfirm(REQUEST));
    expect(billed.written).toBe(true);
    const numbers: string[] = billed.invoices.map((i: any) => i.number);

    // Every protected tab and invoice sheet lets exactly the owner and both administrators edit.
    for (const tab of [...PROTECTED_TABS.filter((t) => w.env.spreadsheet.sheet(t)), ...invoiceSheets(w.env)]) {
      const p = w.env.spreadsheet.sheet(tab)!.protection!;
      expect(p, tab).toBeTruthy();
      expect(p.warningOnly, tab).toBe(false);
      expect(p.domainEdit, tab).toBe(false);
      expect([...p.editors].sort(), tab).toEqual([OWNER, KARIN, OLA].sort());
    }
    expect(invoiceSheets(w.env)).toHaveLength(numbers.length);

    const sent = as(w, OLA, (c) => c.sendingSend({ numbers }));
    expect(sent).toMatchObject({ ok: true, sent: numbers.length, failed: 0 });
    expect(w.env.mail.sent).toHaveLength(numbers.length);
    expect(register(w.env).every((r) => r.Status === 'Skickad')).toBe(true);

    // A retry by the other administrator sends nothing again.
    expect(as(w, KARIN, (c) => c.sendingSend({ numbers })).sent).toBe(0);
    expect(as(w, KARIN, (c) => c.sendingResend({ number: numbers[0], confirmed: true })).sent).toBe(1);
    expect(w.env.mail.sent).toHaveLength(numbers.length + 1);

    // Ola credits one invoice: the credit note's sheet is protected like the others.
    const credited = as(w, OLA, (c) =>
      c.creditConfirm({ invoice: numbers[1], date: '2024-12-28', reason: 'Fel antal dagar' }),
    );
    expect(credited.written).toBe(true);
    for (const tab of invoiceSheets(w.env))
      expect([...w.env.spreadsheet.sheet(tab)!.protection!.editors].sort(), tab).toEqual([OWNER, KARIN, OLA].sort());

    // The credited invoice's rows are billed again, by Ola; then nothing is left to bill.
    const rebilled = as(w, OLA, (c) => c.billingConfirm(REQUEST));
    expect(rebilled.written).toBe(true);
    const again = as(w, KARIN, (c) => c.billingConfirm(REQUEST));
    expect(again.written).toBe(false);
    expect(again.errors ?? []).toEqual([]);
    const log = w.env.spreadsheet
      .read('Logg')
      .slice(1)
      .map((r) => [r[1], r[2], r[4]]);
    expect(log[0]).toEqual([KARIN, 'Fakturering', 'Klar']);
    expect(log[1]).toEqual([OLA, 'Utskick', 'Klar']);
    expect(log).toContainEqual([OLA, 'Kreditering', 'Klar']);
    expect(log).toContainEqual([KARIN, 'Utskick igen', 'Klar']);
    // Nothing failed half-way (the retry with nothing left to send is a refusal, not a failure).
    expect(log.filter((r) => r[2] === 'Avbruten')).toEqual([]);
  });

  it('the second administrator runs every other item of the menu: test mails, import, export, Kontrollera data, Uppföljning, Skapa/uppdatera flikar', () => {
    const w = world(tabsWith(`${KARIN}, ${OLA}`));
    const numbers: string[] = as(w, KARIN, (c) => c.billingConfirm(REQUEST)).invoices.map((i: any) => i.number);
    const register = JSON.stringify(w.env.spreadsheet.read('Fakturor'));

    const test = as(w, OLA, (c) => c.sendingTest({ numbers: numbers.slice(0, 1) }));
    expect(test).toMatchObject({ ok: true, sent: 1 });
    const reminder = as(w, OLA, (c) => c.remindersTest({ date: '2025-02-25', numbers: numbers.slice(1, 2) }));
    expect(reminder).toMatchObject({ ok: true, sent: 1 });
    expect(w.env.mail.sent.map((m) => m.to)).toEqual([OLA, OLA]);
    expect(JSON.stringify(w.env.spreadsheet.read('Fakturor'))).toBe(register);

    const csv = [
      `"User's Fullname","User's Email","User's Organisation Name","Course Name","Session Start Date","Status"`,
      `"Anna Ny",anna@lulea.se,"Luleå kommun",BOU-B1,2024-05-13,"Fully attended"`,
    ].join('\r\n');
    expect(as(w, OLA, (c) => c.importConfirm({ text: csv, file: 'export.csv' }))).toMatchObject({ written: true });
    expect(as(w, OLA, (c) => c.exportDownload({ from: '2024-01-01', to: '2024-12-31' }))).toMatchObject({ ok: true });

    as(w, OLA, (c) => c.menuCheck());
    expect(w.env.ui.lastAlert().prompt).toMatch(/Se fliken Kontroll|Inga fel/);
    expect(w.env.ui.lastAlert().prompt).not.toMatch(/kunde inte/);
    as(w, OLA, (c) => c.menuFollowUp());
    expect(w.env.spreadsheet.tabNames()).toContain('Uppföljning');
    // An invoice sheet an earlier version left unprotected: Skapa/uppdatera flikar by Ola protects it.
    w.env.spreadsheet.sheet(invoiceSheets(w.env)[0])!.protection = null;
    as(w, OLA, (c) => c.menuSetup());
    expect(w.env.ui.lastAlert().prompt).not.toMatch(/kunde inte/);

    // Every protected tab still lets exactly the owner and both administrators edit.
    for (const tab of [...PROTECTED_TABS.filter((t) => w.env.spreadsheet.sheet(t)), ...invoiceSheets(w.env)])
      expect([...w.env.spreadsheet.sheet(tab)!.protection!.editors].sort(), tab).toEqual([OWNER, KARIN, OLA].sort());
    const log = w.env.spreadsheet
      .read('Logg')
      .slice(1)
      .map((r) => [r[1], r[2], r[4]]);
    expect(log).toEqual([
      [KARIN, 'Fakturering', 'Klar'],
      [OLA, 'Import av närvaro', 'Klar'],
      [OLA, 'Export', 'Klar'],
    ]);
  });

  it('someone outside Administratörer is refused before anything is written or sent, and cannot write the registers', () => {
    const w = world(tabsWith(`${KARIN}, ${OLA}`));
    const numbers: string[] = as(w, KARIN, (c) => c.billingConfirm(REQUEST)).invoices.map((i: any) => i.number);
    const before = allValues(w.env);
    const refused = as(w, NISSE, (c) => c.sendingSend({ numbers }));
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('Administratörer');
    expect(w.env.mail.sent).toEqual([]);
    expect(as(w, NISSE, (c) => c.billingConfirm({ month: '2025-05', invoiceDate: '2025-05-20' })).written).toBe(false);
    expect(allValues(w.env)).toBe(before);
    // Sheets itself refuses Nisse's writes to the registers, with Google's words.
    w.env.session.activeUser = NISSE;
    const fakturor = w.env.globals.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Fakturor')!;
    expect(() => fakturor.getRange('H2').setValue('Betald')).toThrow(PROTECTED_CELL_ERROR);
    expect(() => fakturor.getProtections(w.env.globals.SpreadsheetApp.ProtectionType.SHEET)[0].getEditors()).toThrow();
    expect(allValues(w.env)).toBe(before);
  });
});

describe('Who may: the protection follows the Administratörer setting', () => {
  it('is warning-only while Administratörer is blank, so every editor can run the tool', () => {
    const w = world(tabsWith(''));
    const numbers: string[] = as(w, KARIN, (c) => c.billingConfirm(REQUEST)).invoices.map((i: any) => i.number);
    for (const tab of ['Fakturor', 'Fakturarader', 'Logg', 'Inställningar', 'Kommuner', ...invoiceSheets(w.env)]) {
      expect(w.env.spreadsheet.sheet(tab)!.protection?.warningOnly, tab).toBe(true);
    }
    expect(as(w, NISSE, (c) => c.sendingSend({ numbers })).sent).toBe(numbers.length);
  });

  it('is re-synchronised, invoice sheets included, when the setting changes and a menu item runs', () => {
    const w = world(tabsWith(''));
    const numbers: string[] = as(w, KARIN, (c) => c.billingConfirm(REQUEST)).invoices.map((i: any) => i.number);
    // Karin lists the administrators (Inställningar is warning-only: she may).
    w.env.spreadsheet.seed('Inställningar', settingsSeed(`${KARIN}, ${OLA}`));
    expect(as(w, OLA, (c) => c.sendingSend({ numbers: numbers.slice(0, 1) })).sent).toBe(1);
    for (const tab of ['Fakturor', 'Inställningar', ...invoiceSheets(w.env)]) {
      const p = w.env.spreadsheet.sheet(tab)!.protection!;
      expect(p.warningOnly, tab).toBe(false);
      expect([...p.editors].sort(), tab).toEqual([OWNER, KARIN, OLA].sort());
    }
    // Ola leaves: the next run by Karin takes him off every protected sheet.
    w.env.session.activeUser = KARIN;
    w.env.spreadsheet.seed('Inställningar', settingsSeed(KARIN));
    expect(as(w, KARIN, (c) => c.sendingSend({ numbers: numbers.slice(1, 2) })).sent).toBe(1);
    for (const tab of ['Fakturor', 'Logg', ...invoiceSheets(w.env)]) {
      expect([...w.env.spreadsheet.sheet(tab)!.protection!.editors].sort(), tab).toEqual([OWNER, KARIN].sort());
    }
    const refused = as(w, OLA, (c) => c.sendingSend({ numbers }));
    expect(refused.ok).toBe(false);
    expect(w.env.mail.sent).toHaveLength(2);
  });

  it('Skapa/uppdatera flikar protects invoice sheets that an older version left unprotected', () => {
    const w = world(tabsWith(`${KARIN}, ${OLA}`));
    as(w, KARIN, (c) => c.billingConfirm(REQUEST));
    const sheets = invoiceSheets(w.env);
    expect(sheets.length).toBeGreaterThan(0);
    // As an earlier version drew them: no protection at all.
    for (const name of sheets) w.env.spreadsheet.sheet(name)!.protection = null;
    as(w, OWNER, (c) => c.menuSetup());
    for (const name of sheets) {
      const p = w.env.spreadsheet.sheet(name)!.protection;
      expect(p, name).not.toBeNull();
      expect(p!.warningOnly, name).toBe(false);
      expect([...p!.editors].sort(), name).toEqual([OWNER, KARIN, OLA].sort());
    }
    // Someone outside Administratörer can no longer change a sent document's sheet.
    w.env.session.activeUser = NISSE;
    expect(() => w.env.spreadsheet.sheet(sheets[0])!.getRange(1, 1).setValue('ändrad')).toThrow(PROTECTED_CELL_ERROR);
  });

  it('an administrator locked out by an older protection is refused up front, naming the owner; Skapa/uppdatera flikar by the owner lets them in', () => {
    const w = world(tabsWith(`${KARIN}, ${OLA}`));
    // What the earlier version left: the registers editable by the owner and their creator alone.
    w.env.spreadsheet.protectTabs(PROTECTED_TABS, { editors: [KARIN] });
    const before = allValues(w.env);
    w.env.session.activeUser = OLA;
    const refused = attempt(() => w.ctx.billingConfirm(REQUEST));
    expect(refused.error?.message).toMatch(
      /^Du \(ola@norrbotten\.example\) får inte ändra de skyddade flikarna Fakturor, Fakturarader, så inget har skrivits/,
    );
    expect(refused.error?.message).toContain(`kalkylarkets ägare (${OWNER})`);
    expect(refused.error?.message).toContain('Skapa/uppdatera flikar');
    expect(allValues(w.env)).toBe(before);
    expect(
      w.env.spreadsheet
        .read('Logg')
        .slice(1)
        .map((r) => [r[1], r[2], r[4]]),
    ).toEqual([[OLA, 'Fakturering', 'Nekad']]);

    as(w, OWNER, (c) => c.menuSetup());
    expect(w.env.ui.lastAlert()?.prompt ?? '').not.toMatch(/kunde inte/);
    expect(as(w, OLA, (c) => c.billingConfirm(REQUEST)).written).toBe(true);
    expect(as(w, KARIN, (c) => c.sendingSend({})).sent).toBeGreaterThan(0);
  });

  it('a sending by an administrator who cannot write Fakturor sends no mail at all', () => {
    const w = world(tabsWith(`${KARIN}, ${OLA}`));
    const numbers: string[] = as(w, KARIN, (c) => c.billingConfirm(REQUEST)).invoices.map((i: any) => i.number);
    w.env.spreadsheet.protectTabs(['Fakturor'], { editors: [KARIN] });
    w.env.session.activeUser = OLA;
    const refused = attempt(() => w.ctx.sendingSend({ numbers }));
    expect(refused.error?.message).toMatch(/får inte ändra den skyddade fliken Fakturor/);
    expect(w.env.mail.sent).toEqual([]);
  });

  it('a mail that went out but could not be recorded is reported as skickad men inte registrerad, with its number', () => {
    const w = world(tabsWith(`${KARIN}, ${OLA}`));
    const numbers: string[] = as(w, KARIN, (c) => c.billingConfirm(REQUEST)).invoices.map((i: any) => i.number);
    w.env.session.activeUser = OLA;
    // Sheets fails the second invoice's Skickad write (setValues: claim 1, Skickad 1, claim 2, Skickad 2) after its mail has gone.
    w.env.failAt('Range.setValues', 4, 'Service Spreadsheets failed while accessing document');
    const stopped = attempt(() => w.ctx.sendingSend({ numbers }));
    expect(w.env.mail.sent).toHaveLength(2);
    expect(stopped.error?.message).toContain(
      `Faktura ${numbers[1]} skickades till ${w.env.mail.sent[1].to} men är skickad men inte registrerad`,
    );
    expect(stopped.error?.message).toContain(`Den står kvar som Skickas och skickas inte igen av misstag`);
    const log = w.env.spreadsheet.read('Logg').at(-1)!;
    expect([log[2], log[4]]).toEqual(['Utskick', 'Avbruten']);
    expect(String(log[3])).toContain(`${numbers[1]} skickades till`);
    // The retry, by the same second administrator, never e-mails that invoice again.
    const sentBefore = w.env.mail.sent.length;
    expect(as(w, OLA, (c) => c.sendingSend({ numbers })).sent).toBe(numbers.length - 2);
    const again = w.env.mail.sent.slice(sentBefore).map((m: any) => String(m.subject));
    expect(again.some((subject: string) => subject.includes(numbers[1]))).toBe(false);
    expect(again.some((subject: string) => subject.includes(numbers[0]))).toBe(false);
  });
});
