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

const where = (line: Line) => `Post ${line.number} (TK${line.code}${TK_NAMES[line.code] ? `, ${TK_NAMES[line.code]}` : ''})`;

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

/** Reads a BgMax file's payments; every problem is a Swedish sentence naming its record. */
export function parseBgMax(text: string): BankFileResult {
  const errors: string[] = [];
  const lines: Line[] = [];
  text.split(/\r\n|\n|\r/).forEach((rawLine, i) => {
    const raw = rawLine.replace(/[ \t\u001a]+$/, '');
    if (raw === '') return;
    const line = { number: i + 1, code: raw.slice(0, 2), raw, text: raw.padEnd(RECORD, ' ') };
    if (raw.length > RECORD) errors.push(`${where(line)} är ${raw.length} tecken lång; en BgMax-post har 80 tecken.`);
    lines.push(line);
  });
  if (lines.length === 0 || lines[0].code !== '01' || field(lines[0], F.layout).trim() !== 'BGMAX') {
    return { ok: false, errors: ['Filen är ingen BgMax-fil: den första posten ska vara en startpost (TK01) med layoutnamnet BGMAX.'] };
  }
  const version = lines[0].text.slice(22, 24).trim() || '01';

  const payments: BankPayment[] = [];
  let section: { line: Line; payments: Pending[] } | null = null;
  let current: Pending | null = null;
  let ended = false;

  /** A field that must be there: a record cut short before it is a truncated file. */
  const present = (line: Line, f: Field): boolean => {
    if (line.raw.length >= f.to) return true;
    errors.push(`${where(line)} är avkortad: fältet ${f.label} (position ${f.from}–${f.to}) saknas. Filen är troligen inte komplett; hämta den på nytt från banken.`);
    return false;
  };
  const amountOf = (line: Line, f: Field): Decimal | null => {
    if (!present(line, f)) return null;
    const digits = field(line, f);
    if (!/^\d+$/.test(digits)) {
      errors.push(`${where(line)}: ${f.label}et "${digits.trim()}" är inget tal (position ${f.from}–${f.to} ska vara siffror, i öre).`);
      return null;
    }
    return new Dec(digits).dividedBy(100);
  };

  for (const line of lines.slice(1)) {
    if (ended) {
      errors.push(`${where(line)} står efter slutposten (TK70).`);
      break;
    }
    switch (line.code) {
      case '05': {
        if (section) errors.push(`${where(line)}: en ny insättning börjar innan insättningen på post ${section.line.number} har avslutats med en insättningspost (TK15).`);
        const currency = field(line, F.currency05).trim();
        if (currency !== '' && currency !== 'SEK') errors.push(`${where(line)}: valutan ${currency} stöds inte; bara SEK.`);
        section = { line, payments: [] };
        current = null;
        break;
      }
      case '20':
      case '21': {
        if (!section) {
          errors.push(`${where(line)} står utanför en insättning (ingen öppningspost TK05 före den).`);
          break;
        }
        const amount = amountOf(line, F.amount);
        const code = field(line, F.referenceCode).trim();
        const reference = field(line, F.reference).trim();
        const sign = line.code === '21' ? -1 : 1;
        current = {
          line,
          payment: {
            amount: amount === null ? ZERO : amount.times(sign),
            reference: code === REFERENCE_OCR ? reference : '',
            message: code === REFERENCE_OCR ? '' : reference,
            payer: '',
            where: where(line),
            serial: present(line, F.serial) ? field(line, F.serial).trim() : '',
          },
          extraReferences: [],
          information: [],
        };
        section.payments.push(current);
        break;
      }
      case '22':
      case '23':
      case '25':
      case '26':
      case '27':
      case '28':
      case '29': {
        if (!current) {
          errors.push(`${where(line)} hör inte till någon betalningspost (TK20 eller TK21).`);
          break;
        }
        if (line.code === '22' || line.code === '23') {
          const ref = field(line, F.reference).trim();
          if (ref) current.extraReferences.push(ref);
        } else if (line.code === '25') {
          const info = field(line, F.information).trim();
          if (info) current.information.push(info);
        } else if (line.code === '26') {
          current.payment.payer = field(line, F.name).trim();
        }
        break;
      }
      case '15': {
        if (!section) {
          errors.push(`${where(line)} står utanför en insättning (ingen öppningspost TK05 före den).`);
          break;
        }
        let date = '';
        if (present(line, F.depositDate)) {
          const d = field(line, F.depositDate);
          const iso = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
          if (/^\d{8}$/.test(d) && isIsoDate(iso)) date = iso;
          else errors.push(`${where(line)}: betalningsdagen "${d.trim()}" är inget datum (ÅÅÅÅMMDD).`);
        }
        const depositSerial = line.raw.length >= F.depositSerial.to ? field(line, F.depositSerial).trim() : '';
        const currency = line.raw.length >= F.depositCurrency.to ? field(line, F.depositCurrency).trim() : '';
        if (currency !== '' && currency !== 'SEK') errors.push(`${where(line)}: valutan ${currency} stöds inte; bara SEK.`);
        section.payments.forEach((p, i) => {
          const serial = /^0*$/.test(p.payment.serial) ? '' : p.payment.serial;
          const message = [p.payment.message, ...p.extraReferences, ...p.information].filter(Boolean).join(' ');
          payments.push({
            bankReference: serial || `BGMAX-${date.replace(/-/g, '')}-${depositSerial || section!.line.number}-${i + 1}`,
            date,
            amount: p.payment.amount,
            reference: p.payment.reference,
            message,
            payer: p.payment.payer,
            where: p.payment.where,
          });
        });
        section = null;
        current = null;
        break;
      }
      case '70':
        if (section) errors.push(`${where(line)}: insättningen på post ${section.line.number} saknar insättningspost (TK15).`);
        ended = true;
        break;
      case '01':
        errors.push(`${where(line)}: en andra startpost; filen innehåller flera BgMax-filer efter varandra.`);
        break;
      default:
        errors.push(`Post ${line.number}: okänd transaktionskod "${line.code}" (BgMax har TK01, 05, 15, 20–29 och 70).`);
    }
  }
  if (!ended) {
    const last = lines[lines.length - 1];
    errors.push(
      `Filen är avkortad: slutposten (TK70) saknas efter post ${last.number}${section ? `, och insättningen som börjar på post ${section.line.number} har ingen insättningspost (TK15)` : ''}. Hämta filen på nytt från banken.`,
    );
  }
  if (errors.length) return fileErrors(errors);
  return { ok: true, file: { format: 'BgMax', version, payments } };
}
