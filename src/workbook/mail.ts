/**
 * The e-mail that carries an invoice to a municipality's socialchef: Swedish subject, plain-text
 * and HTML bodies. Pure: both hosts send exactly this. Every value in the HTML body is escaped.
 */
import { formatKronor } from '../core/format';
import type { Decimal } from '../core/money';
import type { IsoDate, Municipality, Settings } from '../core/types';
import { buyerLegalName } from './legalName';

/** What the e-mail says about the invoice (a register row or a planned invoice has all of it). */
export interface MailInvoice {
  number: string;
  municipality: string;
  period: string; // 'YYYY-MM'
  invoiceDate: IsoDate;
  dueDate: IsoDate;
  ocr: string;
  total: Decimal;
  /** On a credit note (SPEC §8): the invoice it credits, its date, and the reason ('' = none given). */
  credits?: { number: string; invoiceDate: IsoDate; reason: string };
}

export interface InvoiceMail {
  to: string;
  replyTo: string; // '' when the Svarsadress setting is blank
  senderName: string; // the association, shown as the sender's name
  subject: string;
  text: string;
  html: string;
}

export interface MailOptions {
  /** Test mode: the mail goes to `testRecipient` only, with TEST in the subject. */
  test: boolean;
  testRecipient?: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

export type DocumentKind = 'Faktura' | 'Faktura – att erhålla' | 'Kreditfaktura';

/** Kreditfaktura for a credit note only; an invoice with a negative total is "Faktura – att erhålla" (SPEC §3.6). */
export function invoiceKind(invoice: Pick<MailInvoice, 'total' | 'credits'>): DocumentKind {
  if (invoice.credits) return 'Kreditfaktura';
  return invoice.total.isNegative() && !invoice.total.isZero() ? 'Faktura – att erhålla' : 'Faktura';
}

/** The PDF's file name: '<number> <municipality>.pdf'. */
export function pdfFileName(invoice: { number: string; municipality: string }): string {
  return `${invoice.number} ${invoice.municipality}.pdf`;
}

export function invoiceMail(
  invoice: MailInvoice,
  settings: Pick<Settings, 'association' | 'bankgiro' | 'contactPerson' | 'replyTo'>,
  municipality: Pick<Municipality, 'name' | 'email' | 'socialChief'> &
    Partial<Pick<Municipality, 'orgNumber' | 'legalName'>>,
  options: MailOptions,
): InvoiceMail {
  const kind = invoiceKind(invoice);
  const receive = invoice.total.isNegative() && !invoice.total.isZero();
  const association = settings.association.trim() || 'Norrbottens Kommuner';
  const credited = invoice.credits ? ` (krediterar ${invoice.credits.number})` : '';
  const subject = `${options.test ? 'TEST: ' : ''}${kind} ${invoice.number}${credited} – Yrkesresan ${invoice.period} – ${municipality.name}`;
  const to = options.test ? (options.testRecipient ?? '').trim() : municipality.email.trim();
  const greeting = municipality.socialChief.trim() ? `Hej ${municipality.socialChief.trim()},` : 'Hej,';
  const amountLabel = receive ? 'Att erhålla' : 'Att betala';
  const amount = formatKronor(invoice.total.abs());
  const contact = settings.contactPerson.trim();
  const replyTo = settings.replyTo.trim();

  const buyer = buyerLegalName({ orgNumber: '', legalName: '', ...municipality });
  const intro = [...introLines(invoice, association, buyer, amount, receive)].join(' ');
  const facts: [string, string][] = [
    [amountLabel, amount],
    ['Fakturadatum', invoice.invoiceDate],
    ['Förfallodatum', invoice.dueDate],
    ['OCR', invoice.ocr],
  ];
  const pays = invoice.total.gt(0);
  if (pays) facts.push(['Bankgiro', settings.bankgiro.trim()]);
  const payHint = pays ? 'Ange OCR-numret när ni betalar.' : '';
  const questions = contact
    ? `Har ni frågor om fakturan, kontakta ${contact}${replyTo ? ` (${replyTo})` : ''}.`
    : replyTo
      ? `Har ni frågor om fakturan, svara på detta e-postmeddelande (${replyTo}).`
      : '';
  const testNote = options.test
    ? `TEST – detta är ett provutskick till dig. Skarpt skickas fakturan till ${municipality.email.trim() || '(e-postadress saknas)'}.`
    : '';

  const text = [
    ...(testNote ? [testNote, ''] : []),
    greeting,
    '',
    intro,
    `${attachmentName(kind)} finns som PDF i bilagan.`,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    ...(payHint ? ['', payHint] : []),
    ...(questions ? ['', questions] : []),
    '',
    'Med vänliga hälsningar',
    association,
    ...(contact ? [contact] : []),
    '',
  ].join('\n');

  const e = escapeHtml;
  const html = [
    '<!DOCTYPE html>',
    '<html lang="sv"><head><meta charset="utf-8"><title>' + e(subject) + '</title></head>',
    '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #222;">',
    ...(testNote ? [`<p style="background: #fff3cd; padding: 8px;"><strong>${e(testNote)}</strong></p>`] : []),
    `<p>${e(greeting)}</p>`,
    `<p>${e(intro)}<br>${e(attachmentName(kind))} finns som PDF i bilagan.</p>`,
    '<table style="border-collapse: collapse;">',
    ...facts.map(
      ([label, value]) =>
        `<tr><td style="padding: 2px 16px 2px 0;">${e(label)}</td><td style="padding: 2px 0;"><strong>${e(value)}</strong></td></tr>`,
    ),
    '</table>',
    ...(payHint ? [`<p>${e(payHint)}</p>`] : []),
    ...(questions ? [`<p>${e(questions)}</p>`] : []),
    `<p>Med vänliga hälsningar<br>${e(association)}${contact ? `<br>${e(contact)}` : ''}</p>`,
    '</body></html>',
  ].join('\n');

  return { to, replyTo, senderName: association, subject, text, html };
}

function attachmentName(kind: DocumentKind): string {
  return kind === 'Kreditfaktura' ? 'Kreditfakturan' : 'Fakturan';
}

/** The opening of the body: what the document is, and for a credit note what it credits and why. */
function* introLines(
  invoice: MailInvoice,
  association: string,
  buyer: string,
  amount: string,
  receive: boolean,
): Generator<string> {
  const what = `från ${association} för Yrkesresan, period ${invoice.period}, till ${buyer}.`;
  const c = invoice.credits;
  if (!c) {
    yield `Här kommer faktura ${invoice.number} ${what}`;
    if (receive)
      yield `${association} betalar ut ${amount} till er senast ${invoice.dueDate}; ni behöver inte betala något.`;
    return;
  }
  yield `Här kommer kreditfaktura ${invoice.number} ${what}`;
  yield `Den krediterar faktura ${c.number} av ${c.invoiceDate} i sin helhet.`;
  if (c.reason.trim()) yield `Orsak: ${c.reason.trim()}.`.replace(/([.!?])\.$/, '$1');
  if (receive)
    yield `Faktura ${c.number} ska inte betalas; har ni redan betalat den räknas beloppet av eller betalas tillbaka.`;
  else if (invoice.total.gt(0)) yield `Den återtar utbetalningen ur utbildarpotten på faktura ${c.number}.`;
  yield 'Det som ska faktureras på nytt kommer på en ny faktura.';
}
