/**
 * "Betalningar och påminnelser" in the spreadsheet: the dialog (dialogs/payments.html) and the
 * functions it calls through google.script.run. Two parts:
 *
 * - Läs in betalningar: the browser reads the bank file's bytes (FileReader, base64: BgMax is
 *   ISO 8859-1, so the bytes and not a decoded text travel), paymentsPreview matches and writes
 *   nothing, paymentsConfirm imports under the document lock (app/payments.ts), with camt.054
 *   parsed in JavaScript (workbook/xml.ts: XmlService would cost a service call per element).
 * - Påminnelser: remindersList previews what is overdue on a date, remindersSend reminds under the
 *   document lock through MailApp (app/remind.ts), remindersTest sends the same mails to the user.
 *
 * This file binds the use cases to the active spreadsheet, the user, MailApp and the lock, and
 * returns plain JSON; who may do what is decided in app/.
 */
import { base64ToBytes } from '../core/bankfile';
import { formatKronor } from '../core/format';
import { Dec } from '../core/money';
import { isIsoDate } from '../core/dates';
import { importPayments, previewPayments, type BankFileUpload, type PaymentOutcome } from '../app/payments';
import { listReminders, sendReminders, type ReminderLine } from '../app/remind';
import type { SendReport } from '../app/send';
import { issueText, LOG_ACTION } from '../app/log';
import { spreadsheetToday } from './sheets';
import { issueUrls, linkingPort, type Linker } from './issueLinks';
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
import { xmlParser } from '../workbook/xml';

export const PAYMENTS_DIALOG_TITLE = 'Betalningar och påminnelser';
export const PAYMENTS_BUSY_MESSAGE =
  'En annan körning (fakturering, inläsning eller utskick) pågår just nu. Vänta tills den är klar och försök sedan igen.';

/** An execution ends after 6 minutes: no reminder is started after this much time. */
const SEND_TIME_BUDGET_MS = 4.5 * 60 * 1000;

export function openPaymentsDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('payments').setWidth(1000).setHeight(760);
  SpreadsheetApp.getUi().showModalDialog(html, PAYMENTS_DIALOG_TITLE);
}

/** The import as the dialog shows it: amounts as `1 550,00 kr`, issues as Swedish lines. */
export interface PaymentsView {
  ok: boolean;
  file: string;
  format: string;
  payments: (PaymentOutcome['payments'][number] & { amountText: string })[];
  allocations: (PaymentOutcome['allocations'][number] & { amountText: string })[];
  invoices: (PaymentOutcome['invoices'][number] & { totalText: string; paidText: string })[];
  errors: string[];
  warnings: string[];
  /** Per error and warning, a link to its cell ('' when it has none), as Kontrollera data links. */
  errorUrls: string[];
  warningUrls: string[];
  written: boolean;
  message: string;
}

const kronor = (amount: string) => formatKronor(new Dec(amount));

function paymentsView(o: PaymentOutcome, links?: Linker): PaymentsView {
  return {
    ok: o.ok,
    file: o.file,
    format: o.format,
    // Object.assign, not spread: the same object, and a bank file has tens of thousands of
    // payments (spread copies through a generic path in V8, microseconds per object).
    payments: o.payments.map((p) => Object.assign({}, p, { amountText: kronor(p.amount) })),
    allocations: o.allocations.map((a) => ({ ...a, amountText: kronor(a.amount) })),
    invoices: o.invoices.map((i) => ({ ...i, totalText: kronor(i.total), paidText: kronor(i.paid) })),
    errors: o.errors.map(issueText),
    warnings: o.warnings.map(issueText),
    errorUrls: issueUrls(o.errors, links),
    warningUrls: issueUrls(o.warnings, links),
    written: o.written,
    message: o.message,
  };
}

/** { name, base64 } from the dialog; no base64 = no file (the typed allocations only). */
function upload(request: unknown): BankFileUpload | null | string {
  const r = (request ?? {}) as Record<string, unknown>;
  const base64 = typeof r.base64 === 'string' ? r.base64 : '';
  if (base64 === '') return null;
  const name = typeof r.name === 'string' && r.name.trim() ? r.name.trim() : 'bankfil';
  const bytes = base64ToBytes(base64);
  return bytes ? { name, bytes } : `${name}: filen kunde inte läsas. Välj filen igen.`;
}

