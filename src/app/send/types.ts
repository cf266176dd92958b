/** What the host hands to sending (its mailer and PDF renderer) and what it gets back. */
import type { InvoiceMail } from '../../workbook/mail';
import type { SheetDocument } from '../../workbook/port';

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
  /** Who is named in Logg when `user` is not given (the command line's operating-system user). */
  logUser?: string;
}

export interface ResendOptions {
  number: string;
  /** Must be true: sending a Skickad invoice again is done on purpose only. */
  confirmed: boolean;
  user?: string;
  logUser?: string;
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
