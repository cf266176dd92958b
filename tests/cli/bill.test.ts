// `yrkesresan bill` as a child process on a copy of the sample: May then December 2025, a re-run
// that bills nothing, a dry run, and the written workbook reopened with ExcelJS.
import ExcelJS from 'exceljs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isLuhnValid } from '../../src/core/luhn';
import { MEMBERS } from '../../src/workbook/schema';
import {
  cellText,
  runCli,
  col,
  dataRows,
  edit,
  load,
  ore,
  readJson,
  sampleCopy,
  setCell,
  sha256,
  sheet,
  type InvoicesJson,
} from './helpers';

const AMOUNT = /^-?\d+\.\d{2}$/;
const PLAIN = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;
const POT_PER_DAY = 400; // the sample's Utbildarpott (kr/dag)
const INJECTION = '=IMPORTXML("x")';

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every structural promise of SPEC §7's invoices.json, whatever the figures. */
function expectShape(json: InvoicesJson, month: string, invoiceDate: string): void {
  expect(Object.keys(json)).toEqual([
    'month',
    'invoiceDate',
    'invoices',
    'potCollected',
    'potPaidOut',
    'potCarriedOver',
  ]);
  expect(json.month).toBe(month);
  expect(json.invoiceDate).toBe(invoiceDate);
  for (const key of ['potCollected', 'potPaidOut', 'potCarriedOver'] as const) expect(json[key]).toMatch(AMOUNT);
  for (const inv of json.invoices) {
    expect(Object.keys(inv)).toEqual([
      'number',
      'municipality',
      'invoiceDate',
      'dueDate',
      'ocr',
      'type',
      'credit',
      'total',
      'lines',
    ]);
    expect(inv.invoiceDate).toBe(invoiceDate);
    expect(inv.dueDate).toBe(addDays(invoiceDate, 30));
    expect(inv.number).toMatch(/^YR-\d{4}-\d{4}$/);
    const digits = inv.number.replace(/\D/g, '');
    expect(inv.ocr.startsWith(digits)).toBe(true);
    expect(inv.ocr).toHaveLength(digits.length + 2); // length digit + Luhn digit
    expect(isLuhnValid(inv.ocr)).toBe(true);
    expect(inv.total).toMatch(AMOUNT);
    // VAT is 0 in the sample: the total is exactly the sum of the lines.
    expect(inv.lines.reduce((s, l) => s + ore(l.amount), 0)).toBe(ore(inv.total));
    expect(inv.credit).toBe(ore(inv.total) < 0);
    for (const line of inv.lines) {
      expect(line.amount).toMatch(AMOUNT);
      if (line.kind === 'variable') {
        expect(Object.keys(line)).toEqual(['kind', 'courseId', 'quantity', 'unitPrice', 'amount']);
        expect(line.quantity).toMatch(PLAIN);
        expect(line.unitPrice).toMatch(AMOUNT);
        expect(ore(line.amount)).toBe(Math.round(Number(line.quantity) * ore(line.unitPrice)));
      } else if (line.kind === 'fixed') {
        expect(Object.keys(line)).toEqual(['kind', 'year', 'amount']);
      } else {
        expect(Object.keys(line)).toEqual(['kind', 'year', 'trainerDays', 'amount']);
        expect(line.trainerDays).toMatch(PLAIN);
        expect(ore(line.amount)).toBeLessThan(0);
      }
    }
  }
  const numbers = json.invoices.map((i) => i.number);
  expect(new Set(numbers).size).toBe(numbers.length);
}

/** Σ of the pot component over this run's variable lines, in öre. */
function potOf(json: InvoicesJson): number {
  return json.invoices
    .flatMap((i) => i.lines)
    .filter((l) => l.kind === 'variable')
    .reduce((s, l) => s + Number(l.quantity) * POT_PER_DAY * 100, 0);
}

function sequence(json: InvoicesJson): number[] {
  return json.invoices.map((i) => Number(i.number.slice(-4)));
}