function unreadable(message: string): PaymentsView {
  return {
    ok: false,
    file: '',
    format: '',
    payments: [],
    allocations: [],
    invoices: [],
    errors: [message],
    warnings: [],
    errorUrls: [''],
    warningUrls: [],
    written: false,
    message: 'Inga betalningar lästes in; ingenting har ändrats.',
  };
}

/** Matches the file's payments (and the typed allocations) against the register; writes nothing. */
export function paymentsPreview(request: unknown): PaymentsView {
  const file = upload(request);
  if (typeof file === 'string') return unreadable(file);
  const links = linkingPort();
  return toJson(paymentsView(previewPayments(links.port, file, { xml: xmlParser, user: currentUser() }), links));
}

/** Imports under the document lock, matched again from the register as it is now; logged in Logg. */
export function paymentsConfirm(request: unknown): PaymentsView {
  const file = upload(request);
  if (typeof file === 'string') return unreadable(file);
  const user = currentUser();
  const name = file ? file.name : 'utan fil';
  return toJson(
    withDocumentLock(
      () => {
        // Inbetalningar may be inserted, and Sheets makes it the active sheet: the administrator stays where they were.
        return keepingActiveSheet(() => {
          // Protections re-synchronised with Administratörer first: a locked-out administrator is refused before anything is written.
          const port = guardedPort(user, { action: LOG_ACTION.payments, details: `Fil ${name}` });
          return paymentsView(importPayments(port, file, { xml: xmlParser, user, logUser: logUser() }));
        });
      },
      PAYMENTS_BUSY_MESSAGE,
      () => logRefused(LOG_ACTION.payments, `Fil ${name}: ${PAYMENTS_BUSY_MESSAGE}`),
    ),
  );
}

export interface RemindersView {
  date: string;
  reminders: ReminderLine[];
  recent: ReminderLine[];
  errors: string[];
  /** E-mails that may still be sent today (MailApp.getRemainingDailyQuota). */
  quota: number;
  user: string;
}

interface ReminderRequest {
  date: string;
  numbers: string[] | undefined;
}

function reminderRequest(request: unknown): ReminderRequest {
  const r = (request ?? {}) as Record<string, unknown>;
  const given = typeof r.date === 'string' ? r.date.trim() : '';
  const numbers = Array.isArray(r.numbers) ? r.numbers.map((n) => String(n).trim()).filter(Boolean) : undefined;
  return { date: isIsoDate(given) ? given : spreadsheetToday(), numbers };
}

/** Every invoice overdue on the date, what will be reminded and what not; writes nothing. */
export function remindersList(request: unknown): RemindersView {
  const { date } = reminderRequest(request);
  const user = currentUser();
  const list = listReminders(activePort(), { date, user });
  return toJson({
    date: list.date,
    reminders: list.reminders,
    recent: list.recent,
    errors: list.errors,
    quota: mailAppPort().remainingQuota(),
    user,
  });
}

/** Reminds the chosen invoices (default: every one that may be) under the document lock. */
export function remindersSend(request: unknown): SendReport {
  const { date, numbers } = reminderRequest(request);
  const user = currentUser();
  return toJson(
    withDocumentLock(
      () =>
        // Logg is created when missing, and Sheets makes a new sheet the active one.
        keepingActiveSheet(() =>
          sendReminders(
            guardedPort(user, { action: LOG_ACTION.reminders, details: `Påminnelser ${date}` }),
            mailAppPort(),
            invoicePdf,
            {
              date,
              numbers,
              user,
              logUser: logUser(),
              deadline: Date.now() + SEND_TIME_BUDGET_MS,
            },
          ),
        ),
      PAYMENTS_BUSY_MESSAGE,
      () => logRefused(LOG_ACTION.reminders, `Påminnelser ${date}: ${PAYMENTS_BUSY_MESSAGE}`),
    ),
  );
}

/** Test mode: the chosen reminders to the person running it, TEST in the subject; nothing is written. */
export function remindersTest(request: unknown): SendReport {
  const { date, numbers } = reminderRequest(request);
  const user = currentUser();
  return toJson(
    sendReminders(activePort(), mailAppPort(), invoicePdf, {
      date,
      numbers,
      user,
      test: true,
      testRecipient: logUser(),
      deadline: Date.now() + SEND_TIME_BUDGET_MS,
    }),
  );
}
