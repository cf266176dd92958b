/**
 * The e-mail that carries an invoice to a municipality's socialchef: Swedish subject, plain-text
 * and HTML bodies. Pure: both hosts send exactly this. Every value in the HTML body is escaped.
 */
import { daysInMonth, isIsoMonth } from '../core/dates';
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

export { escapeHtml } from '../core/escape';
import { escapeHtml } from '../core/escape';

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

/** What a letter to a municipality says, in the order both bodies show it. */
interface LetterParts {
  subject: string;
  testNote: string; // '' outside test mode
  greeting: string;
  /** The opening paragraph's lines (the last one says that the PDF is attached). */
  intro: string[];
  facts: [string, string][];
  payHint: string;
  questions: string;
  association: string;
  contact: string;
}

/** The plain-text and HTML bodies of a letter (an invoice's, a reminder's); every value in the HTML escaped. */
function composeBodies(p: LetterParts): { text: string; html: string } {
  const text = [
    ...(p.testNote ? [p.testNote, ''] : []),
    p.greeting,
    '',
    ...p.intro,
    '',
    ...p.facts.map(([label, value]) => `${label}: ${value}`),
    ...(p.payHint ? ['', p.payHint] : []),
    ...(p.questions ? ['', p.questions] : []),
    '',
    'Med vänliga hälsningar',
    p.association,
    ...(p.contact ? [p.contact] : []),
    '',
  ].join('\n');

  const e = escapeHtml;
  const html = [
    '<!DOCTYPE html>',
    '<html lang="sv"><head><meta charset="utf-8"><title>' + e(p.subject) + '</title></head>',
    '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #222;">',
    ...(p.testNote ? [`<p style="background: #fff3cd; padding: 8px;"><strong>${e(p.testNote)}</strong></p>`] : []),
    `<p>${e(p.greeting)}</p>`,
    `<p>${p.intro.map(e).join('<br>')}</p>`,
    '<table style="border-collapse: collapse;">',
    ...p.facts.map(
      ([label, value]) =>
        `<tr><td style="padding: 2px 16px 2px 0;">${e(label)}</td><td style="padding: 2px 0;"><strong>${e(value)}</strong></td></tr>`,
    ),
    '</table>',
    ...(p.payHint ? [`<p>${e(p.payHint)}</p>`] : []),
    ...(p.questions ? [`<p>${e(p.questions)}</p>`] : []),
    `<p>Med vänliga hälsningar<br>${e(p.association)}${p.contact ? `<br>${e(p.contact)}` : ''}</p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}

function questionsLine(contact: string, replyTo: string): string {
  return contact
    ? `Har ni frågor om fakturan, kontakta ${contact}${replyTo ? ` (${replyTo})` : ''}.`
    : replyTo
      ? `Har ni frågor om fakturan, svara på detta e-postmeddelande (${replyTo}).`
      : '';
}

export function invoiceMail(
  invoice: MailInvoice,
  settings: Pick<Settings, 'association' | 'bankgiro' | 'contactPerson' | 'replyTo'>,
  municipality: Pick<Municipality, 'name' | 'email' | 'socialChief'> &
    Partial<Pick<Municipality, 'orgNumber' | 'legalName' | 'payoutAccount'>>,
  options: MailOptions,
): InvoiceMail {
  const kind = invoiceKind(invoice);
  const receive = invoice.total.isNegative() && !invoice.total.isZero();
  const association = settings.association.trim() || 'Norrbottens Kommuner';
  const credited = invoice.credits ? ` (krediterar ${invoice.credits.number})` : '';
  const buyer = buyerLegalName({ orgNumber: '', legalName: '', ...municipality });
  // What the period means and who the buyer is, in words (SPEC §2.2: the legal name on every e-mail).
  const subject = `${options.test ? 'TEST: ' : ''}${kind} ${invoice.number}${credited} – Yrkesresan, ${coursesUpTo(invoice.period)} – ${buyer}`;
  const to = options.test ? (options.testRecipient ?? '').trim() : municipality.email.trim();
  const greeting = municipality.socialChief.trim() ? `Hej ${municipality.socialChief.trim()},` : 'Hej,';
  const amountLabel = receive ? 'Att erhålla' : 'Att betala';
  const amount = formatKronor(invoice.total.abs());
  const contact = settings.contactPerson.trim();
  const replyTo = settings.replyTo.trim();

  const account = (municipality.payoutAccount ?? '').trim();
  const intro = [...introLines(invoice, association, buyer, amount, receive, account)].join(' ');
  const facts: [string, string][] = [
    [amountLabel, amount],
    ['Fakturadatum', invoice.invoiceDate],
    ['Förfallodatum', invoice.dueDate],
  ];
  // The OCR and the bankgiro only when the buyer pays, as on the document (SPEC §3.6).
  const pays = invoice.total.gt(0);
  if (pays) facts.push(['OCR', invoice.ocr], ['Bankgiro', settings.bankgiro.trim()]);
  const payHint = pays ? 'Ange OCR-numret när ni betalar.' : '';
  const questions = questionsLine(contact, replyTo);
  const testNote = options.test
    ? `TEST – detta är ett provutskick till dig. Skarpt skickas fakturan till ${municipality.email.trim() || '(e-postadress saknas)'}.`
    : '';
  const lines = [intro, `${attachmentName(kind)} finns som PDF i bilagan.`];
  const { text, html } = composeBodies({
    subject,
    testNote,
    greeting,
    intro: lines,
    facts,
    payHint,
    questions,
    association,
    contact,
  });
  return { to, replyTo, senderName: association, subject, text, html };
}

const MONTH_NAMES = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];

/**
 * What a run's period means to a reader: its cut-off is the month's last day (SPEC §3), so
 * '2025-05' reads 'kurser t.o.m. 31 maj 2025'. A period that is not YYYY-MM is shown as it is.
 */
export function coursesUpTo(period: string): string {
  if (!isIsoMonth(period)) return `period ${period}`;
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  return `kurser t.o.m. ${daysInMonth(year, month)} ${MONTH_NAMES[month - 1]} ${year}`;
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
  account: string,
): Generator<string> {
  const what = `från ${association} för Yrkesresan, ${coursesUpTo(invoice.period)}, till ${buyer}.`;
  const c = invoice.credits;
  if (!c) {
    yield `Här kommer faktura ${invoice.number} ${what}`;
    if (receive)
      yield `${association} betalar ut ${amount} till er senast ${invoice.dueDate}${account ? `, till bankgiro ${account}` : ''}; ni behöver inte betala något.`;
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

/** What a reminder says about the invoice it reminds of (SPEC §10). */
export interface MailReminder extends MailInvoice {
  /** What is left to pay: Belopp − Betalt. */
  remaining: Decimal;
  paid: Decimal;
  newDueDate: IsoDate;
}

/**
 * The reminder of an overdue invoice: the remaining amount, the original and the new due date,
 * the OCR and the bankgiro, with the invoice's PDF attached (as when it was sent).
 */
export function reminderMail(
  reminder: MailReminder,
  settings: Pick<Settings, 'association' | 'bankgiro' | 'contactPerson' | 'replyTo'>,
  municipality: Pick<Municipality, 'name' | 'email' | 'socialChief'> &
    Partial<Pick<Municipality, 'orgNumber' | 'legalName'>>,
  options: MailOptions,
): InvoiceMail {
  const association = settings.association.trim() || 'Norrbottens Kommuner';
  const buyer = buyerLegalName({ orgNumber: '', legalName: '', ...municipality });
  const subject = `${options.test ? 'TEST: ' : ''}Påminnelse: faktura ${reminder.number} – Yrkesresan, ${coursesUpTo(reminder.period)} – ${buyer}`;
  const to = options.test ? (options.testRecipient ?? '').trim() : municipality.email.trim();
  const greeting = municipality.socialChief.trim() ? `Hej ${municipality.socialChief.trim()},` : 'Hej,';
  const contact = settings.contactPerson.trim();
  const replyTo = settings.replyTo.trim();
  const partly = reminder.paid.greaterThan(0);
  const intro = [
    `Enligt vår bokföring är faktura ${reminder.number} från ${association} för Yrkesresan, ${coursesUpTo(reminder.period)}, till ${buyer} inte betald${partly ? ' i sin helhet' : ''}. Den förföll till betalning ${reminder.dueDate}.`,
    `Vi ber er betala ${partly ? 'det som återstår' : 'beloppet'} senast ${reminder.newDueDate}. Fakturan finns som PDF i bilagan.`,
  ];
  const facts: [string, string][] = [['Att betala', formatKronor(reminder.remaining)]];
  if (partly)
    facts.push(['Fakturans belopp', formatKronor(reminder.total)], ['Betalt hittills', formatKronor(reminder.paid)]);
  facts.push(
    ['Ursprungligt förfallodatum', reminder.dueDate],
    ['Nytt förfallodatum', reminder.newDueDate],
    ['OCR', reminder.ocr],
    ['Bankgiro', settings.bankgiro.trim()],
  );
  const testNote = options.test
    ? `TEST – detta är ett provutskick till dig. Skarpt skickas påminnelsen till ${municipality.email.trim() || '(e-postadress saknas)'}.`
    : '';
  const { text, html } = composeBodies({
    subject,
    testNote,
    greeting,
    intro,
    facts,
    payHint: 'Ange OCR-numret när ni betalar. Har ni betalat nyligen kan ni bortse från denna påminnelse.',
    questions: questionsLine(contact, replyTo),
    association,
    contact,
  });
  return { to, replyTo, senderName: association, subject, text, html };
}
