/**
 * Skicka fakturor, written once for both hosts: every invoice e-mailed as a PDF to its
 * municipality's E-post, once and only once.
 *
 * - What is sent is what the administrator reviewed: the invoice sheet is read back at send time
 *   and its values are what the PDF shows (the invoice layout supplies only the styling).
 * - Right after each successful send, Status/Skickad/Mottagare of that register row are written
 *   in one write, so a crash or a stop never leads to a second e-mail on the next run.
 * - A failure marks that invoice `Fel: <reason>`; the others continue. A re-run sends only what is
 *   not Skickad. Sending a Skickad invoice again is a separate action that needs confirmation.
 * - Test mode sends each selected mail to the person running it, TEST in the subject, and leaves
 *   the register untouched.
 */
import { formatKronor } from '../core/format';
import { money2 } from '../core/money';
import { normalizeName } from '../core/names';
import type { Municipality, RegisteredInvoice, RunInput, Settings } from '../core/types';
import { isEmail } from '../workbook/cells';
import { invoiceMail, pdfFileName, type InvoiceMail } from '../workbook/mail';
import type { CellValue, DocCell, SheetDocument, WorkbookPort } from '../workbook/port';
import { STATUS_SENT, TAB } from '../workbook/schema';
import { invoiceSheetName as sheetNameOf, registeredInvoiceDocument } from '../workbook/invoiceSheet';
import { readWorkbook, type WorkbookSnapshot } from '../workbook/read';
import { writeSendStatus } from '../workbook/write';

type Input = Omit<RunInput, 'run'>;

/** The message handed to a host's mailer; `content` is the host's PDF (a Blob, or bytes). */
export interface OutgoingMail<P> extends InvoiceMail {
  number: string;
  attachment: { fileName: string; content: P };
}

/** The host's mail service. */
export interface MailPort<P> {
  /** E-mails (recipients) that may still be sent today. */
  remainingQuota(): number;
  /** Sends one message; throws on failure. */
  send(mail: OutgoingMail<P>): void;
}

/** Turns the invoice's laid-out document into the host's PDF. */
export type PdfRenderer<P> = (doc: SheetDocument, fileName: string) => P;

/** The same services for hosts whose PDF or mail is asynchronous (the command line). */
export interface AsyncMailPort<P> {
  remainingQuota(): number;
  send(mail: OutgoingMail<P>): Promise<void>;
}
export type AsyncPdfRenderer<P> = (doc: SheetDocument, fileName: string) => Promise<P>;

export const STATUS_ERROR_PREFIX = 'Fel: ';

/** One register row as the sending dialog shows it. */
export interface SendableInvoice {
  number: string;
  municipality: string;
  period: string;
  invoiceDate: string;
  dueDate: string;
  ocr: string;
  total: string; // '40300.00'
  totalText: string; // '40 300,00 kr'
  credit: boolean;
  status: string; // Skapad | Skickad | Fel: …
  sentAt: string; // Skickad
  sentTo: string; // Mottagare
  /** Where it goes: the municipality's E-post ('' if missing). */
  recipient: string;
  /** Can be sent now (Skapad or Fel, valid address, the invoice sheet exists). */
  sendable: boolean;
  /** Already Skickad: can only be sent again on purpose. */
  resendable: boolean;
  /** Why it cannot be sent, in Swedish; '' when it can. */
  problem: string;
}

export interface SendList {
  invoices: SendableInvoice[];
  /** Blocking problems (the workbook cannot be read, the user may not send), in Swedish. */
  errors: string[];
  user: string;
}

export interface SendOptions {
  /** Invoice numbers to send. */
  numbers: string[];
  /** Test mode: every mail to `user` only, TEST in the subject, the register untouched. */
  test?: boolean;
  /**
   * E-mail of the person running it ('' if the host cannot tell): checked against Administratörer
   * and the recipient in test mode. Undefined: no check (the command line, run by whoever holds the file).
   */
  user?: string;
  /** Test mode's recipient when it is not `user` (a host that knows the runner otherwise). */
  testRecipient?: string;
  /** Clock for the Skickad time and the deadline; default now. */
  now?: () => Date;
  /**
   * Time (ms since epoch) after which no further e-mail is started: an Apps Script execution
   * ends after 6 minutes, and stopping cleanly leaves the rest Skapad for the next run.
   */
  deadline?: number;
}

