/**
 * Running a batch: each job's invoice sheet read back, made a PDF and e-mailed, and the register
 * row written right after. The loop is written once, as a generator that yields each delivery;
 * a synchronous host (Apps Script) and an asynchronous one (the command line) only drive it, and
 * the reminders (app/remind.ts) run their own letters through the same loop.
 */
import { isPaymentStatus } from '../../core/payments';
import type { RegisteredInvoice } from '../../core/types';
import { reasonFromSheet } from '../../workbook/invoiceSheet';
import { invoiceMail, pdfFileName, type InvoiceMail, type MailInvoice } from '../../workbook/mail';
import type { SheetDocument, WorkbookPort } from '../../workbook/port';
import { STATUS_SENDING, STATUS_SENT } from '../../workbook/schema';
import { writeSendStatus } from '../../workbook/write';
import { prepareBatch, type Batch, type BatchRequest, type Job } from './batch';
import { STATUS_ERROR_PREFIX } from './eligibility';
import { appendLog, LOG_ACTION, LOG_RESULT, thrownText } from '../log';
import { swedishTime } from '../clock';
import type {
  AsyncMailPort,
  AsyncPdfRenderer,
  MailPort,
  PdfRenderer,
  SendItemResult,
  SendOptions,
  SendReport,
} from './types';

/** One e-mail ready to go: its message, and the document its PDF is made from. */
export interface Letter {
  mail: InvoiceMail & { number: string };
  fileName: string;
  doc: SheetDocument;
}

/** Hands a letter to the host: done when it returns (or its promise resolves), failed when it throws (or rejects). */
type Deliver = (letter: Letter) => void | Promise<void>;

/** What a batch runs on: the workbook, the host's delivery and its mail quota. */
export interface Sender {
  port: WorkbookPort;
  deliver: Deliver;
  quota: () => number;
}

/**
 * A run of e-mails, one per job (an invoice to send, an invoice to remind of): how each job's
 * letter is made and how its outcome is recorded. The loop that delivers them is the same for all.
 */
export interface Campaign<J> {
  jobs: readonly J[];
  now: () => Date;
  /** Time (ms since epoch) after which no further e-mail is started. */
  deadline: number;
  letter(job: J): Letter;
  /**
   * Marks the job as being sent, before its mail is handed over; a throw stops the run before that
   * mail. The host makes the mark durable before the mail leaves (Apps Script: SpreadsheetApp.flush).
   */
  claim?(job: J): void;
  /** Records a delivered letter; a throw here stops the run (an unrecorded send must not be followed by more). */
  sent(job: J, to: string): SendItemResult;
  failed(job: J, reason: string): SendItemResult;
  /** A job not started because the quota or the time ran out. */
  stopped(job: J, why: 'quota' | 'time'): SendItemResult;
}

export function syncSender<P>(port: WorkbookPort, mailer: MailPort<P>, pdf: PdfRenderer<P>): Sender {
  return {
    port,
    deliver: ({ mail, fileName, doc }) =>
      mailer.send({ ...mail, attachment: { fileName, content: pdf(doc, fileName) } }),
    quota: () => mailer.remainingQuota(),
  };
}

export function asyncSender<P>(port: WorkbookPort, mailer: AsyncMailPort<P>, pdf: AsyncPdfRenderer<P>): Sender {
  return {
    port,
    deliver: async ({ mail, fileName, doc }) =>
      mailer.send({ ...mail, attachment: { fileName, content: await pdf(doc, fileName) } }),
    quota: () => mailer.remainingQuota(),
  };
}

function letterFor(batch: Batch, job: Job): Letter {
  const inv = job.invoice;
  const doc = job.doc;
  const fileName = pdfFileName(inv);
  const municipality = job.municipality ?? { name: inv.municipality, email: '', socialChief: '' };
  const mail = invoiceMail(
    {
      number: inv.number,
      municipality: inv.municipality,
      period: inv.period,
      invoiceDate: inv.invoiceDate,
      dueDate: inv.dueDate,
      ocr: inv.ocr,
      total: inv.total,
      ...creditsOf(batch, inv, doc),
    },
    batch.input.settings,
    municipality,
    { test: batch.test, testRecipient: batch.testRecipient },
  );
  return { mail: { ...mail, number: inv.number }, fileName, doc };
}

/** A credit note's mail says what it credits (from the register) and why (from its sheet, as reviewed). */
function creditsOf(batch: Batch, inv: RegisteredInvoice, doc: SheetDocument): Pick<MailInvoice, 'credits'> {
  const number = (inv.credits ?? '').trim();
  if (number === '') return {};
  const credited = batch.input.ledger.invoices.find((i) => i.number === number);
  const reason = reasonFromSheet(doc.rows.map((r) => r.map((c) => c?.value ?? '')));
  return { credits: { number, invoiceDate: credited?.invoiceDate ?? '', reason } };
}

