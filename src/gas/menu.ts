/**
 * The Yrkesresan menu (SPEC §6) and the menu items that live here: Kontrollera data,
 * Skapa/uppdatera flikar and Uppdatera formler.
 */
import { checkWorkbook } from '../app/check';
import { ensureTabs } from '../app/setup';
import type { Issue } from '../core/types';
import type { CellValue, DocCell, SheetDocument, WorkbookPort } from '../workbook/port';
import { TAB, headerKey } from '../workbook/schema';
import { alert, severityText, withDocumentLock } from './host';
import { SheetsPort } from './sheets';

export const MENU_TITLE = 'Yrkesresan';

/** Caption → top-level function of Code.js, in menu order. */
export const MENU_ITEMS: readonly (readonly [string, string])[] = [
  ['Kör fakturering', 'runBilling'],
  ['Skicka fakturor', 'sendInvoices'],
  ['Kontrollera data', 'checkWorkbook'],
  ['Uppföljning', 'followUp'],
  ['Skapa/uppdatera flikar', 'setupWorkbook'],
  ['Uppdatera formler', 'recalculateFormulas'],
];

/** Runs from onOpen, a simple trigger: only SpreadsheetApp.getUi() is used. */
export function buildMenu(): void {
  const menu = SpreadsheetApp.getUi().createMenu(MENU_TITLE);
  for (const [caption, fn] of MENU_ITEMS) menu.addItem(caption, fn);
  menu.addToUi();
}

// ---------------------------------------------------------------------------------------------
// Kontrollera data

export const CONTROL_TAB = TAB.control;
export const CONTROL_COLUMNS = ['Allvarlighet', 'Flik', 'Rad', 'Kolumn', 'Värde', 'Meddelande', 'Gå till'] as const;
const CONTROL_WIDTHS = [90, 150, 50, 160, 200, 520, 90];
export const LINK_LABEL = 'Visa cellen';

/** Keeps every tab read by the check, so that links can find columns without reading again. */
class RememberingPort implements WorkbookPort {
  readonly seen = new Map<string, CellValue[][]>();
  constructor(private readonly port: WorkbookPort) {}
  tabNames(): string[] {
    return this.port.tabNames();
  }
  read(tab: string): CellValue[][] {
    const rows = this.port.read(tab);
    this.seen.set(tab, rows);
    return rows;
  }
  write(tab: string, row: number, col: number, values: CellValue[][], formats?: (string | null)[][]): void {
    this.port.write(tab, row, col, values, formats);
  }
  createTab(...args: Parameters<WorkbookPort['createTab']>): void {
    this.port.createTab(...args);
  }
  drawTab(...args: Parameters<WorkbookPort['drawTab']>): void {
    this.port.drawTab(...args);
  }
  deleteTab(tab: string): void {
    this.port.deleteTab(tab);
  }
}

