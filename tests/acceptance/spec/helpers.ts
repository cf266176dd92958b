// What the acceptance tests of tests/acceptance/spec/ share. They are written from SPEC.md alone,
// the way an outside grader would: workbooks are built from scratch with ExcelJS, the command line
// of SPEC §7 is run through the built CLI's main() in this process (as a child process of
// bin/yrkesresan.js where the environment matters), and dist/gas/Code.js is loaded into node:vm
// with a minimal hand-made host. Every expected figure was computed by hand from SPEC §3.
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runCli, STORED, type CliResult } from '../../cli/helpers';
import { runBundle } from '../../gas/harness';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CLI = path.join(ROOT, 'bin', 'yrkesresan.js');
export const CODE_JS = path.join(ROOT, 'dist', 'gas', 'Code.js');

// ---------------------------------------------------------------- helpers

export type Cell = string | number | Date | null | undefined;
export interface TabSpec {
  name: string;
  rows: (Cell[] | null)[];
} // rows[0] = header; null = wholly empty row

export const d = (s: string): Date => {
  const [y, m, day] = s.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, day));
};

export function luhnValid(digits: string): boolean {
  const s = digits.replace(/\D/g, '');
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let x = Number(s[s.length - 1 - i]);
    if (i % 2 === 1) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
  }
  return s.length > 0 && sum % 10 === 0;
}
export function luhnComplete(base9: string): string {
  for (let c = 0; c <= 9; c++) if (luhnValid(base9 + c)) return base9 + c;
  throw new Error('unreachable');
}
export const SELLER_ORG_DIGITS = luhnComplete('802002123'); // 8020021237
export const SELLER_ORG = `${SELLER_ORG_DIGITS.slice(0, 6)}-${SELLER_ORG_DIGITS.slice(6)}`;

