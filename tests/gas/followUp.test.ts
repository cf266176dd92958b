// "Uppföljning" through the built dist/gas/Code.js in node:vm with the Apps Script fakes (and the
// chart fakes of fakes/charts.ts): the tab is regenerated from one read per tab, the charts are
// embedded on the tab's tables, and old charts are removed first.
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { readFollowUp } from '../../src/app/report';
import { REPORT_TAB } from '../../src/workbook/reportSheet';
import { toGasTabs } from '../fixtures/workbook';
import { RUNS, reportWorkbook } from '../app/reportFixture';
import { createGasEnvironment, type GasEnvironment } from './fakes';
import { chartsOn, installChartFakes } from './fakes/charts';
import { loadBundle, type GasContext } from './harness';
import { a1 } from './fakes/values';

function billedTabs() {
  const port = reportWorkbook();
  for (const run of RUNS) expect(runBilling(port, run).written).toBe(true);
  return { port, tabs: port.snapshot() };
}

function world(): { env: GasEnvironment; ctx: GasContext; expected: ReturnType<typeof readFollowUp> } {
  const { port, tabs } = billedTabs();
  const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
  const Charts = installChartFakes(env);
  const ctx = loadBundle(env, { globals: { Charts } });
  return { env, ctx, expected: readFollowUp(port, { generatedOn: '(datum)' }) };
}

const sheetOf = (env: GasEnvironment) => env.spreadsheet.sheet(REPORT_TAB)!;

describe('Uppföljning in the spreadsheet', () => {
  it('draws the tables from one read per tab and embeds a chart per table block', () => {
    const { env, ctx, expected } = world();
    env.tracker.reset();
    ctx.menuFollowUp();

    // One read per tab, and nothing but the Uppföljning tab written.
    const reads = env.tracker.log.filter((c) => c.kind === 'Range.getValues').map((c) => c.target!.split('!')[0]);
    expect(reads.length).toBeGreaterThan(5);
    expect(reads.length).toBe(new Set(reads).size);
    const writes = env.tracker.log.filter((c) =>
      /^(Range|Sheet)\.(set|insert|clear|merge|breakApart|remove)/.test(c.kind),
    );
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(w.target?.split('!')[0]).toBe(REPORT_TAB);

    // The tab shows the same figures as the report computed here (dates aside, the first line under the title).
    const shown = env.spreadsheet.read(REPORT_TAB);
    const doc = expected.layout.doc.rows.map((r) => r.map((c) => (c ? c.value : '')));
    expect(shown.length).toBe(doc.length);
    shown.forEach((row, i) => {
      if (i === 1) expect(String(row[0])).toMatch(/^Uppdaterad \d{4}-\d{2}-\d{2}\.$/);
      else expect(row.slice(0, doc[i].length), `row ${i + 1}`).toEqual(doc[i]);
    });
    expect(shown.flat()).toContain('Deltagardagar per kommun och år');
    expect(shown.flat()).toContain('Övertorneå');

    // Charts: on the blocks the layout names, of the right kinds, beside the tables.
    const charts = chartsOn(sheetOf(env));
    expect(charts.map((c) => c.type)).toEqual(['COLUMN', 'COLUMN', 'LINE']);
    expected.layout.charts.forEach((spec, i) => {
      expect(charts[i].ranges).toEqual([
        a1({ row: spec.range.row, col: spec.range.col, rows: spec.range.rows, cols: spec.range.cols }),
      ]);
      expect(charts[i].position).toEqual({ row: spec.anchor.row, col: spec.anchor.col, offsetX: 0, offsetY: 0 });
      expect(charts[i].options.title).toBe(spec.title);
      expect(charts[i].transpose).toBe(spec.kind === 'line');
      expect(charts[i].numHeaders).toBe(1);
      // The block starts at the table's header row: label header, then the years.
      const header = shown[spec.range.row - 1].slice(0, spec.range.cols);
      expect(header).toEqual([spec.kind === 'line' ? 'Yrkesresa' : 'Kommun', '2024', '2025']);
      expect(shown[spec.range.row + spec.range.rows - 1][0]).toBe('Summa'); // the sum row stays out of the chart
    });
    expect(env.tracker.count('Sheet.activate')).toBe(1);
  });

  it('regenerates on demand: old content and old charts are removed, never piled up', () => {
    const { env, ctx } = world();
    // An Uppföljning tab from before, with stale text far out and a chart of its own.
    env.spreadsheet.seed(REPORT_TAB, [['Gammal rubrik']]);
    const old = sheetOf(env);
    old.cellAt(200, 20, true).value = 'inaktuellt';
    const stale = (old as any)
      .newChart()
      .setChartType('PIE')
      .addRange(old.getRange(1, 1, 2, 2))
      .setPosition(1, 1, 0, 0)
      .build();
    (old as any).insertChart(stale);
    expect(chartsOn(old).map((c) => c.type)).toEqual(['PIE']);

    env.tracker.reset();
    ctx.menuFollowUp();
    expect(env.tracker.count('Sheet.removeChart')).toBe(1);
    ctx.menuFollowUp();
    const sheet = sheetOf(env);
    expect(sheet).toBe(old); // redrawn in place
    expect(chartsOn(sheet).map((c) => c.type)).toEqual(['COLUMN', 'COLUMN', 'LINE']);
    expect(env.tracker.count('Sheet.insertChart')).toBe(6);
    expect(env.tracker.count('Sheet.removeChart')).toBe(4);
    const values = env.spreadsheet.read(REPORT_TAB);
    expect(values.flat()).not.toContain('inaktuellt');
    expect(values.flat()).not.toContain('Gammal rubrik');
    expect(values[0][0]).toBe('Uppföljning av Yrkesresan');
  });

  it('keeps participant names out and text literal', () => {
    const { env, ctx } = world();
    ctx.menuFollowUp();
    const flat = env.spreadsheet.read(REPORT_TAB).flat();
    expect(flat.some((v) => String(v).includes('IMPORTXML'))).toBe(false); // a participant called =IMPORTXML(…) is counted, not shown
    expect(
      env.spreadsheet
        .formulas(REPORT_TAB)
        .flat()
        .every((f) => f === ''),
    ).toBe(true);
  });
});

describe('Uppföljning while another run holds the document lock', () => {
  it('says so and draws nothing', () => {
    const { env, ctx } = world();
    env.locks.document.heldElsewhere = true;
    ctx.menuFollowUp();
    expect(env.ui.alerts.map((a) => [a.title, a.prompt])).toEqual([
      ['Uppföljning', 'En annan körning pågår just nu i kalkylarket. Försök med Uppföljning igen om en stund.'],
    ]);
    expect(env.spreadsheet.sheet(REPORT_TAB)).toBeUndefined();
  });
});