/** Skickad time as the register shows it: 'YYYY-MM-DD HH:MM' in Swedish time. */
export function sentTime(date: Date): string {
  return swedishTime(date, 'minute');
}

/** A failure's text for a result row: the thrown message, clipped, or 'okänt fel'. */
export function errorReason(e: unknown): string {
  return thrownText(e).slice(0, 200) || 'okänt fel';
}

/**
 * Said when a mail went out but its Status could not be written: the register still shows the
 * invoice as Skickas (written before the mail), so no retry sends it again; the administrator is
 * told which one, to write Skickad once they have seen it arrive.
 */
export function sentNotRecorded(number: string, to: string, e: unknown): string {
  return (
    `Faktura ${number} skickades till ${to} men är skickad men inte registrerad: Status i fliken Fakturor kunde inte skrivas (${errorReason(e)}). ` +
    `Den står kvar som ${STATUS_SENDING} och skickas inte igen av misstag; skriv ${STATUS_SENT} i kolumnen Status för ${number}. Resten av utskicket stoppades.`
  );
}

/** The Status a delivered invoice gets: a paid invoice sent again on purpose keeps its payment status. */
function sentStatus(job: Job): string {
  return isPaymentStatus(job.invoice.status) ? job.invoice.status : STATUS_SENT;
}

/** Records a successful send. A failure here stops the batch: an unrecorded send must not be followed by more. */
function recordSent(port: WorkbookPort, batch: Batch, job: Job, to: string): SendItemResult {
  const at = sentTime(batch.now());
  if (!batch.test) {
    try {
      writeSendStatus(port, batch.snapshot.layout, job.invoice.number, sentStatus(job), at, to);
    } catch (e) {
      throw new Error(sentNotRecorded(job.invoice.number, to, e));
    }
  }
  return { number: job.invoice.number, municipality: job.invoice.municipality, outcome: 'sent', to, sentAt: at };
}

/** Skickas on the invoice, written before its mail is handed over (SPEC §2.6 Status). */
function claim(port: WorkbookPort, batch: Batch, job: Job): void {
  if (batch.test) return;
  const { number, sent, recipient } = job.invoice;
  writeSendStatus(port, batch.snapshot.layout, number, STATUS_SENDING, sent, recipient);
}

/**
 * Marks the invoice Fel, in place of the claim. When sending again, the invoice was delivered
 * before: it gets back the Status it had (Skickad, or a payment status). Test mode writes nothing.
 */
function recordFailure(port: WorkbookPort, batch: Batch, job: Job, reason: string): SendItemResult {
  if (!batch.test) {
    const status = batch.resend ? job.invoice.status : `${STATUS_ERROR_PREFIX}${reason}`;
    writeSendStatus(port, batch.snapshot.layout, job.invoice.number, status, job.invoice.sent, job.invoice.recipient);
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
  if (failed)
    parts.push(
      batch.test ? `${failed} misslyckades.` : `${failed} misslyckades och är markerade Fel i fliken Fakturor.`,
    );
  if (skipped) parts.push(`${skipped} skickades inte.`);
  return { ok: true, test: batch.test, message: parts.join(' '), results, sent, failed, skipped };
}

const QUOTA_STOP = 'Dagens e-postkvot tog slut; fakturan är inte skickad och skickas vid nästa körning.';
const TIME_STOP = 'Tiden för en körning tog slut; fakturan är inte skickad och skickas vid nästa körning.';

function invoiceCampaign(port: WorkbookPort, batch: Batch): Campaign<Job> {
  return {
    jobs: batch.jobs,
    now: batch.now,
    deadline: batch.deadline,
    letter: (job) => letterFor(batch, job),
    claim: (job) => claim(port, batch, job),
    sent: (job, to) => recordSent(port, batch, job, to),
    failed: (job, reason) => recordFailure(port, batch, job, reason),
    stopped: (job, why) => ({
      number: job.invoice.number,
      municipality: job.invoice.municipality,
      outcome: 'skipped',
      reason: why === 'quota' ? QUOTA_STOP : TIME_STOP,
    }),
  };
}

/**
 * The delivery loop. It yields what `deliver` returned: nothing for a synchronous host, a promise
 * for an asynchronous one, which the driver awaits and whose failure it throws back in here.
 */
function* deliverySteps<J>(
  sender: Sender,
  campaign: Campaign<J>,
): Generator<void | Promise<void>, SendItemResult[], void> {
  const results: SendItemResult[] = [];
  const { jobs } = campaign;
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i];
    if (i > 0 && campaign.now().getTime() >= campaign.deadline) {
      results.push(...jobs.slice(i).map((j) => campaign.stopped(j, 'time')));
      break;
    }
    let to: string;
    campaign.claim?.(job);
    try {
      const letter = campaign.letter(job);
      yield sender.deliver(letter);
      to = letter.mail.to;
    } catch (e) {
      results.push(campaign.failed(job, errorReason(e)));
      if (quotaExhausted(sender.quota)) {
        results.push(...jobs.slice(i + 1).map((j) => campaign.stopped(j, 'quota')));
        break;
      }
      continue;
    }
    results.push(campaign.sent(job, to));
  }
  return results;
}