/** öre (integer) → "1234.50" */
export function kr(ore: number): string {
  const neg = ore < 0;
  const a = Math.abs(ore);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

export const MUNIS: [string, string, number, number][] = [
  // name, org, fixed cost, population (unused while fixed costs are filled)
  ['Arjeplog', '212000-2668', 10323, 2700],
  ['Arvidsjaur', '212000-2650', 23437, 6300],
  ['Boden', '212000-2767', 106723, 28000],
  ['Gällivare', '212000-2726', 66478, 17500],
  ['Haparanda', '212000-2775', 36590, 9600],
  ['Jokkmokk', '212000-2676', 18489, 4900],
  ['Kalix', '212000-2692', 60024, 15800],
  ['Kiruna', '212000-2783', 86211, 22700],
  ['Luleå', '212000-2742', 298992, 79000],
  ['Pajala', '212000-2718', 22829, 6000],
  ['Piteå', '212000-2759', 160699, 42300],
  ['Älvsbyn', '212000-2734', 30561, 8100],
  ['Överkalix', '212000-2684', 12555, 3300],
  ['Övertorneå', '212000-2700', 16089, 4300],
];
export const FIXED: Record<string, number> = Object.fromEntries(MUNIS.map((m) => [m[0], m[2]]));
export const SWEDISH_ORDER = MUNIS.map((m) => m[0]); // already in Swedish alphabetical order
export const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function settingsTab(overrides: Record<string, Cell> = {}, drop: string[] = []): TabSpec {
  const base: [string, Cell][] = [
    ['Förbund', 'Norrbottens Kommuner'],
    ['Organisationsnummer', SELLER_ORG],
    ['Adress', 'Box 947, 971 28 Luleå'],
    ['Bankgiro', '5050-1055'],
    ['Betalningsvillkor (dagar)', 30], // number
    ['Lokal och fika (kr/dag)', '1000'], // text
    ['Utbildarpott (kr/dag)', 400],
    ['Kursmaterial (kr/dag)', '100'],
    ['Buffert (kr/dag)', 50],
    ['Fast kostnad (kr/år)', 950000],
    ['Avtal från', d('2023-07-01')], // real date cell
    ['Avtal till', '2028-06-30'], // date as text
    ['Fakturaprefix', 'YR'],
    ['Moms (%)', 0],
    ['Administratörer', null],
    ['Kontaktperson', 'Karin Kontakt'],
    ['Svarsadress', 'yrkesresan@example.se'],
  ];
  const rows: Cell[][] = [['Inställning', 'Värde']];
  for (const [k, v] of base) {
    if (drop.includes(k)) continue;
    rows.push([k, k in overrides ? overrides[k] : v]);
  }
  return { name: 'Inställningar', rows };
}

// Kommuner rows in the reading order of SPEC §2.2's two-column table, not alphabetical,
// so that numbering in Swedish alphabetical order is really tested.
export const KOMMUNER_ROW_ORDER = [
  'Arjeplog',
  'Kiruna',
  'Arvidsjaur',
  'Luleå',
  'Boden',
  'Pajala',
  'Gällivare',
  'Piteå',
  'Haparanda',
  'Älvsbyn',
  'Jokkmokk',
  'Överkalix',
  'Kalix',
  'Övertorneå',
];
export const kommunRow = (name: string) => KOMMUNER_ROW_ORDER.indexOf(name) + 2;

export function kommunerTab(): TabSpec {
  // columns in a different order than SPEC §2.2, plus an extra column
  const rows: Cell[][] = [
    [
      'Kommun',
      'Fast kostnad (kr/år)',
      'Organisationsnummer',
      'Anteckning',
      'Befolkning',
      'Socialchef',
      'E-post',
      'Fakturaadress',
      'Fakturareferens',
    ],
  ];
  for (const name of KOMMUNER_ROW_ORDER) {
    const [, org, fixed, pop] = MUNIS.find((m) => m[0] === name)!;
    rows.push([
      name,
      fixed,
      org,
      `not ${name}`,
      pop,
      `Chef ${name}`,
      `socialchef@${slug(name)}.se`,
      `Kommunhuset, ${name}`,
      `REF-${slug(name).toUpperCase()}`,
    ]);
  }
  return { name: 'Kommuner', rows };
}

export function kurserTab(): TabSpec {
  return {
    name: 'Kurser',
    rows: [
      ['Kurs-ID', 'Yrkesresa', 'Steg', 'Kursnamn', 'Startdatum', 'Slutdatum', 'Inspelad', 'Lokal och fika (kr/dag)'],
      [
        'BOU-B1',
        'Barn och unga – myndighetsutövning',
        'Bas',
        'Barn och unga bas',
        d('2023-01-01'),
        d('2025-12-31'),
        null,
        null,
      ],
      [
        'FU-B1',
        'Funktionshinder – utförare',
        'Bas',
        'Funktionshinder bas (inspelad)',
        d('2023-01-01'),
        d('2025-12-31'),
        'Ja',
        null,
      ],
      [
        'ALD-F1',
        'Äldreomsorg – utförare',
        'Fördjupning',
        'Äldreomsorg fördjupning',
        d('2023-01-01'),
        d('2025-12-31'),
        'Nej',
        1200,
      ],
      [
        'MB-S1',
        'Missbruk och beroende – myndighetsutövning',
        'Spets',
        'Missbruk spets',
        d('2023-01-01'),
        d('2025-12-31'),
        null,
        null,
      ],
    ],
  };
}

export const IMPORTXML = '=IMPORTXML("http://x","//a")';

/** Main scenario, attendance tab 1 (spring). Sheet rows: header = 1, data from 2. */
export function narvaro2024(): TabSpec {
  return {
    name: 'Närvaro 2024',
    rows: [
      ['Datum', 'Kurs-ID', 'Deltagare', 'Kommun', 'Dagar', 'Fakturanummer', 'Kommentar'],
      [d('2024-02-13'), 'BOU-B1', 'Anna Ek', 'Lulea', 10, null, 'extra-1'], // row 2
      [d('2024-02-14'), 'BOU-B1', 'Bo Ek', 'Luleå', 10, null, null], // row 3
      [d('2024-03-05'), 'BOU-B1', 'Cia Ek', 'luleå kommun', 8, null, 'extra-4'], // row 4
      null, // row 5: wholly empty
      [d('2024-03-20'), 'ALD-F1', 'Dan Berg', ' PITEÅ ', 2.5, null, null], // row 6
      [d('2024-04-02'), 'BOU-B1', 'Eva Lind', 'Overtornea kommun', 1.5, null, null], // row 7
      [d('2024-04-10'), 'FU-B1', 'Fia Sol', 'Arjeplog', 3, null, null], // row 8 (recorded)
      [d('2024-04-11'), 'MB-S1', IMPORTXML, 'Kiruna', 1, null, 'extra-9'], // row 9
      [d('2024-05-31'), 'MB-S1', 'Gun Ås', 'Gällivare', 0.5, null, null], // row 10 (on the cut-off)
      [d('2024-06-03'), 'BOU-B1', 'Hans Öst', 'Boden', 2, null, null], // row 11 (after May cut-off)
    ],
  };
}

/** Main scenario, attendance tab 2 (autumn): different column order and header case. */
export function narvaroHT(): TabSpec {
  return {
    name: 'Närvaro HT',
    rows: [
      [' kommun ', 'DATUM', 'Kurs-ID', 'Deltagare', 'Dagar', 'Fakturanummer'],
      ['Boden', d('2024-09-10'), 'BOU-B1', 'Ida Nord', 4, null], // row 2
      ['Haparanda stad', d('2024-09-11'), 'BOU-B1', 'Jon Väst', 1.5, null], // row 3
      ['KALIX', d('2024-10-01'), 'ALD-F1', 'Jan Syd', 2.5, null], // row 4
      ['Pitea', d('2024-11-12'), 'MB-S1', 'Kim Väst', 2, null], // row 5
      ['Luleå', d('2025-01-15'), 'BOU-B1', 'Lo Ek', 1, null], // row 6 (after December cut-off)
    ],
  };
}

export function utbildarlogg(): TabSpec {
  return {
    name: 'Utbildarlogg',
    rows: [
      ['Datum', 'Kurs-ID', 'Utbildare', 'Kommun', 'Dagar', 'Utbetalning', 'Not'],
      [d('2024-03-05'), 'BOU-B1', 'Tina Tränare', 'Piteå', 2, null, 'keep-me'], // row 2
      [d('2024-09-10'), 'BOU-B1', 'Tina Tränare', 'Pitea kommun', 1, null, null], // row 3
      [d('2024-10-01'), 'ALD-F1', 'Ulf Utb', 'Kalix', 1, null, null], // row 4
      [d('2024-11-12'), 'MB-S1', 'Vera Visare', 'Alvsbyn', 1, null, null], // row 5
      [d('2024-11-13'), 'MB-S1', 'Örjan Ö', 'Överkalix', 2.5, null, null], // row 6
      [d('2025-01-15'), 'BOU-B1', 'Tina Tränare', 'Piteå', 1, null, null], // row 7 (after cut-off)
    ],
  };
}

export function mainBook(): TabSpec[] {
  return [settingsTab(), kommunerTab(), kurserTab(), narvaro2024(), narvaroHT(), utbildarlogg()];
}

// Several tests start from the same book: each distinct book is written by ExcelJS once per
// worker and its bytes copied to every file that asks for it (each test still has its own file).
const written = new Map<string, Buffer>();

export async function writeBook(tabs: TabSpec[], file: string): Promise<void> {
  // A date and a text that reads like it are different cells.
  const key = JSON.stringify(tabs, function (this: Record<string, unknown>, k: string, v: unknown) {
    const cell = this[k];
    return cell instanceof Date ? `date:${cell.getTime()}` : typeof v === 'string' ? `text:${v}` : v;
  });
  let bytes = written.get(key);
  if (!bytes) {
    bytes = await bookBytes(tabs);
    written.set(key, bytes);
  }
  fs.writeFileSync(file, bytes);
}

async function bookBytes(tabs: TabSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const t of tabs) {
    const ws = wb.addWorksheet(t.name);
    t.rows.forEach((row, i) => {
      if (!row) return;
      const r = ws.getRow(i + 1);
      row.forEach((v, j) => {
        if (v === null || v === undefined) return;
        r.getCell(j + 1).value = v as ExcelJS.CellValue;
      });
      r.commit();
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer(STORED));
}

export function tmpDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `yr-acc-${tag}-`));
}

