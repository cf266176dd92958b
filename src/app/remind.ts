/**
 * Påminnelser (SPEC §10), written once for both hosts: the invoices overdue on a date listed for
 * the preview, and a Swedish reminder e-mailed for each, with the invoice's PDF attached, through
 * the same delivery loop as Skicka fakturor (app/send): the quota is checked before anything is
 * sent, mail goes only to the municipality's E-post (test mode: only to the person running it),
 * and a failure marks that invoice while the rest go on.
 *
 * Never twice: before the first mail, Påmind of every invoice about to be reminded gets the date
 * in one block write, so an execution that dies after a mail, before anything else is written,
 * cannot remind again within 14 days. After the loop one more block write puts back what was not
 * sent (the quota or the time ran out) and marks a failed mail `Fel: <reason>`, which may be
 * reminded again at once. The cost of that order is that a run which dies between the two writes
 * leaves the unsent ones marked as reminded; the Logg row that is then missing shows it.
 */
import { formatKronor } from '../core/format';
import { creditedInvoices } from '../core/ledgerState';
import { money2, ZERO, type Decimal } from '../core/money';
import { isOverdue, remindBlockedUntil, reminderDueDate, type PayableDocument } from '../core/payments';
import type { IsoDate, RegisteredInvoice } from '../core/types';
import { isEmail } from '../workbook/cells';
import { pdfFileName, reminderMail } from '../workbook/mail';
import type { SheetDocument, WorkbookPort } from '../workbook/port';
import { readWorkbook, type WorkbookSnapshot } from '../workbook/read';
import { writeReminded } from '../workbook/writePayments';
import { mayAdminister } from './bill';
import { appendLog, LOG_ACTION, LOG_RESULT, thrownText } from './log';
import { reviewedDocument, type ReviewedDocument } from './send/document';
import { blockingErrors, findMunicipality, sendProblem, STATUS_ERROR_PREFIX, type Input } from './send/eligibility';
import { asyncSender, deliverAll, deliverAllAsync, syncSender, type Campaign, type Sender } from './send/sending';
import type { AsyncMailPort, AsyncPdfRenderer, MailPort, PdfRenderer, SendItemResult, SendReport } from './send/types';

/** One overdue invoice as the preview and reminders.json show it. */
export interface ReminderLine {
  number: string;
  municipality: string;
  period: string;
  ocr: string;
  total: string; // '40300.00'
  paid: string;
  remaining: string;
  remainingText: string; // '1 550,00 kr'
  dueDate: IsoDate;
  newDueDate: IsoDate;
  /** Påmind: the latest reminder ('' = never), or its failure. */
  reminded: string;
  /** The municipality's E-post ('' when missing). */
  recipient: string;
  /** Reminded within 14 days: not again before this date ('' = may be reminded). */
  blockedUntil: IsoDate | '';
  /** Why it cannot be sent now, in Swedish ('' when it can). */
  problem: string;
}

export interface ReminderList {
  date: IsoDate;
  /** Overdue and not reminded within 14 days: what a plain run reminds (unless `problem`). */
  reminders: ReminderLine[];
  /** Overdue but reminded within 14 days: listed, not reminded. */
  recent: ReminderLine[];
  /** Blocking problems (the register cannot be read, the user may not remind), in Swedish. */
  errors: string[];
}

export interface ReminderOptions {
  date: IsoDate;
  /** The invoices to remind; default every overdue invoice that may and can be reminded. */
  numbers?: readonly string[];
  /** Test mode: every mail to the runner only, TEST in the subject; nothing is written. */
  test?: boolean;
  /** Who runs it, checked against Administratörer; undefined = the holder of the file (command line). */
  user?: string;
  testRecipient?: string;
  /** Who Logg names when `user` is not given. */
  logUser?: string;
  now?: () => Date;
  /** No mail is started after this time (ms since epoch). */
  deadline?: number;
}

