/**
 * A small SVG writer for the follow-up's charts (grouped columns, lines), so that the command
 * line draws the same charts as the sheet without a native dependency. All text is escaped.
 */
import type { ChartSpec } from '../workbook/reportSheet';

export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
const CHAR_WIDTH = 0.6; // average glyph width in ems, to estimate text extents without a font
const LABEL_SIZE = 12;
const ROTATE = 40; // degrees, for category labels that do not fit their band

export { escapeXml } from '../core/escape';
import { escapeXml } from '../core/escape';

/** Swedish axis numbers: '12 500', '2,5'. */
export function axisNumber(x: number): string {
  const rounded = Math.round(x * 100) / 100;
  const [int, frac] = Math.abs(rounded).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return (rounded < 0 ? '-' : '') + grouped + (frac ? ',' + frac : '');
}

/** Round tick values from 0 (or the minimum, when negative) to at least the maximum. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  const lo = Math.min(0, min);
  let hi = Math.max(0, max);
  if (hi === lo) hi = lo + 1;
  const raw = (hi - lo) / target;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  // Whole multiples of the step, cleaned of binary noise (0.6000000000000001).
  for (let k = Math.floor(lo / step); k * step < hi + step * (1 - 1e-9); k++)
    ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

function n(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function textWidth(text: string, size: number): number {
  return [...text].length * size * CHAR_WIDTH;
}

/** Cuts a label to a width, with an ellipsis. */
function fit(text: string, width: number, size: number): string {
  const chars = [...text];
  const max = Math.max(1, Math.floor(width / (size * CHAR_WIDTH)));
  return chars.length <= max ? text : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

interface LegendItem {
  x: number;
  y: number;
  label: string;
  color: string;
}

function legendLayout(names: string[], width: number): { items: LegendItem[]; height: number } {
  const items: LegendItem[] = [];
  const rowHeight = 18;
  let x = 0;
  let y = 0;
  names.forEach((name, i) => {
    const label = fit(name, width - 24, LABEL_SIZE);
    const w = 16 + textWidth(label, LABEL_SIZE) + 18;
    if (x > 0 && x + w > width) {
      x = 0;
      y += rowHeight;
    }
    items.push({ x, y, label, color: PALETTE[i % PALETTE.length] });
    x += w;
  });
  return { items, height: names.length ? y + rowHeight : 0 };
}

/** Where everything of a chart goes: the canvas, the plot area, the value scale and the legend. */
interface Frame {
  W: number;
  H: number;
  pad: number;
  left: number;
  top: number;
  plotWidth: number;
  plotHeight: number;
  /** Width of one category. */
  band: number;
  ticks: number[];
  /** The category labels are turned (they do not fit their band). */
  rotate: boolean;
  labelWidthLimit: number;
  legend: { items: LegendItem[]; height: number };
  y(v: number): number;
}

function frameOf(chart: ChartSpec, size: { width?: number; height?: number }): Frame {
  const W = size.width ?? Math.max(chart.width, 900);
  const H0 = size.height ?? Math.max(chart.height, 460);
  const pad = 16;
  const values = chart.series.flatMap((s) => s.values.filter((v) => Number.isFinite(v)));
  const ticks = niceTicks(values.length ? Math.min(...values) : 0, values.length ? Math.max(...values) : 0);
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];

  const tickLabelWidth = Math.max(...ticks.map((t) => textWidth(axisNumber(t), LABEL_SIZE)));
  const left = pad + 22 + tickLabelWidth + 8; // axis title, tick labels
  const right = pad + 8;
  const plotWidth = W - left - right;
  const band = chart.categories.length ? plotWidth / chart.categories.length : plotWidth;

  const maxLabel = Math.max(0, ...chart.categories.map((c) => textWidth(c, LABEL_SIZE)));
  const rotate = maxLabel > band - 6;
  const labelWidthLimit = 150;
  const xLabelHeight = rotate ? Math.min(maxLabel, labelWidthLimit) * Math.sin((ROTATE * Math.PI) / 180) + 20 : 22;
  const legend = legendLayout(
    chart.series.map((s) => s.name),
    W - 2 * pad,
  );
  const top = pad + 34;
  const H = H0 + (rotate ? Math.max(0, xLabelHeight - 60) : 0) + Math.max(0, legend.height - 36);
  const bottom = pad + xLabelHeight + (legend.height ? legend.height + 12 : 0);
  const plotHeight = H - top - bottom;
  const y = (v: number) => top + plotHeight - ((v - lo) / (hi - lo)) * plotHeight;
  return { W, H, pad, left, top, plotWidth, plotHeight, band, ticks, rotate, labelWidthLimit, legend, y };
}

