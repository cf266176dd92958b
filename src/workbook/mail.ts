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

/** 'Faktura' or, for a negative total, 'Kreditfaktura'. */
export function invoiceKind(total: Decimal): 'Faktura' | 'Kreditfaktura' {
  return total.isNegative() && !total.isZero() ? 'Kreditfaktura' : 'Faktura';
}

/** The PDF's file name: '<number> <municipality>.pdf'. */
export function pdfFileName(invoice: { number: string; municipality: string }): string {
  return `${invoice.number} ${invoice.municipality}.pdf`;
}

export function invoiceMail(
  invoice: MailInvoice,
  settings: Pick<Settings, 'association' | 'bankgiro' | 'contactPerson' | 'replyTo'>,
  municipality: Pick<Municipality, 'name' | 'email' | 'socialChief'> & Partial<Pick<Municipality, 'orgNumber'>>,
  options: MailOptions,
): InvoiceMail {
  const kind = invoiceKind(invoice.total);
  const credit = kind === 'Kreditfaktura';
  const association = settings.association.trim() || 'Norrbottens Kommuner';
  const subject =
    `${options.test ? 'TEST: ' : ''}${kind} ${invoice.number} – Yrkesresan ${invoice.period} – ${municipality.name}`;
  const to = options.test ? (options.testRecipient ?? '').trim() : municipality.email.trim();
  const greeting = municipality.socialChief.trim() ? `Hej ${municipality.socialChief.trim()},` : 'Hej,';
  const amountLabel = credit ? 'Att erhålla' : 'Att betala';
  const amount = formatKronor(credit ? invoice.total.abs() : invoice.total);
  const contact = settings.contactPerson.trim();
  const replyTo = settings.replyTo.trim();

  const buyer = buyerLegalName({ orgNumber: '', ...municipality });
  const intro = credit
    ? `Här kommer kreditfaktura ${invoice.number} från ${association} för Yrkesresan, period ${invoice.period}, till ${buyer}. Beloppet betalas ut till er; ni behöver inte betala något.`
    : `Här kommer faktura ${invoice.number} från ${association} för Yrkesresan, period ${invoice.period}, till ${buyer}.`;
  const facts: [string, string][] = [
    [amountLabel, amount],
    ['Fakturadatum', invoice.invoiceDate],
    ['Förfallodatum', invoice.dueDate],
    ['OCR', invoice.ocr],
  ];
  if (!credit) facts.push(['Bankgiro', settings.bankgiro.trim()]);
  const payHint = credit ? '' : 'Ange OCR-numret när ni betalar.';
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
    'Fakturan finns som PDF i bilagan.',
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
    `<p>${e(intro)}<br>Fakturan finns som PDF i bilagan.</p>`,
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