function payable(inv: RegisteredInvoice, credited: ReadonlyMap<string, string>): PayableDocument {
  return {
    number: inv.number,
    ocr: inv.ocr,
    total: inv.total,
    status: inv.status,
    credits: inv.credits ?? '',
    // Credited when a committed credit note names it, whatever its own cells say (core/ledgerState).
    creditedBy: inv.creditedBy || credited.get(inv.number) || '',
    sent: inv.sent,
    dueDate: inv.dueDate,
  };
}

function line(snapshot: WorkbookSnapshot, inv: RegisteredInvoice, date: IsoDate): ReminderLine {
  const paid: Decimal = inv.paid ?? ZERO;
  const remaining = inv.total.minus(paid);
  const m = findMunicipality(snapshot.input, inv.municipality);
  return {
    number: inv.number,
    municipality: inv.municipality,
    period: inv.period,
    ocr: inv.ocr,
    total: money2(inv.total),
    paid: money2(paid),
    remaining: money2(remaining),
    remainingText: formatKronor(remaining),
    dueDate: inv.dueDate,
    newDueDate: reminderDueDate(date),
    reminded: inv.reminderFailure || inv.reminded || '',
    recipient: m?.email.trim() ?? '',
    blockedUntil: remindBlockedUntil(inv.reminded ?? '', date),
    problem: sendProblem(snapshot, inv),
  };
}

/** Why `user` may not remind ('' when they may; undefined = nobody to check). */
function userProblem(snapshot: WorkbookSnapshot, user: string | undefined): string {
  const me = (user ?? '').trim();
  if (user === undefined || mayAdminister(snapshot.input.settings.administrators, me)) return '';
  return `Endast administratörer (inställningen Administratörer) får skicka påminnelser. ${me || 'Din e-postadress kan inte avgöras, och du'} finns inte i listan.`;
}

/** The overdue invoices of the register on `date`, split by the 14-day rule. */
function overdue(
  snapshot: WorkbookSnapshot,
  date: IsoDate,
): { reminders: ReminderLine[]; recent: ReminderLine[]; byNumber: Map<string, RegisteredInvoice> } {
  const ledger = snapshot.input.ledger;
  const credited = creditedInvoices(ledger);
  const reminders: ReminderLine[] = [];
  const recent: ReminderLine[] = [];
  const byNumber = new Map<string, RegisteredInvoice>();
  for (const inv of ledger.invoices) {
    if (!isOverdue(payable(inv, credited), inv.paid ?? ZERO, date)) continue;
    byNumber.set(inv.number, inv);
    const l = line(snapshot, inv, date);
    (l.blockedUntil ? recent : reminders).push(l);
  }
  return { reminders, recent, byNumber };
}

/** The preview: every invoice overdue on `date`, what will be reminded and what not, and why. */
export function listReminders(port: WorkbookPort, options: { date: IsoDate; user?: string }): ReminderList {
  const snapshot = readWorkbook(port);
  const errors = blockingErrors(snapshot);
  const notAllowed = userProblem(snapshot, options.user);
  if (notAllowed) errors.push(notAllowed);
  const { reminders, recent } = overdue(snapshot, options.date);
  return { date: options.date, reminders, recent, errors };
}

/** DIR/reminders.json (SPEC §10): the invoices that are reminded. */
export function remindersJson(
  reminders: readonly ReminderLine[],
  date: IsoDate,
): {
  date: IsoDate;
  reminders: { number: string; municipality: string; remaining: string; dueDate: string; newDueDate: string }[];
} {
  return {
    date,
    reminders: reminders.map((r) => ({
      number: r.number,
      municipality: r.municipality,
      remaining: r.remaining,
      dueDate: r.dueDate,
      newDueDate: r.newDueDate,
    })),
  };
}

interface Job {
  invoice: RegisteredInvoice;
  line: ReminderLine;
  /** The invoice sheet, compared with the register, that is attached (SPEC §2.7). */
  doc: SheetDocument;
}