export interface ResendOptions {
  number: string;
  /** Must be true: sending a Skickad invoice again is done on purpose only. */
  confirmed: boolean;
  user?: string;
  now?: () => Date;
}

export type SendItemResult =
  | { number: string; municipality: string; outcome: 'sent'; to: string; sentAt: string }
  | { number: string; municipality: string; outcome: 'failed'; reason: string }
  | { number: string; municipality: string; outcome: 'skipped'; reason: string };

export interface SendReport {
  /** False when the batch was refused before anything was sent (see `message`). */
  ok: boolean;
  test: boolean;
  message: string; // a Swedish summary
  results: SendItemResult[];
  sent: number;
  failed: number;
  skipped: number;
}

// ---------------------------------------------------------------------------------------------

function isErrorStatus(status: string): boolean {
  return status.trim().toLowerCase().startsWith('fel');
}

function isSentStatus(status: string): boolean {
  return status.trim().toLowerCase() === STATUS_SENT.toLowerCase();
}

function findMunicipality(input: Input, name: string): Municipality | undefined {
  const exact = input.municipalities.find((m) => m.name === name);
  if (exact) return exact;
  const wanted = normalizeName(name);
  const found = input.municipalities.filter((m) => normalizeName(m.name) === wanted);
  return found.length === 1 ? found[0] : undefined;
}

/** Why this invoice cannot go to its municipality ('' when it can). */
function addressProblem(input: Input, invoice: RegisteredInvoice): string {
  const m = findMunicipality(input, invoice.municipality);
  if (!m) return `Kommunen ${invoice.municipality} finns inte i fliken Kommuner.`;
  if (!m.email.trim()) return `E-postadress saknas för ${m.name} (fliken Kommuner, kolumnen E-post).`;
  if (!isEmail(m.email)) return `Ogiltig e-postadress för ${m.name}: "${m.email.trim()}" (fliken Kommuner, kolumnen E-post).`;
  return '';
}

function invoiceSheetName(invoice: RegisteredInvoice): string {
  return sheetNameOf({ number: invoice.number, municipality: invoice.municipality });
}

function sheetProblem(tabNames: readonly string[], invoice: RegisteredInvoice): string {
  const name = invoiceSheetName(invoice);
  return tabNames.includes(name) ? '' : `Fakturabladet "${name}" saknas.`;
}

/** Who may send: everyone when Administratörer is blank, else only those listed. */
export function mayAdminister(settings: Settings, user: string): boolean {
  if (settings.administrators.length === 0) return true;
  const me = user.trim().toLowerCase();
  return me !== '' && settings.administrators.includes(me);
}

function notAllowedMessage(user: string): string {
  return user.trim()
    ? `Du (${user.trim()}) finns inte bland Administratörer i fliken Inställningar och kan inte skicka fakturor.`
    : 'Din e-postadress kan inte avgöras, och bara de som står under Administratörer i fliken Inställningar får skicka fakturor.';
}

function describe(tabNames: readonly string[], input: Input, invoice: RegisteredInvoice): SendableInvoice {
  const sent = isSentStatus(invoice.status);
  const m = findMunicipality(input, invoice.municipality);
  const problem = sent ? '' : addressProblem(input, invoice) || sheetProblem(tabNames, invoice);
  return {
    number: invoice.number,
    municipality: invoice.municipality,
    period: invoice.period,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    ocr: invoice.ocr,
    total: money2(invoice.total),
    totalText: formatKronor(invoice.total),
    credit: invoice.total.isNegative() && !invoice.total.isZero(),
    status: invoice.status,
    sentAt: invoice.sent,
    sentTo: invoice.recipient,
    recipient: m?.email.trim() ?? '',
    sendable: !sent && problem === '',
    resendable: sent,
    problem,
  };
}