describe('bill: May then December 2025 on the sample', () => {
  const { dir, file } = sampleCopy();
  const may = join(dir, 'maj');
  const december = join(dir, 'december');
  let extraBefore: string[] = [];
  let injectedRow = 0;

  beforeAll(async () => {
    await edit(file, (wb) => {
      const ws = sheet(wb, 'Närvaro 2025');
      injectedRow = dataRows(ws)[0];
      setCell(ws, injectedRow, 'Deltagare', INJECTION);
      extraBefore = dataRows(ws).map((r) => cellText(ws, r, 'Kommentar'));
    });
  });

  it('bills May: every municipality, the year’s fixed cost, numbers from 0001, PDFs and mail files', async () => {
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--send',
      '--out',
      may,
    ]);
    expect(r.stderr).not.toMatch(/FEL/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2025-05/);
    const json = readJson(may);
    expectShape(json, '2025-05', '2025-05-31');
    expect(json.invoices.map((i) => i.municipality).sort()).toEqual(MEMBERS.map((m) => m.name).sort());
    expect(sequence(json)).toEqual(json.invoices.map((_, i) => i + 1));
    // Fixed cost of 2025, once per municipality, as the agreement says (sums to 950 000).
    const fixed = json.invoices.map((i) => [
      i.municipality,
      i.lines.filter((l) => l.kind === 'fixed').map((l) => [l.year, l.amount]),
    ]);
    expect(Object.fromEntries(fixed)).toEqual(
      Object.fromEntries(MEMBERS.map((m) => [m.name, [[2025, `${m.fixedCost}.00`]]])),
    );
    // May only collects into the pot.
    expect(ore(json.potCollected)).toBe(potOf(json));
    expect(json.potPaidOut).toBe('0.00');
    expect(json.potCarriedOver).toBe('0.00');
    expect(json.invoices.flatMap((i) => i.lines).some((l) => l.kind === 'trainerPot')).toBe(false);
    // The recorded course never appears on an invoice.
    expect(
      json.invoices.flatMap((i) => i.lines).some((l) => l.kind === 'variable' && l.courseId === 'FHU-B-INSP'),
    ).toBe(false);
    // One PDF and one message per invoice, named after number and municipality.
    const names = json.invoices.map((i) => `${i.number} ${i.municipality}`).sort();
    expect(readdirSync(join(may, 'pdf')).sort()).toEqual(names.map((n) => `${n}.pdf`));
    expect(readdirSync(join(may, 'mail')).sort()).toEqual(names.map((n) => `${n}.eml`));
    for (const inv of json.invoices) {
      expect(
        readFileSync(join(may, 'pdf', `${inv.number} ${inv.municipality}.pdf`))
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    }
    const eml = readFileSync(
      join(may, 'mail', `${json.invoices[0].number} ${json.invoices[0].municipality}.eml`),
      'utf8',
    );
    expect(eml).toMatch(/^To: socialchef@arjeplog\.exempel\.se$/m);
    expect(eml).toMatch(/Content-Type: application\/pdf/);
    // Skickad is a real date-time in the saved file (a number formatted yyyy-mm-dd hh:mm), not text.
    const saved = new ExcelJS.Workbook();
    await saved.xlsx.readFile(file);
    const register = saved.getWorksheet('Fakturor')!;
    const col = (register.getRow(1).values as unknown[]).indexOf('Skickad');
    for (let row = 2; row <= json.invoices.length + 1; row++) {
      const cell = register.getRow(row).getCell(col);
      expect(cell.type, `Skickad, rad ${row}`).toBe(ExcelJS.ValueType.Date);
      expect(cell.numFmt).toBe('yyyy-mm-dd hh:mm');
    }
  });

  it('updates the workbook as the spreadsheet would be: stamps, registers, invoice sheets; extra columns and text untouched', async () => {
    const json = readJson(may);
    const wb = await load(file);
    const names = wb.worksheets.map((w) => w.name);
    for (const inv of json.invoices) expect(names).toContain(`${inv.number} ${inv.municipality}`);

    const fakturor = sheet(wb, 'Fakturor');
    const rows = dataRows(fakturor);
    expect(rows.map((r) => cellText(fakturor, r, 'Fakturanummer'))).toEqual(json.invoices.map((i) => i.number));
    for (const [k, r] of rows.entries()) {
      const inv = json.invoices[k];
      expect(cellText(fakturor, r, 'Kommun')).toBe(inv.municipality);
      expect(cellText(fakturor, r, 'OCR')).toBe(inv.ocr);
      expect(cellText(fakturor, r, 'Period')).toBe('2025-05');
      expect(Number(cellText(fakturor, r, 'Belopp'))).toBeCloseTo(ore(inv.total) / 100, 2);
      expect(cellText(fakturor, r, 'Status')).toBe('Skickad');
      expect(cellText(fakturor, r, 'Mottagare')).toMatch(/^socialchef@[a-z]+\.exempel\.se$/);
      expect(cellText(fakturor, r, 'Skickad')).not.toBe('');
    }
    const lines = sheet(wb, 'Fakturarader');
    expect(dataRows(lines)).toHaveLength(json.invoices.reduce((s, i) => s + i.lines.length, 0));

    // Every attendance row up to the cut-off carries the number of its municipality's invoice.
    const numberOf = new Map(json.invoices.map((i) => [i.municipality, i.number]));
    for (const tab of ['Närvaro 2024', 'Närvaro 2025']) {
      const ws = sheet(wb, tab);
      for (const r of dataRows(ws)) {
        const stamp = cellText(ws, r, 'Fakturanummer');
        if (cellText(ws, r, 'Datum') <= '2025-05-31' && cellText(ws, r, 'Kurs-ID') !== 'FHU-B-INSP') {
          expect([...numberOf.values()]).toContain(stamp);
        } else if (cellText(ws, r, 'Datum') > '2025-05-31') {
          expect(stamp).toBe('');
        }
      }
    }
    const n2025 = sheet(wb, 'Närvaro 2025');
    // The administrators' own column is as it was.
    expect(dataRows(n2025).map((r) => cellText(n2025, r, 'Kommentar'))).toEqual(extraBefore);
    // A participant called like a formula is still literal text, in the tab and on the invoice sheet.
    const injected = n2025.getCell(injectedRow, col(n2025, 'Deltagare'));
    expect(injected.type).toBe(ExcelJS.ValueType.String);
    expect(injected.value).toBe(INJECTION);
    expect(injected.formula).toBeUndefined();
    let onInvoice = 0;
    for (const ws of wb.worksheets.filter((w) => /^YR-/.test(w.name))) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.formula) throw new Error(`formula in ${ws.name}!${cell.address}`);
          if (cell.value === INJECTION) onInvoice++;
        }),
      );
    }
    expect(onInvoice).toBe(1);
    // No Utbildarlogg row is paid in May.
    const log = sheet(wb, 'Utbildarlogg');
    expect(dataRows(log).every((r) => cellText(log, r, 'Utbetalning') === '')).toBe(true);
  });

  it('bills nothing when May is run again, and leaves the workbook byte-for-byte unchanged', async () => {
    const before = sha256(file);
    const again = join(dir, 'maj-igen');
    const r = await runCli(['bill', '--workbook', file, '--month', '2025-05', '--date', '2025-05-31', '--out', again]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/inget nytt att fakturera/);
    expect(readJson(again)).toEqual({
      month: '2025-05',
      invoiceDate: '2025-05-31',
      invoices: [],
      potCollected: '0.00',
      potPaidOut: '0.00',
      potCarriedOver: '0.00',
    });
    expect(readdirSync(again).sort()).toEqual(['invoices.json', 'pdf', 'peppol']);
    expect(readdirSync(join(again, 'pdf'))).toEqual([]);
    expect(readdirSync(join(again, 'peppol'))).toEqual([]);
    expect(sha256(file)).toBe(before);
  });

  it('bills December: numbers continue, the whole pot is paid out by trainer days, nothing is left', async () => {
    const mayJson = readJson(may);
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-12',
      '--date',
      '2025-12-19',
      '--send',
      '--out',
      december,
    ]);
    expect(r.stderr).not.toMatch(/FEL/);
    expect(r.status).toBe(0);
    const json = readJson(december);
    expectShape(json, '2025-12', '2025-12-19');
    const last = sequence(mayJson).at(-1)!;
    expect(sequence(json)).toEqual(json.invoices.map((_, i) => last + 1 + i));
    expect(json.invoices.flatMap((i) => i.lines).some((l) => l.kind === 'fixed')).toBe(false);
    // Conservation: everything collected (May and December) is paid out exactly once.
    expect(ore(json.potCollected)).toBe(potOf(json));
    expect(ore(json.potPaidOut)).toBe(ore(mayJson.potCollected) + ore(json.potCollected));
    expect(json.potCarriedOver).toBe('0.00');
    const potLines = json.invoices.flatMap((i) => i.lines.filter((l) => l.kind === 'trainerPot'));
    expect(potLines.reduce((s, l) => s + ore(l.amount), 0)).toBe(-ore(json.potPaidOut));
    expect(json.invoices.some((i) => i.credit)).toBe(true);
    // The summary names a negative December invoice for what it is: never a credit note (SPEC §3.6).
    const owed = json.invoices.find((i) => i.credit)!;
    expect(r.stdout).toMatch(new RegExp(`${owed.number} .* \\(att erhålla\\)`));
    expect(r.stdout).not.toMatch(/kreditfaktura/i);

    const wb = await load(file);
    const log = sheet(wb, 'Utbildarlogg');
    const numberOf = new Map(json.invoices.map((i) => [i.municipality, i.number]));
    const daysByMunicipality = new Map<string, number>();
    for (const row of dataRows(log)) {
      const m = cellText(log, row, 'Kommun');
      expect(cellText(log, row, 'Utbetalning')).toBe(numberOf.get(m));
      daysByMunicipality.set(m, (daysByMunicipality.get(m) ?? 0) + Number(cellText(log, row, 'Dagar')));
    }
    for (const inv of json.invoices) {
      const pot = inv.lines.find((l) => l.kind === 'trainerPot');
      expect(pot ? Number(pot.trainerDays) : 0).toBe(daysByMunicipality.get(inv.municipality) ?? 0);
    }
    expect(dataRows(sheet(wb, 'Fakturor'))).toHaveLength(mayJson.invoices.length + json.invoices.length);
  });
});