export type Run = CliResult;
/** The command line of SPEC §7 in this process: the built CLI's main(), as bin/yrkesresan.js runs it. */
export function cli(args: string[]): Promise<Run> {
  return runCli(args);
}
export function bill(file: string, month: string, date: string, out: string, extra: string[] = []): Promise<Run> {
  return cli(['bill', '--workbook', file, '--month', month, '--date', date, '--out', out, ...extra]);
}
export const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

export interface Line {
  kind: string;
  courseId?: string;
  quantity?: string;
  unitPrice?: string;
  amount: string;
  year?: number;
  trainerDays?: string;
}
export interface Invoice {
  number: string;
  municipality: string;
  invoiceDate: string;
  dueDate: string;
  ocr: string;
  credit: boolean;
  total: string;
  lines: Line[];
}
export interface InvoicesJson {
  month: string;
  invoiceDate: string;
  invoices: Invoice[];
  potCollected: string;
  potPaidOut: string;
  potCarriedOver: string;
}
export const readJson = (out: string): InvoicesJson =>
  JSON.parse(fs.readFileSync(path.join(out, 'invoices.json'), 'utf8'));

export const KIND_ORDER: Record<string, number> = { variable: 0, fixed: 1, trainerPot: 2 };
export const sortLines = (ls: Line[]) =>
  [...ls].sort(
    (a, b) =>
      (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) ||
      String(a.courseId ?? '').localeCompare(String(b.courseId ?? '')),
  );