/**
 * Sending needs a sound register (its rows are updated in place). Other problems of the workbook
 * do not stop it: an invoice that cannot be sent says why on its own.
 */
function blockingErrors(snapshot: WorkbookSnapshot): string[] {
  if (!snapshot.layout.invoices.exists) return [`Fliken ${TAB.invoices} finns inte: det finns inga fakturor att skicka.`];
  return snapshot.issues
    .filter((i) => i.severity === 'error' && i.tab === snapshot.layout.invoices.tab)
    .map((i) => `${i.tab}${i.row ? ` rad ${i.row}` : ''}${i.column ? `, ${i.column}` : ''}: ${i.message}`);
}

/** Every invoice of the register with what sending would do with it. */
export function listSendable(port: WorkbookPort, options: { user?: string } = {}): SendList {
  const snapshot = readWorkbook(port);
  const user = (options.user ?? '').trim();
  const errors = blockingErrors(snapshot);
  if (options.user !== undefined && !mayAdminister(snapshot.input.settings, user)) errors.push(notAllowedMessage(user));
  const invoices = snapshot.input.ledger.invoices.map((inv) => describe(snapshot.layout.tabNames, snapshot.input, inv));
  return { invoices, errors, user };
}

// ---------------------------------------------------------------------------------------------
// The batch, prepared once and then run by a synchronous or an asynchronous driver.

interface Job {
  invoice: RegisteredInvoice;
  municipality: Municipality | undefined;
}

interface Batch {
  snapshot: WorkbookSnapshot;
  input: Input;
  jobs: Job[];
  results: SendItemResult[]; // skipped ones, decided up front
  test: boolean;
  resend: boolean;
  testRecipient: string;
  now: () => Date;
  deadline: number;
}

function refused(test: boolean, message: string, results: SendItemResult[] = []): SendReport {
  return { ok: false, test, message, results, sent: 0, failed: 0, skipped: results.length };
}

function prepare(
  port: WorkbookPort,
  request: { numbers: string[]; test: boolean; user?: string; testRecipient?: string; now?: () => Date; deadline?: number; resend?: boolean },
  quota: () => number,
): Batch | SendReport {
  const { test } = request;
  const user = (request.user ?? '').trim();
  const snapshot = readWorkbook(port);
  const errors = blockingErrors(snapshot);
  if (errors.length) return refused(test, `Inget skickades.\n${errors.join('\n')}`);
  const input = snapshot.input;
  if (request.user !== undefined && !mayAdminister(input.settings, user)) return refused(test, notAllowedMessage(user));
  const testRecipient = (request.testRecipient ?? '').trim() || user;
  if (test && !isEmail(testRecipient)) {
    return refused(test, 'Testutskick går inte: din e-postadress kan inte avgöras.');
  }
  const byNumber = new Map(input.ledger.invoices.map((i) => [i.number, i]));
  const jobs: Job[] = [];
  const results: SendItemResult[] = [];
  const seen = new Set<string>();
  for (const raw of request.numbers) {
    const number = String(raw).trim();
    if (!number || seen.has(number)) continue;
    seen.add(number);
    const invoice = byNumber.get(number);
    if (!invoice) {
      results.push({ number, municipality: '', outcome: 'skipped', reason: `Fakturan ${number} finns inte i fliken Fakturor.` });
      continue;
    }
    const skip = (reason: string) => results.push({ number, municipality: invoice.municipality, outcome: 'skipped', reason });
    if (!test && !request.resend && isSentStatus(invoice.status)) {
      const when = invoice.sent ? ` ${invoice.sent}` : '';
      const to = invoice.recipient ? ` till ${invoice.recipient}` : '';
      skip(`Redan skickad${when}${to}. Använd Skicka igen för att skicka den på nytt.`);
      continue;
    }
    if (!test && request.resend && !isSentStatus(invoice.status)) {
      skip('Fakturan är inte skickad än: använd Skicka.');
      continue;
    }
    const problem = (test ? '' : addressProblem(input, invoice)) || sheetProblem(snapshot.layout.tabNames, invoice);
    if (problem) {
      skip(problem);
      continue;
    }
    jobs.push({ invoice, municipality: findMunicipality(input, invoice.municipality) });
  }
  if (jobs.length === 0) {
    return {
      ok: results.length === 0,
      test,
      message: results.length
        ? ['Inget skickades.', ...results.map((r) => `${r.number}${r.municipality ? ` ${r.municipality}` : ''}: ${r.outcome === 'sent' ? '' : r.reason}`)].join('\n')
        : 'Inga fakturor valda.',
      results,
      sent: 0,
      failed: 0,
      skipped: results.length,
    };
  }
  // One recipient per message: the quota must cover the whole batch, or nothing is sent.
  const left = Math.floor(quota());
  if (jobs.length > left) {
    return refused(
      test,
      `Dagens e-postkvot räcker inte: ${jobs.length} ${jobs.length === 1 ? 'e-postmeddelande' : 'e-postmeddelanden'} behövs men bara ${Math.max(0, left)} får skickas i dag. Välj färre fakturor eller skicka resten i morgon. Inget skickades.`,
      results,
    );
  }
  return {
    snapshot,
    input,
    jobs,
    results,
    test,
    resend: !!request.resend,
    testRecipient,
    now: request.now ?? (() => new Date()),
    deadline: request.deadline ?? Number.POSITIVE_INFINITY,
  };
}

