/**
 * `bill --send` on the command line: the local stand-in for sending. The same use case as in
 * Apps Script (app/send.ts), with a mailer that writes each message as DIR/mail/<number>
 * <municipality>.eml instead of sending it, so the register gets Skickad/Mottagare the same way.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  listSendable,
  sendInvoicesAsync,
  unsentNumbers,
  type AsyncMailPort,
  type OutgoingMail,
  type SendReport,
} from '../app/send';
import type { SheetDocument, WorkbookPort } from '../workbook/port';
import { buildEml, safeFileName } from './eml';
import { CliFailure, errnoOf, fileErrorText } from './failure';
import { renderPdf } from './pdf';

/** The From address when the Svarsadress setting is blank (.invalid never resolves). */
export const FALLBACK_FROM = 'faktura@yrkesresan.invalid';

export interface MailFilesOptions {
  /** Who runs it, checked against Administratörer; undefined = the holder of the file (no check). */
  user?: string;
  /** Clock for Skickad and the Date header; default now. */
  now?: () => Date;
  /** Who is named in Logg. */
  logUser?: string;
}

export interface MailFilesResult {
  files: string[]; // absolute or DIR-relative paths as joined from outDir, in sending order
  report: SendReport;
}

type Selection = readonly string[] | { invoices: readonly { number: string }[] } | null | undefined;

function numbersOf(port: WorkbookPort, selection: Selection, user: string | undefined): string[] {
  if (Array.isArray(selection)) return [...selection];
  if (selection && 'invoices' in selection) return selection.invoices.map((i) => i.number);
  // Nothing given: every invoice that is not yet sent.
  return unsentNumbers(listSendable(port, { user }));
}

/**
 * The command line's mailer: each message written as an RFC 5322 file into `dir` instead of being
 * sent, named after its attachment (`name` decides otherwise); `files` collects the paths.
 */
export function emlMailer(
  dir: string,
  now: () => Date,
  files: string[],
  name: (mail: OutgoingMail<Uint8Array>) => string = (m) => m.attachment.fileName.replace(/\.pdf$/i, '.eml'),
): AsyncMailPort<Uint8Array> {
  return {
    remainingQuota: () => Number.MAX_SAFE_INTEGER,
    async send(mail: OutgoingMail<Uint8Array>): Promise<void> {
      const eml = await buildEml({
        from: { name: mail.senderName, address: mail.replyTo || FALLBACK_FROM },
        to: mail.to,
        replyTo: mail.replyTo,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachment: { fileName: mail.attachment.fileName, content: mail.attachment.content },
        date: now(),
      });
      const file = join(dir, safeFileName(name(mail)));
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, eml);
      } catch (e) {
        // What the register's Status (Fel: …) and the administrator read: Swedish, not errno text.
        const errno = errnoOf(e);
        if (!errno) throw e;
        throw new CliFailure(fileErrorText(errno, 'skriva e-postfilen', basename(errno.path ?? file)));
      }
      files.push(file);
    },
  };
}

/** The PDF of a document as the command line makes it, dated by the clock. */
export function pdfRenderer(now: () => Date): (doc: SheetDocument, fileName: string) => Promise<Uint8Array> {
  return (doc, fileName) => renderPdf(doc, { title: fileName.replace(/\.pdf$/i, ''), creationDate: now() });
}

/**
 * "Sends" the selected invoices (numbers, a run plan, or by default everything not yet sent)
 * by writing one RFC 5322 message each into outDir/mail/. Writes Status Skickad, Skickad and
 * Mottagare into the register through the port, exactly as sending in Apps Script does.
 */
export async function sendAsFiles(
  port: WorkbookPort,
  selection: Selection,
  outDir: string,
  options: MailFilesOptions = {},
): Promise<MailFilesResult> {
  const now = options.now ?? (() => new Date());
  const files: string[] = [];
  const mailer = emlMailer(join(outDir, 'mail'), now, files);
  const numbers = numbersOf(port, selection, options.user);
  const report = await sendInvoicesAsync(port, mailer, pdfRenderer(now), {
    numbers,
    user: options.user,
    logUser: options.logUser,
    now,
  });
  return { files, report };
}

/**
 * --send after a run (bill, credit): the messages of `numbers` as files in outDir/mail/, every
 * invoice not sent printed on stderr. `failed` when any was not sent: the run itself stands,
 * but the command fails.
 */
export async function sendRunMails(
  err: (line: string) => void,
  port: WorkbookPort,
  numbers: string[],
  outDir: string,
  logUser: string,
): Promise<{ mails: number; failed: boolean }> {
  const sent = await sendAsFiles(port, numbers, outDir, { logUser });
  for (const r of sent.report.results) if (r.outcome !== 'sent') err(`FEL  ${r.number} ${r.municipality}: ${r.reason}`);
  if (!sent.report.ok) err(sent.report.message);
  return { mails: sent.files.length, failed: !sent.report.ok || sent.report.failed > 0 || sent.report.skipped > 0 };
}
