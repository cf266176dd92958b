/**
 * A workbook in memory that implements the port: for tests, benches and dry runs. It behaves
 * like the hosts where the product can tell (used range, '' for empty cells, rectangular
 * blocks only, createTab fails on an existing tab) and counts every call.
 */
import {
  CalendarDate,
  type CellBlock,
  type CellValue,
  type SheetDocument,
  type TabSetup,
  type WorkbookPort,
} from './port';

export interface MemoryTab {
  name: string;
  cells: CellValue[][]; // ragged; missing = ''
  formats: (string | null)[][];
  setup?: TabSetup;
  doc?: SheetDocument;
  /** Merged ranges, 1-based; none overlap. */
  merges?: CellBlock[];
}

export type MemoryCall =
  | { op: 'read'; tab: string }
  | { op: 'write'; tab: string; row: number; col: number; rows: number; cols: number }
  | { op: 'createTab'; tab: string }
  | { op: 'drawTab'; tab: string }
  | { op: 'deleteTab'; tab: string }
  | { op: 'merges'; tab: string };

/**
 * A new tab's name as the strictest host takes it: Excel refuses more than 31 characters, any of
 * \\ / ? * [ ] :, an apostrophe first or last, and a name another tab has in any case.
 */
function checkNewName(tabs: readonly MemoryTab[], name: string): void {
  if (name.length === 0 || name.length > 31)
    throw new Error(`Fliknamnet "${name}" har ${name.length} tecken (1–31 går)`);
  if (/[\\/?*[\]:]/.test(name) || /^'|'$/.test(name))
    throw new Error(`Fliknamnet "${name}" har ett tecken som inte går i ett fliknamn`);
  if (tabs.some((t) => t.name.toLowerCase() === name.toLowerCase())) throw new Error(`Fliken ${name} finns redan`);
}

function overlaps(a: CellBlock, b: CellBlock): boolean {
  return a.row < b.row + b.rows && b.row < a.row + a.rows && a.col < b.col + b.cols && b.col < a.col + a.cols;
}

function copyValue(v: CellValue): CellValue {
  return v instanceof CalendarDate ? new CalendarDate(v.iso) : v;
}

export class MemoryWorkbook implements WorkbookPort {
  private tabs: MemoryTab[] = [];
  /** Every call, in order (tabNames excluded). */
  readonly calls: MemoryCall[] = [];
  /** When set, the n-th mutating call (write, createTab, drawTab, deleteTab) from now throws, 1-based. */
  private failCountdown = 0;

  constructor(initial: Record<string, CellValue[][]> = {}) {
    for (const [name, rows] of Object.entries(initial)) {
      this.tabs.push({ name, cells: rows.map((r) => r.map(copyValue)), formats: [] });
    }
  }

  /** Makes the n-th mutating call from now fail (a crash in the middle of a run). 0 = never. */
  failOnMutation(n: number): void {
    this.failCountdown = n;
  }

  count(op: MemoryCall['op']): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  /** Mutating calls in order, e.g. ['drawTab Faktura…', 'write Närvaro', …]. */
  mutations(): MemoryCall[] {
    return this.calls.filter((c) => c.op !== 'read' && c.op !== 'merges');
  }

  tab(name: string): MemoryTab | undefined {
    return this.tabs.find((t) => t.name === name);
  }

  /** A copy of every tab's used range, for comparing whole workbooks. */
  snapshot(): Record<string, CellValue[][]> {
    const out: Record<string, CellValue[][]> = {};
    for (const t of this.tabs) out[t.name] = this.usedRange(t);
    return out;
  }

  clone(): MemoryWorkbook {
    const copy = new MemoryWorkbook();
    copy.tabs = this.tabs.map((t) => ({
      ...t,
      cells: t.cells.map((r) => r.map(copyValue)),
      formats: t.formats.map((r) => [...r]),
      merges: t.merges?.map((m) => ({ ...m })),
    }));
    return copy;
  }

  tabNames(): string[] {
    return this.tabs.map((t) => t.name);
  }

  /**
   * Merges a block as an administrator would (not a port call): like the hosts, only the
   * top-left cell keeps its value. Throws when the block overlaps a merge already there.
   */
  merge(tab: string, block: CellBlock): void {
    const t = this.tab(tab);
    if (!t) throw new Error(`Fliken ${tab} finns inte`);
    if ((t.merges ?? []).some((m) => overlaps(m, block))) throw new Error('Cellerna är redan sammanfogade');
    for (let i = 0; i < block.rows; i++) {
      for (let j = 0; j < block.cols; j++) {
        if (i === 0 && j === 0) continue;
        const line = t.cells[block.row - 1 + i];
        if (line && line.length > block.col - 1 + j) line[block.col - 1 + j] = '';
      }
    }
    (t.merges ??= []).push({ ...block });
  }

