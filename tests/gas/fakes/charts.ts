// Embedded charts for the fake SpreadsheetApp: Sheet.newChart/insertChart/getCharts/removeChart/
// updateChart, the EmbeddedChartBuilder, EmbeddedChart, and the `Charts` global's ChartType enum.
// Kept apart from the shared fakes: installChartFakes(env) adds the Sheet methods to FakeSheet
// (once per module instance) and returns the Charts global to put into the vm context.
//
// Behaviour modelled on the Apps Script reference:
// - sheet.newChart() returns a builder; nothing appears until sheet.insertChart(builder.build()).
// - A builder needs at least one range, on the sheet that holds the chart; build() without one
//   throws. setChartType takes a Charts.ChartType value; asColumnChart()/asLineChart() set it too.
// - setPosition(anchorRow, anchorCol, offsetX, offsetY), 1-based anchors within the sheet.
// - getCharts() lists inserted charts in insertion order; removeChart(chart) of a chart not on the
//   sheet throws. Sheet.clear() leaves charts alone (it clears content and formats); deleting the
//   sheet removes them with it.
// Calls are counted by the environment's tracker as 'Sheet.newChart', 'Sheet.insertChart',
// 'Sheet.getCharts', 'Sheet.removeChart', 'Sheet.updateChart'.
import type { GasEnvironment } from './index';
import { FakeRange, FakeSheet, type FakeSpreadsheet } from './spreadsheet';
import type { Tracker } from './env';

export const ChartType = Object.freeze({
  AREA: 'AREA',
  BAR: 'BAR',
  COLUMN: 'COLUMN',
  COMBO: 'COMBO',
  HISTOGRAM: 'HISTOGRAM',
  LINE: 'LINE',
  PIE: 'PIE',
  SCATTER: 'SCATTER',
  TABLE: 'TABLE',
});
export type ChartTypeName = keyof typeof ChartType;

export interface FakeChartsGlobal {
  ChartType: typeof ChartType;
}

export interface ChartState {
  type: ChartTypeName | null;
  ranges: string[]; // 'A5:D19' of the chart's sheet
  position: { row: number; col: number; offsetX: number; offsetY: number } | null;
  options: Record<string, unknown>;
  numHeaders: number | null;
  transpose: boolean;
}

let nextChartId = 1;

export class FakeEmbeddedChart {
  constructor(
    readonly sheet: FakeSheet,
    readonly state: ChartState,
    readonly id: string = `u${nextChartId++}`,
  ) {}
  getChartId(): number {
    return Number(this.id.slice(1));
  }
  getId(): string {
    return this.id;
  }
  getRanges(): FakeRange[] {
    return this.state.ranges.map((a1) => this.sheet.getRange(a1) as unknown as FakeRange);
  }
  getOptions(): { get(option: string): unknown } {
    const options = this.state.options;
    return { get: (option: string) => options[option] ?? null };
  }
  getContainerInfo(): {
    getAnchorRow(): number;
    getAnchorColumn(): number;
    getOffsetX(): number;
    getOffsetY(): number;
  } {
    const p = this.state.position ?? { row: 1, col: 1, offsetX: 0, offsetY: 0 };
    return {
      getAnchorRow: () => p.row,
      getAnchorColumn: () => p.col,
      getOffsetX: () => p.offsetX,
      getOffsetY: () => p.offsetY,
    };
  }
  modify(): FakeEmbeddedChartBuilder {
    return new FakeEmbeddedChartBuilder(this.sheet, structuredClone(this.state), this.id);
  }
}

