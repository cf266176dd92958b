/**
 * The Kontroll tab of "Kontrollera data": one row per error or warning, the last column a link
 * to the offending cell. Pure: the host draws the document, looks up sheet ids and writes the
 * link formulas built here.
 */
import type { Issue } from '../core/types';
import type { CellValue, DocCell, SheetDocument } from './port';
import { TAB, headerKey } from './schema';
import { columnLetters } from './cells';

export const CONTROL_TAB = TAB.control;
export const CONTROL_COLUMNS = ['Allvarlighet', 'Flik', 'Rad', 'Kolumn', 'Värde', 'Meddelande', 'Gå till'] as const;
const CONTROL_WIDTHS = [90, 150, 50, 160, 200, 520, 90];
/** The links sit in the last column, from the first row below the header. */
export const LINK_COLUMN = CONTROL_COLUMNS.length;
export const LINK_FIRST_ROW = 2;
export const LINK_LABEL = 'Visa cellen';
export const CHECK_TITLE = 'Kontrollera data';

export function severityText(issue: Issue): string {
  return issue.severity === 'error' ? 'Fel' : 'Varning';
}

/** A1 of the offending cell: its row, and its column found by header; the row's first cell, or A1. */
export function issueCell(issue: Issue, tabRows: readonly (readonly CellValue[])[] | undefined): string {
  const row = issue.row !== undefined && Number.isInteger(issue.row) && issue.row >= 1 ? issue.row : 1;
  let col = 1;
  if (issue.column && tabRows && tabRows.length > 0) {
    const i = tabRows[0].findIndex((h) => headerKey(h) === headerKey(issue.column!));
    if (i >= 0) col = i + 1;
  }
  return `${columnLetters(col)}${row}`;
}

/**
 * The link to a cell. It is built only from the sheet's numeric id and an A1 reference that we
 * compute from numbers, so no text from a cell ever reaches a formula.
 */
export function hyperlinkFormula(sheetId: number, a1: string): string {
  if (!Number.isInteger(sheetId) || !/^[A-Z]{1,3}[0-9]{1,7}$/.test(a1))
    throw new Error(`Ogiltig länk: ${sheetId} ${a1}`);
  return `=HYPERLINK("#gid=${sheetId}&range=${a1}","${LINK_LABEL}")`;
}

/** The tab an issue names, as it is spelled in the workbook: tabs are found forgivingly ("kommuner" is Kommuner). */
export function actualTab(tabNames: readonly string[], tab: string): string | null {
  return tabNames.includes(tab) ? tab : (tabNames.find((n) => headerKey(n) === headerKey(tab)) ?? null);
}

/** What the host knows of a tab: its sheet id (null when it has none) and its cells as read. */
export interface LinkTarget {
  sheetId: number | null;
  rows: CellValue[][];
}

/** The link column below the header, one cell per issue: a HYPERLINK formula, or '' when the tab is not there. */
export function controlLinks(
  issues: readonly Issue[],
  tabNames: readonly string[],
  target: (tab: string) => LinkTarget,
): string[][] {
  const targets = new Map<string, LinkTarget>();
  return issues.map((issue) => {
    const tab = actualTab(tabNames, issue.tab);
    if (tab === null) return [''];
    if (!targets.has(tab)) targets.set(tab, target(tab));
    const { sheetId, rows } = targets.get(tab)!;
    return [sheetId === null ? '' : hyperlinkFormula(sheetId, issueCell(issue, rows))];
  });
}

/** The Kontroll tab without its links: a header and one row per issue, or a line saying all is well. */
export function controlDocument(issues: readonly Issue[]): SheetDocument {
  const header: DocCell[] = CONTROL_COLUMNS.map((h) => ({ value: h, bold: true, background: '#e8eaed' }));
  const rows: (DocCell | null)[][] = [header];
  if (issues.length === 0) rows.push([{ value: 'Inga fel och inga varningar.' }, null, null, null, null, null, null]);
  for (const i of issues) {
    rows.push([
      { value: severityText(i), bold: i.severity === 'error' },
      { value: i.tab },
      i.row !== undefined ? { value: i.row } : null,
      i.column !== undefined ? { value: i.column } : null,
      i.value !== undefined ? { value: i.value } : null,
      { value: i.message, wrap: true },
      null,
    ]);
  }
  return { columnWidths: CONTROL_WIDTHS, rows };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The message after a check; `refreshedFormulas` = formulas with our functions that were recomputed. */
export function checkSummary(issues: readonly Issue[], refreshedFormulas = 0): string {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  const verdict =
    issues.length === 0
      ? 'Inga fel och inga varningar. Arbetsboken kan faktureras.'
      : `${plural(errors, 'fel', 'fel')} och ${plural(warnings, 'varning', 'varningar')}. ` +
        `Se fliken ${CONTROL_TAB}: varje rad har en länk till cellen.` +
        (errors > 0 ? ' Fel måste rättas innan fakturering.' : '');
  const refreshed =
    refreshedFormulas > 0
      ? ` ${plural(refreshedFormulas, 'formel', 'formler')} med Yrkesresans funktioner räknades om.`
      : '';
  return verdict + refreshed;
}