interface Run {
  snapshot: WorkbookSnapshot;
  input: Input;
  jobs: Job[];
  skipped: SendItemResult[];
  test: boolean;
  testRecipient: string;
}

function refused(test: boolean, message: string, results: SendItemResult[] = []): SendReport {
  return { ok: false, test, message, results, sent: 0, failed: 0, skipped: results.length };
}

/**
 * The invoice sheet attached to the reminder, read once here, or why the invoice cannot be
 * reminded now: no address, no sheet, or a sheet that no longer agrees with the register (SPEC §2.7).
 */
function attachment(
  port: WorkbookPort,
  snapshot: WorkbookSnapshot,
  invoice: RegisteredInvoice,
  test: boolean,
): ReviewedDocument {
  const problem = sendProblem(snapshot, invoice, test);
  if (problem) return { doc: null, problem };
  return reviewedDocument(port, snapshot.input, invoice, snapshot.layout.tabNames);
}

/** The reminders to send, or why none will be. Writes nothing. */
function prepare(port: WorkbookPort, options: ReminderOptions, quota: () => number): Run | SendReport {
  const test = !!options.test;
  const snapshot = readWorkbook(port);
  const errors = blockingErrors(snapshot);
  if (errors.length) return refused(test, `Inga påminnelser skickades.\n${errors.join('\n')}`);
  const notAllowed = userProblem(snapshot, options.user);
  if (notAllowed) return refused(test, notAllowed);
  const testRecipient = (options.testRecipient ?? '').trim() || (options.user ?? '').trim();
  if (test && !isEmail(testRecipient)) return refused(test, 'Testutskick går inte: din e-postadress kan inte avgöras.');

  const { reminders, recent, byNumber } = overdue(snapshot, options.date);
  const due = new Map(reminders.map((r) => [r.number, r]));
  const wanted = options.numbers
    ? [...new Set(options.numbers.map((n) => String(n).trim()).filter(Boolean))]
    : reminders.filter((r) => !r.problem).map((r) => r.number);
  const jobs: Job[] = [];
  const skipped: SendItemResult[] = [];
  for (const number of wanted) {
    const l = due.get(number);
    const skip = (municipality: string, reason: string) =>
      skipped.push({ number, municipality, outcome: 'skipped', reason });
    if (!l) {
      const blocked = recent.find((r) => r.number === number);
      if (blocked)
        skip(blocked.municipality, `Påmind ${blocked.reminded}; nästa påminnelse tidigast ${blocked.blockedUntil}.`);
      else skip('', `Fakturan ${number} är inte förfallen och obetald den ${options.date}.`);
      continue;
    }
    const reviewed = attachment(port, snapshot, byNumber.get(number)!, test);
    if (reviewed.doc === null) {
      skip(l.municipality, reviewed.problem);
      continue;
    }
    jobs.push({ invoice: byNumber.get(number)!, line: l, doc: reviewed.doc });
  }
  if (jobs.length === 0) {
    const message = skipped.length
      ? [
          'Inga påminnelser skickades.',
          ...skipped.map(
            (r) => `${r.number}${r.municipality ? ` ${r.municipality}` : ''}: ${r.outcome === 'sent' ? '' : r.reason}`,
          ),
        ].join('\n')
      : `Inga fakturor att påminna om den ${options.date}.`;
    return { ok: skipped.length === 0, test, message, results: skipped, sent: 0, failed: 0, skipped: skipped.length };
  }
  // One recipient per message: the quota must cover them all, or nothing is sent.
  const left = Math.floor(quota());
  if (jobs.length > left) {
    return refused(
      test,
      `Dagens e-postkvot räcker inte: ${jobs.length} ${jobs.length === 1 ? 'påminnelse' : 'påminnelser'} behövs men bara ${Math.max(0, left)} e-postmeddelanden får skickas i dag. Välj färre fakturor eller skicka resten i morgon. Inga påminnelser skickades.`,
      skipped,
    );
  }
  return { snapshot, input: snapshot.input, jobs, skipped, test, testRecipient };
}

