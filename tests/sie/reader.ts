/**
 * An independent SIE 4 reader for the tests, written from the format's definition (SIE
 * filformat utgåva 4B/4C), not from the product's writer:
 *   - the file is IBM PC 8-bit (code page 437) when #FORMAT PC8; decoded here by the system's
 *     iconv (glibc's CP437 table), so the product's encoder is checked against another table;
 *   - one record per line (CR LF or LF), starting with a label #XXX; lines that are blank are
 *     ignored; { and } alone on a line open and close the sub-records of the preceding #VER;
 *   - fields are separated by spaces or tabs; a field in double quotes may hold spaces, and
 *     inside it \" is a quote and \\ a backslash; {…} is an object list (one field);
 *   - dates YYYYMMDD; amounts with a decimal point, a leading minus for credits.
 */
import { execFileSync } from 'node:child_process';

export interface ReadTrans {
  account: string;
  objects: string;
  amount: string; // as written
  cents: bigint;
}
export interface ReadVer {
  series: string;
  number: string;
  date: string; // YYYYMMDD
  text: string;
  trans: ReadTrans[];
}
export interface ReadSie {
  labels: string[]; // every record label in file order (#TRANS included)
  records: { label: string; fields: string[] }[]; // the records outside #VER blocks
  flagga: string;
  program: string[];
  format: string;
  gen: string;
  sietyp: string;
  orgnr: string;
  fnamn: string;
  konto: Map<string, string>;
  vers: ReadVer[];
}

export function decodePc8(bytes: Uint8Array): string {
  return execFileSync('iconv', ['-f', 'CP437', '-t', 'UTF-8'], { input: Buffer.from(bytes) }).toString('utf8');
}

/** Splits one record line into its fields (the label first). */
export function fields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated quoted field in: ${line}`);
        const c = line[i];
        if (c === '\\' && i + 1 < line.length) {
          text += line[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          text += c;
          i++;
        }
      }
      out.push(text);
    } else if (ch === '{') {
      const end = line.indexOf('}', i);
      if (end < 0) throw new Error(`unterminated object list in: ${line}`);
      out.push(line.slice(i, end + 1));
      i = end + 1;
    } else {
      let j = i;
      while (j < line.length && line[j] !== ' ' && line[j] !== '\t') j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

function cents(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) throw new Error(`not a SIE amount: ${amount}`);
  const value = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] === '-' ? -value : value;
}

export function readSie(bytes: Uint8Array): ReadSie {
  const text = decodePc8(bytes);
  const lines = text.split(/\r?\n/);
  const result: ReadSie = {
    labels: [],
    records: [],
    flagga: '',
    program: [],
    format: '',
    gen: '',
    sietyp: '',
    orgnr: '',
    fnamn: '',
    konto: new Map(),
    vers: [],
  };
  let open: ReadVer | null = null;
  let pending: ReadVer | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (line === '{') {
      if (!pending) throw new Error('{ without #VER');
      open = pending;
      pending = null;
      continue;
    }
    if (line === '}') {
      if (!open) throw new Error('} without {');
      result.vers.push(open);
      open = null;
      continue;
    }
    const f = fields(line);
    const label = f[0];
    if (!label.startsWith('#')) throw new Error(`record without label: ${line}`);
    result.labels.push(label);
    if (open) {
      if (label !== '#TRANS') throw new Error(`unexpected ${label} inside #VER`);
      open.trans.push({ account: f[1], objects: f[2], amount: f[3], cents: cents(f[3]) });
      continue;
    }
    if (pending) throw new Error('#VER without {');
    result.records.push({ label, fields: f.slice(1) });
    switch (label) {
      case '#FLAGGA':
        result.flagga = f[1];
        break;
      case '#PROGRAM':
        result.program = f.slice(1);
        break;
      case '#FORMAT':
        result.format = f[1];
        break;
      case '#GEN':
        result.gen = f[1];
        break;
      case '#SIETYP':
        result.sietyp = f[1];
        break;
      case '#ORGNR':
        result.orgnr = f[1];
        break;
      case '#FNAMN':
        result.fnamn = f[1];
        break;
      case '#KONTO':
        result.konto.set(f[1], f[2]);
        break;
      case '#VER':
        pending = { series: f[1], number: f[2], date: f[3], text: f[4] ?? '', trans: [] };
        break;
      default:
        break;
    }
  }
  if (open || pending) throw new Error('file ends inside a #VER');
  return result;
}

/** Sum of a voucher's amounts in öre. */
export function balance(v: ReadVer): bigint {
  return v.trans.reduce((s, t) => s + t.cents, 0n);
}

/** Per account, the sum in öre over the given vouchers. */
export function accountTotals(vers: readonly ReadVer[]): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const v of vers) for (const t of v.trans) totals.set(t.account, (totals.get(t.account) ?? 0n) + t.cents);
  return totals;
}

/** A two-decimal kronor string ('-1550.00') to öre. */
export function ore(kronor: string): bigint {
  return cents(kronor);
}
