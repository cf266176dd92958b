/**
 * Bankgirot's BgMax file (Bankgiro Inbetalningar, "Teknisk manual"): 80-character records, each
 * starting with its transaction code (TK). A file is
 *
 *   TK01 start (layout name BGMAX)
 *   per deposit: TK05 opening, then per payment TK20 (payment) or TK21 (deduction) followed by
 *     its TK22/TK23 extra references, TK25 information, TK26 name, TK27–TK29 address and org. no.,
 *   and TK15, the deposit record with the payment day of the deposit's payments,
 *   TK70 end.
 *
 * Field positions are the manual's, 1-based and inclusive. A record may have lost its trailing
 * blanks on the way; it is read as if padded to 80. Nothing here knows the workbook.
 */
import { isIsoDate } from '../dates';
import { Dec, ZERO, type Decimal } from '../money';
import { fileErrors, type BankFileResult, type BankPayment } from './types';

const RECORD = 80;

/** Reference codes of TK20/TK21 position 56 (the manual's "Referenskod"). */
const REFERENCE_OCR = '2';

interface Field {
  from: number; // 1-based
  to: number; // inclusive
  label: string; // Swedish, for messages
}

const F = {
  layout: { from: 3, to: 22, label: 'layoutnamn' },
  currency05: { from: 23, to: 25, label: 'valuta' },
  reference: { from: 13, to: 37, label: 'referens' },
  amount: { from: 38, to: 55, label: 'betalningsbelopp' },
  referenceCode: { from: 56, to: 56, label: 'referenskod' },
  serial: { from: 58, to: 69, label: 'BGC-löpnummer' },
  information: { from: 3, to: 52, label: 'informationstext' },
  name: { from: 3, to: 37, label: 'betalarens namn' },
  depositDate: { from: 38, to: 45, label: 'betalningsdag' },
  depositSerial: { from: 46, to: 50, label: 'insättningslöpnummer' },
  depositCurrency: { from: 69, to: 71, label: 'valuta' },
} satisfies Record<string, Field>;

interface Line {
  number: number; // 1-based line of the file
  code: string;
  raw: string; // as in the file, trailing blanks removed
  text: string; // padded to 80
}

const TK_NAMES: Record<string, string> = {
  '01': 'startpost',
  '05': 'öppningspost',
  '15': 'insättningspost',
  '20': 'betalningspost',
  '21': 'avdragspost',
  '22': 'extra referensnummerpost',
  '23': 'extra referensnummerpost',
  '25': 'informationspost',
  '26': 'namnpost',
  '27': 'adresspost',
  '28': 'adresspost',
  '29': 'organisationsnummerpost',
  '70': 'slutpost',
};

const where = (line: Line) =>
  `Post ${line.number} (TK${line.code}${TK_NAMES[line.code] ? `, ${TK_NAMES[line.code]}` : ''})`;

function field(line: Line, f: Field): string {
  return line.text.slice(f.from - 1, f.to);
}

/** True when the file looks like BgMax: its first record is a TK01 start record naming BGMAX. */
export function looksLikeBgMax(text: string): boolean {
  return /^\s*01BGMAX/.test(text);
}

interface Pending {
  line: Line;
  payment: Omit<BankPayment, 'date' | 'bankReference'> & { serial: string };
  extraReferences: string[];
  information: string[];
}

/** What the reader carries from record to record. */
interface State {
  errors: string[];
  payments: BankPayment[];
  /** The open deposit (TK05 … TK15) and its payments so far. */
  section: { line: Line; payments: Pending[] } | null;
  /** The payment record (TK20/21) that following TK22–29 records belong to. */
  current: Pending | null;
  ended: boolean;
}

/** A field that must be there: a record cut short before it is a truncated file. */
function present(s: State, line: Line, f: Field): boolean {
  if (line.raw.length >= f.to) return true;
  s.errors.push(
    `${where(line)} är avkortad: fältet ${f.label} (position ${f.from}–${f.to}) saknas. Filen är troligen inte komplett; hämta den på nytt från banken.`,
  );
  return false;
}

function amountOf(s: State, line: Line, f: Field): Decimal | null {
  if (!present(s, line, f)) return null;
  const digits = field(line, f);
  if (!/^\d+$/.test(digits)) {
    s.errors.push(
      `${where(line)}: ${f.label}et "${digits.trim()}" är inget tal (position ${f.from}–${f.to} ska vara siffror, i öre).`,
    );
    return null;
  }
  return new Dec(digits).dividedBy(100);
}

function checkCurrency(s: State, line: Line, currency: string): void {
  if (currency !== '' && currency !== 'SEK') s.errors.push(`${where(line)}: valutan ${currency} stöds inte; bara SEK.`);
}

const outsideDeposit = (line: Line) => `${where(line)} står utanför en insättning (ingen öppningspost TK05 före den).`;

/** TK05: a deposit opens. */
function openDeposit(s: State, line: Line): void {
  if (s.section)
    s.errors.push(
      `${where(line)}: en ny insättning börjar innan insättningen på post ${s.section.line.number} har avslutats med en insättningspost (TK15).`,
    );
  checkCurrency(s, line, field(line, F.currency05).trim());
  s.section = { line, payments: [] };
  s.current = null;
}

