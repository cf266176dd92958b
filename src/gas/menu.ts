/**
 * The Yrkesresan menu (SPEC §6) and the menu items that live here: Kontrollera data and
 * Skapa/uppdatera flikar. The Kontroll tab's layout and links are built in workbook/controlSheet.
 */
import { checkWorkbook } from '../app/check';
import { closedYearsPlan, hiddenText, hidePreviewText } from '../app/closedYears';
import { ensureTabs, redrawMissingInvoiceSheets, redrawText } from '../app/setup';
import {
  CHECK_TITLE,
  CONTROL_TAB,
  LINK_COLUMN,
  LINK_FIRST_ROW,
  checkSummary,
  controlDocument,
  controlLinks,
} from '../workbook/controlSheet';
import { formulaTabs } from '../workbook/customFormulaCells';
import { ReadOncePort } from '../workbook/readOncePort';
import { refreshFormulas } from './formulaRefresh';
import { administratorsOf, protectionPolicy } from '../workbook/protection';
import { mayAdminister } from '../app/bill';
import { alert, currentUser, keepingActiveSheet, sheetsPort, withDocumentLock } from './host';
import { ownerOf, synchronizeProtections } from './protection';
import { spreadsheetToday } from './sheets';

export const MENU_TITLE = 'Yrkesresan';
const SETUP_TITLE = 'Skapa/uppdatera flikar';
/** Caption → top-level function of Code.js, in menu order: exactly the items of SPEC §6. */
export const MENU_ITEMS: readonly (readonly [string, string])[] = [
  ['Kör fakturering', 'menuBilling'],
  ['Skicka fakturor', 'menuSending'],
  ['Kreditera faktura', 'menuCredit'],
  ['Betalningar och påminnelser', 'menuPayments'],
  ['Importera närvaro', 'menuImport'],
  ['Exportera e-fakturor och bokföring', 'menuExport'],
  ['Kontrollera data', 'menuCheck'],
  ['Uppföljning', 'menuFollowUp'],
  ['Skapa/uppdatera flikar', 'menuSetup'],
];

/** Runs from onOpen, a simple trigger: only SpreadsheetApp.getUi() is used. */
export function buildMenu(): void {
  const menu = SpreadsheetApp.getUi().createMenu(MENU_TITLE);
  for (const [caption, fn] of MENU_ITEMS) menu.addItem(caption, fn);
  menu.addToUi();
}

/**
 * Kontrollera data: lists every error and warning in the Kontroll tab, with a link to each cell,
 * and recomputes the custom functions, so an administrator can refresh them at will.
 */
export function checkData(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  // The links need each tab's header row: served from the check's own read.
  const port = new ReadOncePort(sheetsPort(ss));
  const issues = checkWorkbook(port, spreadsheetToday(ss));
  port.drawTab(CONTROL_TAB, controlDocument(issues));

  if (issues.length > 0) {
    const links = controlLinks(issues, port.tabNames(), (tab) => {
      const sheet = ss.getSheetByName(tab);
      return sheet ? { sheetId: sheet.getSheetId(), rows: port.read(tab) } : { sheetId: null, rows: [] };
    });
    const range = ss.getSheetByName(CONTROL_TAB)!.getRange(LINK_FIRST_ROW, LINK_COLUMN, links.length, 1);
    range.setFormulas(links);
  }
  ss.getSheetByName(CONTROL_TAB)!.activate();

  const refreshed = refreshFormulas(formulaTabs(port.tabNames()));
  alert(CHECK_TITLE, [checkSummary(issues, refreshed.count), refreshed.failure].filter(Boolean).join(' '));
}

/**
 * Skapa/uppdatera flikar: creates the missing tabs, never touches existing ones' cells, and gives
 * every protected tab the protection Administratörer asks for (SPEC §4 "Who may"), invoice sheets
 * included, so that an owner can let a locked-out administrator back in. When earlier years are
 * closed (app/closedYears.ts) and their invoice sheets still show, it offers to hide them: the
 * menu keeps exactly SPEC §6's items, and hiding changes no data.
 */
export function setupTabs(): void {
  const user = currentUser();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const sheets = sheetsPort(ss);
  // Under the lock: a billing run creates missing register tabs too.
  const { created, redrawn, locked, closedYears } = withDocumentLock(() =>
    keepingActiveSheet(() => {
      const port = new ReadOncePort(sheets);
      const administrators = administratorsOf(port);
      // The owner can always edit every protection, and is the one to let a locked-out administrator in.
      const allowed = administrators !== null && (mayAdminister(administrators, user) || user === ownerOf(ss));
      if (allowed) sheets.protection = protectionPolicy(administrators);
      const made = ensureTabs(port);
      // Before the protections are synchronised, so a redrawn sheet gets them like the others.
      const redraw = redrawMissingInvoiceSheets(port);
      return {
        created: made,
        redrawn: redrawText(redraw),
        locked: allowed ? synchronizeProtections(ss, sheets.protection!, true, redraw.sheets).locked : [],
        closedYears: closedYearsPlan(port, spreadsheetToday(ss)),
      };
    }),
  );
  const text = setupText(created, redrawn, locked);
  const shown = closedYears.problem ? [] : sheets.shownTabs(closedYears.sheets);
  if (shown.length === 0) {
    alert(SETUP_TITLE, text);
    return;
  }
  const plan = { ...closedYears, sheets: shown };
  const ui = SpreadsheetApp.getUi();
  const question = `${text}\n\n${hidePreviewText(plan)} Dölja dem nu?`;
  if (ui.alert(SETUP_TITLE, question, ui.ButtonSet.YES_NO) !== ui.Button.YES) return;
  sheets.hideTabs(plan.sheets);
  alert(SETUP_TITLE, hiddenText(plan));
}

/** Skapa/uppdatera flikar's outcome: the tabs created, the sheets redrawn, protections it could not set. */
function setupText(created: string[], redrawn: string, locked: string[]): string {
  const tabs =
    created.length === 0
      ? redrawn
        ? 'Alla flikar finns redan.'
        : 'Alla flikar finns redan. Inget ändrades.'
      : `Skapade ${created.length === 1 ? 'fliken' : 'flikarna'}: ${created.join(', ')}. Befintliga flikar och data ändrades inte.`;
  const lockedText =
    locked.length === 0
      ? ''
      : ` Skyddet kunde inte uppdateras för ${locked.join(', ')}: du får inte ändra ${locked.length === 1 ? 'den fliken' : 'de flikarna'}. Be kalkylarkets ägare välja Skapa/uppdatera flikar.`;
  return tabs + (redrawn ? ` ${redrawn}` : '') + lockedText;
}
