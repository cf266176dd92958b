// "Kör fakturering" through the built Code.js: a crash at every mutating call of a first run
// leaves the workbook as before or as after the run, and the next run completes it exactly.
import { describe, expect, it } from 'vitest';
import { plain } from './harness';
import {
  REQUEST,
  world,
  warmWorlds,
  mutationsUpToCommit,
  allValues,
  logicalState,
  registerRows,
  tryCall,
  expectSameValues,
} from './billingWorld';

describe('Kör fakturering: an interrupted run is invisible or completed by the next one', () => {
  // The uninterrupted run on a fresh copy, in a context of its own: the reference.
  const reference = world();
  // The crashed runs: each on a fresh copy, all in one warm context.
  const crashWorld = warmWorlds();
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
      const { env, ctx } = crashWorld();
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
      expectSameValues(values, referenceValues);
    },
  );
});
