import { describe, expect, it } from 'vitest';
import { base64ToBytes, bankFileText, parseBankFile, parseBankFileText } from '../../src/core/bankfile';
import { utf8 } from '../../src/core/bankfile/text';
import { xmlParser } from '../../src/workbook/xml';
import { bgMax, bgRecord, camt054, latin1Bytes } from '../fixtures/bankFiles';

function payments(text: string) {
  const r = parseBankFileText(text, xmlParser);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.file.payments.map((p) => ({ ...p, amount: p.amount.toFixed(2) }));
}

function errors(text: string): string[] {
  const r = parseBankFileText(text, xmlParser);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('camt.054', () => {
  it('reads one batch entry with several transactions, skipping debit entries', () => {
    const xml = camt054([
      {
        bookingDate: '2026-06-15',
        acctSvcrRef: 'E1',
        txs: [
          { amount: '1550.00', ref: '2026000107', payer: 'Luleå kommun', acctSvcrRef: 'T1' },
          { amount: '3100.00', ref: '2026000206', payer: 'Piteå kommun', acctSvcrRef: 'T2' },
        ],
      },
      { bookingDate: '2026-06-15', credit: false, acctSvcrRef: 'D1', txs: [{ amount: '99.00', ref: '2026000107' }] },
    ]);
    expect(payments(xml)).toEqual([
      {
        bankReference: 'T1',
        date: '2026-06-15',
        amount: '1550.00',
        reference: '2026000107',
        message: '',
        payer: 'Luleå kommun',
        where: 'Post 1 (E1), transaktion 1',
      },
      {
        bankReference: 'T2',
        date: '2026-06-15',
        amount: '3100.00',
        reference: '2026000206',
        message: '',
        payer: 'Piteå kommun',
        where: 'Post 1 (E1), transaktion 2',
      },
    ]);
  });

  it('reads references with and without the SCOR type, free text only, and every version 001.02–001.08', () => {
    for (const version of ['02', '03', '04', '05', '06', '07', '08']) {
      const xml = camt054(
        [
          {
            bookingDate: '2026-06-16',
            acctSvcrRef: 'A',
            txs: [{ amount: '10.00', ref: '111', scor: true, payer: 'Boden' }],
          },
          { bookingDate: '2026-06-16', acctSvcrRef: 'B', txs: [{ amount: '20.50', ref: '222', scor: false }] },
          { bookingDate: '2026-06-17', acctSvcrRef: 'C', txs: [{ amount: '30.00', ustrd: 'Faktura YR-2026-0003' }] },
        ],
        version,
      );
      const got = payments(xml);
      expect(got.map((p) => [p.bankReference, p.date, p.amount, p.reference, p.message])).toEqual([
        ['A', '2026-06-16', '10.00', '111', ''],
        ['B', '2026-06-16', '20.50', '222', ''],
        ['C', '2026-06-17', '30.00', '', 'Faktura YR-2026-0003'],
      ]);
      expect(got[0].payer).toBe('Boden');
    }
  });

  it('gives transactions without their own reference the entry reference, numbered in a batch', () => {
    const xml = camt054([
      { bookingDate: '2026-06-15', ntryRef: 'N7', txs: [{ amount: '1.00' }, { amount: '2.00' }] },
      { bookingDate: '2026-06-15', acctSvcrRef: 'S8', txs: [{ amount: '3.00' }] },
      { bookingDate: '2026-06-15', acctSvcrRef: 'S9', amount: '4.00', addtlInfo: 'YR-2026-0001' },
    ]);
    expect(payments(xml).map((p) => [p.bankReference, p.amount, p.message])).toEqual([
      ['N7-1', '1.00', ''],
      ['N7-2', '2.00', ''],
      ['S8', '3.00', ''],
      ['S9', '4.00', 'YR-2026-0001'],
    ]);
  });

  it('reads prefixed namespaces and skips pending entries', () => {
    const xml = camt054(
      [
        { bookingDate: '2026-06-15', acctSvcrRef: 'A', txs: [{ amount: '1.00', ref: '1' }] },
        { bookingDate: '2026-06-15', acctSvcrRef: 'P', status: 'PDNG', txs: [{ amount: '2.00', ref: '2' }] },
      ],
      '05',
      { prefix: 'ns2' },
    );
    expect(payments(xml).map((p) => p.bankReference)).toEqual(['A']);
  });

  it('refuses what is not XML, XML of another message type, an unsupported version and a truncated file', () => {
    expect(errors('hej hej')[0]).toMatch(/varken en camt\.054-fil/);
    expect(errors('<Document><a></Document>')[0]).toMatch(/inte giltig XML \(fel på rad 1\)/);
    const camt053 =
      '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>';
    expect(errors(camt053)[0]).toMatch(/ISO 20022-meddelandet camt\.053\.001\.02, inte en camt\.054/);
    expect(errors('<Invoice><ID>1</ID></Invoice>')[0]).toMatch(/XML med <Invoice> och <ID>, inte en camt/);
    const v09 = camt054([{ bookingDate: '2026-06-15', acctSvcrRef: 'A', txs: [{ amount: '1.00' }] }], '09');
    expect(errors(v09)[0]).toMatch(/camt\.054\.001\.09; verktyget läser camt\.054 i versionerna 001\.02–001\.08/);
    const full = camt054([{ bookingDate: '2026-06-15', acctSvcrRef: 'A', txs: [{ amount: '1.00' }] }]);
    expect(errors(full.slice(0, full.length - 40))[0]).toMatch(/inte giltig XML .* avkortad/);
  });

  it('names the entry whose amount is not a number, and lists every such entry', () => {
    const xml = camt054([
      { bookingDate: '2026-06-15', acctSvcrRef: 'A', txs: [{ amount: '1.00' }] },
      { bookingDate: '2026-06-15', acctSvcrRef: 'B', amount: '12,50', txs: [{ amount: 'tolv' }] },
      { bookingDate: '2026-06-15', acctSvcrRef: 'C', amount: 'x' },
    ]);
    expect(errors(xml)).toEqual([
      'Post 2 (B): beloppet "12,50" är inget tal.',
      'Post 3 (C): beloppet "x" är inget tal.',
    ]);
  });

  it('refuses another currency and a missing booking date', () => {
    const xml = camt054([
      { bookingDate: '2026-06-15', acctSvcrRef: 'A', txs: [{ amount: '1.00', currency: 'EUR' }], currency: 'EUR' },
    ]);
    expect(errors(xml)[0]).toMatch(/valutan EUR stöds inte/);
    const noDate = camt054([{ bookingDate: 'igår', acctSvcrRef: 'A', txs: [{ amount: '1.00' }] }]);
    expect(errors(noDate)[0]).toBe('Post 1 (A): bokföringsdag (BookgDt) saknas eller är inget datum.');
  });
});

describe('BgMax', () => {
  const file = bgMax([
    {
      date: '2026-06-18',
      payments: [
        { amount: '1550.00', reference: '2026000107', serial: '111', name: 'Luleå kommun' },
        { amount: '200.00', reference: 'Faktura YR-2026-0002', ocr: false, serial: '112', info: 'Delbetalning maj' },
      ],
    },
    { date: '2026-06-19', payments: [{ amount: '50.00', reference: '2026000206', serial: '113', deduction: true }] },
  ]);

  it('reads payments with their deposit section day, name records and information records (ISO 8859-1)', () => {
    const r = parseBankFile(latin1Bytes(file), xmlParser);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.file.format).toBe('BgMax');
    expect(r.file.payments.map((p) => ({ ...p, amount: p.amount.toFixed(2) }))).toEqual([
      {
        bankReference: '000000000111',
        date: '2026-06-18',
        amount: '1550.00',
        reference: '2026000107',
        message: '',
        payer: 'Luleå kommun',
        where: 'Post 3 (TK20, betalningspost)',
      },
      {
        bankReference: '000000000112',
        date: '2026-06-18',
        amount: '200.00',
        reference: '',
        message: 'Faktura YR-2026-0002 Delbetalning maj',
        payer: '',
        where: 'Post 5 (TK20, betalningspost)',
      },
      {
        bankReference: '000000000113',
        date: '2026-06-19',
        amount: '-50.00',
        reference: '2026000206',
        message: '',
        payer: '',
        where: 'Post 9 (TK21, avdragspost)',
      },
    ]);
  });

  it('reads a BgMax file saved as UTF-8, and records without trailing blanks', () => {
    const trimmed = file
      .split('\r\n')
      .map((l) => l.trimEnd())
      .join('\n');
    const r = parseBankFile(new TextEncoder().encode(trimmed), xmlParser);
    expect(r.ok && r.file.payments[0].payer).toBe('Luleå kommun');
  });

  it('refuses a truncated file, naming where it ends', () => {
    const lines = file.split('\r\n');
    const cut = lines.slice(0, 6).join('\r\n');
    expect(errors(cut)).toEqual([
      'Filen är avkortad: slutposten (TK70) saknas efter post 6, och insättningen som börjar på post 2 har ingen insättningspost (TK15). Hämta filen på nytt från banken.',
    ]);
    const midRecord = [...lines.slice(0, 2), lines[2].slice(0, 45)].join('\r\n');
    expect(errors(midRecord)[0]).toMatch(
      /^Post 3 \(TK20, betalningspost\) är avkortad: fältet betalningsbelopp \(position 38–55\) saknas/,
    );
  });

  it('names the record whose amount is not a number', () => {
    const lines = file.split('\r\n');
    lines[2] = lines[2].slice(0, 40) + 'ABC' + lines[2].slice(43);
    expect(errors(lines.join('\r\n'))[0]).toMatch(
      /^Post 3 \(TK20, betalningspost\): betalningsbeloppet "000ABC000000155000" är inget tal/,
    );
  });

  it('refuses payments outside a deposit section and unknown records', () => {
    const start = bgRecord('01', [
      [3, 'BGMAX'.padEnd(20)],
      [23, '01'],
    ]);
    const pay = bgRecord('20', [
      [38, '000000000000000100'],
      [58, '000000000001'],
    ]);
    const end = bgRecord('70', []);
    expect(errors([start, pay, end].join('\n'))[0]).toBe(
      'Post 2 (TK20, betalningspost) står utanför en insättning (ingen öppningspost TK05 före den).',
    );
    expect(errors([start, bgRecord('99', []), end].join('\n'))[0]).toMatch(/okänd transaktionskod "99"/);
  });
});