export interface ExpInv {
  municipality: string;
  total: string;
  credit: boolean;
  lines: Line[];
}

export function expectInvoices(
  json: InvoicesJson,
  exp: ExpInv[],
  firstSeq: number,
  year: number,
  date: string,
  due: string,
) {
  expect(json.invoices.map((i) => i.municipality)).toEqual(exp.map((e) => e.municipality));
  json.invoices.forEach((inv, i) => {
    const e = exp[i];
    const number = `YR-${year}-${String(firstSeq + i).padStart(4, '0')}`;
    expect(
      {
        number: inv.number,
        municipality: inv.municipality,
        invoiceDate: inv.invoiceDate,
        dueDate: inv.dueDate,
        credit: inv.credit,
        total: inv.total,
      },
      `invoice of ${e.municipality}`,
    ).toEqual({
      number,
      municipality: e.municipality,
      invoiceDate: date,
      dueDate: due,
      credit: e.credit,
      total: e.total,
    });
    expect(sortLines(inv.lines), `lines of ${e.municipality}`).toMatchObject(sortLines(e.lines));
    expect(inv.ocr, `OCR of ${inv.number}`).toMatch(/^\d+$/);
    expect(luhnValid(inv.ocr), `OCR ${inv.ocr} Luhn`).toBe(true);
  });
  expect(new Set(json.invoices.map((i) => i.ocr)).size).toBe(json.invoices.length);
}

/**
 * The workbook file in ExcelJS. Its data validations (the tool's drop-downs, 2 000 rows a column,
 * which ExcelJS expands cell by cell: most of a load) are left out unless the workbook is to be
 * written back (`validations`); the tests read values, never drop-downs.
 */
export async function loadBook(file: string, validations = false): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file, validations ? {} : { ignoreNodes: ['dataValidations'] });
  return wb;
}

export function plain(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return (v as ExcelJS.CellFormulaValue).result ?? '';
    if ('text' in v) return v.text;
    if ('error' in v) return '';
  }
  return v;
}

/** A tab as header-keyed records (header trimmed, lower-case) with their sheet row numbers. */
export function records(
  ws: ExcelJS.Worksheet,
): { row: number; get: (h: string) => unknown; cell: (h: string) => ExcelJS.Cell }[] {
  const header = new Map<string, number>();
  ws.getRow(1).eachCell((c, col) => header.set(String(plain(c.value)).trim().toLowerCase(), col));
  const out: { row: number; get: (h: string) => unknown; cell: (h: string) => ExcelJS.Cell }[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const col = (h: string) => {
      const c = header.get(h.toLowerCase());
      if (!c) throw new Error(`no column ${h} in ${ws.name}`);
      return c;
    };
    out.push({ row: r, get: (h) => plain(row.getCell(col(h)).value), cell: (h) => row.getCell(col(h)) });
  }
  return out;
}

export function headerNames(ws: ExcelJS.Worksheet): string[] {
  const names: string[] = [];
  ws.getRow(1).eachCell((c) => names.push(String(plain(c.value)).trim()));
  return names;
}

export function isoOf(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim().slice(0, 10);
}

// ---------------------------------------------------------------- expectations (hand-computed)

export const fixedLine = (m: string, year: number, twelfths: number): Line => ({
  kind: 'fixed',
  year,
  amount: kr((FIXED[m] * 100 * twelfths) / 12),
});
export const varLine = (courseId: string, quantity: string, unitPrice: string, amount: string): Line => ({
  kind: 'variable',
  courseId,
  quantity,
  unitPrice,
  amount,
});

