/**
 * The SIE 4 file of SPEC §11 over a plain voucher model: pure, no I/O.
 *
 * Format (SIE filformat, utgåva 4B/4C): one record per line, a label (#LABEL) then fields
 * separated by spaces; a field is quoted with " when it is text (we quote every text field, which
 * the format allows, so an empty or spaced text is always one field); a " inside a quoted field is
 * written \" and a backslash \\; control characters are not allowed in fields and are replaced
 * by a space. Dates are YYYYMMDD, amounts have a point and two decimals, debit positive and
 * credit negative. The vouchers of a #VER are enclosed by { and } on lines of their own; the
 * object list of #TRANS is {} (no dimensions). Lines end with CR LF, and the file is
 * code page 437 (#FORMAT PC8).
 */
import { encodeCp437, type Cp437Replacement } from './cp437';
import { money2, sum, type Decimal } from './money';
import type { IsoDate } from './types';

export interface SieTransaction {
  account: string;
  amount: Decimal; // debit > 0, credit < 0
}

export interface SieVoucher {
  date: IsoDate;
  text: string;
  transactions: SieTransaction[];
}

export interface SieAccount {
  number: string;
  name: string;
}

export interface SieDocument {
  program: { name: string; version: string };
  generated: IsoDate; // #GEN
  orgNumber: string; // #ORGNR, 'NNNNNN-NNNN'
  companyName: string; // #FNAMN
  accounts: SieAccount[]; // #KONTO, one per account used
  vouchers: SieVoucher[];
}

/** A character of a text that code page 437 cannot hold, with the record it was in. */
export interface SieCharacterWarning extends Cp437Replacement {
  record: string; // e.g. '#FNAMN', '#VER YR-2024-0001 Luleå'
}

/** "Luleå \"kommun\"" — the quoted form of a text field. */
export function sieQuote(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `"${clean.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** 2024-05-20 → 20240520 */
export function sieDate(iso: IsoDate): string {
  return iso.replace(/-/g, '');
}

export function sieAmount(amount: Decimal): string {
  return money2(amount);
}

/** Account numbers are written bare (digits only, validated by the caller). */
function field(account: string): string {
  return /^[0-9]+$/.test(account) ? account : sieQuote(account);
}

/** The records of the file, one string per line, in the order of the format. */
export function sieLines(doc: SieDocument): string[] {
  const lines = [
    '#FLAGGA 0',
    `#PROGRAM ${sieQuote(doc.program.name)} ${sieQuote(doc.program.version)}`,
    '#FORMAT PC8',
    `#GEN ${sieDate(doc.generated)}`,
    '#SIETYP 4',
    `#ORGNR ${doc.orgNumber}`,
    `#FNAMN ${sieQuote(doc.companyName)}`,
  ];
  for (const a of doc.accounts) lines.push(`#KONTO ${field(a.number)} ${sieQuote(a.name)}`);
  for (const v of doc.vouchers) {
    // Series and number are left empty: the accounting system numbers imported vouchers.
    lines.push(`#VER "" "" ${sieDate(v.date)} ${sieQuote(v.text)}`);
    lines.push('{');
    for (const t of v.transactions) lines.push(`#TRANS ${field(t.account)} {} ${sieAmount(t.amount)}`);
    lines.push('}');
  }
  return lines;
}

/** Checks the model before writing: every voucher sums to exactly 0.00. Returns the texts of those that do not. */
export function unbalancedVouchers(doc: SieDocument): string[] {
  return doc.vouchers.filter((v) => !sum(v.transactions.map((t) => t.amount)).isZero()).map((v) => v.text);
}

/** The file's bytes in code page 437, with each character that had to be replaced and where. */
export function sieFile(doc: SieDocument): { bytes: Uint8Array; warnings: SieCharacterWarning[] } {
  const warnings: SieCharacterWarning[] = [];
  const seen = new Set<string>();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (const line of sieLines(doc)) {
    const { bytes, replaced } = encodeCp437(`${line}\r\n`);
    chunks.push(bytes);
    length += bytes.length;
    for (const r of replaced) {
      const record = recordName(line);
      const key = `${r.char}\u0000${record}`;
      if (seen.has(key)) continue;
      seen.add(key);
      warnings.push({ ...r, record });
    }
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, warnings };
}

/** '#FNAMN', '#KONTO 3510', '#VER "YR-2024-0001 Luleå"' – where a character was replaced. */
function recordName(line: string): string {
  const label = line.split(' ', 1)[0];
  // '#VER "" "" YYYYMMDD "text"': the text starts after the fixed-width head.
  if (label === '#VER') return `#VER ${line.slice('#VER "" "" YYYYMMDD '.length)}`;
  if (label === '#KONTO' || label === '#TRANS') return line.split(' ').slice(0, 2).join(' ');
  return label;
}
