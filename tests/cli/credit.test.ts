// `yrkesresan credit` on copies of the sample (SPEC §7, §8), in-process through the built CLI:
// refusals exit 2 with FILE byte-identical, --dry-run writes DIR only, the invoices.json of a
// credit, the workbook and Logg afterwards, and bill → credit → bill again against bill → bill.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isLuhnValid } from '../../src/core/luhn';
import { pdfText } from './pdfText';
import {
  billedSample,
  cellText,
  dataRows,
  edit,
  load,
  ore,
  readJson,
  runCli,
  sampleCopy,
  setCell,
  sha256,
  sheet,
  type InvoicesJson,
  type JsonInvoice,
} from './helpers';

const POT_PER_DAY = 400; // the sample's Utbildarpott (kr/dag)
const MAY = ['--month', '2025-05', '--date', '2025-05-31'];
const DECEMBER = ['--month', '2025-12', '--date', '2025-12-15'];

async function bill(file: string, out: string, run: string[]): Promise<InvoicesJson> {
  const r = await runCli(['bill', '--workbook', file, ...run, '--out', out]);
  expect(r.stderr).not.toMatch(/FEL/);
  expect(r.status).toBe(0);
  return readJson(out);
}

function invoiceOf(json: InvoicesJson, municipality: string): JsonInvoice {
  const inv = json.invoices.find((i) => i.municipality === municipality);
  if (!inv) throw new Error(`no invoice for ${municipality}`);
  return inv;
}

async function fakturor(file: string): Promise<Record<string, string>[]> {
  const ws = sheet(await load(file), 'Fakturor');
  const headers = [
    'Fakturanummer',
    'Kommun',
    'Period',
    'Belopp',
    'Status',
    'Krediterar',
    'Krediterad av',
    'OCR',
    'Fakturadatum',
  ];
  return dataRows(ws).map((r) => Object.fromEntries(headers.map((h) => [h, cellText(ws, r, h)])));
}

async function lastLog(file: string): Promise<string[]> {
  const ws = sheet(await load(file), 'Logg');
  const rows = dataRows(ws);
  return ['Åtgärd', 'Detaljer', 'Resultat'].map((h) => cellText(ws, rows[rows.length - 1], h));
}

/** A copy of the sample billed for May 2025 (billed once per worker). */
async function billedMay(): Promise<{ dir: string; file: string; may: InvoicesJson }> {
  const { dir, file, runs } = await billedSample(['2025-05', '2025-05-31']);
  return { dir, file, may: runs[0] };
}

