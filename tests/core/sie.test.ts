import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { accountFindings, bookkeeping } from '../../src/core/bookkeeping';
import { cp437Fallback, encodeCp437 } from '../../src/core/cp437';
import { sieFile, sieQuote, type SieDocument } from '../../src/core/sie';
import type { Ledger, RegisteredInvoice, RegisteredLine } from '../../src/core/types';
import { locateAll } from '../../src/workbook/locate';
import { d, defaultSettings } from './builders';
import { accountTotals, balance, fields, readSie } from '../sie/reader';

const accounts = defaultSettings().accounts;

function invoice(number: string, date: string, municipality: string, total: string): RegisteredInvoice {
  return {
    number,
    invoiceDate: date,
    dueDate: date,
    period: date.slice(0, 7),
    municipality,
    total: d(total),
    ocr: '',
    status: 'Skapad',
    sent: '',
    recipient: '',
    run: '',
  };
}
const components = { venue: d(1000), pot: d(400), material: d(100), buffer: d(50) };
function variable(number: string, quantity: string): RegisteredLine {
  const q = d(quantity);
  return {
    invoiceNumber: number,
    line: { kind: 'variable', courseId: 'K1', quantity: q, unitPrice: d(1550), components, amount: q.times(1550) },
  };
}
const fixed = (number: string, amount: string): RegisteredLine => ({
  invoiceNumber: number,
  line: { kind: 'fixed', year: 2024, months: 12, amount: d(amount) },
});
const payout = (number: string, amount: string): RegisteredLine => ({
  invoiceNumber: number,
  line: { kind: 'trainerPot', year: 2024, trainerDays: d(4), amount: d(amount) },
});

function doc(v: ReturnType<typeof bookkeeping>, name = 'Norrbottens Kommuner'): SieDocument {
  return {
    program: { name: 'Yrkesresan', version: '1.0' },
    generated: '2025-01-10',
    orgNumber: '222000-1875',
    companyName: name,
    accounts: v.accounts,
    vouchers: v.vouchers,
  };
}

describe('code page 437', () => {
  it('writes å ä ö Å Ä Ö as the bytes of the code page', () => {
    expect([...encodeCp437('åäöÅÄÖ').bytes]).toEqual([0x86, 0x84, 0x94, 0x8f, 0x8e, 0x99]);
    expect(encodeCp437('Luleå').replaced).toEqual([]);
  });

  it('agrees with the system iconv on every character of the upper half', () => {
    const upper = Uint8Array.from({ length: 127 }, (_, i) => 0x80 + i); // 0xFF (no-break space) is written as a space
    const text = execFileSync('iconv', ['-f', 'CP437', '-t', 'UTF-8'], { input: Buffer.from(upper) }).toString('utf8');
    const { bytes, replaced } = encodeCp437(text);
    expect(replaced).toEqual([]);
    expect([...bytes]).toEqual([...upper]);
  });

  it('composes decomposed letters first, so "a" + ring is one byte', () => {
    expect([...encodeCp437('a\u030A').bytes]).toEqual([0x86]);
  });

  it('replaces what the code page cannot hold by the documented fallback, and reports each character once', () => {
    expect(cp437Fallback('–')).toBe('-');
    expect(cp437Fallback('”')).toBe('"');
    expect(cp437Fallback('€')).toBe('EUR');
    expect(cp437Fallback('Ō')).toBe('O');
    expect(cp437Fallback('ł')).toBe('?');
    const r = encodeCp437('Łódź – Łódź');
    expect(Buffer.from(r.bytes).toString('latin1')).toBe('?\xa2dz - ?\xa2dz');
    expect(r.replaced.map((x) => x.char)).toEqual(['Ł', 'ź', '–']);
  });
});

describe('SIE text fields', () => {
  it('quotes every text and escapes quotes and backslashes as the format defines', () => {
    expect(sieQuote('Luleå kommun')).toBe('"Luleå kommun"');
    expect(sieQuote('Norrbottens "Kommuner"')).toBe('"Norrbottens \\"Kommuner\\""');
    expect(sieQuote('a\\b')).toBe('"a\\\\b"');
    expect(sieQuote('rad1\nrad2\t')).toBe('"rad1 rad2 "');
    expect(fields(`#FNAMN ${sieQuote('Norrbottens "Kommuner" \\ AB')}`)).toEqual([
      '#FNAMN',
      'Norrbottens "Kommuner" \\ AB',
    ]);
  });
});

