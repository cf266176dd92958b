/**
 * "Kreditera faktura" in the spreadsheet: the Apps Script side of the dialog
 * (dialogs/credit.html). creditList lists the register, creditPreview plans and writes nothing,
 * creditConfirm writes the previewed credit under the document lock (creditView.ts). This
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
} from './creditView';
import { LOG_ACTION } from '../app/log';
import { currentUser, logUser, toJson } from './host';
import { writeRegister } from './registerWrite';
import { spreadsheetToday } from './sheets';
import { linkIssues, linkingPort } from './issueLinks';

export type { CreditConfirmView, CreditListView, CreditPreviewView } from './creditView';

export const CREDIT_DIALOG_TITLE = 'Kreditera faktura';
export const CREDIT_BUSY_MESSAGE =
  'En annan körning (fakturering, kreditering eller utskick) pågår just nu. Vänta tills den är klar och försök sedan igen.';

export function openCreditDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('credit').setWidth(960).setHeight(720);
  SpreadsheetApp.getUi().showModalDialog(html, CREDIT_DIALOG_TITLE);
}

/** The register's documents and today's date; writes nothing. */
export function creditList(): CreditListView {
  const { port, link } = linkingPort();
  const list = listCredits(port, spreadsheetToday());
  return toJson({ ...list, errors: linkIssues(list.errors, port, link) });
}

/** Plans the credit and describes it; writes nothing. */
export function creditPreview(request: unknown): CreditPreviewView {
  const credit = parseCreditRequest(request, spreadsheetToday());
  const { port, link } = linkingPort();
  const view = previewCreditView(port, credit, { user: currentUser() });
  return toJson({
    ...view,
    errors: linkIssues(view.errors, port, link),
    warnings: linkIssues(view.warnings, port, link),
  });
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
    writeRegister(
      { action: LOG_ACTION.credit, details: creditDetails(credit, null), busyMessage: CREDIT_BUSY_MESSAGE, user },
      (port, sheets) =>
        confirmCreditView(port, credit, { user, logUser: logUser(), sheetUrl: (name) => sheets.link(name) }),
    ),
  );
}