function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A1 of the offending cell: its row, and its column found by header; the row's first cell, or A1. */
export function issueCell(issue: Issue, tabRows: CellValue[][] | undefined): string {
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
  if (!Number.isInteger(sheetId) || !/^[A-Z]{1,3}[0-9]{1,7}$/.test(a1)) throw new Error(`Ogiltig länk: ${sheetId} ${a1}`);
  return `=HYPERLINK("#gid=${sheetId}&range=${a1}","${LINK_LABEL}")`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function controlDocument(issues: readonly Issue[]): SheetDocument {
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

/** Kontrollera data: lists every error and warning in the Kontroll tab, with a link to each cell. */
export function checkData(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const port = new RememberingPort(new SheetsPort(ss));
  const issues = checkWorkbook(port);
  port.drawTab(CONTROL_TAB, controlDocument(issues));

  if (issues.length > 0) {
    // Tabs are found forgivingly ("kommuner" is Kommuner), so an issue may name a tab in another case.
    const names = port.tabNames();
    const actual = (tab: string) => (names.includes(tab) ? tab : names.find((n) => headerKey(n) === headerKey(tab)) ?? null);
    const ids = new Map<string, number | null>();
    const idOf = (tab: string): number | null => {
      if (!ids.has(tab)) {
        const sheet = ss.getSheetByName(tab);
        ids.set(tab, sheet ? sheet.getSheetId() : null);
      }
      return ids.get(tab)!;
    };
    const links = issues.map((i) => {
      const tab = actual(i.tab);
      const id = tab === null ? null : idOf(tab);
      return [id === null || tab === null ? '' : hyperlinkFormula(id, issueCell(i, port.seen.get(tab)))];
    });
    const range = ss.getSheetByName(CONTROL_TAB)!.getRange(2, CONTROL_COLUMNS.length, links.length, 1);
    // A string starting with = written with setValues is a formula too, on hosts without setFormulas.
    if (typeof range.setFormulas === 'function') range.setFormulas(links);
    else range.setValues(links);
  }
  const control = ss.getSheetByName(CONTROL_TAB);
  if (control && typeof control.activate === 'function') control.activate();

  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  alert(
    'Kontrollera data',
    issues.length === 0
      ? 'Inga fel och inga varningar. Arbetsboken kan faktureras.'
      : `${plural(errors, 'fel', 'fel')} och ${plural(warnings, 'varning', 'varningar')}. ` +
          `Se fliken ${CONTROL_TAB}: varje rad har en länk till cellen.` +
          (errors > 0 ? ' Fel måste rättas innan fakturering.' : ''),
  );
}

// ---------------------------------------------------------------------------------------------
// Skapa/uppdatera flikar

export function setupTabs(): void {
  // Under the lock: a billing run creates missing register tabs too.
  const created = withDocumentLock(() => ensureTabs(new SheetsPort(SpreadsheetApp.getActiveSpreadsheet())));
  alert(
    'Skapa/uppdatera flikar',
    created.length === 0 ? 'Alla flikar finns redan. Inget ändrades.' : `Skapade ${created.length === 1 ? 'fliken' : 'flikarna'}: ${created.join(', ')}. Befintliga flikar och data ändrades inte.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Uppdatera formler

/** A formula that calls one of our custom functions. */
export const CUSTOM_FUNCTION_CALL = /(^|[^A-Za-z0-9_.])(FASTKOSTNAD|DAGAVGIFT|DELTAGARDAGAR|RORLIGKOSTNAD|UTBILDARPOTT)\s*\(/i;

interface FormulaRun {
  sheet: GoogleAppsScript.Spreadsheet.Sheet;
  row: number;
  col: number;
  formulas: string[][];
}

/**
 * Sheets recomputes a custom function only when its arguments or its formula change, not when
 * the data it reads changes. This removes every formula that calls one of ours and writes it
 * back, which makes Sheets compute it afresh. Per tab: one getFormulas; per run of such cells
 * in a column: one write to blank it and one to restore it, with a single flush in between.
 */
export function refreshFormulas(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const runs: FormulaRun[] = [];
  const tabs = new Set<string>();
  for (const sheet of ss.getSheets()) {
    const formulas = sheet.getDataRange().getFormulas();
    const height = formulas.length;
    const width = height > 0 ? formulas[0].length : 0;
    for (let c = 0; c < width; c++) {
      for (let r = 0; r < height; ) {
        if (!CUSTOM_FUNCTION_CALL.test(formulas[r][c] ?? '')) {
          r++;
          continue;
        }
        const start = r;
        while (r < height && CUSTOM_FUNCTION_CALL.test(formulas[r][c] ?? '')) r++;
        runs.push({ sheet, row: start + 1, col: c + 1, formulas: formulas.slice(start, r).map((f) => [f[c]]) });
      }
    }
    if (runs.length > 0 && runs[runs.length - 1].sheet === sheet) tabs.add(sheet.getName());
  }
  const count = runs.reduce((n, run) => n + run.formulas.length, 0);
  if (count === 0) {
    alert('Uppdatera formler', 'Inga formler med Yrkesresans funktioner hittades.');
    return;
  }
  for (const run of runs) run.sheet.getRange(run.row, run.col, run.formulas.length, 1).setValues(run.formulas.map(() => ['']));
  SpreadsheetApp.flush();
  for (const run of runs) run.sheet.getRange(run.row, run.col, run.formulas.length, 1).setFormulas(run.formulas);
  alert(
    'Uppdatera formler',
    `${plural(count, 'formel', 'formler')} i ${plural(tabs.size, 'flik', 'flikar')} räknades om (${[...tabs].join(', ')}).`,
  );
}
