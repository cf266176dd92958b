// `yrkesresan payments` in-process on copies of the sample workbook, billed for May 2024 first
// (SPEC §7, §10): camt.054 and BgMax files, a second import that changes nothing, allocation by
// typing an invoice number into Faktura, and errors that leave FILE byte-for-byte unchanged.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bgMax, camt054, latin1Bytes } from '../fixtures/bankFiles';
import {
  billedSample,
  cellText,
  dataRows,
  edit,
  load,
  runCli,
  setCell,
  sha256,
  sheet,
  type JsonInvoice,
} from './helpers';

interface PaymentsJson {
  file: string;
  payments: {
    bankReference: string;
    date: string;
    amount: string;
    reference: string;
    invoice: string | null;
    status: string;
  }[];
  invoices: { number: string; paid: string; status: string }[];
}

const paymentsJson = (dir: string): PaymentsJson =>
  JSON.parse(readFileSync(join(dir, 'payments.json'), 'utf8')) as PaymentsJson;

/** A copy of the sample billed for May 2024 (billed once per worker; each test has its own copy). */
async function billedMay(): Promise<{ dir: string; file: string; invoices: JsonInvoice[] }> {
  const { dir, file, runs } = await billedSample(['2024-05', '2024-05-20']);
  const invoices = runs[0].invoices;
  expect(invoices.length).toBeGreaterThanOrEqual(4);
  return { dir, file, invoices };
}

/** Fakturor's Status, Betalt and Betaldatum by invoice number. */
async function register(file: string): Promise<Record<string, { status: string; paid: string; paidDate: string }>> {
  const ws = sheet(await load(file), 'Fakturor');
  return Object.fromEntries(
    dataRows(ws).map((r) => [
      cellText(ws, r, 'Fakturanummer'),
      { status: cellText(ws, r, 'Status'), paid: cellText(ws, r, 'Betalt'), paidDate: cellText(ws, r, 'Betaldatum') },
    ]),
  );
}

async function payments(file: string): Promise<string[][]> {
  const ws = sheet(await load(file), 'Inbetalningar');
  const heads = ['Bankreferens', 'Bokföringsdag', 'Belopp', 'Referens', 'Betalare', 'Fil', 'Faktura', 'Status'];
  return dataRows(ws).map((r) => heads.map((h) => cellText(ws, r, h)));
}

async function lastLog(file: string): Promise<string[]> {
  const ws = sheet(await load(file), 'Logg');
  const rows = dataRows(ws);
  return ['Åtgärd', 'Detaljer', 'Resultat'].map((h) => cellText(ws, rows.at(-1)!, h));
}

