/** One tab as read: its layout, its non-empty rows, and the issues found in it. */
import type { Issue } from '../../core/types';
import { cellText, columnLetters, isBlank } from '../cells';
import type { CellValue, WorkbookPort } from '../port';
import { columnIndex, headerKey } from '../schema';
import type { TabLayout } from './layout';

export type Row = { row: number; cells: CellValue[] };

export interface TabData {
  layout: TabLayout;
  rows: Row[]; // non-empty data rows below the header
  data: CellValue[][];
  /** Headers the tool reads that stand more than once in the header row, with their columns (1-based). */
  repeatedHeaders: { header: string; columns: number[] }[];
}

export class IssueList {
  readonly all: Issue[] = [];
  error(
    tab: string,
    row: number | undefined,
    column: string | undefined,
    value: string | undefined,
    message: string,
  ): void {
    this.add('error', tab, row, column, value, message);
  }
  warning(
    tab: string,
    row: number | undefined,
    column: string | undefined,
    value: string | undefined,
    message: string,
  ): void {
    this.add('warning', tab, row, column, value, message);
  }
  private add(
    severity: Issue['severity'],
    tab: string,
    row?: number,
    column?: string,
    value?: string,
    message = '',
  ): void {
    const issue: Issue = { severity, tab, message };
    if (row !== undefined) issue.row = row;
    if (column !== undefined) issue.column = column;
    if (value !== undefined) issue.value = value;
    this.all.push(issue);
  }
}

function findTab(names: readonly string[], wanted: string): string | null {
  if (names.includes(wanted)) return wanted;
  return names.find((n) => headerKey(n) === headerKey(wanted)) ?? null;
}

/** Reads the tab named `wanted` (or its name in another case) with one port.read; a missing tab reads as empty. */
export function readTab(
  port: WorkbookPort,
  names: readonly string[],
  wanted: string,
  headers: readonly string[],
): TabData {
  const actual = findTab(names, wanted);
  const data = actual === null ? [] : port.read(actual);
  return shapeTab(actual ?? wanted, actual !== null, data, headers);
}

/** Wholly empty rows are ignored; `lastRow` is the last one that is not. */
export function shapeTab(tab: string, exists: boolean, data: CellValue[][], headers: readonly string[]): TabData {
  let lastRow = 0;
  const rows: Row[] = [];
  data.forEach((cells, i) => {
    if (cells.every((c) => isBlank(c))) return;
    lastRow = i + 1;
    if (i > 0) rows.push({ row: i + 1, cells });
  });
  const width = data.reduce((w, r) => Math.max(w, r.length), 0);
  const columns = data.length > 0 ? columnIndex(data[0], headers) : {};
  return {
    layout: { tab, exists, width, lastRow, columns },
    rows,
    data,
    repeatedHeaders: repeatedHeaders(data[0] ?? [], headers),
  };
}

/** The wanted headers found in more than one column: which of them is meant cannot be guessed. */
function repeatedHeaders(headerRow: readonly CellValue[], wanted: readonly string[]): TabData['repeatedHeaders'] {
  const out: TabData['repeatedHeaders'] = [];
  const keys = headerRow.map(headerKey); // once per cell, not once per wanted header
  for (const h of wanted) {
    const key = headerKey(h);
    const columns = keys.flatMap((k, i) => (k === key ? [i + 1] : []));
    if (columns.length > 1) out.push({ header: h, columns });
  }
  return out;
}

/** Reports required columns that are missing; true when the tab can be read. */
export function checkColumns(t: TabData, required: readonly string[], issues: IssueList): boolean {
  let ok = true;
  for (const { header, columns } of t.repeatedHeaders) {
    issues.error(
      t.layout.tab,
      1,
      header,
      header,
      `Kolumnen "${header}" finns ${columns.length} gånger i fliken ${t.layout.tab} (kolumn ${columns.map(columnLetters).join(' och ')}). Ta bort eller byt namn på den som inte ska användas.`,
    );
    ok = false;
  }
  for (const h of required) {
    if (t.layout.columns[h] === undefined) {
      issues.error(
        t.layout.tab,
        1,
        h,
        undefined,
        `Kolumnen "${h}" saknas i fliken ${t.layout.tab}. Lägg till den i rubrikraden (rad 1).`,
      );
      ok = false;
    }
  }
  return ok;
}

/** The cell of `header` in a row; '' when the column is missing or the cell empty. */
export function cell(t: TabData, r: Row, header: string): CellValue {
  const col = t.layout.columns[header];
  if (col === undefined) return '';
  const v = r.cells[col - 1];
  return v === undefined || v === null ? '' : v;
}

export const missingTabMessage = (tab: string) =>
  `Fliken ${tab} saknas. Välj Yrkesresan › Skapa/uppdatera flikar och fyll i den.`;

/** How a list tab (Kommuner, Kurser) identifies its rows. */
export interface RowIdentity {
  header: string;
  /** Texts with the same key name the same thing. */
  key: (text: string) => string;
  blankMessage: string;
  repeatMessage: (text: string, firstRow: number) => string;
}

/**
 * The rows of a list tab with their identifying text, each identity once: a blank one or a repeat
 * of an earlier row is reported and skipped. Lazy, so that issues stay in row order. `filled`
 * receives every identifying text, repeats included.
 */
export function* uniqueRows(
  t: TabData,
  id: RowIdentity,
  issues: IssueList,
  filled: string[] = [],
): Generator<{ r: Row; text: string }> {
  const seen = new Map<string, number>();
  for (const r of t.rows) {
    const text = cellText(cell(t, r, id.header));
    if (text === '') {
      issues.error(t.layout.tab, r.row, id.header, '', id.blankMessage);
      continue;
    }
    filled.push(text);
    const key = id.key(text);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.error(t.layout.tab, r.row, id.header, text, id.repeatMessage(text, first));
      continue;
    }
    seen.set(key, r.row);
    yield { r, text };
  }
}
