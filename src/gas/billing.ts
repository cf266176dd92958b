/**
 * "Kör fakturering" in the spreadsheet: the Apps Script side of the dialog. The dialog
 * (dialogs/billing.html) calls billingPreview, which plans and writes nothing, and then
 * billingConfirm, which bills the previewed plan (billingView.ts). This adapter adds what
 * only Apps Script has: the dialog, the document lock, the active spreadsheet as the port, the
 * user, links to the invoice sheets, and the recomputation of the custom functions after a run.
 */
import { confirmRun, parseRequest, previewRun, type ConfirmView, type PreviewView } from './billingView';
import { billingDetails } from '../app/bill';
import { linkIssues, linkingPort } from './issueLinks';
import { LOG_ACTION } from '../app/log';
import { currentUser, logUser, toJson } from './host';
import { writeRegister } from './registerWrite';
import { spreadsheetToday } from './sheets';

// The dialog's protocol, for the dialog's own tests.
export type { ConfirmView, PreviewView } from './billingView';

export const DIALOG_TITLE = 'Kör fakturering';
export const BUSY_MESSAGE = 'En annan fakturering pågår just nu. Vänta tills den är klar och försök sedan igen.';

export function openBillingDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('billing').setWidth(960).setHeight(720);
  SpreadsheetApp.getUi().showModalDialog(html, DIALOG_TITLE);
}

/** Plans the run and describes it; writes nothing. */
export function billingPreview(request: unknown): PreviewView {
  const run = parseRequest(request, spreadsheetToday());
  const { port, link } = linkingPort();
  const view = previewRun(port, run, { user: currentUser() });
  return toJson({
    ...view,
    errors: linkIssues(view.errors, port, link),
    warnings: linkIssues(view.warnings, port, link),
  });
}

/**
 * Bills the previewed run under the document lock; another run holding the lock gets
 * BUSY_MESSAGE. After a written run the custom functions in the administrator's own tabs are
 * recomputed, so that an overview does not show figures from before the run.
 */
export function billingConfirm(request: unknown): ConfirmView {
  const run = parseRequest(request, spreadsheetToday());
  const user = currentUser();
  return toJson(
    writeRegister(
      { action: LOG_ACTION.billing, details: billingDetails(run, null), busyMessage: BUSY_MESSAGE, user },
      (port, sheets) => confirmRun(port, run, { user, logUser: logUser(), sheetUrl: (name) => sheets.link(name) }),
    ),
  );
}