/** Grid and value axis. */
function valueAxis(chart: ChartSpec, f: Frame): string[] {
  const out = ['<g class="axis-y">'];
  for (const t of f.ticks) {
    const ty = f.y(t);
    out.push(
      `<line x1="${n(f.left)}" y1="${n(ty)}" x2="${n(f.left + f.plotWidth)}" y2="${n(ty)}" stroke="${t === 0 ? '#666666' : '#dddddd'}" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${n(f.left - 6)}" y="${n(ty + 4)}" text-anchor="end" fill="#444444">${escapeXml(axisNumber(t))}</text>`,
    );
  }
  const midY = f.top + f.plotHeight / 2;
  out.push(
    `<text x="${n(f.pad + 10)}" y="${n(midY)}" text-anchor="middle" transform="rotate(-90 ${n(f.pad + 10)} ${n(midY)})" fill="#444444">${escapeXml(chart.valueTitle)}</text>`,
  );
  out.push('</g>');
  return out;
}

/** Category axis. */
function categoryAxis(chart: ChartSpec, f: Frame): string[] {
  const out = ['<g class="axis-x">'];
  chart.categories.forEach((c, i) => {
    const cx = f.left + f.band * (i + 0.5);
    const ly = f.top + f.plotHeight + 16;
    if (f.rotate) {
      const label = fit(c, f.labelWidthLimit, LABEL_SIZE);
      out.push(
        `<text x="${n(cx)}" y="${n(ly)}" text-anchor="end" transform="rotate(-${ROTATE} ${n(cx)} ${n(ly)})" fill="#444444">${escapeXml(label)}</text>`,
      );
    } else {
      out.push(`<text x="${n(cx)}" y="${n(ly)}" text-anchor="middle" fill="#444444">${escapeXml(c)}</text>`);
    }
  });
  out.push('</g>');
  return out;
}

/** The series: grouped columns, or lines with a point per category. */
function data(chart: ChartSpec, f: Frame): string[] {
  const { series, categories } = chart;
  const out = ['<g class="data">'];
  if (chart.kind === 'column') {
    const groupWidth = f.band * 0.8;
    const barWidth = series.length ? groupWidth / series.length : groupWidth;
    series.forEach((s, k) => {
      const color = PALETTE[k % PALETTE.length];
      s.values.forEach((v, i) => {
        if (!Number.isFinite(v)) return;
        const x = f.left + f.band * i + (f.band - groupWidth) / 2 + barWidth * k;
        const y0 = f.y(0);
        const y1 = f.y(v);
        out.push(
          `<rect x="${n(x)}" y="${n(Math.min(y0, y1))}" width="${n(Math.max(barWidth - 1, 1))}" height="${n(Math.abs(y0 - y1))}" fill="${color}"><title>${escapeXml(`${s.name}, ${categories[i]}: ${axisNumber(v)}`)}</title></rect>`,
        );
      });
    });
  } else {
    series.forEach((s, k) => {
      const color = PALETTE[k % PALETTE.length];
      const points = s.values.map((v, i) => [f.left + f.band * (i + 0.5), f.y(Number.isFinite(v) ? v : 0)] as const);
      if (points.length > 1) {
        out.push(
          `<polyline points="${points.map(([px, py]) => `${n(px)},${n(py)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2.5"/>`,
        );
      }
      points.forEach(([px, py], i) => {
        out.push(
          `<circle cx="${n(px)}" cy="${n(py)}" r="4" fill="${color}"><title>${escapeXml(`${s.name}, ${categories[i]}: ${axisNumber(s.values[i])}`)}</title></circle>`,
        );
      });
    });
  }
  out.push('</g>');
  return out;
}

/** Legend, under the category labels. */
function legendOf(f: Frame): string[] {
  const out = ['<g class="legend">'];
  const legendTop = f.H - f.pad - f.legend.height + 4;
  for (const item of f.legend.items) {
    const lx = f.pad + item.x;
    const ly = legendTop + item.y;
    out.push(`<rect x="${n(lx)}" y="${n(ly)}" width="12" height="12" fill="${item.color}"/>`);
    out.push(`<text x="${n(lx + 16)}" y="${n(ly + 10)}" fill="#222222">${escapeXml(item.label)}</text>`);
  }
  out.push('</g>');
  return out;
}

/** The chart as a standalone SVG document: frame → title → value axis → category axis → data → legend. */
export function renderChartSvg(chart: ChartSpec, size: { width?: number; height?: number } = {}): string {
  const f = frameOf(chart, size);
  const { W, H, pad } = f;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(W)}" height="${n(H)}" viewBox="0 0 ${n(W)} ${n(H)}" font-family="${escapeXml(FONT)}" font-size="${LABEL_SIZE}">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="#ffffff"/>`,
    `<text x="${n(W / 2)}" y="${n(pad + 16)}" text-anchor="middle" font-size="16" font-weight="bold" fill="#222222">${escapeXml(chart.title)}</text>`,
    ...valueAxis(chart, f),
    ...categoryAxis(chart, f),
    ...data(chart, f),
    ...legendOf(f),
    '</svg>',
  ];
  return out.join('\n') + '\n';
}
