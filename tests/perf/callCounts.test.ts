// Performance as a guarded property, without timing anything: the Apps Script service calls of a
// billing run and of the custom functions, through the built dist/gas/Code.js, must not depend
// on the number of rows, and a billing run must stay within 1.2 × the minimum derived from the
// tabs it reads and the blocks it writes (bench/minimum.ts). Timings live in `npm run bench`.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { minimumForRun } from '../../bench/engine';
import { billThroughBundle, customFunctionsThroughBundle, type BillingThroughBundle, type CustomFunctionCall } from '../../bench/gas';
import { generateWorkbook, type GeneratedWorkbook } from '../../bench/generate';
import { spreadsheetCalls } from '../../bench/minimum';

const root = join(import.meta.dirname, '../..');
const SMALL = 200;

/**
 * A drawn sheet is sized to its document with one call: deleteRows when it is shorter than a new
 * sheet's 1 000 rows, insertRowsAfter when taller. Which of the two depends on the rows, the count does not
 * (but for one register that grows once when its rows are used up).
 */
function resized(calls: Record<string, number>): Record<string, number> {
  const { 'Sheet.deleteRows': shrink = 0, 'Sheet.insertRowsAfter': grow = 0, ...rest } = calls;
  return { ...rest, 'Sheet.resize (deleteRows or insertRowsAfter)': shrink + grow };
}
const LARGE = 5_000;

describe('service calls of a billing run through Code.js', () => {
  let small: GeneratedWorkbook, large: GeneratedWorkbook;
  let a: BillingThroughBundle, b: BillingThroughBundle;

  beforeAll(() => {
    small = generateWorkbook(SMALL);
    large = generateWorkbook(LARGE);
    a = billThroughBundle(small, root);
    b = billThroughBundle(large, root);
  });

  it('bills both workbooks completely (all 14 municipalities)', () => {
    expect(a.result.errors).toEqual([]);
    expect(b.result.errors).toEqual([]);
    expect(a.result.written).toBe(true);
    expect(b.result.written).toBe(true);
    expect(a.result.invoices).toBe(14);
    expect(b.result.invoices).toBe(14);
  });

  it(`makes identical calls, kind by kind, for ${SMALL} and ${LARGE} attendance rows`, () => {
    const [large, small] = [resized(b.confirm.calls), resized(a.confirm.calls)];
    const key = 'Sheet.resize (deleteRows or insertRowsAfter)';
    expect({ ...large, [key]: 0 }).toEqual({ ...small, [key]: 0 });
    // A register whose rows are used up grows once (one insertRowsAfter), whatever it appends.
    expect(large[key] - small[key]).toBeGreaterThanOrEqual(0);
    expect(large[key] - small[key]).toBeLessThanOrEqual(1);
    expect(resized(b.preview.calls)).toEqual(resized(a.preview.calls));
  });

  it('reads every tab at most once per execution', () => {
    for (const r of [a, b]) {
      for (const phase of [r.preview, r.confirm]) {
        const twice = Object.entries(phase.readsByTab).filter(([, n]) => n > 1);
        expect(twice).toEqual([]);
      }
    }
  });

  it('stays within 1.2 × the minimum number of spreadsheet calls', () => {
    const min = minimumForRun(large);
    expect(min.written).toBe(true);
    // Port-level reads are part of the same rule: one read per tab.
    expect(min.repeatedReads).toEqual({});
    expect(spreadsheetCalls(b.confirm.calls)).toBeLessThanOrEqual(1.2 * min.total);
  });
});

describe('service calls of the custom functions over a 14-row range', () => {
  let a: CustomFunctionCall[], b: CustomFunctionCall[];
  let tabs = 0;

  beforeAll(() => {
    const large = generateWorkbook(LARGE);
    tabs = large.tabs.length;
    a = customFunctionsThroughBundle(generateWorkbook(SMALL), root);
    b = customFunctionsThroughBundle(large, root);
  });

  it('answer with a column of 14 values', () => {
    for (const c of [...a, ...b]) {
      expect({ formula: c.formula, ok: c.ok, error: c.error }).toEqual({ formula: c.formula, ok: true, error: undefined });
      expect(c.rows).toBe(14);
    }
  });

  it(`make identical calls for ${SMALL} and ${LARGE} attendance rows, each tab read at most once`, () => {
    a.forEach((c, i) => {
      expect({ formula: c.formula, calls: b[i].call.calls }).toEqual({ formula: c.formula, calls: c.call.calls });
      expect(Object.entries(b[i].call.readsByTab).filter(([, n]) => n > 1)).toEqual([]);
    });
  });

  it('make no more reads than there are tabs, and no writes', () => {
    for (const c of b) {
      const reads = Object.values(c.call.readsByTab).reduce((s, n) => s + n, 0);
      expect(reads).toBeLessThanOrEqual(tabs);
      expect(c.call.cellsWritten).toBe(0);
    }
  });
});
