// `yrkesresan bill` writes one Peppol BIS Billing 3.0 file per invoice in DIR/peppol (SPEC §7, §9):
// the sample workbook's May and December 2025 runs, every file schema-valid, and the May invoice,
// a December invoice with a payout and a net-negative December invoice through both official rule sets.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeFailures, ruleFailures, schemaErrors } from '../einvoice/validators';
import {
  billedSample,
  cellText,
  dataRows,
  edit,
  readJson,
  runCli,
  sampleCopy,
  setCell,
  sha256,
  sheet,
  type InvoicesJson,
} from './helpers';

interface Run {
  json: InvoicesJson;
  files: Map<string, string>; // file name → XML
}

/**
 * The sample billed for May and December 2025, once per worker: a copy of the workbook, and each
 * run's invoices.json with its DIR/peppol files.
 */
async function billedYear(): Promise<{ dir: string; file: string; may: Run; december: Run }> {
  const { dir, file, runs, outs } = await billedSample(['2025-05', '2025-05-31'], ['2025-12', '2025-12-19']);
  const run = (i: number): Run => {
    const peppol = join(outs[i], 'peppol');
    return {
      json: runs[i],
      files: new Map(readdirSync(peppol).map((f) => [f, readFileSync(join(peppol, f), 'utf8')])),
    };
  };
  return { dir, file, may: run(0), december: run(1) };
}

describe('bill writes DIR/peppol', () => {
  let may: Run;
  let december: Run;
  beforeAll(async () => {
    ({ may, december } = await billedYear());
  });

  it('one file per invoice, named "<number> <municipality>.xml"', () => {
    for (const run of [may, december]) {
      expect([...run.files.keys()].sort()).toEqual(
        run.json.invoices.map((i) => `${i.number} ${i.municipality}.xml`).sort(),
      );
      for (const inv of run.json.invoices) {
        const xml = run.files.get(`${inv.number} ${inv.municipality}.xml`)!;
        expect(xml).toContain(`<cbc:ID>${inv.number}</cbc:ID>`);
        expect(xml).toContain(`<cbc:PayableAmount currencyID="SEK">${inv.total}</cbc:PayableAmount>`);
        expect(xml).toContain(`<cbc:PaymentID>${inv.ocr}</cbc:PaymentID>`);
      }
    }
  });

  it('every file follows the UBL 2.1 schema', async () => {
    const docs = [...may.files, ...december.files].map(([name, xml]) => ({ name, xml }));
    const errors = await schemaErrors(docs);
    for (const d of docs) expect(errors.get(d.name), d.name).toEqual([]);
  });

  it('May, a December invoice with a payout and a net-negative December invoice pass both rule sets', () => {
    const pick = (run: Run, test: (i: InvoicesJson['invoices'][number]) => boolean) => {
      const inv = run.json.invoices.find(test);
      expect(inv).toBeDefined();
      return run.files.get(`${inv!.number} ${inv!.municipality}.xml`)!;
    };
    const hasPayout = (i: InvoicesJson['invoices'][number]) => i.lines.some((l) => l.kind === 'trainerPot');
    const chosen = [
      pick(may, (i) => i.municipality === 'Luleå'),
      pick(december, (i) => hasPayout(i) && !i.credit),
      pick(december, (i) => i.credit),
    ];
    for (const xml of chosen) {
      const failures = ruleFailures(xml);
      expect(failures, describeFailures(failures)).toEqual([]);
    }
  });
});

describe('credit writes the CreditNote of the credited invoice to DIR/peppol', () => {
  it('a credit note of a May invoice and of a net-negative December invoice pass the schema and both rule sets', async () => {
    const { dir, file, may, december } = await billedYear();
    const negative = december.json.invoices.find((i) => i.credit)!;
    const docs: { name: string; xml: string }[] = [];
    for (const [invoice, date] of [
      [may.json.invoices[0].number, '2025-06-10'],
      [negative.number, '2025-12-22'],
    ]) {
      const out = join(dir, `kredit-${invoice}`);
      const r = await runCli([
        'credit',
        '--workbook',
        file,
        '--invoice',
        invoice,
        '--date',
        date,
        '--reason',
        'Fel kommun & <fel> dagar',
        '--out',
        out,
      ]);
      expect(r.status, r.stderr).toBe(0);
      const json = readJson(out);
      const note = json.invoices[0];
      const xml = readFileSync(join(out, 'peppol', `${note.number} ${note.municipality}.xml`), 'utf8');
      expect(xml).toMatch(/^<\?xml[^>]*>\s*<CreditNote\b/);
      expect(xml).toMatch(
        new RegExp(`<cac:BillingReference>\\s*<cac:InvoiceDocumentReference>\\s*<cbc:ID>${invoice}</cbc:ID>`),
      );
      expect(xml).toContain('Fel kommun &amp; &lt;fel&gt; dagar');
      docs.push({ name: note.number, xml });
      const failures = ruleFailures(xml);
      expect(failures, describeFailures(failures)).toEqual([]);
    }
    const errors = await schemaErrors(docs);
    for (const d of docs) expect(errors.get(d.name), d.name).toEqual([]);
  });
});

describe('a bankgiro that breaks the rule is refused before anything is written', () => {
  it.each(['se bifogad', '5550-1234'])('Bankgiro %j: exit 2, workbook unchanged', async (bankgiro) => {
    const { dir, file } = sampleCopy();
    await edit(file, (wb) => {
      const ws = sheet(wb, 'Inställningar');
      const row = dataRows(ws).find((r) => cellText(ws, r, 'Inställning') === 'Bankgiro')!;
      setCell(ws, row, 'Värde', bankgiro);
    });
    const before = sha256(file);
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--out',
      join(dir, 'out'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /Flik Inställningar, rad \d+, kolumn Värde: ".*" – Inställningen Bankgiro .* inget giltigt bankgironummer/,
    );
    expect(sha256(file)).toBe(before);
  });
});

describe('a Kommuner row that would break its e-invoice is refused before anything is written', () => {
  it('a blank Fakturareferens of a municipality the run invoices: exit 2, workbook unchanged', async () => {
    const { dir, file } = sampleCopy();
    let row = 0;
    await edit(file, (wb) => {
      const ws = sheet(wb, 'Kommuner');
      row = dataRows(ws).find((r) => cellText(ws, r, 'Kommun') === 'Luleå')!;
      setCell(ws, row, 'Fakturareferens', null);
    });
    const before = sha256(file);
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--out',
      join(dir, 'out'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `FEL  Flik Kommuner, rad ${row}, kolumn Fakturareferens: "" – Fakturareferens saknas för Luleå`,
    );
    expect(sha256(file)).toBe(before);
  });
});
