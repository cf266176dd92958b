/**
 * Invoices of every length for the PDF's pages: Luleå with `participants` attendance rows spread
 * over four courses (so that course headings, table headers and sum rows meet page breaks), billed
 * for December 2024 the way the run writes it; a payout document (the pot paid to Luleå's
 * trainers: "Faktura – att erhålla") and a credit note.
 */
import { runCredit } from '../../src/app/credit';
import { sheetValuesAsDocument } from '../../src/app/send';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { CalendarDate, type CellValue, type SheetDocument } from '../../src/workbook/port';
import { readWorkbook } from '../../src/workbook/read';
import { reasonFromSheet, registeredInvoiceLayout } from '../../src/workbook/invoiceSheet';
import { TAB } from '../../src/workbook/schema';
import { bill, registerRows, setUpWorkbook, type FixtureOptions } from '../app/sendFixture';

const COURSES: CellValue[][] = [
  [
    'ALD-F1',
    'Äldreomsorg',
    'Fördjupning',
    'Demens och bemötande – fördjupning med lång rubrik som radbryts',
    '2024-10-01',
    '2024-11-30',
  ],
  ['FHU-B1', 'Funktionshinder', 'Bas', 'Lagstiftning och dokumentation', '2024-10-01', '2024-11-30'],
  ['MOB-S1', 'Missbruk och beroende', 'Spets', 'Motiverande samtal', '2024-10-01', '2024-11-30'],
].map(([id, journey, step, name, start, end]) => [
  id,
  journey,
  step,
  name,
  new CalendarDate(String(start)),
  new CalendarDate(String(end)),
  'Nej',
  '',
]);

const FIRST = [
  'Anna',
  'Bertil',
  'Čeněk',
  'Đorđe',
  'Eva',
  'Łukasz',
  'Máret',
  'Niilo',
  'Ŋilla',
  'Örjan',
  'Åsa',
  'Ždenka',
];
const LAST = ['Andersson', 'Berg', 'Mäkelä', 'Sarri', 'Östling', 'Åkesson', 'Ŧuoddar', 'Wiśniewski'];

export interface Paged {
  wb: MemoryWorkbook;
  number: string;
  sheet: string;
  /** The drawn invoice sheet's document (what the command line makes its PDF of). */
  doc: SheetDocument;
  /** The sheet read back as sending reads it (what Apps Script attaches). */
  sent: SheetDocument;
}

/** Luleå's December invoice with `participants` rows over four courses, and the other members' short ones. */
export function pagedInvoice(participants: number, options: FixtureOptions = {}, municipality = 'Luleå'): Paged {
  const wb = new MemoryWorkbook();
  setUpWorkbook(wb, options);
  const courses = wb.read(TAB.courses).length;
  wb.write(TAB.courses, courses + 1, 1, COURSES);
  const ids = ['BOU-B2', 'ALD-F1', 'FHU-B1', 'MOB-S1'];
  const rows: CellValue[][] = [];
  for (let i = 0; i < participants; i++) {
    const day = 1 + (i % 28);
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i + 1}`;
    rows.push([
      new CalendarDate(`2024-${i % 2 ? '10' : '11'}-${String(day).padStart(2, '0')}`),
      ids[i % 4],
      name,
      municipality,
      1 + (i % 3) * 0.5,
      '',
    ]);
  }
  const at = wb.read(TAB.attendance).length;
  if (rows.length) wb.write(TAB.attendance, at + 1, 1, rows);
  bill(wb);
  return invoiceOf(wb, municipality);
}

/** The registered invoice of the municipality (the last one when there are several). */
export function invoiceOf(wb: MemoryWorkbook, municipality: string, which: 'first' | 'last' = 'first'): Paged {
  const found = registerRows(wb).filter((r) => r.Kommun === municipality);
  const row = which === 'first' ? found[0] : found[found.length - 1];
  const number = String(row.Fakturanummer);
  const sheet = wb.tabNames().find((n) => n.startsWith(`${number} `))!;
  const snapshot = readWorkbook(wb);
  const invoice = snapshot.input.ledger.invoices.find((i) => i.number === number)!;
  // A credit note's reason is on its sheet only, as sending reads it.
  const layout = registeredInvoiceLayout(invoice, snapshot.input, reasonFromSheet(wb.read(sheet)));
  return { wb, number, sheet, doc: wb.tab(sheet)!.doc!, sent: sheetValuesAsDocument(wb.read(sheet), layout.doc) };
}

/** May, then December with only Luleå's trainers teaching: the pot is paid out to Luleå, whose December total is negative. */
export function payoutDocument(): Paged {
  const wb = new MemoryWorkbook();
  setUpWorkbook(wb, { trainers: { Luleå: 40 }, settings: {} });
  const trainerRows: CellValue[][] = [];
  for (let i = 0; i < 60; i++) {
    trainerRows.push([
      new CalendarDate(`2024-11-${String(1 + (i % 28)).padStart(2, '0')}`),
      'BOU-B2',
      `Utbildare ${FIRST[i % FIRST.length]} ${i + 1}`,
      'Luleå',
      1,
      '',
    ]);
  }
  wb.write(TAB.trainers, 3, 1, trainerRows);
  // May bills the year's fixed costs; December the autumn's days and pays the pot out.
  bill(wb, '2024-05', '2024-05-20');
  bill(wb);
  return invoiceOf(wb, 'Luleå', 'last');
}

/** A credit note of Luleå's invoice, with its reason. */
export function creditNote(): Paged {
  const { wb, number } = pagedInvoice(30);
  const outcome = runCredit(wb, {
    invoice: number,
    date: '2024-12-28',
    reason: 'Fel antal deltagardagar på kursen BOU-B2',
  });
  if (!outcome.written) throw new Error(JSON.stringify(outcome.issues));
  return invoiceOf(wb, 'Luleå', 'last');
}
