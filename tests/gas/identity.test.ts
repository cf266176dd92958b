// Who is running: the built manifest's scopes, Session as strict as Google, and the product's
// answer when Google refuses to name the user (never "unknown user", always "re-authorize").
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGasEnvironment, manifestScopes, USERINFO_EMAIL_SCOPE } from './fakes';
import { CODE_PATH, loadBundle, plain } from './harness';
import { settingsTab, standardTabs, toGasTabs } from '../fixtures/workbook';

const REQUEST = { month: '2024-12', invoiceDate: '2024-12-20' };
const BUILT_MANIFEST = join(CODE_PATH, '..', 'appsscript.json');
const WITHOUT_EMAIL_SCOPE = [
  'https://www.googleapis.com/auth/spreadsheets.currentonly',
  'https://www.googleapis.com/auth/script.container.ui',
  'https://www.googleapis.com/auth/script.send_mail',
];

function adminTabs() {
  const tabs = standardTabs();
  tabs['Inställningar'] = settingsTab({ Administratörer: 'karin@norrbotten.example, ola@norrbotten.example' });
  return toGasTabs(tabs);
}

describe('Session and the manifest', () => {
  it('the built manifest lists userinfo.email', () => {
    expect(manifestScopes(BUILT_MANIFEST)).toContain(USERINFO_EMAIL_SCOPE);
  });

  it("the fake Session refuses, with Google's words, when the manifest lacks the scope", () => {
    const env = createGasEnvironment({ oauthScopes: WITHOUT_EMAIL_SCOPE });
    expect(() => env.globals.Session.getActiveUser()).toThrow(
      'You do not have permission to call Session.getActiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email',
    );
    expect(() => env.globals.Session.getEffectiveUser()).toThrow(/Session\.getEffectiveUser\. Required permissions/);
  });
});

describe('the administrator at the keyboard', () => {
  it('a listed administrator bills through the built bundle (the scope is granted)', () => {
    const env = createGasEnvironment({ tabs: adminTabs(), activeUser: 'ola@norrbotten.example' });
    const ctx = loadBundle(env);
    const r = plain<any>(ctx.billingConfirm(REQUEST));
    expect(r.errors).toEqual([]);
    expect(r.written).toBe(true);
  });

  it('without the scope, the administrator is told to re-authorize, not that they are not listed', () => {
    const env = createGasEnvironment({
      tabs: adminTabs(),
      activeUser: 'ola@norrbotten.example',
      oauthScopes: WITHOUT_EMAIL_SCOPE,
    });
    const ctx = loadBundle(env);
    for (const call of [
      () => ctx.billingPreview(REQUEST),
      () => ctx.billingConfirm(REQUEST),
      () => ctx.sendingList(),
      () => ctx.sendingTest({}),
    ]) {
      let message = '';
      try {
        call();
      } catch (e) {
        message = String((e as Error).message);
      }
      expect(message).toMatch(/behörighet/);
      expect(message).toMatch(/godkänn/);
      expect(message).not.toMatch(/finns inte/);
    }
    expect((env.spreadsheet.sheet('Fakturor')?.values() ?? []).length).toBeLessThanOrEqual(1);
    expect(env.mail.sent).toEqual([]);
  });

  it('falls back to the effective user when Google keeps the active user blank', () => {
    const env = createGasEnvironment({ tabs: adminTabs(), activeUser: '', effectiveUser: 'Karin@Norrbotten.example' });
    const ctx = loadBundle(env);
    const billed = plain<any>(ctx.billingConfirm(REQUEST));
    expect(billed.written).toBe(true);
    const test = plain<any>(ctx.sendingTest({ numbers: [billed.invoices[0].number] }));
    expect(test.sent).toBe(1);
    expect(env.mail.sent.map((m) => m.to)).toEqual(['karin@norrbotten.example']);
  });

  it('an error of Session other than the missing scope is not hidden: the run says it and bills nothing', () => {
    const env = createGasEnvironment({ tabs: adminTabs(), activeUser: 'ola@norrbotten.example' });
    const ctx = loadBundle(env);
    // The first call names the user for the check; the second, for Logg, fails.
    env.failAt('Session.getActiveUser', 2, 'Service error: Session');
    expect(() => ctx.billingConfirm(REQUEST)).toThrow('Google svarade inte i tid eller gav ett tillfälligt fel');
    expect(env.spreadsheet.read('Fakturor').length).toBeLessThanOrEqual(1);
    expect(env.tracker.count('Session.getActiveUser')).toBe(2);
  });
});