const QUOTA_STOP = 'Dagens e-postkvot tog slut; påminnelsen är inte skickad och kan skickas vid nästa körning.';
const TIME_STOP = 'Tiden för en körning tog slut; påminnelsen är inte skickad och kan skickas vid nästa körning.';

function campaign(port: WorkbookPort, run: Run, options: ReminderOptions): Campaign<Job> {
  const result = (job: Job) => ({ number: job.invoice.number, municipality: job.invoice.municipality });
  const now = options.now ?? (() => new Date());
  return {
    jobs: run.jobs,
    now,
    deadline: options.deadline ?? Number.POSITIVE_INFINITY,
    letter: ({ invoice, line: l, doc }) => {
      const municipality = findMunicipality(run.input, invoice.municipality) ?? {
        name: invoice.municipality,
        email: '',
        socialChief: '',
      };
      const mail = reminderMail(
        {
          number: invoice.number,
          municipality: invoice.municipality,
          period: invoice.period,
          invoiceDate: invoice.invoiceDate,
          dueDate: invoice.dueDate,
          ocr: invoice.ocr,
          total: invoice.total,
          paid: invoice.paid ?? ZERO,
          remaining: invoice.total.minus(invoice.paid ?? ZERO),
          newDueDate: l.newDueDate,
        },
        run.input.settings,
        municipality,
        { test: run.test, testRecipient: run.testRecipient },
      );
      return {
        mail: { ...mail, number: invoice.number },
        fileName: pdfFileName(invoice),
        doc,
      };
    },
    sent: (job, to) => ({ ...result(job), outcome: 'sent', to, sentAt: options.date }),
    failed: (job, reason) => ({ ...result(job), outcome: 'failed', reason }),
    stopped: (job, why) => ({ ...result(job), outcome: 'skipped', reason: why === 'quota' ? QUOTA_STOP : TIME_STOP }),
  };
}

/** Påmind = the date for every invoice about to be reminded: one write, before the first mail. */
function claim(port: WorkbookPort, run: Run, date: IsoDate): void {
  if (run.test) return;
  writeReminded(port, run.snapshot, new Map(run.jobs.map((j) => [j.invoice.number, date])));
}

/**
 * Puts back Påmind of what was not sent and marks the failures: one write, only when needed. The
 * write covers every claimed row between the first and the last fix, so each claimed invoice is
 * given its final value (the snapshot still holds the values from before the claim).
 */
function settle(port: WorkbookPort, run: Run, results: readonly SendItemResult[], date: IsoDate): void {
  if (run.test) return;
  const before = new Map(
    run.jobs.map((j) => [j.invoice.number, j.invoice.reminderFailure || j.invoice.reminded || '']),
  );
  const final = new Map(run.jobs.map((j): [string, string] => [j.invoice.number, date]));
  let changed = false;
  for (const r of results) {
    if (!before.has(r.number)) continue;
    if (r.outcome === 'failed') final.set(r.number, `${STATUS_ERROR_PREFIX}${r.reason}`);
    else if (r.outcome === 'skipped') final.set(r.number, before.get(r.number)!);
    else continue;
    changed = true;
  }
  if (changed) writeReminded(port, run.snapshot, final);
}

function report(run: Run, results: SendItemResult[], date: IsoDate): SendReport {
  const all = [...run.skipped, ...results];
  const sent = all.filter((r) => r.outcome === 'sent').length;
  const failed = all.filter((r) => r.outcome === 'failed').length;
  const skipped = all.filter((r) => r.outcome === 'skipped').length;
  const parts = [
    run.test
      ? `${sent} ${sent === 1 ? 'testpåminnelse' : 'testpåminnelser'} skickade till ${run.testRecipient}. Fakturaregistret är oförändrat.`
      : `${sent} ${sent === 1 ? 'påminnelse' : 'påminnelser'} skickade; Påmind är ${date}.`,
  ];
  if (failed)
    parts.push(run.test ? `${failed} misslyckades.` : `${failed} misslyckades och är markerade Fel i kolumnen Påmind.`);
  if (skipped) parts.push(`${skipped} skickades inte.`);
  return { ok: true, test: run.test, message: parts.join(' '), results: all, sent, failed, skipped };
}

