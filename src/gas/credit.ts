/**
 * "Kreditera faktura" in the spreadsheet: the Apps Script side of the dialog
 * (dialogs/credit.html). creditList lists the register, creditPreview plans and writes nothing,
 * creditConfirm writes the previewed credit under the document lock (app/creditView.ts). This
 * adapter adds what only Apps Script has: the dialog, the lock, the active spreadsheet as the
 * port, the user, today in the spreadsheet's time zone, a link to the credit note's sheet, and
 * the recomputation of the custom functions after a credit.
 */
import { creditDetails } from '../app/credit';
import {
  confirmCreditView,
  creditList as listCredits,
  parseCreditRequest,
  previewCreditView,
  type CreditConfirmView,
  type CreditListView,
  type CreditPreviewView,
} from '../app/creditView';
import { LOG_ACTION } from '../app/log';
import { formulaTabs } from '../workbook/customFormulaCells';
import { ReadOncePort } from '../workbook/readOncePort';
import { refreshFormulas } from './formulaRefresh';
import {
  activePort,
  currentUser,
  guardProtectedTabs,
  keepingActiveSheet,
  logRefused,
  logUser,
  withDocumentLock,
} from './host';
import { SheetsPort, spreadsheetToday } from './sheets';

export type { CreditConfirmView, CreditListView, CreditPreviewView } from '../app/creditView';

export const CREDIT_DIALOG_TITLE = 'Kreditera faktura';
export const CREDIT_BUSY_MESSAGE =
  'En annan körning (fakturering, kreditering eller utskick) pågår just nu. Vänta tills den är klar och försök sedan igen.';

export function openCreditDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('credit').setWidth(960).setHeight(720);
  SpreadsheetApp.getUi().showModalDialog(html, CREDIT_DIALOG_TITLE);
}

/** The register's documents and today's date; writes nothing. */
export function creditList(): CreditListView {
  return toJson(listCredits(activePort(), spreadsheetToday()));
}

/** Plans the credit and describes it; writes nothing. */
export function creditPreview(request: unknown): CreditPreviewView {
  const credit = parseCreditRequest(request, spreadsheetToday());
  return toJson(previewCreditView(activePort(), credit, { user: currentUser() }));
}

/**
 * Writes the previewed credit under the document lock; another run holding the lock gets
 * CREDIT_BUSY_MESSAGE (and a Logg row). After a written credit the custom functions in the
 * administrator's own tabs are recomputed: FASTKOSTNAD and UTBILDARPOTT count it.
 */
export function creditConfirm(request: unknown): CreditConfirmView {
  const credit = parseCreditRequest(request, spreadsheetToday());
  const user = currentUser();
  return toJson(
    withDocumentLock(
      () =>
        keepingActiveSheet(() => {
          const sheets = new SheetsPort(SpreadsheetApp.getActiveSpreadsheet());
          const port = new ReadOncePort(sheets);
          guardProtectedTabs(port, user, { action: LOG_ACTION.credit, details: creditDetails(credit, null) }, sheets);
          const view = confirmCreditView(port, credit, {
            user,
            logUser: logUser(),
            sheetUrl: (name) => sheets.link(name),
          });
          if (view.written) {
            const { failure } = refreshFormulas(formulaTabs(port.tabsNotRead()));
            if (failure) view.message = `${view.message} ${failure}`;
          }
          return view;
        }),
      CREDIT_BUSY_MESSAGE,
      () => logRefused(LOG_ACTION.credit, `${creditDetails(credit, null)}: ${CREDIT_BUSY_MESSAGE}`),
    ),
  );
}

/**
 * Today as the spreadsheet's calendar shows it (File › Settings › Time zone), which may differ
 * from the script's: Utilities.formatDate in Spreadsheet.getSpreadsheetTimeZone().
 * https://developers.google.com/apps-script/reference/utilities/utilities#formatDate(Date,String,String)
 */

/** google.script.run drops undefined and cannot carry class instances: send plain data only. */
function toJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
