// Performance as a guarded property, without timing anything: the Apps Script service calls of
// every menu action that moves data (billing, sending, credit, reminders, payments, import,
// export; bench/actions.ts) and of the custom functions, through the built dist/gas/Code.js, must
// not depend on the number of rows (no service call in a loop over the data), and a billing run
// must stay within 1.2 × the minimum derived from the tabs it reads and the blocks it writes
// (bench/minimum.ts). Timings and the estimate of each action's time live in `npm run bench`.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, actionsThroughBundle, type ActionsThroughBundle } from '../../bench/actions';
import { minimumForRun } from '../../bench/engine';
import { customFunctionsThroughBundle, type CustomFunctionCall } from '../../bench/gas';
import { generateWorkbook } from '../../bench/generate';
import { spreadsheetCalls } from '../../bench/minimum';

const root = join(import.meta.dirname, '../..');
/** The sizes of issue 22: the region's volume and ten times it. */
const SMALL = 1_000;
const LARGE = 10_000;

const RESIZE = 'Sheet.resize (deleteRows or insertRowsAfter)';
/**
 * A drawn sheet is sized to its document with one call: deleteRows when it is shorter than a new
 * sheet's 1 000 rows, insertRowsAfter when taller. Which of the two depends on the rows, the count does not
 * (but for one register that grows once when its rows are used up).
 */
function resized(calls: Record<string, number>): Record<string, number> {
  const { 'Sheet.deleteRows': shrink = 0, 'Sheet.insertRowsAfter': grow = 0, ...rest } = calls;
  return { ...rest, [RESIZE]: shrink + grow };
}

describe('service calls of every menu action through Code.js', () => {
  let a: ActionsThroughBundle, b: ActionsThroughBundle;

  beforeAll(() => {
    a = actionsThroughBundle(SMALL, root);
    b = actionsThroughBundle(LARGE, root);
  }, 300_000);

  it('every action does its work at both sizes: 14 invoices billed and sent, one credited, 13 reminded, every payment and row read in', () => {
    for (const r of [a, b]) {
      const outcomes = Object.fromEntries(ACTIONS.map((k) => [k, [r.actions[k].ok, r.actions[k].outcome]]));
      expect(outcomes).toEqual({
        billing: [true, '14 fakturor'],
        sending: [true, '14 skickade'],
        credit: [true, expect.stringMatching(/^YR-2025-\d{4} krediterad$/)],
        reminders: [true, '13 påminnelser'],
        payments: [true, `${r.rows} betalningar`],
        import: [true, `${r.rows} rader importerade`],
        export: [true, expect.stringMatching(/^\d+ verifikationer$/)],
      });
    }
    // The data really grew: the credited invoice's specification, the cells billing wrote.
    expect(b.creditedRows).toBeGreaterThan(5 * a.creditedRows);
    expect(b.actions.billing.confirm.cellsWritten).toBeGreaterThan(5 * a.actions.billing.confirm.cellsWritten);
  });

  it.each(ACTIONS)(
    `%s makes identical calls, kind by kind, for ${SMALL} and ${LARGE} rows in every server call of its dialog`,
    (action) => {
      const small = a.actions[action].parts,
        large = b.actions[action].parts;
      expect(large.map((p) => p.name)).toEqual(small.map((p) => p.name));
      small.forEach((s, i) => {
        const [x, y] = [resized(s.call.calls), resized(large[i].call.calls)];
        expect({ call: s.name, ...y, [RESIZE]: 0 }).toEqual({ call: s.name, ...x, [RESIZE]: 0 });
        // A register whose rows are used up grows once (one insertRowsAfter), whatever it appends.
        expect(y[RESIZE] - x[RESIZE], s.name).toBeGreaterThanOrEqual(0);
        expect(y[RESIZE] - x[RESIZE], s.name).toBeLessThanOrEqual(1);
      });
    },
  );

  it('reads the bank file without XmlService (a service call per element)', () => {
    for (const r of [a, b])
      expect(Object.keys(r.actions.payments.all.calls).filter((k) => k.startsWith('Xml'))).toEqual([]);
  });

  it('billing reads every tab at most once per execution', () => {
    for (const r of [a, b]) {
      for (const { name, call } of r.actions.billing.parts) {
        expect({ name, twice: Object.entries(call.readsByTab).filter(([, n]) => n > 1) }).toEqual({ name, twice: [] });
      }
    }
  });

  it('billing stays within 1.2 × the minimum number of spreadsheet calls', () => {
    const min = minimumForRun(b.workbook);
    expect(min.written).toBe(true);
    // Port-level reads are part of the same rule: one read per tab. One exception: the audit log's
    // append (workbook/log.ts appendLogRow) reads Logg for its last row after readWorkbook read the
    // ledger's rows from it; Apps Script serves that second read from the run's read-once cache
    // (Code.js reads every tab once, above), so it costs no service call.
    const { Logg: logReads = 1, ...others } = min.repeatedReads;
    expect(others).toEqual({});
    expect(logReads).toBeLessThanOrEqual(2);
    expect(spreadsheetCalls(b.actions.billing.confirm.calls)).toBeLessThanOrEqual(1.2 * min.total);
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
      expect({ formula: c.formula, ok: c.ok, error: c.error }).toEqual({
        formula: c.formula,
        ok: true,
        error: undefined,
      });
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