  merges(tab: string): CellBlock[] {
    this.calls.push({ op: 'merges', tab });
    const t = this.tab(tab);
    if (!t) return [];
    const used = this.usedRange(t);
    const height = used.length;
    const width = used[0]?.length ?? 0;
    return (t.merges ?? []).filter((m) => m.row <= height && m.col <= width).map((m) => ({ ...m }));
  }

  read(tab: string): CellValue[][] {
    this.calls.push({ op: 'read', tab });
    const t = this.tab(tab);
    return t ? this.usedRange(t) : [];
  }

  write(tab: string, row: number, col: number, values: CellValue[][], formats?: (string | null)[][]): void {
    const rows = values.length;
    const cols = rows > 0 ? values[0].length : 0;
    this.calls.push({ op: 'write', tab, row, col, rows, cols });
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1)
      throw new Error(`Ogiltig cell (${row}, ${col})`);
    if (rows === 0 || cols === 0) throw new Error('Tomt block');
    if (values.some((r) => r.length !== cols)) throw new Error('Blocket är inte rektangulärt');
    if (formats && (formats.length !== rows || formats.some((r) => r.length !== cols)))
      throw new Error('Formaten har inte blockets form');
    for (const r of values) {
      for (const v of r) {
        if (!(typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof CalendarDate)) {
          throw new Error(`Ogiltigt cellvärde: ${String(v)}`);
        }
        if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`Ogiltigt tal: ${v}`);
      }
    }
    this.mutate();
    const t = this.tab(tab);
    if (!t) throw new Error(`Fliken ${tab} finns inte`);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        // A cell under a merge is its top-left cell (as ExcelJS has it): the value lands there.
        const m = (t.merges ?? []).find((b) => overlaps(b, { row: row + i, col: col + j, rows: 1, cols: 1 }));
        const r = m ? m.row - 1 : row - 1 + i;
        const c = m ? m.col - 1 : col - 1 + j;
        const line = (t.cells[r] ??= []);
        const fline = (t.formats[r] ??= []);
        while (line.length < c) line.push('');
        line[c] = copyValue(values[i][j]);
        const f = formats?.[i][j];
        if (f !== undefined && f !== null) fline[c] = f;
      }
    }
    this.fillHoles(t);
  }

  createTab(tab: string, setup: TabSetup): void {
    this.calls.push({ op: 'createTab', tab });
    if (this.tab(tab)) throw new Error(`Fliken ${tab} finns redan`);
    checkNewName(this.tabs, tab);
    this.mutate();
    const header = setup.columns.map((c) => c.header);
    const rows = (setup.rows ?? []).map((r) => r.map(copyValue));
    this.tabs.push({ name: tab, cells: [header, ...rows], formats: [], setup });
  }

  drawTab(tab: string, doc: SheetDocument): void {
    this.calls.push({ op: 'drawTab', tab });
    this.mutate();
    const cells = doc.rows.map((r) => r.map((c) => (c === null ? '' : copyValue(c.value))));
    const formats = doc.rows.map((r) => r.map((c) => c?.format ?? null));
    const merges = (doc.merges ?? []).filter((m) => m.rows * m.cols > 1).map((m) => ({ ...m }));
    const existing = this.tab(tab);
    if (!existing) checkNewName(this.tabs, tab);
    if (existing) {
      existing.cells = cells;
      existing.formats = formats;
      existing.doc = doc;
      existing.setup = undefined;
      existing.merges = merges;
    } else {
      this.tabs.push({ name: tab, cells, formats, doc, merges });
    }
  }

  deleteTab(tab: string): void {
    this.calls.push({ op: 'deleteTab', tab });
    if (!this.tab(tab)) throw new Error(`Fliken ${tab} finns inte`);
    this.mutate();
    this.tabs = this.tabs.filter((t) => t.name !== tab);
  }

  private mutate(): void {
    if (this.failCountdown > 0) {
      this.failCountdown -= 1;
      if (this.failCountdown === 0) throw new Error('Simulerat avbrott');
    }
  }

  private fillHoles(t: MemoryTab): void {
    for (let i = 0; i < t.cells.length; i++) {
      if (t.cells[i] === undefined) t.cells[i] = [];
    }
  }

  /** Rows up to the last non-empty one, columns up to the last non-empty one, padded with ''. */
  private usedRange(t: MemoryTab): CellValue[][] {
    const empty = (v: CellValue | undefined) => v === undefined || v === '';
    let height = 0;
    let width = 0;
    t.cells.forEach((r, i) => {
      r.forEach((v, j) => {
        if (!empty(v)) {
          height = Math.max(height, i + 1);
          width = Math.max(width, j + 1);
        }
      });
    });
    const out: CellValue[][] = [];
    for (let i = 0; i < height; i++) {
      const src = t.cells[i] ?? [];
      const line: CellValue[] = [];
      for (let j = 0; j < width; j++) line.push(empty(src[j]) ? '' : copyValue(src[j]));
      out.push(line);
    }
    return out;
  }
}