/** The invoice sheet, read back now, as the document that becomes the PDF. */
function documentFor(port: WorkbookPort, batch: Batch, invoice: RegisteredInvoice): SheetDocument {
  const values = port.read(invoiceSheetName(invoice));
  let layout: SheetDocument | null = null;
  try {
    layout = registeredInvoiceDocument(invoice, batch.input);
  } catch {
    layout = null; // the sheet's values alone still make the PDF
  }
  return sheetValuesAsDocument(values, layout);
}

/**
 * The sheet's values laid out with the invoice layout's styling: a cell keeps the style of the
 * layout's cell at the same place when both hold the same kind of value. The values — what the
 * administrator reviewed — always come from the sheet.
 */
export function sheetValuesAsDocument(values: CellValue[][], layout: SheetDocument | null): SheetDocument {
  const covered = new Set<string>();
  for (const m of layout?.merges ?? []) {
    for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) if (r || c) covered.add(`${m.row - 1 + r}:${m.col - 1 + c}`);
  }
  const kind = (v: CellValue) => (typeof v === 'object' ? 'date' : typeof v);
  const rows = values.map((row, r) =>
    row.map((value, c): DocCell | null => {
      if (covered.has(`${r}:${c}`)) return null; // merged away in the layout (some hosts repeat the value)
      const styled = layout?.rows[r]?.[c] ?? null;
      if (value === '' || value === null || value === undefined) {
        return styled && styled.value === '' ? styled : styled?.background ? { ...styled, value: '' } : null;
      }
      if (styled && kind(styled.value) === kind(value)) return { ...styled, value };
      return { value };
    }),
  );
  const width = Math.max(0, ...rows.map((r) => r.length));
  const columnWidths = Array.from({ length: width }, (_, i) => layout?.columnWidths[i] ?? 100);
  return {
    columnWidths,
    rows,
    merges: layout?.merges?.filter((m) => m.row - 1 < rows.length),
    print: layout?.print ?? { portrait: true, fitToWidth: true },
  };
}

function mailFor(batch: Batch, job: Job, pdfName: string): Omit<OutgoingMail<never>, 'attachment'> & { pdfName: string } {
  const inv = job.invoice;
  const municipality = job.municipality ?? { name: inv.municipality, email: '', socialChief: '' };
  const mail = invoiceMail(
    { number: inv.number, municipality: inv.municipality, period: inv.period, invoiceDate: inv.invoiceDate, dueDate: inv.dueDate, ocr: inv.ocr, total: inv.total },
    batch.input.settings,
    municipality,
    { test: batch.test, testRecipient: batch.testRecipient },
  );
  return { ...mail, number: inv.number, pdfName };
}

