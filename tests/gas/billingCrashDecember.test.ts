// "Kör fakturering" through the built Code.js: a December run crashed at every mutating call after
// a committed May run, re-run with the same data and after the data changed.
import { describe, expect, it } from 'vitest';
import { type GasEnvironment } from './fakes';
import { plain } from './harness';
import {
  REQUEST,
  type World,
  world,
  warmWorlds,
  mutationsUpToCommit,
  allValues,
  logicalState,
  registerRows,
  tryCall,
  expectSameValues,
} from './billingWorld';

describe('Kör fakturering: a December run interrupted after a committed May run', () => {
  const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };
  const LATE_ROW = [new Date('2024-10-01T00:00:00+02:00'), 'BOU-B1', 'Ny Deltagare', 'Arjeplog', 1, ''];

  /** The standard workbook with May 2024 billed (by default in a context of its own). */
  function afterMay(make: () => World = world): World {
    const w = make();
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

  // The crashed runs: each on a fresh copy, all in one warm context.
  const crashWorld = warmWorlds();

  it.each(referenceMutations.map((kind, i) => [i + 1, kind] as const))(
    'a crash at mutating call %i (%s)',
    (k, kind) => {
      const n = referenceMutations.slice(0, k).filter((x) => x === kind).length;

      // Re-run with the same data: the workbook ends as after an uninterrupted run.
      const { env, ctx } = afterMay(crashWorld);
      env.failAt(kind, n, new Error(`Simulerat avbrott vid anrop ${k}`));
      expect(tryCall(() => ctx.billingConfirm(REQUEST)).error?.message).toContain(`Simulerat avbrott vid anrop ${k}`);
      const register = registerRows(env);
      expect([registerBefore, referenceRegister]).toContainEqual(register);
      const state = logicalState(env);
      expect(state === before || state === referenceState).toBe(true);
      ctx.billingConfirm(REQUEST);
      expectSameValues(allValues(env), referenceValues);

      // Re-run after the data changed: orphans of the interrupted run are cleared or overwritten,
      // and the workbook ends exactly as an uninterrupted run on the changed data.
      const other = afterMay(crashWorld);
      other.env.failAt(kind, n, new Error('avbrott'));
      tryCall(() => other.ctx.billingConfirm(REQUEST));
      if (registerRows(other.env).length === registerBefore.length) {
        addLateRow(other.env);
        expect(plain<any>(other.ctx.billingConfirm(REQUEST)).written).toBe(true);
        expectSameValues(allValues(other.env), changedValues);
      }
    },
  );
});
