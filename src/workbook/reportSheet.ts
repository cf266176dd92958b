/**
 * The Uppföljning tab laid out: report tables (built by the app floor) stacked under a title and
 * notes as a SheetDocument, and the charts placed beside them: which block of the tab each chart
 * draws from, and the same numbers for drawing it elsewhere (the command line's SVG).
 */
import type { Decimal } from '../core/money';
import { FORMAT, type CellValue, type DocCell, type SheetDocument } from './port';

export const REPORT_TAB = 'Uppföljning';

/** How a column's values are shown: in the sheet by a number format, in CSV as text. */
export type ColumnKind = 'text' | 'year' | 'integer' | 'quantity' | 'decimal2' | 'money';

export type ReportValue = string | number | Decimal | null; // null = empty cell

export interface ReportTable {
  id: string; // file-name stem of its CSV
  title: string;
  header: string[];
  kinds: ColumnKind[]; // one per column
  rows: ReportValue[][];
  totalRows: number[]; // indices into rows of sum rows (shown bold, left out of charts)
}

/**
 * A chart over a table whose first column holds labels and whose next `dataColumns` columns
 * hold numbers (one per header, e.g. one per year).
 */
export interface ChartRequest {
  id: string; // file-name stem of its SVG
  tableId: string;
  title: string;
  kind: 'column' | 'line';
  valueTitle: string; // what the vertical axis counts
  dataColumns: number;
  /** false: categories are the labels and series the columns; true: the other way round. */
  transpose: boolean;
}

export interface ChartSeries {
  name: string;
  values: number[]; // one per category
}

export interface ChartSpec {
  id: string;
  title: string;
  kind: 'column' | 'line';
  valueTitle: string;
  categories: string[];
  series: ChartSeries[];
  /** The block of the tab it draws from, 1-based, header row and label column included. */
  range: { row: number; col: number; rows: number; cols: number };
  transpose: boolean;
  anchor: { row: number; col: number }; // top-left cell of the chart in the tab
  width: number; // pixels
  height: number;
}

export interface ReportLayout {
  doc: SheetDocument;
  charts: ChartSpec[];
}

export const COLUMN_FORMAT: Record<ColumnKind, string | undefined> = {
  text: FORMAT.text,
  year: FORMAT.integer,
  integer: '#,##0',
  quantity: undefined, // automatic, so that 12 and 12,5 both read as typed
  decimal2: '0.00',
  money: FORMAT.money,
};

const CHART_WIDTH = 760;
const CHART_HEIGHT = 400;
const ROW_PIXELS = 21; // Sheets' default row height

function toCell(value: ReportValue): CellValue {
  if (value === null) return '';
  if (typeof value === 'string' || typeof value === 'number') return value;
  return value.toNumber();
}

function numeric(v: ReportValue): number {
  if (v === null || typeof v === 'string') return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/**
 * The chart of a table block; null when the block cannot carry one (no data columns, no label
 * rows, or a sum row among the label rows, which would break the block's contiguity).
 */
function chartOf(
  req: ChartRequest,
  table: ReportTable,
  headerRow: number,
  anchor: { row: number; col: number },
): ChartSpec | null {
  if (req.dataColumns < 1) return null;
  const dataRows = table.rows.map((r, i) => ({ r, i })).filter(({ i }) => !table.totalRows.includes(i));
  if (dataRows.length === 0 || dataRows[dataRows.length - 1].i !== dataRows.length - 1) return null;
  const labels = dataRows.map(({ r }) => String(r[0] ?? ''));
  const columnNames = table.header.slice(1, 1 + req.dataColumns);
  const cell = (row: number, col: number) => numeric(table.rows[row][col + 1]);
  const series: ChartSeries[] = req.transpose
    ? labels.map((name, r) => ({ name, values: columnNames.map((_, c) => cell(r, c)) }))
    : columnNames.map((name, c) => ({ name, values: labels.map((_, r) => cell(r, c)) }));
  return {
    id: req.id,
    title: req.title,
    kind: req.kind,
    valueTitle: req.valueTitle,
    categories: req.transpose ? columnNames : labels,
    series,
    range: { row: headerRow, col: 1, rows: labels.length + 1, cols: req.dataColumns + 1 },
    transpose: req.transpose,
    anchor,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  };
}

/** Title, notes (italic) and the tables one below the other, each table's charts beside it. */
export function layoutReport(
  title: string,
  notes: string[],
  tables: ReportTable[],
  requests: ChartRequest[],
): ReportLayout {
  const width = Math.max(1, ...tables.map((t) => t.header.length));
  const rows: (DocCell | null)[][] = [];
  const pad = (cells: (DocCell | null)[]) => [...cells, ...Array<null>(width - cells.length).fill(null)];

  rows.push(pad([{ value: title, bold: true, size: 14 }]));
  for (const note of notes) rows.push(pad([{ value: note, italic: true }]));

  // Slack for the wrapped header row, taller than the default.
  const rowsPerChart = Math.ceil((CHART_HEIGHT + 80) / ROW_PIXELS);
  const charts: ChartSpec[] = [];
  for (const table of tables) {
    rows.push(pad([]));
    const titleRow = rows.length + 1;
    rows.push(pad([{ value: table.title, bold: true, size: 12 }]));
    const headerRow = rows.length + 1;
    rows.push(
      pad(
        table.header.map((h, c) => {
          const cell: DocCell = { value: h, bold: true, background: '#e8eef7', wrap: true, format: FORMAT.text };
          if (table.kinds[c] !== 'text') cell.align = 'right'; // over the numbers
          return cell;
        }),
      ),
    );
    table.rows.forEach((r, i) => {
      const bold = table.totalRows.includes(i);
      rows.push(
        pad(
          r.map((v, c) => {
            const cell: DocCell = { value: toCell(v) };
            const format = COLUMN_FORMAT[table.kinds[c]];
            if (format) cell.format = format;
            if (bold) cell.bold = true;
            if (table.kinds[c] === 'year') cell.align = 'right'; // 'Alla år' in line with the years
            return cell;
          }),
        ),
      );
    });
    const mine = requests.filter((r) => r.tableId === table.id);
    mine.forEach((req, k) => {
      const chart = chartOf(req, table, headerRow, { row: titleRow + k * rowsPerChart, col: table.header.length + 2 });
      if (chart) charts.push(chart);
    });
    // Room for the charts beside the table, so that they never cover the next table.
    const needed = titleRow - 1 + charts.filter((c) => c.anchor.row >= titleRow).length * rowsPerChart;
    while (rows.length < needed) rows.push(pad([]));
  }

  const columnWidths = Array.from({ length: width }, (_, i) => (i === 0 ? 330 : i === 1 ? 170 : 120));
  return { doc: { columnWidths, rows }, charts };
}