describe('bytes', () => {
  it('decodes base64 and UTF-8 without host APIs', () => {
    const text = 'Övertorneå – 5 000,00 kr 🙂';
    const b64 = Buffer.from(text, 'utf8').toString('base64');
    expect(utf8(base64ToBytes(b64)!)).toBe(text);
    expect(base64ToBytes('data:text/xml;base64,' + b64)).toEqual(new Uint8Array(Buffer.from(text)));
    expect(base64ToBytes('*not base64*')).toBeNull();
  });

  it('reads an XML declared ISO-8859-1 as Latin-1 and a UTF-8 BOM away', () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><a>Luleå</a>';
    expect(bankFileText(latin1Bytes(xml))).toBe(xml);
    expect(bankFileText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('<a>å</a>')]))).toBe('<a>å</a>');
  });

  it('decodes a 5 MB file', () => {
    const big = camt054(
      Array.from({ length: 9000 }, (_, i) => ({
        bookingDate: '2026-06-15',
        acctSvcrRef: `R${i}`,
        txs: [
          {
            amount: '1550.00',
            ref: String(2026000000 + i),
            payer: 'Övertorneå kommun',
            ustrd: 'Betalning av faktura för Yrkesresan, maj',
          },
        ],
      })),
    );
    const bytes = new TextEncoder().encode(big);
    expect(bytes.length).toBeGreaterThan(5_000_000);
    const r = parseBankFile(bytes, xmlParser);
    expect(r.ok && r.file.payments.length).toBe(9000);
  });
});
