// Acceptance: SPEC §3 (the main scenario: May 2024, December 2024, a re-run).
// Written from SPEC.md alone, the way an outside grader would (see helpers.ts).
import { describe, it, expect, beforeAll } from 'vitest';
import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  IMPORTXML,
  mainBook,
  writeBook,
  tmpDir,
  Run,
  cli,
  bill,
  sha,
  readJson,
  expectInvoices,
  loadBook,
  plain,
  records,
  headerNames,
  isoOf,
  MAY_EXPECTED,
  MAY_NUMBER,
  DEC_EXPECTED,
} from './helpers';

describe('main scenario: May 2024, December 2024, re-run (no Fakturor/Fakturarader tabs at start)', () => {
  const dir = tmpDir('main');
  const file = path.join(dir, 'yrkesresan.xlsx');
  const outMay = path.join(dir, 'out-may');
  const outDec = path.join(dir, 'out-dec');
  const outRe = path.join(dir, 'out-rerun');
  let may: Run, dec: Run, re: Run;

  beforeAll(async () => {
    await writeBook(mainBook(), file);
    may = await bill(file, '2024-05', '2024-05-31', outMay);
  });

  it('check → 0 on the clean workbook', async () => {
    const f2 = path.join(dir, 'copy-for-check.xlsx');
    await writeBook(mainBook(), f2);
    const before = sha(f2);
    const r = await cli(['check', '--workbook', f2]);
    expect(r.status, r.stderr).toBe(0);
    expect(sha(f2)).toBe(before);
  });

  it('May run exits 0 and writes invoices.json', () => {
    expect(may.status, may.stderr + may.stdout).toBe(0);
    expect(fs.existsSync(path.join(outMay, 'invoices.json'))).toBe(true);
  });

  it('May invoices: 14, Swedish order YR-2024-0001…0014, variable + fixed lines, totals, due dates, OCR', () => {
    const j = readJson(outMay);
    expect(j.month).toBe('2024-05');
    expect(j.invoiceDate).toBe('2024-05-31');
    expectInvoices(j, MAY_EXPECTED, 1, 2024, '2024-05-31', '2024-06-30');
  });

  it('May: Luleå fixed line is 298992.00 and the recorded course (Arjeplog FU-B1) gives no line', () => {
    const j = readJson(outMay);
    const lulea = j.invoices.find((i) => i.municipality === 'Luleå')!;
    expect(lulea.lines.find((l) => l.kind === 'fixed')).toMatchObject({
      kind: 'fixed',
      year: 2024,
      amount: '298992.00',
    });
    const arjeplog = j.invoices.find((i) => i.municipality === 'Arjeplog')!;
    expect(arjeplog.lines.filter((l) => l.kind === 'variable')).toEqual([]);
    expect(arjeplog.lines).toHaveLength(1);
  });

  it('May: course venue override 1200 gives unit price 1750.00', () => {
    const j = readJson(outMay);
    const pitea = j.invoices.find((i) => i.municipality === 'Piteå')!;
    expect(pitea.lines.find((l) => l.kind === 'variable')).toMatchObject({
      courseId: 'ALD-F1',
      unitPrice: '1750.00',
      quantity: '2.5',
      amount: '4375.00',
    });
  });

  it('May pot figures: collected 400 × 33.5 = 13400.00, paid out 0.00, carried over 0.00', () => {
    const j = readJson(outMay);
    expect({ c: j.potCollected, p: j.potPaidOut, o: j.potCarriedOver }).toEqual({
      c: '13400.00',
      p: '0.00',
      o: '0.00',
    });
  });

  it('May: one PDF per invoice in DIR/pdf whose file name contains the number', () => {
    const pdfs = fs.readdirSync(path.join(outMay, 'pdf'));
    expect(pdfs).toHaveLength(14);
    for (const n of Object.values(MAY_NUMBER))
      expect(
        pdfs.some((p) => p.includes(n) && p.toLowerCase().endsWith('.pdf')),
        n,
      ).toBe(true);
    for (const f of pdfs)
      expect(
        fs
          .readFileSync(path.join(outMay, 'pdf', f))
          .subarray(0, 5)
          .toString(),
        f,
      ).toBe('%PDF-');
  });

  it('May workbook: Närvaro rows stamped, late row blank, extra column and IMPORTXML text untouched', async () => {
    const wb = await loadBook(file);
    const ws = wb.getWorksheet('Närvaro 2024')!;
    const recs = records(ws);
    const at = (r: number) => recs.find((x) => x.row === r)!;
    expect(at(2).get('Fakturanummer')).toBe(MAY_NUMBER['Luleå']);
    expect(at(3).get('Fakturanummer')).toBe(MAY_NUMBER['Luleå']);
    expect(at(4).get('Fakturanummer')).toBe(MAY_NUMBER['Luleå']);
    expect(at(6).get('Fakturanummer')).toBe(MAY_NUMBER['Piteå']);
    expect(at(7).get('Fakturanummer')).toBe(MAY_NUMBER['Övertorneå']);
    expect(at(9).get('Fakturanummer')).toBe(MAY_NUMBER['Kiruna']);
    expect(at(10).get('Fakturanummer')).toBe(MAY_NUMBER['Gällivare']);
    expect(at(11).get('Fakturanummer')).toBe('');
    // extra column untouched
    expect(at(2).get('Kommentar')).toBe('extra-1');
    expect(at(4).get('Kommentar')).toBe('extra-4');
    expect(at(9).get('Kommentar')).toBe('extra-9');
    expect(at(3).get('Kommentar')).toBe('');
    // typed names untouched, dates still dates
    expect(at(2).get('Kommun')).toBe('Lulea');
    expect(at(6).get('Kommun')).toBe(' PITEÅ ');
    expect(isoOf(at(6).get('Datum'))).toBe('2024-03-20');
    // text stays text
    const cell = at(9).cell('Deltagare');
    expect(cell.formula).toBeUndefined();
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(IMPORTXML);
    // Kommuner extra column untouched
    const k = records(wb.getWorksheet('Kommuner')!);
    expect(k.find((r) => r.get('Kommun') === 'Luleå')!.get('Anteckning')).toBe('not Luleå');
  });

  it('May workbook: no cell anywhere is a formula containing IMPORTXML', async () => {
    const wb = await loadBook(file);
    const bad: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.formula && /IMPORTXML/i.test(c.formula)) bad.push(`${ws.name}!${c.address}`);
        }),
      ),
    );
    expect(bad).toEqual([]);
    // and the literal text reaches Kiruna's invoice sheet (participant specification)
    const sheet = wb.worksheets.find((w) => w.name.includes(MAY_NUMBER['Kiruna']));
    expect(sheet, 'Kiruna invoice sheet').toBeDefined();
    let found = false;
    sheet!.eachRow((row) =>
      row.eachCell((c) => {
        if (String(plain(c.value)).includes('IMPORTXML')) found = true;
      }),
    );
    expect(found, 'participant text on the invoice sheet').toBe(true);
  });

  it('May workbook: Fakturor created with the SPEC §2.6 columns, one row per invoice, Status Skapad', async () => {
    const wb = await loadBook(file);
    const ws = wb.getWorksheet('Fakturor');
    expect(ws, 'Fakturor tab').toBeDefined();
    const heads = headerNames(ws!);
    for (const h of [
      'Fakturanummer',
      'Fakturadatum',
      'Förfallodatum',
      'Period',
      'Kommun',
      'Belopp',
      'OCR',
      'Status',
      'Skickad',
      'Mottagare',
      'Körning',
    ]) {
      expect(heads, `column ${h}`).toContain(h);
    }
    const recs = records(ws!).filter((r) => r.get('Fakturanummer') !== '');
    expect(recs.map((r) => r.get('Fakturanummer'))).toEqual(Object.values(MAY_NUMBER));
    const j = readJson(outMay);
    for (const r of recs) {
      const inv = j.invoices.find((i) => i.number === r.get('Fakturanummer'))!;
      expect(r.get('Kommun')).toBe(inv.municipality);
      expect(Number(r.get('Belopp'))).toBeCloseTo(Number(inv.total), 2);
      expect(String(r.get('OCR'))).toBe(inv.ocr);
      expect(r.get('Status')).toBe('Skapad');
      expect(isoOf(r.get('Fakturadatum'))).toBe('2024-05-31');
      expect(isoOf(r.get('Förfallodatum'))).toBe('2024-06-30');
    }
  });

  it('May workbook: Fakturarader present with every line, and one invoice sheet per invoice', async () => {
    const wb = await loadBook(file);
    const ws = wb.getWorksheet('Fakturarader');
    expect(ws, 'Fakturarader tab').toBeDefined();
    const j = readJson(outMay);
    const nLines = j.invoices.reduce((s, i) => s + i.lines.length, 0);
    const nonEmpty = records(ws!).filter((r) => {
      let any = false;
      ws!.getRow(r.row).eachCell(() => {
        any = true;
      });
      return any;
    });
    expect(nonEmpty.length).toBeGreaterThanOrEqual(nLines);
    for (const n of Object.values(MAY_NUMBER)) {
      expect(
        wb.worksheets.filter((w) => w.name.includes(n)),
        `sheet for ${n}`,
      ).toHaveLength(1);
    }
  });

  it('May workbook: Fakturor and Fakturarader are protected; Fakturarader keeps each fee component of a line', async () => {
    const wb = await loadBook(file);
    for (const n of ['Fakturor', 'Fakturarader']) {
      const prot = (wb.getWorksheet(n) as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection;
      expect(prot?.sheet, `${n} protected`).toBe(true);
    }
    // Piteå's ALD-F1 line: 2.5 days, venue 1200 (override), pot 400, material 100, buffer 50, amount 4375
    const ws = wb.getWorksheet('Fakturarader')!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => {
      const vals: unknown[] = [];
      row.eachCell((c) => vals.push(plain(c.value)));
      rows.push(vals);
    });
    const line = rows.find((vs) => vs.includes(MAY_NUMBER['Piteå']) && vs.some((v) => String(v).includes('ALD-F1')));
    expect(line, 'Fakturarader row of Piteå ALD-F1').toBeDefined();
    const nums = line!.map((v) => Number(v));
    for (const n of [2.5, 1750, 1200, 400, 100, 50, 4375]) expect(nums, String(n)).toContain(n);
  });

  it('December 2024 run on the updated file exits 0', async () => {
    dec = await bill(file, '2024-12', '2024-12-20', outDec);
    expect(dec.status, dec.stderr + dec.stdout).toBe(0);
  });

  it('December invoices: numbers continue (0015…), no fixed lines, trainer pot paid out with largest remainder and the tie rule, credits', () => {
    const j = readJson(outDec);
    expect(j.month).toBe('2024-12');
    expect(j.invoiceDate).toBe('2024-12-20');
    expectInvoices(j, DEC_EXPECTED, 15, 2024, '2024-12-20', '2025-01-19');
    for (const inv of j.invoices) expect(inv.lines.filter((l) => l.kind === 'fixed')).toEqual([]);
  });

  it('December pot figures: collected 4800.00, paid out 18200.00 (May + December), carried over 0.00', () => {
    const j = readJson(outDec);
    expect({ c: j.potCollected, p: j.potPaidOut, o: j.potCarriedOver }).toEqual({
      c: '4800.00',
      p: '18200.00',
      o: '0.00',
    });
    const paid = j.invoices
      .flatMap((i) => i.lines)
      .filter((l) => l.kind === 'trainerPot')
      .reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
    expect(paid).toBe(-1820000);
  });

  it('December workbook: late May row and autumn rows stamped, Utbildarlogg Utbetalning stamped, late rows blank', async () => {
    const wb = await loadBook(file);
    const no = (m: string) =>
      `YR-2024-${String(15 + DEC_EXPECTED.findIndex((e) => e.municipality === m)).padStart(4, '0')}`;
    const v = records(wb.getWorksheet('Närvaro 2024')!);
    expect(v.find((r) => r.row === 11)!.get('Fakturanummer')).toBe(no('Boden'));
    expect(v.find((r) => r.row === 2)!.get('Fakturanummer')).toBe(MAY_NUMBER['Luleå']); // never rewritten
    const ht = records(wb.getWorksheet('Närvaro HT')!);
    const at = (r: number) => ht.find((x) => x.row === r)!;
    expect(at(2).get('Fakturanummer')).toBe(no('Boden'));
    expect(at(3).get('Fakturanummer')).toBe(no('Haparanda'));
    expect(at(4).get('Fakturanummer')).toBe(no('Kalix'));
    expect(at(5).get('Fakturanummer')).toBe(no('Piteå'));
    expect(at(6).get('Fakturanummer')).toBe('');
    expect(at(3).get('kommun')).toBe('Haparanda stad');
    const ul = records(wb.getWorksheet('Utbildarlogg')!);
    const u = (r: number) => ul.find((x) => x.row === r)!;
    expect(u(2).get('Utbetalning')).toBe(no('Piteå'));
    expect(u(3).get('Utbetalning')).toBe(no('Piteå'));
    expect(u(4).get('Utbetalning')).toBe(no('Kalix'));
    expect(u(5).get('Utbetalning')).toBe(no('Älvsbyn'));
    expect(u(6).get('Utbetalning')).toBe(no('Överkalix'));
    expect(u(7).get('Utbetalning')).toBe('');
    expect(u(2).get('Not')).toBe('keep-me');
    expect(u(5).get('Kommun')).toBe('Alvsbyn');
  });

  it('December workbook: register holds all 20 invoices, each with its own sheet', async () => {
    const wb = await loadBook(file);
    const recs = records(wb.getWorksheet('Fakturor')!).filter((r) => r.get('Fakturanummer') !== '');
    const nums = recs.map((r) => String(r.get('Fakturanummer')));
    expect(nums).toEqual(Array.from({ length: 20 }, (_, i) => `YR-2024-${String(i + 1).padStart(4, '0')}`));
    const pitea = recs.find((r) => r.get('Fakturanummer') === 'YR-2024-0018')!;
    expect(Number(pitea.get('Belopp'))).toBeCloseTo(-4180, 2);
    for (const n of nums)
      expect(
        wb.worksheets.filter((w) => w.name.includes(n)),
        n,
      ).toHaveLength(1);
  });

  it('re-run of 2024-12 bills nothing and leaves the register as it was', async () => {
    re = await bill(file, '2024-12', '2024-12-21', outRe);
    expect(re.status, re.stderr + re.stdout).toBe(0);
    const j = readJson(outRe);
    expect(j.invoices).toEqual([]);
    expect({ c: j.potCollected, p: j.potPaidOut, o: j.potCarriedOver }).toEqual({ c: '0.00', p: '0.00', o: '0.00' });
    const wb = await loadBook(file);
    expect(records(wb.getWorksheet('Fakturor')!).filter((r) => r.get('Fakturanummer') !== '')).toHaveLength(20);
  });

  it('a second May 2024 run after December does not bill the 2024 fixed cost again', async () => {
    const out = path.join(dir, 'out-may-again');
    const r = await bill(file, '2024-05', '2024-12-22', out);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(readJson(out).invoices).toEqual([]);
  });
});