// May 2024: every municipality gets its full 2024 fixed cost; variable lines as below.
export const MAY_VARIABLE: Record<string, Line[]> = {
  Luleå: [varLine('BOU-B1', '28', '1550.00', '43400.00')],
  Piteå: [varLine('ALD-F1', '2.5', '1750.00', '4375.00')],
  Övertorneå: [varLine('BOU-B1', '1.5', '1550.00', '2325.00')],
  Kiruna: [varLine('MB-S1', '1', '1550.00', '1550.00')],
  Gällivare: [varLine('MB-S1', '0.5', '1550.00', '775.00')],
};
export const MAY_TOTALS: Record<string, string> = {
  Arjeplog: '10323.00',
  Arvidsjaur: '23437.00',
  Boden: '106723.00',
  Gällivare: '67253.00',
  Haparanda: '36590.00',
  Jokkmokk: '18489.00',
  Kalix: '60024.00',
  Kiruna: '87761.00',
  Luleå: '342392.00',
  Pajala: '22829.00',
  Piteå: '165074.00',
  Älvsbyn: '30561.00',
  Överkalix: '12555.00',
  Övertorneå: '18414.00',
};
export const MAY_EXPECTED: ExpInv[] = SWEDISH_ORDER.map((m) => ({
  municipality: m,
  credit: false,
  total: MAY_TOTALS[m],
  lines: [...(MAY_VARIABLE[m] ?? []), fixedLine(m, 2024, 12)],
}));
export const MAY_NUMBER: Record<string, string> = Object.fromEntries(
  SWEDISH_ORDER.map((m, i) => [m, `YR-2024-${String(i + 1).padStart(4, '0')}`]),
);

// December 2024: pot = May 13 400.00 (33.5 days) + December 4 800.00 (12 days) = 18 200.00.
// Trainer days: Piteå 3, Kalix 1, Älvsbyn 1, Överkalix 2.5 (7.5 in all).
// Exact shares in öre: 728000, 242666.67, 242666.67, 606666.67 → floors leave 2 öre; all three
// remainders are 2/3: Överkalix first (more days), then Kalix before Älvsbyn (Swedish order).
export const DEC_EXPECTED: ExpInv[] = [
  { municipality: 'Boden', credit: false, total: '9300.00', lines: [varLine('BOU-B1', '6', '1550.00', '9300.00')] },
  {
    municipality: 'Haparanda',
    credit: false,
    total: '2325.00',
    lines: [varLine('BOU-B1', '1.5', '1550.00', '2325.00')],
  },
  {
    municipality: 'Kalix',
    credit: false,
    total: '1948.33',
    lines: [
      varLine('ALD-F1', '2.5', '1750.00', '4375.00'),
      { kind: 'trainerPot', year: 2024, trainerDays: '1', amount: '-2426.67' },
    ],
  },
  {
    municipality: 'Piteå',
    credit: true,
    total: '-4180.00',
    lines: [
      varLine('MB-S1', '2', '1550.00', '3100.00'),
      { kind: 'trainerPot', year: 2024, trainerDays: '3', amount: '-7280.00' },
    ],
  },
  {
    municipality: 'Älvsbyn',
    credit: true,
    total: '-2426.66',
    lines: [{ kind: 'trainerPot', year: 2024, trainerDays: '1', amount: '-2426.66' }],
  },
  {
    municipality: 'Överkalix',
    credit: true,
    total: '-6066.67',
    lines: [{ kind: 'trainerPot', year: 2024, trainerDays: '2.5', amount: '-6066.67' }],
  },
];

export function bareBook(narvaroRows: Cell[][] = [], trainerRows: Cell[][] = []): TabSpec[] {
  return [
    settingsTab(),
    kommunerTab(),
    kurserTab(),
    { name: 'Närvaro', rows: [['Datum', 'Kurs-ID', 'Deltagare', 'Kommun', 'Dagar', 'Fakturanummer'], ...narvaroRows] },
    {
      name: 'Utbildarlogg',
      rows: [['Datum', 'Kurs-ID', 'Utbildare', 'Kommun', 'Dagar', 'Utbetalning'], ...trainerRows],
    },
  ];
}

export interface ErrCase {
  name: string;
  mutate: (t: TabSpec[]) => void;
  tab: string | RegExp;
  row?: number;
  column?: string;
  value?: string;
  month?: string;
}

export const tab = (t: TabSpec[], name: string) => t.find((x) => x.name === name)!;

export const setCell = (t: TabSpec[], name: string, row: number, col: number, v: Cell) => {
  (tab(t, name).rows[row - 1] as Cell[])[col] = v;
};

export function tabsToArrays(tabs: TabSpec[]): { name: string; values: unknown[][] }[] {
  return tabs.map((t) => {
    const width = Math.max(...t.rows.map((r) => (r ? r.length : 0)));
    const values = t.rows.map((r) =>
      Array.from({ length: width }, (_, j) => {
        const v = r ? r[j] : null;
        return v === null || v === undefined ? '' : v;
      }),
    );
    return { name: t.name, values };
  });
}

