/**
 * A port that reads each tab from its host once. Repeated reads are served from the first one,
 * so that work that reads a tab twice (a plan checked and then written; a check and then the
 * links to its cells) sees the same data and costs one host call per tab. Any change to a tab
 * forgets what was read from it.
 */
import type { CellBlock, CellValue, SheetDocument, TabSetup, WorkbookPort } from './port';

export class ReadOncePort implements WorkbookPort {
  private readonly cache = new Map<string, CellValue[][]>();
  private readonly mergeCache = new Map<string, CellBlock[]>();
  private names: string[] | null = null;
  private firstNames: string[] | null = null;
  private readonly readFromHost = new Set<string>();

  constructor(private readonly inner: WorkbookPort) {}

  tabNames(): string[] {
    if (!this.names) this.names = this.inner.tabNames();
    if (!this.firstNames) this.firstNames = this.names.slice();
    return this.names.slice();
  }

  /** Tabs there were at the first listing whose cells were never read: what the work did not look at. */
  tabsNotRead(): string[] {
    if (!this.firstNames) this.tabNames();
    return this.firstNames!.filter((tab) => !this.readFromHost.has(tab));
  }

  read(tab: string): CellValue[][] {
    let rows = this.cache.get(tab);
    if (!rows) {
      rows = this.inner.read(tab);
      this.cache.set(tab, rows);
      this.readFromHost.add(tab);
    }
    // Copies: a caller that edits what it read must not change what the next caller reads.
    return rows.map((r) => r.slice());
  }

  merges(tab: string): CellBlock[] {
    let blocks = this.mergeCache.get(tab);
    if (!blocks) {
      blocks = this.inner.merges(tab);
      this.mergeCache.set(tab, blocks);
    }
    return blocks.map((b) => ({ ...b }));
  }

  write(tab: string, row: number, col: number, values: CellValue[][], formats?: (string | null)[][]): void {
    this.cache.delete(tab);
    this.mergeCache.delete(tab);
    this.inner.write(tab, row, col, values, formats);
  }

  createTab(tab: string, setup: TabSetup): void {
    this.forget(tab);
    this.inner.createTab(tab, setup);
  }

  drawTab(tab: string, doc: SheetDocument): void {
    this.forget(tab);
    this.inner.drawTab(tab, doc);
  }

  deleteTab(tab: string): void {
    this.forget(tab);
    this.inner.deleteTab(tab);
  }

  private forget(tab: string): void {
    this.cache.delete(tab);
    this.mergeCache.delete(tab);
    this.names = null;
  }
}