/** TK20 (a payment) or TK21 (a deduction) inside the deposit. */
function payment(s: State, line: Line): void {
  if (!s.section) {
    s.errors.push(outsideDeposit(line));
    return;
  }
  const amount = amountOf(s, line, F.amount);
  const code = field(line, F.referenceCode).trim();
  const reference = field(line, F.reference).trim();
  const sign = line.code === '21' ? -1 : 1;
  s.current = {
    line,
    payment: {
      amount: amount === null ? ZERO : amount.times(sign),
      reference: code === REFERENCE_OCR ? reference : '',
      message: code === REFERENCE_OCR ? '' : reference,
      payer: '',
      where: where(line),
      serial: present(s, line, F.serial) ? field(line, F.serial).trim() : '',
    },
    extraReferences: [],
    information: [],
  };
  s.section.payments.push(s.current);
}

/** TK22–29: more references, information and the payer's name and address of the current payment. */
function paymentDetail(s: State, line: Line): void {
  if (!s.current) {
    s.errors.push(`${where(line)} hör inte till någon betalningspost (TK20 eller TK21).`);
    return;
  }
  if (line.code === '22' || line.code === '23') {
    const ref = field(line, F.reference).trim();
    if (ref) s.current.extraReferences.push(ref);
  } else if (line.code === '25') {
    const info = field(line, F.information).trim();
    if (info) s.current.information.push(info);
  } else if (line.code === '26') {
    s.current.payment.payer = field(line, F.name).trim();
  }
}

/** TK15: the deposit closes with its date, and its payments are complete. */
function closeDeposit(s: State, line: Line): void {
  const section = s.section;
  if (!section) {
    s.errors.push(outsideDeposit(line));
    return;
  }
  let date = '';
  if (present(s, line, F.depositDate)) {
    const d = field(line, F.depositDate);
    const iso = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
    if (/^\d{8}$/.test(d) && isIsoDate(iso)) date = iso;
    else s.errors.push(`${where(line)}: betalningsdagen "${d.trim()}" är inget datum (ÅÅÅÅMMDD).`);
  }
  const depositSerial = line.raw.length >= F.depositSerial.to ? field(line, F.depositSerial).trim() : '';
  checkCurrency(s, line, line.raw.length >= F.depositCurrency.to ? field(line, F.depositCurrency).trim() : '');
  section.payments.forEach((p, i) => {
    const serial = /^0*$/.test(p.payment.serial) ? '' : p.payment.serial;
    const message = [p.payment.message, ...p.extraReferences, ...p.information].filter(Boolean).join(' ');
    s.payments.push({
      bankReference: serial || `BGMAX-${date.replace(/-/g, '')}-${depositSerial || section.line.number}-${i + 1}`,
      date,
      amount: p.payment.amount,
      reference: p.payment.reference,
      message,
      payer: p.payment.payer,
      where: p.payment.where,
    });
  });
  s.section = null;
  s.current = null;
}

/** TK70: the file ends. */
function endFile(s: State, line: Line): void {
  if (s.section)
    s.errors.push(`${where(line)}: insättningen på post ${s.section.line.number} saknar insättningspost (TK15).`);
  s.ended = true;
}

/** What each transaction code does; a code not here is unknown. */
const RECORDS: Record<string, (s: State, line: Line) => void> = {
  '05': openDeposit,
  '20': payment,
  '21': payment,
  '22': paymentDetail,
  '23': paymentDetail,
  '25': paymentDetail,
  '26': paymentDetail,
  '27': paymentDetail,
  '28': paymentDetail,
  '29': paymentDetail,
  '15': closeDeposit,
  '70': endFile,
  '01': (s, line) =>
    s.errors.push(`${where(line)}: en andra startpost; filen innehåller flera BgMax-filer efter varandra.`),
};

/** The file's records (blank lines and trailing padding dropped), with an error for each over-long one. */
function records(text: string, errors: string[]): Line[] {
  const lines: Line[] = [];
  text.split(/\r\n|\n|\r/).forEach((rawLine, i) => {
    const raw = rawLine.replace(/[ \t\u001a]+$/, '');
    if (raw === '') return;
    const line = { number: i + 1, code: raw.slice(0, 2), raw, text: raw.padEnd(RECORD, ' ') };
    if (raw.length > RECORD) errors.push(`${where(line)} är ${raw.length} tecken lång; en BgMax-post har 80 tecken.`);
    lines.push(line);
  });
  return lines;
}

/** Reads a BgMax file's payments: records → one handler per transaction code → the end check. Every problem is a Swedish sentence naming its record. */
export function parseBgMax(text: string): BankFileResult {
  const s: State = { errors: [], payments: [], section: null, current: null, ended: false };
  const lines = records(text, s.errors);
  if (lines.length === 0 || lines[0].code !== '01' || field(lines[0], F.layout).trim() !== 'BGMAX') {
    return {
      ok: false,
      errors: ['Filen är ingen BgMax-fil: den första posten ska vara en startpost (TK01) med layoutnamnet BGMAX.'],
    };
  }
  const version = lines[0].text.slice(22, 24).trim() || '01';
  for (const line of lines.slice(1)) {
    if (s.ended) {
      s.errors.push(`${where(line)} står efter slutposten (TK70).`);
      break;
    }
    const handle = RECORDS[line.code];
    if (handle) handle(s, line);
    else
      s.errors.push(
        `Post ${line.number}: okänd transaktionskod "${line.code}" (BgMax har TK01, 05, 15, 20–29 och 70).`,
      );
  }
  if (!s.ended) {
    const last = lines[lines.length - 1];
    s.errors.push(
      `Filen är avkortad: slutposten (TK70) saknas efter post ${last.number}${s.section ? `, och insättningen som börjar på post ${s.section.line.number} har ingen insättningspost (TK15)` : ''}. Hämta filen på nytt från banken.`,
    );
  }
  if (s.errors.length) return fileErrors(s.errors);
  return { ok: true, file: { format: 'BgMax', version, payments: s.payments } };
}