/** Delivers every letter on a synchronous host: all have been handed over when it returns. */
export function deliverAll<J>(sender: Sender, campaign: Campaign<J>): SendItemResult[] {
  const steps = deliverySteps(sender, campaign);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** Delivers every letter on an asynchronous host, awaiting each before the next. */
export async function deliverAllAsync<J>(sender: Sender, campaign: Campaign<J>): Promise<SendItemResult[]> {
  const steps = deliverySteps(sender, campaign);
  let step = steps.next();
  while (!step.done) {
    try {
      await step.value;
    } catch (e) {
      step = steps.throw(e);
      continue;
    }
    step = steps.next();
  }
  return step.value;
}

/** Logg's Detaljer of a batch: what was sent to whom, what failed and why nothing was. */
export function sendingDetails(report: SendReport): string {
  const parts: string[] = [];
  const sent = report.results.filter((r) => r.outcome === 'sent');
  if (sent.length)
    parts.push(`Skickade: ${sent.map((r) => `${r.number} till ${r.outcome === 'sent' ? r.to : ''}`).join(', ')}.`);
  for (const r of report.results) {
    if (r.outcome === 'failed') parts.push(`${r.number} misslyckades: ${r.reason}`);
    if (r.outcome === 'skipped') parts.push(`${r.number} skickades inte: ${r.reason}`);
  }
  if (!report.ok || parts.length === 0) parts.unshift(report.message);
  return parts.join(' ');
}

/**
 * One Logg row per batch that sent or was refused; test mode writes nothing anywhere (its mails
 * go to the runner only), and an empty selection did nothing to log.
 */
function logBatch(port: WorkbookPort, request: BatchRequest, report: SendReport): SendReport {
  if (request.test || (report.ok && report.results.length === 0)) return report;
  const result = !report.ok
    ? LOG_RESULT.refused
    : report.failed > 0 || report.skipped > 0
      ? report.sent > 0
        ? LOG_RESULT.partly
        : LOG_RESULT.refused
      : LOG_RESULT.done;
  appendLog(port, {
    action: request.resend ? LOG_ACTION.resending : LOG_ACTION.sending,
    user: request.logUser ?? request.user ?? '',
    details: sendingDetails(report),
    result,
  });
  return report;
}

/** A batch stopped by a failure of the host (its register write failed): logged, then thrown on. */
function logStopped(port: WorkbookPort, request: BatchRequest, e: unknown): never {
  if (!request.test) {
    appendLog(port, {
      action: request.resend ? LOG_ACTION.resending : LOG_ACTION.sending,
      user: request.logUser ?? request.user ?? '',
      details: `Utskicket avbröts: ${errorReason(e)}. Det som hann skickas är markerat Skickad i Fakturor.`,
      result: LOG_RESULT.failed,
    });
  }
  throw e;
}

/** Prepares and runs a batch on a synchronous host: every delivery has happened when it returns. */
export function runBatch(sender: Sender, request: BatchRequest): SendReport {
  const batch = prepareBatch(sender.port, request, sender.quota);
  if (!('jobs' in batch)) return logBatch(sender.port, request, batch);
  try {
    const results = deliverAll(sender, invoiceCampaign(sender.port, batch));
    return logBatch(sender.port, request, summarize(batch, [...batch.results, ...results]));
  } catch (e) {
    return logStopped(sender.port, request, e);
  }
}

/** Prepares and runs a batch on an asynchronous host, awaiting each delivery before the next. */
export async function runBatchAsync(sender: Sender, request: BatchRequest): Promise<SendReport> {
  const batch = prepareBatch(sender.port, request, sender.quota);
  if (!('jobs' in batch)) return logBatch(sender.port, request, batch);
  try {
    const results = await deliverAllAsync(sender, invoiceCampaign(sender.port, batch));
    return logBatch(sender.port, request, summarize(batch, [...batch.results, ...results]));
  } catch (e) {
    return logStopped(sender.port, request, e);
  }
}

/** Sends the selected invoices that are not yet Skickad (or, in test mode, tests them). */
export function sendInvoices<P>(
  port: WorkbookPort,
  mailer: MailPort<P>,
  pdf: PdfRenderer<P>,
  options: SendOptions,
): SendReport {
  return runBatch(syncSender(port, mailer, pdf), { ...options, test: !!options.test });
}

export function sendInvoicesAsync<P>(
  port: WorkbookPort,
  mailer: AsyncMailPort<P>,
  pdf: AsyncPdfRenderer<P>,
  options: SendOptions,
): Promise<SendReport> {
  return runBatchAsync(asyncSender(port, mailer, pdf), { ...options, test: !!options.test });
}