/** Skickad time as the register shows it: 'YYYY-MM-DD HH:MM' in Swedish time. */
export function sentTime(date: Date): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

function errorReason(e: unknown): string {
  // Not instanceof Error: a host's errors may come from another realm.
  const message = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
  const text = typeof message === 'string' ? message : String(e);
  return text.replace(/\s+/g, ' ').trim().slice(0, 200) || 'okänt fel';
}

/** Records a successful send. A failure here stops the batch: an unrecorded send must not be followed by more. */
function recordSent(port: WorkbookPort, batch: Batch, job: Job, to: string): SendItemResult {
  const at = sentTime(batch.now());
  if (!batch.test) writeSendStatus(port, batch.snapshot.layout, job.invoice.number, STATUS_SENT, at, to);
  return { number: job.invoice.number, municipality: job.invoice.municipality, outcome: 'sent', to, sentAt: at };
}

/** Marks the invoice Fel. Not in test mode, and not when resending: that invoice was delivered before and stays Skickad. */
function recordFailure(port: WorkbookPort, batch: Batch, job: Job, reason: string): SendItemResult {
  if (!batch.test && !batch.resend) {
    writeSendStatus(port, batch.snapshot.layout, job.invoice.number, `${STATUS_ERROR_PREFIX}${reason}`, job.invoice.sent, job.invoice.recipient);
  }
  return { number: job.invoice.number, municipality: job.invoice.municipality, outcome: 'failed', reason };
}

function quotaExhausted(quota: () => number): boolean {
  try {
    return quota() <= 0;
  } catch {
    return false;
  }
}

function summarize(batch: Batch, results: SendItemResult[]): SendReport {
  const sent = results.filter((r) => r.outcome === 'sent').length;
  const failed = results.filter((r) => r.outcome === 'failed').length;
  const skipped = results.filter((r) => r.outcome === 'skipped').length;
  const parts = [
    batch.test
      ? `${sent} ${sent === 1 ? 'testmeddelande' : 'testmeddelanden'} skickade till ${batch.testRecipient}. Fakturaregistret är oförändrat.`
      : `${sent} ${sent === 1 ? 'faktura' : 'fakturor'} skickade.`,
  ];
  if (failed) parts.push(batch.test ? `${failed} misslyckades.` : `${failed} misslyckades och är markerade Fel i fliken Fakturor.`);
  if (skipped) parts.push(`${skipped} skickades inte.`);
  return { ok: true, test: batch.test, message: parts.join(' '), results, sent, failed, skipped };
}

const QUOTA_STOP = 'Dagens e-postkvot tog slut; fakturan är inte skickad och skickas vid nästa körning.';
const TIME_STOP = 'Tiden för en körning tog slut; fakturan är inte skickad och skickas vid nästa körning.';

function pastDeadline(batch: Batch): boolean {
  return batch.now().getTime() >= batch.deadline;
}

function stopped(jobs: Job[], reason: string): SendItemResult[] {
  return jobs.map((j) => ({ number: j.invoice.number, municipality: j.invoice.municipality, outcome: 'skipped', reason }));
}

function run(port: WorkbookPort, mailer: MailPort<unknown>, pdf: PdfRenderer<unknown>, batch: Batch): SendReport {
  const results = [...batch.results];
  for (let i = 0; i < batch.jobs.length; i++) {
    const job = batch.jobs[i];
    if (i > 0 && pastDeadline(batch)) {
      results.push(...stopped(batch.jobs.slice(i), TIME_STOP));
      break;
    }
    let mail: OutgoingMail<unknown>;
    try {
      const doc = documentFor(port, batch, job.invoice);
      const m = mailFor(batch, job, pdfFileName(job.invoice));
      mail = { ...m, attachment: { fileName: m.pdfName, content: pdf(doc, m.pdfName) } };
      mailer.send(mail);
    } catch (e) {
      results.push(recordFailure(port, batch, job, errorReason(e)));
      if (quotaExhausted(() => mailer.remainingQuota())) {
        results.push(...stopped(batch.jobs.slice(i + 1), QUOTA_STOP));
        break;
      }
      continue;
    }
    results.push(recordSent(port, batch, job, mail.to));
  }
  return summarize(batch, results);
}