/** Logg's Detaljer: the date, who got what, what failed and why nothing was sent. */
function details(date: IsoDate, r: SendReport): string {
  const parts = [`Påminnelser ${date}.`];
  const sent = r.results.filter((x) => x.outcome === 'sent');
  if (sent.length)
    parts.push(`Skickade: ${sent.map((x) => `${x.number} till ${x.outcome === 'sent' ? x.to : ''}`).join(', ')}.`);
  for (const x of r.results)
    if (x.outcome !== 'sent')
      parts.push(`${x.number} ${x.outcome === 'failed' ? 'misslyckades' : 'skickades inte'}: ${x.reason}`);
  if (!r.ok || parts.length === 1) parts.push(r.message);
  return parts.join(' ');
}

function logged(port: WorkbookPort, options: ReminderOptions, r: SendReport): SendReport {
  if (options.test || (r.ok && r.results.length === 0)) return r;
  const result = !r.ok
    ? LOG_RESULT.refused
    : r.failed > 0 || r.skipped > 0
      ? r.sent > 0
        ? LOG_RESULT.partly
        : LOG_RESULT.refused
      : LOG_RESULT.done;
  appendLog(port, {
    action: LOG_ACTION.reminders,
    user: options.logUser ?? options.user ?? '',
    details: details(options.date, r),
    result,
  });
  return r;
}

function stoppedByHost(port: WorkbookPort, options: ReminderOptions, e: unknown): never {
  if (!options.test) {
    appendLog(port, {
      action: LOG_ACTION.reminders,
      user: options.logUser ?? options.user ?? '',
      details: `Påminnelserna ${options.date} avbröts: ${thrownText(e)}. Fakturorna som skulle påminnas har Påmind ${options.date}; kontrollera i Skickat vilka som gick iväg.`,
      result: LOG_RESULT.failed,
    });
  }
  throw e;
}

function runWith(sender: Sender, options: ReminderOptions): SendReport {
  const run = prepare(sender.port, options, sender.quota);
  if (!('jobs' in run)) return logged(sender.port, options, run);
  try {
    claim(sender.port, run, options.date);
    const results = deliverAll(sender, campaign(sender.port, run, options));
    settle(sender.port, run, results, options.date);
    return logged(sender.port, options, report(run, results, options.date));
  } catch (e) {
    return stoppedByHost(sender.port, options, e);
  }
}

async function runWithAsync(sender: Sender, options: ReminderOptions): Promise<SendReport> {
  const run = prepare(sender.port, options, sender.quota);
  if (!('jobs' in run)) return logged(sender.port, options, run);
  try {
    claim(sender.port, run, options.date);
    const results = await deliverAllAsync(sender, campaign(sender.port, run, options));
    settle(sender.port, run, results, options.date);
    return logged(sender.port, options, report(run, results, options.date));
  } catch (e) {
    return stoppedByHost(sender.port, options, e);
  }
}

/** Reminds the selected overdue invoices (default: all that may be) on a synchronous host. */
export function sendReminders<P>(
  port: WorkbookPort,
  mailer: MailPort<P>,
  pdf: PdfRenderer<P>,
  options: ReminderOptions,
): SendReport {
  return runWith(syncSender(port, mailer, pdf), options);
}

export function sendRemindersAsync<P>(
  port: WorkbookPort,
  mailer: AsyncMailPort<P>,
  pdf: AsyncPdfRenderer<P>,
  options: ReminderOptions,
): Promise<SendReport> {
  return runWithAsync(asyncSender(port, mailer, pdf), options);
}