describe('credit on the sample after the May run', () => {
  let dir = '';
  let file = '';
  let may: InvoicesJson;
  let luleå: JsonInvoice;

  beforeAll(async () => {
    ({ dir, file, may } = await billedMay());
    luleå = invoiceOf(may, 'Luleå');
  });

  it('--dry-run writes DIR (invoices.json, PDF, e-invoice) and never FILE', async () => {
    const before = sha256(file);
    const out = join(dir, 'torr');
    const r = await runCli([
      'credit',
      '--workbook',
      file,
      '--invoice',
      luleå.number,
      '--date',
      '2025-06-10',
      '--reason',
      'Fel kommun',
      '--dry-run',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Kreditering (förhandsgranskning)');
    expect(r.stdout).toContain('inte ändrad');
    expect(sha256(file)).toBe(before);
    expect(readJson(out).invoices[0].credits).toBe(luleå.number);
    expect(readdirSync(join(out, 'pdf'))).toHaveLength(1);
    expect(readdirSync(join(out, 'peppol'))).toHaveLength(1);
  });

  it('writes a credit note: invoices.json of SPEC §7 with type, credits, the negated lines and the pot change', async () => {
    const out = join(dir, 'kredit');
    const r = await runCli([
      'credit',
      '--workbook',
      file,
      '--invoice',
      luleå.number,
      '--date',
      '2025-06-10',
      '--reason',
      'Fel kommun',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = readJson(out);
    expect(Object.keys(json)).toEqual([
      'month',
      'invoiceDate',
      'invoices',
      'potCollected',
      'potPaidOut',
      'potCarriedOver',
    ]);
    expect([json.month, json.invoiceDate]).toEqual(['2025-05', '2025-06-10']);
    expect(json.invoices).toHaveLength(1);
    const note = json.invoices[0];
    expect(Object.keys(note)).toEqual([
      'number',
      'municipality',
      'invoiceDate',
      'dueDate',
      'ocr',
      'type',
      'credits',
      'credit',
      'total',
      'lines',
    ]);
    // The next number of the year's one series, its own OCR, due 30 days later.
    expect(note).toMatchObject({
      number: `YR-2025-${String(may.invoices.length + 1).padStart(4, '0')}`,
      municipality: 'Luleå',
      invoiceDate: '2025-06-10',
      dueDate: '2025-07-10',
      type: 'creditNote',
      credits: luleå.number,
      credit: true,
    });
    expect(isLuhnValid(note.ocr)).toBe(true);
    expect(note.ocr).not.toBe(luleå.ocr);
    expect(ore(note.total)).toBe(-ore(luleå.total));
    const negate = (a: string) => (a.startsWith('-') ? a.slice(1) : `-${a}`);
    expect(note.lines).toEqual(
      luleå.lines.map((l) => ({
        ...l,
        amount: negate(l.amount),
        ...(l.kind === 'variable' ? { quantity: negate(l.quantity) } : {}),
      })),
    );
    const days = luleå.lines.filter((l) => l.kind === 'variable').reduce((s, l) => s + Number(l.quantity), 0);
    expect(ore(json.potCollected)).toBe(-days * POT_PER_DAY * 100);
    expect([json.potPaidOut, json.potCarriedOver]).toEqual(['0.00', '0.00']);

    // Its PDF says what it is.
    const [pdfName] = readdirSync(join(out, 'pdf'));
    expect(pdfName).toBe(`${note.number} Luleå.pdf`);
    const text = (await pdfText(readFileSync(join(out, 'pdf', pdfName)))).lines.join('\n');
    // Below the running line that every page begins with.
    expect(text).toMatch(/^Norrbottens.*Kreditfaktura.*Sida 1 av \d+\nKreditfaktura/);
    expect(text).toContain(`Krediterar faktura ${luleå.number} av 2025-05-31`);
    expect(text).toContain('Orsak: Fel kommun');
    expect(text).toMatch(/Att erhålla\s+\d/);
    expect(readFileSync(join(out, 'peppol', readdirSync(join(out, 'peppol'))[0]), 'utf8')).toContain('<CreditNote');

    // The workbook: the credit note's row, the mirror on the invoice, its sheet, and Logg.
    const rows = await fakturor(file);
    expect(rows.find((x) => x.Fakturanummer === note.number)).toMatchObject({
      Kommun: 'Luleå',
      Period: '2025-05',
      Krediterar: luleå.number,
      Status: 'Skapad',
    });
    expect(rows.find((x) => x.Fakturanummer === luleå.number)).toMatchObject({
      Status: 'Krediterad',
      'Krediterad av': note.number,
    });
    expect((await load(file)).worksheets.map((w) => w.name)).toContain(`${note.number} Luleå`);
    const [action, details, result] = await lastLog(file);
    expect([action, result]).toEqual(['Kreditering', 'Klar']);
    expect(details).toContain(`Kreditfaktura ${note.number} krediterar ${luleå.number}`);
    expect(details).toContain('orsak: Fel kommun');
  });

  it.each([
    ['an unknown number', () => 'YR-2025-0999', 'finns inte i fakturaregistret'],
    ['a credit note', () => `YR-2025-${String(may.invoices.length + 1).padStart(4, '0')}`, 'är en kreditfaktura'],
    ['an invoice already credited', () => luleå.number, 'redan krediterad av'],
  ])(
    'refuses %s: exit 2, the reason on stderr, FILE byte-identical, DIR not written',
    async (_what, number, message) => {
      const before = sha256(file);
      const out = join(dir, `nekad-${number()}`);
      const r = await runCli(['credit', '--workbook', file, '--invoice', number(), '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain('Ingenting har skrivits');
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(sha256(file)).toBe(before);
      expect(existsSync(join(out, 'invoices.json'))).toBe(false);
    },
  );
});

describe('credit refuses a ledger that does not verify', () => {
  it('exits 2 with FILE byte-identical when a register line was edited by hand', async () => {
    const { dir, file, may } = await billedMay();
    await edit(file, (wb) => {
      const ws = sheet(wb, 'Fakturarader');
      setCell(ws, dataRows(ws)[0], 'Belopp', 1);
    });
    const before = sha256(file);
    const r = await runCli([
      'credit',
      '--workbook',
      file,
      '--invoice',
      invoiceOf(may, 'Boden').number,
      '--out',
      join(dir, 'ut'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Fakturarader/);
    expect(sha256(file)).toBe(before);
  });
});

describe('bill → credit → bill again', () => {
  it('bills the released rows and fixed year anew: the municipality’s December total is exactly its credited May total more, the pot reconciles', async () => {
    const plain = sampleCopy();
    const plainMay = await bill(plain.file, join(plain.dir, 'maj'), MAY);
    const plainDecember = await bill(plain.file, join(plain.dir, 'dec'), DECEMBER);

    // The copy billed once per worker: its May run is another run than plain's, with the same result.
    const { may, ...credited } = await billedMay();
    expect(may).toEqual(plainMay);
    const luleå = invoiceOf(may, 'Luleå');
    const r = await runCli([
      'credit',
      '--workbook',
      credited.file,
      '--invoice',
      luleå.number,
      '--date',
      '2025-06-10',
      '--out',
      join(credited.dir, 'kredit'),
    ]);
    expect(r.status).toBe(0);
    const credit = readJson(join(credited.dir, 'kredit'));
    const december = await bill(credited.file, join(credited.dir, 'dec'), DECEMBER);

    const rebilled = invoiceOf(december, 'Luleå');
    expect(ore(rebilled.total)).toBe(ore(invoiceOf(plainDecember, 'Luleå').total) + ore(luleå.total));
    // The fixed year 2025 is billed again, once.
    expect(rebilled.lines.filter((l) => l.kind === 'fixed')).toEqual(luleå.lines.filter((l) => l.kind === 'fixed'));
    // Every other municipality is billed exactly as without the credit.
    for (const inv of plainDecember.invoices.filter((i) => i.municipality !== 'Luleå')) {
      expect(invoiceOf(december, inv.municipality).total).toBe(inv.total);
    }
    // What the credit took out of the pot came back in: the same is paid out, nothing is left over.
    expect(ore(credit.potCollected) + ore(december.potCollected)).toBe(ore(plainDecember.potCollected));
    expect(december.potPaidOut).toBe(plainDecember.potPaidOut);
    expect(december.potCarriedOver).toBe(plainDecember.potCarriedOver);
    const collected = [may, credit, december].reduce((s, j) => s + ore(j.potCollected), 0);
    const paid = [may, credit, december].reduce((s, j) => s + ore(j.potPaidOut), 0);
    expect(collected).toBe(paid + ore(december.potCarriedOver));
  });
});