async function runAsync(port: WorkbookPort, mailer: AsyncMailPort<unknown>, pdf: AsyncPdfRenderer<unknown>, batch: Batch): Promise<SendReport> {
  const results = [...batch.results];
  for (let i = 0; i < batch.jobs.length; i++) {
    const job = batch.jobs[i];
    if (i > 0 && pastDeadline(batch)) {
      results.push(...stopped(batch.jobs.slice(i), TIME_STOP));
      break;
    }
    let mail: OutgoingMail<unknown>;
    try {
      const doc = documentFor(port, batch, job.invoice);
      const m = mailFor(batch, job, pdfFileName(job.invoice));
      mail = { ...m, attachment: { fileName: m.pdfName, content: await pdf(doc, m.pdfName) } };
      await mailer.send(mail);
    } catch (e) {
      results.push(recordFailure(port, batch, job, errorReason(e)));
      if (quotaExhausted(() => mailer.remainingQuota())) {
        results.push(...stopped(batch.jobs.slice(i + 1), QUOTA_STOP));
        break;
      }
      continue;
    }
    results.push(recordSent(port, batch, job, mail.to));
  }
  return summarize(batch, results);
}

/** Sends the selected invoices that are not yet Skickad (or, in test mode, tests them). */
export function sendInvoices<P>(port: WorkbookPort, mailer: MailPort<P>, pdf: PdfRenderer<P>, options: SendOptions): SendReport {
  const batch = prepare(port, { ...options, test: !!options.test }, () => mailer.remainingQuota());
  if (!('jobs' in batch)) return batch;
  return run(port, mailer as MailPort<unknown>, pdf, batch);
}

export async function sendInvoicesAsync<P>(
  port: WorkbookPort,
  mailer: AsyncMailPort<P>,
  pdf: AsyncPdfRenderer<P>,
  options: SendOptions,
): Promise<SendReport> {
  const batch = prepare(port, { ...options, test: !!options.test }, () => mailer.remainingQuota());
  if (!('jobs' in batch)) return batch;
  return runAsync(port, mailer as AsyncMailPort<unknown>, pdf, batch);
}

const NEEDS_CONFIRMATION = 'Fakturan är redan skickad. Bekräfta att den ska skickas igen.';

/** Sends a Skickad invoice once more, on purpose: without `confirmed` nothing happens. */
export function resendInvoice<P>(port: WorkbookPort, mailer: MailPort<P>, pdf: PdfRenderer<P>, options: ResendOptions): SendReport {
  if (options.confirmed !== true) return refused(false, NEEDS_CONFIRMATION);
  const batch = prepare(port, { numbers: [options.number], test: false, user: options.user, now: options.now, resend: true }, () => mailer.remainingQuota());
  if (!('jobs' in batch)) return batch;
  return run(port, mailer as MailPort<unknown>, pdf, batch);
}

export async function resendInvoiceAsync<P>(
  port: WorkbookPort,
  mailer: AsyncMailPort<P>,
  pdf: AsyncPdfRenderer<P>,
  options: ResendOptions,
): Promise<SendReport> {
  if (options.confirmed !== true) return refused(false, NEEDS_CONFIRMATION);
  const batch = prepare(port, { numbers: [options.number], test: false, user: options.user, now: options.now, resend: true }, () => mailer.remainingQuota());
  if (!('jobs' in batch)) return batch;
  return runAsync(port, mailer as AsyncMailPort<unknown>, pdf, batch);
}

/** Every invoice that a plain Skicka would send now (Skapad or Fel, with a valid address). */
export function unsentNumbers(list: SendList): string[] {
  return list.invoices.filter((i) => i.sendable).map((i) => i.number);
}

export { isErrorStatus, isSentStatus };
