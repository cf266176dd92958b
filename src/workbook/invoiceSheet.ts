/**
 * The invoice's layout, in one place (SPEC §2.7, §3.6): the printable sheet every invoice gets,
 * which is also what the PDF is drawn from. Four columns fit A4 portrait.
 */
import { sellerVatNumber } from '../core/identifiers';
import { isValidOrgNumber } from '../core/luhn';
import { swedishCompare } from '../core/names';
import { sum } from '../core/money';
import type {
  AttendanceRow,
  Course,
  CreditOf,
  InvoiceLine,
  Ledger,
  Municipality,
  PlannedInvoice,
  RegisteredInvoice,
  Settings,
  TrainerRow,
  VariableLine,
} from '../core/types';
import { isBlank, moneyCell, numberCell } from './cells';
import { DocBuilder } from './docBuilder';
import { buyerLegalName } from './legalName';
import { formatMoney, formatNumber } from './format';
import { CalendarDate, FORMAT, type CellStyle, type CellValue, type DocCell, type SheetDocument } from './port';

export const MAX_SHEET_NAME = 31;

/**
 * `<number> <municipality>`, at most 31 characters: the municipality is cut when needed, and an
 * apostrophe the cut leaves last is dropped (Excel refuses a sheet name that ends with one).
 */
