// The shortcuts of the billing tests' world keep what they stand in for.
import { describe, expect, it } from 'vitest';
import { expectSameValues, warmWorlds } from './billingWorld';
import { createGasEnvironment } from './fakes';
import { warmLoader } from './harness';
import { CalendarDate } from '../../src/workbook/port';

describe('expectSameValues', () => {
  it('fails wherever toEqual fails on cell values, and passes where it passes', () => {
    expect(() => expectSameValues({ a: [[1]] }, { a: [[2]] })).toThrow();
    expect(() => expectSameValues({ a: [[-0]] }, { a: [[0]] })).toThrow();
    expect(() => expectSameValues({ a: [[NaN]] }, { a: [[null]] })).toThrow();
    expect(() => expectSameValues({ a: [[undefined]] }, { a: [[]] })).toThrow();
    expect(() =>
      expectSameValues({ a: [[new CalendarDate('2024-01-01')]] }, { a: [[new CalendarDate('2024-01-02')]] }),
    ).toThrow();
    expect(() =>
      expectSameValues({ a: [[new CalendarDate('2024-01-01', '10:00')]] }, { a: [[new CalendarDate('2024-01-01')]] }),
    ).toThrow();
    // Key order is not a difference (the JSON differs, toEqual decides).
    expect(() => expectSameValues({ b: [[1]], a: [['x']] }, { a: [['x']], b: [[1]] })).not.toThrow();
  });
});

describe('warmLoader', () => {
  it('hands one context to every environment, with that environment’s services', () => {
    const load = warmLoader();
    const first = createGasEnvironment();
    const second = createGasEnvironment();
    const ctx = load(first);
    expect(ctx.SpreadsheetApp).toBe(first.globals.SpreadsheetApp);
    expect(load(second)).toBe(ctx);
    expect(ctx.SpreadsheetApp).toBe(second.globals.SpreadsheetApp);
    expect(typeof ctx.billingConfirm).toBe('function');
  });

  it('refuses an environment whose globals differ, so that none outlives its own', () => {
    const load = warmLoader();
    load(createGasEnvironment());
    const other = createGasEnvironment();
    expect(() => load({ ...other, globals: { ...other.globals, Extra: 1 } } as typeof other)).toThrow(/globals differ/);
  });

  it('gives the crashed worlds of a file fresh workbooks in one context', () => {
    const make = warmWorlds();
    const a = make();
    const b = make();
    expect(b.ctx).toBe(a.ctx);
    expect(b.env.spreadsheet).not.toBe(a.env.spreadsheet);
  });
});