describe('vouchers from the register', () => {
  const ledger: Ledger = {
    invoices: [
      invoice('YR-2024-0001', '2024-05-20', 'Luleå', '301317.00'),
      invoice('YR-2024-0002', '2024-12-15', 'Älvsbyn', '-1550.00'),
      invoice('YR-2025-0001', '2025-01-10', 'Luleå', '-301317.00'),
    ],
    lines: [
      variable('YR-2024-0001', '1.5'),
      fixed('YR-2024-0001', '298992.00'),
      variable('YR-2024-0002', '1'),
      payout('YR-2024-0002', '-3100.00'),
      { invoiceNumber: 'YR-2025-0001', line: { ...variable('X', '-1.5').line } },
      fixed('YR-2025-0001', '-298992.00'),
      variable('ORPHAN', '10'),
    ],
  };
  const payments = [{ date: '2024-06-10', amount: d('301317.00'), invoice: 'YR-2024-0001', bankReference: 'B1' }];

  it('books each document and payment as the specification says, every voucher balanced', () => {
    const books = bookkeeping(ledger, payments, accounts, { from: null, to: null });
    const sie = readSie(sieFile(doc(books)).bytes);
    expect(sie.vers.map((v) => [v.date, v.text])).toEqual([
      ['20240520', 'YR-2024-0001 Luleå'],
      ['20241215', 'YR-2024-0002 Älvsbyn'],
      ['20250110', 'YR-2025-0001 Luleå'],
      ['20240610', 'Inbetalning YR-2024-0001 Luleå'],
    ]);
    for (const v of sie.vers) expect(balance(v)).toBe(0n);
    expect(sie.vers[0].trans.map((t) => [t.account, t.amount])).toEqual([
      ['1510', '301317.00'],
      ['3510', '-1725.00'],
      ['2990', '-600.00'],
      ['3520', '-298992.00'],
    ]);
    expect(sie.vers[1].trans.map((t) => [t.account, t.amount])).toEqual([
      ['1510', '-1550.00'],
      ['3510', '-1150.00'],
      ['2990', '-400.00'],
      ['2990', '3100.00'],
    ]);
    expect(sie.vers[3].trans.map((t) => [t.account, t.amount])).toEqual([
      ['1930', '301317.00'],
      ['1510', '-301317.00'],
    ]);
    expect([...sie.konto.keys()]).toEqual(['1510', '1930', '2990', '3510', '3520']);
  });

  it("writes a credit note's voucher as exactly minus its invoice's", () => {
    const sie = readSie(sieFile(doc(bookkeeping(ledger, [], accounts, { from: null, to: null }))).bytes);
    const [inv, , credit] = sie.vers;
    expect(credit.trans.map((t) => [t.account, -t.cents])).toEqual(inv.trans.map((t) => [t.account, t.cents]));
  });

  it('takes only documents and payments dated in the period, both ends inclusive', () => {
    const books = bookkeeping(ledger, payments, accounts, { from: '2024-05-21', to: '2024-12-15' });
    expect(books.vouchers.map((v) => v.text)).toEqual(['YR-2024-0002 Älvsbyn', 'Inbetalning YR-2024-0001 Luleå']);
    const totals = accountTotals(readSie(sieFile(doc(books)).bytes).vers);
    expect(totals.get('1510')).toBe(-155000n - 30131700n);
  });

  it('adds VAT to Konto utgående moms, from the total less the lines', () => {
    const withVat: Ledger = {
      invoices: [invoice('YR-2024-0001', '2024-05-20', 'Luleå', '1937.50')],
      lines: [variable('YR-2024-0001', '1')],
    };
    const v = bookkeeping(withVat, [], accounts, { from: null, to: null }).vouchers[0];
    expect(v.transactions.map((t) => [t.account, t.amount.toFixed(2)])).toEqual([
      ['1510', '1937.50'],
      ['3510', '-1150.00'],
      ['2990', '-400.00'],
      ['2611', '-387.50'],
    ]);
  });

  it('names one #KONTO for two settings that share an account', () => {
    const shared = { ...accounts, fixed: '3510' };
    const books = bookkeeping(ledger, [], shared, { from: '2024-05-20', to: '2024-05-20' });
    expect(books.accounts.find((a) => a.number === '3510')!.name).toBe(
      'Kursavgifter Yrkesresan / Fast kostnad projektledare Yrkesresan',
    );
    expect(books.vouchers[0].transactions.map((t) => [t.account, t.amount.toFixed(2)])).toEqual([
      ['1510', '301317.00'],
      ['3510', '-300717.00'],
      ['2990', '-600.00'],
    ]);
  });

  it('reports a character the code page cannot hold, with the record it is in', () => {
    const books = bookkeeping(ledger, [], accounts, { from: '2024-05-20', to: '2024-05-20' });
    const { bytes, warnings } = sieFile(doc(books, 'Norrbottens Kommuner – förbund'));
    expect(warnings).toEqual([{ char: '–', replacement: '-', record: '#FNAMN' }]);
    expect(readSie(bytes).fnamn).toBe('Norrbottens Kommuner - förbund');
    expect([...bytes].filter((b) => b === 0x94).length).toBe(1); // the ö of förbund
  });
});

describe('account settings', () => {
  it('accepts 4 digits and Kommun-Bas sub-accounts of 5–6 digits', () => {
    expect(accountFindings({ ...accounts, receivables: '151001', bank: '19301' })).toEqual([]);
  });
  it('names each missing or invalid account setting in Swedish, at its row', () => {
    const issues = locateAll(accountFindings({ ...accounts, pot: '29 90', vat: '', fixed: '0520' }), {
      settingRows: { 'Konto utbildarpott': 24 },
    });
    expect(issues.map((i) => [i.tab, i.row, i.column, i.value])).toEqual([
      ['Inställningar', 24, 'Värde', '29 90'],
      ['Inställningar', undefined, 'Värde', '0520'],
      ['Inställningar', undefined, 'Värde', ''],
    ]);
    expect(issues[0].message).toContain('Konto utbildarpott');
    expect(issues[2].message).toContain('Konto utgående moms saknas');
  });
});
