// The tests load Code.js into a context with an ordinary global object (harness.ts: far faster).
// Apps Script's own runtime, and any other harness, may instead run it in a context made from a
// sandbox object, the classic vm.createContext({ ...globals }): the bundle must behave the same
// there. One billing run, its sending and a custom formula, in both kinds of context.
import vm from 'node:vm';
import { expect, it } from 'vitest';
import { createGasEnvironment, type GasEnvironment } from './fakes';
import { callCustomFunction, loadBundle, plain, readBundle, type GasContext } from './harness';
import { standardTabs, toGasTabs } from '../fixtures/workbook';

function sandboxed(env: GasEnvironment): GasContext {
  const ctx = vm.createContext({ ...env.globals, console }) as GasContext;
  vm.runInContext(readBundle(), ctx, { filename: 'Code.js' });
  return ctx;
}

function session(load: (env: GasEnvironment) => GasContext) {
  const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
  const ctx = load(env);
  const billed = plain<any>(ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' }));
  const numbers: string[] = billed.invoices.map((i: { number: string }) => i.number);
  const sent = plain<any>(ctx.sendingSend({ numbers }));
  const tabs: Record<string, unknown> = {};
  // Logg and the sending times carry the clock; everything else is the run's own result.
  for (const name of env.spreadsheet.tabNames()) if (name !== 'Logg') tabs[name] = env.spreadsheet.read(name);
  const register = tabs.Fakturor as unknown[][];
  const skickad = register[0].indexOf('Skickad');
  for (const row of register.slice(1)) row[skickad] = row[skickad] ? 'tid' : '';
  return {
    numbers,
    sent: sent.sent,
    mails: env.mail.sent.map((m) => [m.to, m.subject, m.attachments.map((a) => a.bytes.length)]),
    tabs,
    fixedCost: callCustomFunction(env, ctx, 'FASTKOSTNAD', 'Luleå'),
  };
}

it('Code.js bills, sends and computes formulas alike in a sandbox-object context and a plain one', () => {
  const plainRun = session(loadBundle);
  const sandboxRun = session(sandboxed);
  expect(sandboxRun.numbers).toHaveLength(14);
  expect(sandboxRun.sent).toBe(14);
  expect(sandboxRun.fixedCost).toBe(298992);
  expect(Object.keys(sandboxRun.tabs).length).toBeGreaterThan(14 + 5); // the invoice sheets and the registers
  expect(sandboxRun).toEqual(plainRun);
});