export class FakeEmbeddedChartBuilder {
  constructor(
    readonly sheet: FakeSheet,
    readonly state: ChartState = {
      type: null,
      ranges: [],
      position: null,
      options: {},
      numHeaders: null,
      transpose: false,
    },
    private readonly id?: string,
  ) {}
  addRange(range: unknown): this {
    if (!(range instanceof FakeRange)) throw new Error('Fake Charts: addRange needs a Range');
    if (range.sheet !== this.sheet) throw new Error("Fake Charts: the range must be on the chart's sheet");
    this.state.ranges.push(range.qualifiedA1().slice(range.qualifiedA1().lastIndexOf('!') + 1));
    return this;
  }
  clearRanges(): this {
    this.state.ranges = [];
    return this;
  }
  setChartType(type: unknown): this {
    if (typeof type !== 'string' || !(type in ChartType))
      throw new Error(`Fake Charts: unknown chart type ${String(type)}`);
    this.state.type = type as ChartTypeName;
    return this;
  }
  asColumnChart(): this {
    return this.setChartType(ChartType.COLUMN);
  }
  asLineChart(): this {
    return this.setChartType(ChartType.LINE);
  }
  asBarChart(): this {
    return this.setChartType(ChartType.BAR);
  }
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): this {
    for (const v of [anchorRowPos, anchorColPos, offsetX, offsetY]) {
      if (!Number.isInteger(v) || v < 0) throw new Error(`Fake Charts: setPosition needs whole numbers ≥ 0, got ${v}`);
    }
    if (anchorRowPos < 1 || anchorColPos < 1) throw new Error('Fake Charts: anchors are 1-based');
    this.state.position = { row: anchorRowPos, col: anchorColPos, offsetX, offsetY };
    return this;
  }
  setOption(option: string, value: unknown): this {
    this.state.options[option] = value;
    return this;
  }
  setNumHeaders(headers: number): this {
    this.state.numHeaders = headers;
    return this;
  }
  setTransposeRowsAndColumns(transpose: boolean): this {
    this.state.transpose = transpose;
    return this;
  }
  getChartType(): string | null {
    return this.state.type;
  }
  build(): FakeEmbeddedChart {
    if (this.state.ranges.length === 0) throw new Error('Fake Charts: a chart needs at least one range');
    if (this.state.type === null) throw new Error('Fake Charts: a chart needs a type');
    return new FakeEmbeddedChart(this.sheet, structuredClone(this.state), this.id);
  }
}

const chartsOf = new WeakMap<FakeSheet, FakeEmbeddedChart[]>();
const trackers = new WeakMap<FakeSpreadsheet, Tracker>();

function list(sheet: FakeSheet): FakeEmbeddedChart[] {
  let l = chartsOf.get(sheet);
  if (!l) chartsOf.set(sheet, (l = []));
  return l;
}

function hit(sheet: FakeSheet, method: string): void {
  trackers.get(sheet.spreadsheet)?.hit(`Sheet.${method}`, sheet.name);
}

interface ChartMethods {
  newChart(): FakeEmbeddedChartBuilder;
  insertChart(chart: FakeEmbeddedChart): void;
  getCharts(): FakeEmbeddedChart[];
  removeChart(chart: FakeEmbeddedChart): void;
  updateChart(chart: FakeEmbeddedChart): void;
}

const methods: ChartMethods & ThisType<FakeSheet> = {
  newChart() {
    hit(this, 'newChart');
    return new FakeEmbeddedChartBuilder(this);
  },
  insertChart(chart) {
    hit(this, 'insertChart');
    if (!(chart instanceof FakeEmbeddedChart)) throw new Error('Fake Charts: insertChart needs a built EmbeddedChart');
    if (chart.sheet !== this) throw new Error('Fake Charts: the chart was built for another sheet');
    if (list(this).some((c) => c.id === chart.id)) throw new Error('Fake Charts: the chart is already on the sheet');
    list(this).push(chart);
  },
  getCharts() {
    hit(this, 'getCharts');
    return [...list(this)];
  },
  removeChart(chart) {
    hit(this, 'removeChart');
    const l = list(this);
    const i = l.findIndex((c) => c.id === chart?.id);
    if (i < 0) throw new Error('Fake Charts: removeChart of a chart that is not on this sheet');
    l.splice(i, 1);
  },
  updateChart(chart) {
    hit(this, 'updateChart');
    const l = list(this);
    const i = l.findIndex((c) => c.id === chart?.id);
    if (i < 0) throw new Error('Fake Charts: updateChart of a chart that is not on this sheet');
    l[i] = chart;
  },
};

/** Adds the chart methods to the fake sheets and returns the `Charts` global for the vm context. */
export function installChartFakes(env: GasEnvironment): FakeChartsGlobal {
  trackers.set(env.spreadsheet, env.tracker);
  const proto = FakeSheet.prototype as unknown as Record<string, unknown>;
  for (const [name, fn] of Object.entries(methods)) {
    if (!(name in proto)) Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
  }
  return { ChartType };
}

/** Test helper (not counted): the charts on a sheet, as state. */
export function chartsOn(sheet: FakeSheet): ChartState[] {
  return list(sheet).map((c) => c.state);
}