describe('yrkesresan payments', () => {
  it('reads a camt.054 file into Inbetalningar and Fakturor, writes payments.json, and a second import changes nothing', async () => {
    const { dir, file, invoices } = await billedMay();
    const [a, b, c] = invoices;
    const over = (Number(c.total) + 10).toFixed(2);
    const camt = join(dir, 'bank.xml');
    writeFileSync(
      camt,
      camt054([
        {
          bookingDate: '2024-06-18',
          acctSvcrRef: 'E1',
          txs: [
            { amount: a.total, ref: a.ocr, acctSvcrRef: 'T1', payer: `${a.municipality} kommun` },
            { amount: '1000.00', ref: b.ocr, scor: false, acctSvcrRef: 'T2' },
            { amount: over, ustrd: `Betalning faktura ${c.number}`, acctSvcrRef: 'T3' },
            { amount: '250.00', ustrd: 'Kursavgift juni', acctSvcrRef: 'T4' },
          ],
        },
        {
          bookingDate: '2024-06-18',
          credit: false,
          acctSvcrRef: 'D1',
          txs: [{ amount: '99.00', ref: a.ocr, acctSvcrRef: 'D1T' }],
        },
      ]),
    );
    const r = await runCli(['payments', '--workbook', file, '--file', camt, '--out', join(dir, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('4 betalningar, 3 matchade, 1 omatchad, 0 redan inlästa');
    expect(paymentsJson(join(dir, 'out'))).toEqual({
      file: 'bank.xml',
      payments: [
        {
          bankReference: 'T1',
          date: '2024-06-18',
          amount: a.total,
          reference: a.ocr,
          invoice: a.number,
          status: 'Matchad',
        },
        {
          bankReference: 'T2',
          date: '2024-06-18',
          amount: '1000.00',
          reference: b.ocr,
          invoice: b.number,
          status: 'Matchad',
        },
        {
          bankReference: 'T3',
          date: '2024-06-18',
          amount: over,
          reference: `Betalning faktura ${c.number}`,
          invoice: c.number,
          status: 'Matchad',
        },
        {
          bankReference: 'T4',
          date: '2024-06-18',
          amount: '250.00',
          reference: 'Kursavgift juni',
          invoice: null,
          status: 'Omatchad',
        },
      ],
      invoices: [
        { number: a.number, paid: a.total, status: 'Betald' },
        { number: b.number, paid: '1000.00', status: 'Delbetald' },
        { number: c.number, paid: over, status: 'Överbetald' },
      ],
    });
    const reg = await register(file);
    expect(reg[a.number]).toEqual({ status: 'Betald', paid: String(Number(a.total)), paidDate: '2024-06-18' });
    expect(reg[b.number]).toMatchObject({ status: 'Delbetald', paid: '1000' });
    expect(reg[c.number].status).toBe('Överbetald');
    expect(reg[invoices[3].number]).toEqual({ status: 'Skapad', paid: '', paidDate: '' });
    const rows = await payments(file);
    expect(rows.map((row) => [row[0], row[5], row[6], row[7]])).toEqual([
      ['T1', 'bank.xml', a.number, 'Matchad'],
      ['T2', 'bank.xml', b.number, 'Matchad'],
      ['T3', 'bank.xml', c.number, 'Matchad'],
      ['T4', 'bank.xml', '', 'Omatchad'],
    ]);
    expect(await lastLog(file)).toEqual(['Inläsning av betalningar', expect.stringContaining('bank.xml'), 'Klar']);

    const again = await runCli(['payments', '--workbook', file, '--file', camt, '--out', join(dir, 'again')]);
    expect(again.status).toBe(0);
    const second = paymentsJson(join(dir, 'again'));
    expect(second.payments.map((p) => p.status)).toEqual([
      'Redan inläst',
      'Redan inläst',
      'Redan inläst',
      'Redan inläst',
    ]);
    expect(second.payments.map((p) => p.invoice)).toEqual([a.number, b.number, c.number, null]);
    expect(await payments(file)).toEqual(rows);
    expect(await register(file)).toEqual(reg);
  });

  it('reads a BgMax file (ISO 8859-1, deposit sections and name records)', async () => {
    const { dir, file, invoices } = await billedMay();
    const [a, b] = invoices;
    const bg = join(dir, 'BGMAX.TXT');
    const text = bgMax([
      {
        date: '2024-06-19',
        payments: [{ amount: a.total, reference: a.ocr, serial: '101', name: 'Överkalix kommun' }],
      },
      {
        date: '2024-06-20',
        payments: [
          { amount: '500.00', reference: b.ocr, serial: '102' },
          { amount: '75.50', reference: 'Okänd', ocr: false, serial: '103' },
        ],
      },
    ]);
    writeFileSync(bg, latin1Bytes(text));
    const r = await runCli(['payments', '--workbook', file, '--file', bg, '--out', join(dir, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = paymentsJson(join(dir, 'out'));
    expect(json.payments.map((p) => [p.date, p.amount, p.invoice, p.status])).toEqual([
      ['2024-06-19', a.total, a.number, 'Matchad'],
      ['2024-06-20', '500.00', b.number, 'Matchad'],
      ['2024-06-20', '75.50', null, 'Omatchad'],
    ]);
    expect(json.invoices).toEqual([
      { number: a.number, paid: a.total, status: 'Betald' },
      { number: b.number, paid: '500.00', status: 'Delbetald' },
    ]);
    expect((await payments(file))[0][4]).toBe('Överkalix kommun');
  });

  it('applies an invoice number typed into Faktura of an unmatched payment', async () => {
    const { dir, file, invoices } = await billedMay();
    const d = invoices[3];
    const camt = join(dir, 'bank.xml');
    writeFileSync(
      camt,
      camt054([{ bookingDate: '2024-06-21', txs: [{ amount: d.total, ustrd: 'Yrkesresan vår', acctSvcrRef: 'U1' }] }]),
    );
    expect((await runCli(['payments', '--workbook', file, '--file', camt, '--out', join(dir, 'first')])).status).toBe(
      0,
    );
    expect(paymentsJson(join(dir, 'first')).payments[0].status).toBe('Omatchad');

    // The administrator types the number (lower case, with spaces) into Faktura.
    await edit(file, (wb) => setCell(sheet(wb, 'Inbetalningar'), 2, 'Faktura', ` ${d.number.toLowerCase()} `));
    const r = await runCli(['payments', '--workbook', file, '--file', camt, '--out', join(dir, 'second')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Fördelning: U1`);
    const json = paymentsJson(join(dir, 'second'));
    expect(json.payments).toEqual([
      {
        bankReference: 'U1',
        date: '2024-06-21',
        amount: d.total,
        reference: 'Yrkesresan vår',
        invoice: d.number,
        status: 'Redan inläst',
      },
    ]);
    expect(json.invoices).toEqual([{ number: d.number, paid: d.total, status: 'Betald' }]);
    expect((await payments(file))[0][7]).toBe('Matchad');
    expect((await register(file))[d.number].status).toBe('Betald');
  });

  it('refuses an invoice number that does not exist, naming the cell, and leaves FILE byte-for-byte unchanged', async () => {
    const { dir, file, invoices } = await billedMay();
    const camt = join(dir, 'bank.xml');
    writeFileSync(
      camt,
      camt054([{ bookingDate: '2024-06-21', txs: [{ amount: '10.00', ustrd: 'x', acctSvcrRef: 'U1' }] }]),
    );
    expect((await runCli(['payments', '--workbook', file, '--file', camt, '--out', join(dir, 'first')])).status).toBe(
      0,
    );
    await edit(file, (wb) => setCell(sheet(wb, 'Inbetalningar'), 2, 'Faktura', 'YR-2024-9999'));
    const before = sha256(file);
    const r = await runCli(['payments', '--workbook', file, '--file', camt, '--out', join(dir, 'second')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'FEL  Flik Inbetalningar, rad 2, kolumn Faktura: "YR-2024-9999" – Fakturan YR-2024-9999 finns inte',
    );
    expect(sha256(file)).toBe(before);
    expect(invoices.length).toBeGreaterThan(0);
  });

  it('refuses a file that is no bank file, or a truncated BgMax, with exit 2 and FILE unchanged; --dry-run never writes FILE', async () => {
    const { dir, file, invoices } = await billedMay();
    const before = sha256(file);
    const notXml = join(dir, 'bank.xml');
    writeFileSync(notXml, '<Document><BkToCstmrDbtCdtNtfctn>');
    const bad = await runCli(['payments', '--workbook', file, '--file', notXml, '--out', join(dir, 'bad')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bank\.xml: .*XML/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(sha256(file)).toBe(before);

    const truncated = join(dir, 'bg.txt');
    const text = bgMax([
      { date: '2024-06-19', payments: [{ amount: invoices[0].total, reference: invoices[0].ocr, serial: '1' }] },
    ]);
    writeFileSync(truncated, latin1Bytes(text.split('\r\n').slice(0, 3).join('\r\n')));
    const cut = await runCli(['payments', '--workbook', file, '--file', truncated, '--out', join(dir, 'cut')]);
    expect(cut.status).toBe(2);
    expect(sha256(file)).toBe(before);

    const camt = join(dir, 'ok.xml');
    writeFileSync(
      camt,
      camt054([
        { bookingDate: '2024-06-21', txs: [{ amount: invoices[0].total, ref: invoices[0].ocr, acctSvcrRef: 'P1' }] },
      ]),
    );
    const dry = await runCli(['payments', '--workbook', file, '--file', camt, '--dry-run', '--out', join(dir, 'dry')]);
    expect(dry.status).toBe(0);
    expect(paymentsJson(join(dir, 'dry')).payments[0].status).toBe('Matchad');
    expect(sha256(file)).toBe(before);

    const missing = await runCli([
      'payments',
      '--workbook',
      file,
      '--file',
      join(dir, 'finns-inte.xml'),
      '--out',
      join(dir, 'x'),
    ]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('finns inte');
  });
});