export async function xlsxToArrays(file: string): Promise<{ name: string; values: unknown[][] }[]> {
  const wb = await loadBook(file);
  return wb.worksheets.map((ws) => {
    const h = ws.rowCount;
    const w = ws.columnCount;
    const values: unknown[][] = [];
    for (let r = 1; r <= h; r++) {
      const row = ws.getRow(r);
      const line: unknown[] = [];
      for (let c = 1; c <= w; c++) line.push(plain(row.getCell(c).value));
      values.push(line);
    }
    return { name: ws.name, values };
  });
}

export interface MenuLog {
  title: string;
  items: { caption: string; fn: string }[];
  added: boolean;
}

export function makeHost(sheets: { name: string; values: unknown[][] }[]) {
  const menus: MenuLog[] = [];
  const fakeSheet = (s: { name: string; values: unknown[][] }) => {
    const lastRow = s.values.length;
    const lastCol = lastRow ? s.values[0].length : 0;
    const grab = (r: number, c: number, h: number, w: number) =>
      Array.from({ length: h }, (_, i) =>
        Array.from({ length: w }, (_, j) => {
          const row = s.values[r - 1 + i];
          const v = row ? row[c - 1 + j] : '';
          return v === undefined ? '' : v;
        }),
      );
    return {
      getName: () => s.name,
      getDataRange: () => ({ getValues: () => grab(1, 1, lastRow, lastCol) }),
      getLastRow: () => lastRow,
      getLastColumn: () => lastCol,
      getRange: (r: number, c: number, h = 1, w = 1) => ({ getValues: () => grab(r, c, h, w) }),
    };
  };
  const ss = {
    getSheets: () => sheets.map(fakeSheet),
    getSheetByName: (n: string) => {
      const s = sheets.find((x) => x.name === n);
      return s ? fakeSheet(s) : null;
    },
    // Date cells are instants in the spreadsheet's time zone (File › Settings), which custom functions read.
    getSpreadsheetTimeZone: () => 'Europe/Stockholm',
  };
  const menuBuilder = (title: string, top: boolean): unknown => {
    const log: MenuLog = { title, items: [], added: false };
    if (top) menus.push(log);
    const m = {
      addItem: (caption: string, fn: string) => {
        log.items.push({ caption, fn });
        return m;
      },
      addSeparator: () => m,
      addSubMenu: (sub: { __log?: MenuLog }) => {
        if (sub && sub.__log) log.items.push(...sub.__log.items);
        return m;
      },
      addToUi: () => {
        log.added = true;
      },
      __log: log,
    };
    return m;
  };
  const SpreadsheetApp = {
    getActiveSpreadsheet: () => ss,
    getUi: () => ({ createMenu: (t: string) => menuBuilder(t, true) }),
  };
  return { SpreadsheetApp, menus };
}

export function loadCode(sheets: { name: string; values: unknown[][] }[]) {
  const host = makeHost(sheets);
  const ctx = runBundle({ SpreadsheetApp: host.SpreadsheetApp }, CODE_JS);
  return { ctx: ctx as Record<string, any>, menus: host.menus };
}

export const num = (v: unknown): number => (Array.isArray(v) ? num(v.flat(Infinity)[0]) : Number(v));

export function sheetText(ws: ExcelJS.Worksheet): string {
  const parts: string[] = [];
  ws.eachRow((row) =>
    row.eachCell((c) => {
      const v = plain(c.value);
      parts.push(v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
    }),
  );
  return parts.join('\n');
}

export async function appendRow(file: string, tabName: string, values: Cell[]): Promise<void> {
  const wb = await loadBook(file, true);
  const ws = wb.getWorksheet(tabName)!;
  const r = ws.getRow(ws.rowCount + 1);
  values.forEach((v, j) => {
    if (v !== null && v !== undefined) r.getCell(j + 1).value = v as ExcelJS.CellValue;
  });
  r.commit();
  await wb.xlsx.writeFile(file, STORED);
}

export async function setSetting(file: string, key: string, value: Cell): Promise<void> {
  const wb = await loadBook(file, true);
  const ws = wb.getWorksheet('Inställningar')!;
  const rec = records(ws).find((r) => r.get('Inställning') === key)!;
  rec.cell('Värde').value = value as ExcelJS.CellValue;
  await wb.xlsx.writeFile(file, STORED);
}