describe('bill --dry-run', () => {
  it('writes invoices.json, the PDFs and (with --send) the messages but never the workbook; the real run then gives the same invoices', async () => {
    const { dir, file } = sampleCopy();
    const before = sha256(file);
    const preview = join(dir, 'förhand');
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2024-12',
      '--date',
      '2024-12-20',
      '--dry-run',
      '--send',
      '--out',
      preview,
    ]);
    expect(r.status).toBe(0);
    expect(sha256(file)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['bok.xlsx', 'förhand']);
    const planned = readJson(preview);
    expectShape(planned, '2024-12', '2024-12-20');
    expect(planned.invoices.length).toBeGreaterThan(0);
    expect(readdirSync(join(preview, 'pdf'))).toHaveLength(planned.invoices.length);
    expect(readdirSync(join(preview, 'mail'))).toHaveLength(planned.invoices.length);
    expect(r.stdout).toMatch(/Förhandsgranskning/);

    const real = join(dir, 'skarp');
    expect(
      (await runCli(['bill', '--workbook', file, '--month', '2024-12', '--date', '2024-12-20', '--out', real])).status,
    ).toBe(0);
    expect(readJson(real)).toEqual(planned);
    // The preview's PDFs are the real ones, byte for byte.
    for (const name of readdirSync(join(real, 'pdf'))) {
      expect(readFileSync(join(real, 'pdf', name)).equals(readFileSync(join(preview, 'pdf', name)))).toBe(true);
    }
    expect(sha256(file)).not.toBe(before);
  });
});
