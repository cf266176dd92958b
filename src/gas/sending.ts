/**
 * "Skicka fakturor" in the spreadsheet: the dialog (dialogs/sending.html) and the functions it
 * calls through google.script.run. The work is app/send.ts; this file only binds it to the
 * active spreadsheet, MailApp and the document lock, and returns plain JSON.
 */
import {
  listSendable,
  resendInvoice,
  sendInvoices,
  unsentNumbers,
  type SendList,
  type SendReport,
  type SendableInvoice,
} from '../app/send';
import { LOG_ACTION } from '../app/log';
import {
  activePort,
  currentUser,
  guardedPort,
  keepingActiveSheet,
  logRefused,
  logUser,
  toJson,
  withDocumentLock,
} from './host';
import { invoicePdf, mailAppPort } from './mail';

export const SEND_DIALOG_TITLE = 'Skicka fakturor';
export const SEND_BUSY_MESSAGE =
  'En fakturering eller ett utskick pågår just nu. Vänta tills det är klart och försök sedan igen.';

export interface SendListView {
  invoices: SendableInvoice[];
  /** E-mails that may still be sent today (MailApp.getRemainingDailyQuota). */
  quota: number;
  user: string;
  errors: string[];
}

export function openSendDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('sending').setWidth(960).setHeight(680);
  SpreadsheetApp.getUi().showModalDialog(html, SEND_DIALOG_TITLE);
}

/** An execution ends after 6 minutes: no e-mail is started after this much time. */
export const SEND_TIME_BUDGET_MS = 4.5 * 60 * 1000;

function deadline(): number {
  return Date.now() + SEND_TIME_BUDGET_MS;
}

/** Every invoice of the register with its recipient, status and whether it can be sent. */
export function sendingList(): SendListView {
  const list: SendList = listSendable(activePort(), { user: currentUser() });
  return toJson({
    invoices: list.invoices,
    quota: mailAppPort().remainingQuota(),
    user: list.user,
    errors: list.errors,
  });
}

interface ParsedRequest {
  numbers: string[] | null; // null: every invoice that is not yet sent
  confirmed: boolean;
}

function parseRequest(request: unknown): ParsedRequest {
  const r = (request ?? {}) as Record<string, unknown>;
  const raw = Array.isArray(request)
    ? request
    : typeof request === 'string'
      ? [request]
      : (r.numbers ?? (r.number !== undefined ? [r.number] : null));
  const numbers =
    raw === null || raw === undefined
      ? null
      : Array.isArray(raw)
        ? raw.map((n) => String(n).trim()).filter(Boolean)
        : [String(raw).trim()];
  return { numbers, confirmed: r.confirmed === true || r.confirm === true };
}

function selected(numbers: string[] | null): string[] {
  if (numbers) return numbers;
  return unsentNumbers(listSendable(activePort(), { user: currentUser() }));
}

/** Sends the chosen invoices (default: all not yet sent) under the document lock. */
export function sendingSend(request: unknown): SendReport {
  const { numbers } = parseRequest(request);
  return toJson(
    withDocumentLock(
      () =>
        // Logg is created when missing, and Sheets makes a new sheet the active one.
        keepingActiveSheet(() => {
          const user = currentUser();
          const port = guardedPort(user, {
            action: LOG_ACTION.sending,
            details: numbers ? numbers.join(', ') : 'Alla ej skickade fakturor',
          });
          const options = { numbers: selected(numbers), user, logUser: logUser(), deadline: deadline() };
          return sendInvoices(port, mailAppPort(), invoicePdf, options);
        }),
      SEND_BUSY_MESSAGE,
      () =>
        logRefused(
          LOG_ACTION.sending,
          `${numbers ? numbers.join(', ') : 'Alla ej skickade fakturor'}: ${SEND_BUSY_MESSAGE}`,
        ),
    ),
  );
}

/** Test mode: every chosen mail to the person running it, TEST in the subject; nothing is written. */
export function sendingTest(request: unknown): SendReport {
  const { numbers } = parseRequest(request);
  const options = {
    numbers: selected(numbers),
    user: currentUser(),
    testRecipient: logUser(),
    test: true,
    deadline: deadline(),
  };
  return toJson(sendInvoices(activePort(), mailAppPort(), invoicePdf, options));
}

/** Sends one Skickad invoice again; only with { number, confirmed: true }. */
export function sendingResend(request: unknown): SendReport {
  const { numbers, confirmed } = parseRequest(request);
  const number = numbers?.[0] ?? '';
  return toJson(
    withDocumentLock(
      () =>
        keepingActiveSheet(() => {
          const user = currentUser();
          const port = guardedPort(user, { action: LOG_ACTION.resending, details: number });
          return resendInvoice(port, mailAppPort(), invoicePdf, { number, confirmed, user, logUser: logUser() });
        }),
      SEND_BUSY_MESSAGE,
      () => logRefused(LOG_ACTION.resending, `${number}: ${SEND_BUSY_MESSAGE}`),
    ),
  );
}