export function invoiceSheetName(invoice: { number: string; municipality: string }): string {
  const full = `${invoice.number} ${invoice.municipality}`;
  return full.slice(0, MAX_SHEET_NAME).replace(/[\s']+$/, '');
}

/**
 * A municipality's name becomes part of sheet names and file names (`<number> <name>.pdf`,
 * `Påminnelse <number> <name>.eml`): Excel refuses \ / ? * [ ] : in a sheet name and an
 * apostrophe at its start or end, file systems refuse / and names over 255 bytes (50 characters
 * of up to 4 bytes each leave room for the rest). Null when the name can be used.
 */
export const MAX_MUNICIPALITY_NAME = 50;
export function municipalityNameProblem(name: string): string | null {
  const bad = /[\\/?*[\]:\u0000-\u001f\u007f]/.exec(name);
  if (bad) {
    const shown = bad[0] < ' ' || bad[0] === '\u007f' ? 'ett styrtecken (t.ex. en radbrytning)' : `tecknet ${bad[0]}`;
    return `Kommunens namn "${name}" innehåller ${shown}, som inte får stå i fakturaflikarnas namn eller filnamnen (inte \\ / ? * [ ] :). Skriv namnet utan det; det fullständiga namnet kan stå i kolumnen Juridiskt namn.`;
  }
  if (/^'|'$/.test(name)) {
    return `Kommunens namn "${name}" får inte börja eller sluta med en apostrof ('), eftersom namnet ingår i fakturaflikarnas namn. Ta bort apostrofen.`;
  }
  const length = [...name].length;
  if (length > MAX_MUNICIPALITY_NAME) {
    return `Kommunens namn är ${length} tecken långt; högst ${MAX_MUNICIPALITY_NAME} tecken får plats i fakturaflikarnas namn och filnamnen. Skriv ett kortare namn; det fullständiga namnet kan stå i kolumnen Juridiskt namn.`;
  }
  return null;
}

export interface InvoiceContext {
  settings: Settings;
  municipalities: readonly Municipality[];
  courses: readonly Course[];
}

export const INVOICE_TITLE = 'Faktura';
/** An ordinary invoice with a negative total (SPEC §3.6): never "Kreditfaktura". */
export const TO_RECEIVE_TITLE = 'Faktura – att erhålla';
/** Reserved for credit notes (SPEC §8). */
export const CREDIT_TITLE = 'Kreditfaktura';
/** The line of a credit note's sheet that holds the reason; sending reads the reason back from it. */
export const REASON_PREFIX = 'Orsak: ';
export const TO_PAY = 'Att betala';
export const TO_RECEIVE = 'Att erhålla';
export const VAT_FREE = 'Momsfri';
/** Printed (and sent in e-invoices) when F-skatt = Ja (SPEC §2.1). */
export const F_SKATT_TEXT = 'Godkänd för F-skatt';
/** The label beside the document's number, in its first row. */
const NUMBER_LABEL = 'Fakturanummer';

// Courses by id, built once per course list: descriptions are asked for line by line, and an
// invoice may have thousands of lines.
const courseIndexes = new WeakMap<readonly Course[], Map<string, Course>>();

function courseById(courses: readonly Course[], id: string): Course | undefined {
  let index = courseIndexes.get(courses);
  if (!index) {
    index = new Map();
    for (const c of courses) if (!index.has(c.id)) index.set(c.id, c); // the first, as find() did
    courseIndexes.set(courses, index);
  }
  return index.get(id);
}

/** The line's description, e.g. 'Kursavgift BOU-B2 Kursnamn'. */
export function lineDescription(line: InvoiceLine, courses: readonly Course[]): string {
  switch (line.kind) {
    case 'variable': {
      const course = courseById(courses, line.courseId);
      return `Kursavgift ${line.courseId}${course && course.name ? ` ${course.name}` : ''}`;
    }
    case 'fixed':
      return `Fast kostnad projektledare ${line.year} (${line.months}/12 mån)`;
    case 'trainerPot':
      return `Utbildarpott ${line.year} (${formatNumber(line.trainerDays)} utbildardagar)`;
  }
}

/**
 * The line as the line table shows it: a pot line also says what it is a share of (the run's
 * payout and all trainer days, with the amount per day), e.g. 'Utbildarpott 2025: 7 av 95
 * utbildardagar av potten 212 000,00 kr (ca 2 231,58 kr/dag)'. The share is the pot × days / all
 * days, rounded to öre by largest remainder (SPEC §3.5), not the rounded rate × days, so the rate
 * is marked as approximate: an auditor multiplying it out would otherwise find öre that differ.
 * Other lines as lineDescription.
 */
export function lineTableDescription(line: InvoiceLine, courses: readonly Course[]): string {
  if (line.kind !== 'trainerPot' || !line.payout || !line.payout.trainerDays.gt(0))
    return lineDescription(line, courses);
  const { total, trainerDays } = line.payout;
  return (
    `Utbildarpott ${line.year}: ${formatNumber(line.trainerDays)} av ${formatNumber(trainerDays)} utbildardagar ` +
    `av potten ${formatMoney(total)} (ca ${formatMoney(total.dividedBy(trainerDays))}/dag)`
  );
}

type DocumentKind = Pick<PlannedInvoice, 'total' | 'creditOf'>;

/** The document's title: Kreditfaktura for a credit note, else by the sign of the total (SPEC §3.6, §8). */
export function documentTitle(invoice: DocumentKind): string {
  if (invoice.creditOf) return CREDIT_TITLE;
  return invoice.total.lt(0) ? TO_RECEIVE_TITLE : INVOICE_TITLE;
}

/** "Att erhålla" for a negative total, else "Att betala" (a credit note of a negative December invoice too). */
export function totalLabel(invoice: Pick<PlannedInvoice, 'total'>): typeof TO_PAY | typeof TO_RECEIVE {
  return invoice.total.lt(0) ? TO_RECEIVE : TO_PAY;
}

/** "Krediterar faktura <number> av <date>" on a credit note. */
export function creditsText(creditOf: CreditOf): string {
  return `Krediterar faktura ${creditOf.number} av ${creditOf.invoiceDate}`;
}

/**
 * Whether a tab's values are an invoice sheet the tool drew for `number`: its first row holds a
 * document title where the layout draws it (A1) and the number beside the label Fakturanummer
 * (C1, D1), as headRows draws them, or it holds nothing at all (a drawing interrupted before its
 * values were written; drawing over or deleting it destroys nothing). The sheet itself is the
 * tool's record of the document, so a tab an administrator filled in, even one named like an
 * invoice, never reads as one.
 */
export function isDrawnInvoiceSheet(values: readonly (readonly CellValue[])[], number: string): boolean {
  if (values.every((row) => row.every(isBlank))) return true;
  const first = values[0] ?? [];
  const text = (i: number) => {
    const v = first[i];
    return typeof v === 'string' ? v.trim() : '';
  };
  return (
    [INVOICE_TITLE, TO_RECEIVE_TITLE, CREDIT_TITLE].includes(text(0)) && text(2) === NUMBER_LABEL && text(3) === number
  );
}

/** The reason line of a credit note's sheet, read back from its values ('' when it has none). */
export function reasonFromSheet(values: readonly (readonly CellValue[])[]): string {
  for (const row of values) {
    for (const v of row)
      if (typeof v === 'string' && v.startsWith(REASON_PREFIX)) return v.slice(REASON_PREFIX.length).trim();
  }
  return '';
}

/**
 * What the document tells the buyer to do. A positive total: pay to the bankgiro with the OCR.
 * A negative total expects no payment and prints no OCR instruction: an ordinary invoice says
 * that the association pays the amount out (SPEC §3.6), a credit note that nothing is to be paid.
 */
function paymentText(invoice: PlannedInvoice, settings: Settings, buyer: Municipality | undefined): string {
  if (invoice.total.gt(0)) {
    return `Betala ${formatMoney(invoice.total)} till bankgiro ${settings.bankgiro} senast ${invoice.dueDate}. Ange OCR-nummer ${invoice.ocr} vid betalning.`;
  }
  if (invoice.total.isZero()) return `Ingen betalning ska göras. Ange fakturanummer ${invoice.number} vid frågor.`;
  const amount = formatMoney(invoice.total.abs());
  if (invoice.creditOf) {
    return (
      `Ingen betalning ska göras: kreditfakturan minskar det ni ska betala till ${settings.association} med ${amount}, ` +
      `och faktura ${invoice.creditOf.number} ska inte betalas. Ange kreditfakturans nummer ${invoice.number} vid frågor.`
    );
  }
  const name = buyer ? buyerLegalName(buyer) : invoice.municipality;
  // Which account: the municipality's Utbetalningskonto, when filled (SPEC §2.2, §3.6).
  const account = buyer?.payoutAccount?.trim() ? `, till bankgiro ${buyer.payoutAccount.trim()}` : '';
  return `${settings.association} betalar ut ${amount} till ${name} senast ${invoice.dueDate}${account}. Ingen betalning ska göras. Ange fakturanummer ${invoice.number} vid frågor.`;
}

const COLUMNS = [300, 90, 110, 120];
const WIDTH = COLUMNS.length;

/**
 * A cell of the invoice sheet that must agree with the register (SPEC §2.7): where the layout
 * draws it (1-based), what it holds, and the label it is found by when rows were inserted or
 * removed above it (the anchor: same column and text in the sheet, the value at the same offset).
 */
export interface CheckedCell {
  field: string; // Swedish, for the message: 'Fakturanummer', 'Belopp, rad 2'
  row: number;
  col: number;
  expected: CellValue; // '' = the cell must be empty
  /** Other texts the cell may hold (the buyer's name as the register or Kommuner spell it). */
  alternatives?: readonly string[];
  /** An amount cell (shown as kronor in the message even when it should be empty). */
  money?: boolean;
  anchor: { row: number; col: number; text: string };
}

export interface InvoiceLayout {
  doc: SheetDocument;
  checked: CheckedCell[];
}

export function invoiceDocument(invoice: PlannedInvoice, input: InvoiceContext): SheetDocument {
  return invoiceLayout(invoice, input).doc;
}

const text = (value: CellValue, style: CellStyle = {}): DocCell => ({ value, ...style });
const dateCell = (iso: string): DocCell => ({ value: new CalendarDate(iso), format: FORMAT.date, align: 'left' });
const moneyDoc = (value: Parameters<typeof moneyCell>[0], style: CellStyle = {}): DocCell => ({
  value: moneyCell(value),
  format: FORMAT.money,
  align: 'right',
  ...style,
});
const TABLE_HEAD: CellStyle = { bold: true, background: '#e8eef4' };

/** The invoice's document and the cells of it that sending compares with the register. */
export function invoiceLayout(invoice: PlannedInvoice, input: InvoiceContext): InvoiceLayout {
  const buyer = input.municipalities.find((m) => m.name === invoice.municipality);
  const b = new DocBuilder(WIDTH);
  headRows(b, invoice, input.settings);
  creditRows(b, invoice);
  const buyerName = buyerRows(b, invoice, buyer);
  lineRows(b, invoice, input.courses);
  totalRows(b, invoice, input.settings);
  b.wide(text(paymentText(invoice, input.settings, buyer), { wrap: true }));
  if (input.settings.contactPerson) b.wide(text(`Frågor om fakturan: ${input.settings.contactPerson}`, { wrap: true }));
  specificationRows(b, invoice, input.courses);
  const running = [input.settings.association, `${documentTitle(invoice)} ${invoice.number}`, buyerName];
  return {
    doc: {
      columnWidths: [...COLUMNS],
      rows: b.rows,
      merges: b.merges,
      print: { portrait: true, fitToWidth: true },
      protected: true,
      paging: { running, roles: b.roles },
    },
    checked: b.checked,
  };
}

/** The seller's lines beside the invoice's identity; the total stands there too (SPEC §3.6). */
function headRows(b: DocBuilder, invoice: PlannedInvoice, settings: Settings): void {
  const vatApplies = settings.vatPercent.gt(0);
  const details: [string, DocCell][] = [
    [NUMBER_LABEL, text(invoice.number, { bold: true })],
    ['Fakturadatum', dateCell(invoice.invoiceDate)],
    ['Förfallodatum', dateCell(invoice.dueDate)],
    // Only a document the buyer pays carries the OCR to pay with (SPEC §3.6).
    ...(invoice.total.gt(0) ? [['OCR-nummer', text(invoice.ocr, { bold: true })] as [string, DocCell]] : []),
    ['Period', text(invoice.period)],
    [totalLabel(invoice), moneyDoc(invoice.total.abs(), { bold: true })],
  ];
  const seller: (DocCell | null)[] = [
    text(documentTitle(invoice), { bold: true, size: 18 }),
    text(settings.association, { bold: true }),
    settings.orgNumber ? text(`Org.nr ${settings.orgNumber}`) : null,
    settings.address ? text(settings.address, { wrap: true }) : null,
    settings.bankgiro ? text(`Bankgiro ${settings.bankgiro}`) : null,
    settings.contactPerson ? text(`Kontaktperson: ${settings.contactPerson}`) : null,
    vatApplies && (settings.vatNumber.trim() !== '' || isValidOrgNumber(settings.orgNumber))
      ? text(`Momsreg.nr ${sellerVatNumber(settings)}`)
      : null,
    settings.fSkatt ? text(F_SKATT_TEXT) : null,
  ].filter((c, i) => i < 2 || c !== null);
  const height = Math.max(seller.length, details.length);
  for (let i = 0; i < height; i++) {
    const d = details[i];
    const r = b.row([seller[i] ?? null, null, d ? text(d[0], { bold: true }) : null, d ? d[1] : null], 'keep');
    if (d && d[0] !== 'Period') b.check(d[0], r, 4, d[1].value, { row: r, col: 3, text: d[0] });
  }
  b.blank();
}

/** A credit note names what it credits, and why (SPEC §8). */
function creditRows(b: DocBuilder, invoice: PlannedInvoice): void {
  if (!invoice.creditOf) return;
  b.wide(text(creditsText(invoice.creditOf), { bold: true }));
  if (invoice.creditOf.reason.trim()) b.wide(text(`${REASON_PREFIX}${invoice.creditOf.reason.trim()}`, { wrap: true }));
  b.blank();
}

/** The buyer's block; returns the name it prints. */
function buyerRows(b: DocBuilder, invoice: PlannedInvoice, buyer: Municipality | undefined): string {
  const head = b.row([text('Köpare', { bold: true })], 'keep');
  const name = buyer ? buyerLegalName(buyer) : invoice.municipality;
  const lines = [
    text(name, { bold: true }),
    buyer?.orgNumber ? text(`Org.nr ${buyer.orgNumber}`) : null,
    buyer?.invoiceAddress ? text(buyer.invoiceAddress, { wrap: true }) : null,
    buyer?.invoiceReference ? text(`Er referens: ${buyer.invoiceReference}`) : null,
    buyer?.socialChief ? text(`Socialchef: ${buyer.socialChief}`) : null,
  ].filter((c) => c !== null);
  lines.forEach((cell, i) => b.row([cell], i < lines.length - 1 ? 'keep' : null));
  b.checked.push({
    field: 'Köpare',
    row: head + 1,
    col: 1,
    expected: name,
    alternatives: [invoice.municipality],
    anchor: { row: head, col: 1, text: 'Köpare' },
  });
  b.blank();
  return name;
}

/** The line table: one row per line, each amount checked, and nothing after the last. */
function lineRows(b: DocBuilder, invoice: PlannedInvoice, courses: readonly Course[]): void {
  const right = { ...TABLE_HEAD, align: 'right' } as const;
  const head = b.row(
    [text('Beskrivning', TABLE_HEAD), text('Antal', right), text('À-pris', right), text('Belopp', right)],
    'head',
  );
  const anchor = { row: head, col: 1, text: 'Beskrivning' };
  invoice.lines.forEach((line, i) => b.check(`Belopp, rad ${i + 1}`, head + 1 + i, 4, moneyCell(line.amount), anchor));
  // The row after the lines is empty: a line added by hand would be sent but not billed.
  b.checked.push({
    field: 'Belopp, efter sista raden',
    row: head + 1 + invoice.lines.length,
    col: 4,
    expected: '',
    money: true,
    anchor,
  });
  for (const line of invoice.lines) {
    const description = text(lineTableDescription(line, courses), { wrap: true });
    if (line.kind === 'variable') {
      const quantity = text(numberCell(line.quantity), { align: 'right' });
      b.row([description, quantity, moneyDoc(line.unitPrice), moneyDoc(line.amount)], 'body');
    } else if (line.kind === 'fixed') {
      b.row([description, text(1, { align: 'right' }), moneyDoc(line.amount), moneyDoc(line.amount)], 'body');
    } else {
      b.row([description, null, null, moneyDoc(line.amount)], 'body');
    }
  }
  b.blank();
}

/** VAT (or the exemption) and the total, kept together on one page. */
function totalRows(b: DocBuilder, invoice: PlannedInvoice, settings: Settings): void {
  if (settings.vatPercent.gt(0)) {
    b.row([null, null, text('Momsunderlag'), moneyDoc(invoice.net)], 'keep');
    b.row([null, null, text(`Moms ${formatNumber(settings.vatPercent)} %`), moneyDoc(invoice.vat)], 'keep');
  } else {
    const exemption = text(`${settings.vatExemption.trim() || VAT_FREE} (0 % moms)`, { italic: true });
    b.row([exemption, null, text('Summa'), moneyDoc(invoice.net)], 'keep');
  }
  // "Att erhålla" is followed by the positive amount (SPEC §3.6).
  const label = totalLabel(invoice);
  const r = b.row([null, null, text(label, { bold: true }), moneyDoc(invoice.total.abs(), { bold: true })], 'sum');
  b.check(label, r, 4, moneyCell(invoice.total.abs()), { row: r, col: 3, text: label });
  b.blank();
}

/** Specification: who attended which days, behind each course line; who taught, behind the pot line. */
function specificationRows(b: DocBuilder, invoice: PlannedInvoice, courses: readonly Course[]): void {
  const variable = invoice.lines.filter((l) => l.kind === 'variable');
  const potLine = invoice.lines.find((l) => l.kind === 'trainerPot');
  if (invoice.creditOf) {
    // The credited rows are released for billing again, so a credit note has no rows of its own:
    // it points to the credited invoice's specification instead of drawing empty tables.
    if (variable.length === 0 && !potLine) return;
    b.blank();
    b.row([text('Specifikation', { bold: true, size: 14 })], 'keep');
    b.wide(
      text(`Deltagarna och utbildarna bakom raderna står i specifikationen på faktura ${invoice.creditOf.number}.`, {
        wrap: true,
      }),
    );
    return;
  }
  if (variable.length === 0 && !(potLine && invoice.trainerRows.length > 0)) return;
  b.blank();
  b.row([text('Specifikation', { bold: true, size: 14 })], 'keep');
  // The invoice's rows grouped by course once, in their order (the sort below is stable).
  const attendanceOf = new Map<string, AttendanceRow[]>();
  for (const a of invoice.attendance) {
    const list = attendanceOf.get(a.courseId);
    if (list) list.push(a);
    else attendanceOf.set(a.courseId, [a]);
  }
  for (const line of variable) attendanceTable(b, line, attendanceOf.get(line.courseId) ?? [], courses);
  if (potLine && invoice.trainerRows.length > 0) trainerTable(b, potLine, invoice.trainerRows, courses);
}

function attendanceTable(
  b: DocBuilder,
  line: VariableLine,
  rows: readonly AttendanceRow[],
  courses: readonly Course[],
): void {
  const sorted = [...rows].sort((x, y) =>
    x.date < y.date ? -1 : x.date > y.date ? 1 : swedishCompare(x.participant, y.participant),
  );
  b.blank();
  // No merge here: a heading per course line would make the host's calls grow with the data.
  b.row([text(lineDescription(line, courses), { bold: true })], 'keep');
  b.row(
    [text('Deltagare', TABLE_HEAD), text('Datum', TABLE_HEAD), text('Dagar', { ...TABLE_HEAD, align: 'right' }), null],
    'head',
  );
  for (const a of sorted)
    b.row([text(a.participant), dateCell(a.date), text(numberCell(a.days), { align: 'right' }), null], 'body');
  const total = text(numberCell(line.quantity), { italic: true, align: 'right' });
  b.row([text('Summa deltagardagar', { italic: true }), null, total, null], 'sum');
}

function trainerTable(
  b: DocBuilder,
  potLine: InvoiceLine,
  rows: readonly TrainerRow[],
  courses: readonly Course[],
): void {
  const sorted = [...rows].sort((x, y) =>
    x.date < y.date ? -1 : x.date > y.date ? 1 : swedishCompare(x.trainer, y.trainer),
  );
  b.blank();
  b.row([text(lineDescription(potLine, courses), { bold: true })], 'keep');
  const right = { ...TABLE_HEAD, align: 'right' } as const;
  b.row(
    [text('Utbildare', TABLE_HEAD), text('Datum', TABLE_HEAD), text('Dagar', right), text('Kurs-ID', TABLE_HEAD)],
    'head',
  );
  for (const r of sorted)
    b.row([text(r.trainer), dateCell(r.date), text(numberCell(r.days), { align: 'right' }), text(r.courseId)], 'body');
  const total = text(numberCell(sum(rows.map((r) => r.days))), { italic: true, align: 'right' });
  b.row([text('Summa utbildardagar', { italic: true }), null, total, null], 'sum');
}

/** What an invoice in the register is made of: its lines from Fakturarader, its rows by their stamps. */
export interface RegisterContext extends InvoiceContext {
  ledger: Ledger;
  attendance: readonly AttendanceRow[];
  trainers: readonly TrainerRow[];
}

/** A registered invoice as the PlannedInvoice it was (to redraw or resend it after the run). */
export function plannedFromRegister(invoice: RegisteredInvoice, input: RegisterContext, reason = ''): PlannedInvoice {
  const lines = input.ledger.lines.filter((l) => l.invoiceNumber === invoice.number).map((l) => l.line);
  const net = sum(lines.map((l) => l.amount));
  return {
    number: invoice.number,
    municipality: invoice.municipality,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    period: invoice.period,
    ocr: invoice.ocr,
    lines,
    net,
    vat: invoice.total.minus(net),
    total: invoice.total,
    credit: invoice.total.lt(0),
    attendance: input.attendance.filter((a) => a.invoiceNumber === invoice.number),
    trainerRows: input.trainers.filter((t) => t.payoutInvoice === invoice.number),
    ...creditOfRegistered(invoice, input.ledger, reason),
  };
}

/** A credit note's creditOf from the register: the number it credits and that invoice's date. */
function creditOfRegistered(
  invoice: RegisteredInvoice,
  ledger: Ledger,
  reason: string,
): Pick<PlannedInvoice, 'creditOf'> {
  const number = (invoice.credits ?? '').trim();
  if (number === '') return {};
  const credited = ledger.invoices.find((i) => i.number === number);
  return { creditOf: { number, invoiceDate: credited?.invoiceDate ?? '', reason } };
}

/** The document of a registered invoice, laid out exactly as when it was billed. */
export function registeredInvoiceDocument(
  invoice: RegisteredInvoice,
  input: RegisterContext,
  reason = '',
): SheetDocument {
  return invoiceDocument(plannedFromRegister(invoice, input, reason), input);
}

/** The layout of a registered invoice with the cells sending checks against the sheet. */
export function registeredInvoiceLayout(
  invoice: RegisteredInvoice,
  input: RegisterContext,
  reason = '',
): InvoiceLayout {
  return invoiceLayout(plannedFromRegister(invoice, input, reason), input);
}

// The renderings of a document live in documentText.ts; re-exported for hosts that draw invoices.
export { documentToLines } from './documentText';
