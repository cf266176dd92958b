// Sheet and register agree (SPEC §2.7): an invoice sheet whose number, dates, OCR, buyer, line
// amounts or total were edited is not sent, resent, reminded with or exported; the message names
// the sheet, the cell, both values and Kreditera faktura; the rest of the batch goes on; a note
// typed on the sheet still reaches the PDF.
import { describe, expect, test } from 'vitest';
import { runExport } from '../../src/app/export';
import { redrawMissingInvoiceSheets, redrawText } from '../../src/app/setup';
import { sendReminders } from '../../src/app/remind';
import { resendInvoice, sendInvoices, type MailPort, type OutgoingMail, type PdfRenderer } from '../../src/app/send';
import { documentToLines } from '../../src/workbook/documentText';
import { registeredInvoiceLayout } from '../../src/workbook/invoiceSheet';
import { CalendarDate, type CellValue, type SheetDocument } from '../../src/workbook/port';
import { readWorkbook } from '../../src/workbook/read';
import { compareSheetWithRegister } from '../../src/workbook/sheetCheck';
import { billedWorkbook as billedForPayments } from './paymentsFixture';
import { ADMIN, billedWorkbook, registerRows, setMunicipalityCell, setUpWorkbook } from './sendFixture';
import { runBilling } from '../../src/app/bill';
import { runCredit } from '../../src/app/credit';
import { recordedDocuments } from '../../src/app/documentRecord';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { TAB } from '../../src/workbook/schema';

class FakeMailer implements MailPort<SheetDocument> {
  sent: OutgoingMail<SheetDocument>[] = [];
  remainingQuota(): number {
    return 100;
  }
  send(mail: OutgoingMail<SheetDocument>): void {
    this.sent.push(mail);
  }
}

const pdf: PdfRenderer<SheetDocument> = (doc) => doc;

function sheetOf(wb: MemoryWorkbook, municipality: string): { sheet: string; number: string } {
  const number = String(registerRows(wb).find((r) => r.Kommun === municipality)!.Fakturanummer);
  return { sheet: wb.tabNames().find((n) => n.startsWith(`${number} `))!, number };
}

/** 1-based row and column of the first cell of the sheet holding `text`. */
function find(wb: MemoryWorkbook, sheet: string, text: string): { row: number; col: number } {
  const values = wb.read(sheet);
  for (let r = 0; r < values.length; r++) {
    const c = values[r].findIndex((v) => v === text);
    if (c >= 0) return { row: r + 1, col: c + 1 };
  }
  throw new Error(`${text} not on ${sheet}`);
}

/** A1 of the first line's Belopp: column D of the row below the Beskrivning header. */
function firstAmount(wb: MemoryWorkbook, sheet: string): { row: number; a1: string; value: CellValue } {
  const head = find(wb, sheet, 'Beskrivning');
  const row = head.row + 1;
  return { row, a1: `D${row}`, value: wb.read(sheet)[row - 1][3] };
}

describe('Skicka fakturor with an edited invoice sheet', () => {
  test('an edited line amount: that invoice is not sent, the message names sheet, cell, both values and Kreditera faktura; the rest are sent', () => {
    const { wb, numbers } = billedWorkbook();
    const { sheet, number } = sheetOf(wb, 'Luleå');
    const amount = firstAmount(wb, sheet);
    expect(typeof amount.value).toBe('number');
    wb.write(sheet, amount.row, 4, [[Number(amount.value) + 100]]);
    const mailer = new FakeMailer();
    const report = sendInvoices(wb, mailer, pdf, { numbers, user: ADMIN });
    expect(report.sent).toBe(13);
    expect(mailer.sent.map((m) => m.number)).not.toContain(number);
    const lulea = report.results.find((r) => r.number === number)!;
    expect(lulea.outcome).toBe('skipped');
    const reason = lulea.outcome === 'skipped' ? lulea.reason : '';
    expect(reason).toContain(`Fakturafliken "${sheet}"`);
    expect(reason).toContain(`cell ${amount.a1} (Belopp, rad 1)`);
    const kr = (n: number) =>
      `${n
        .toFixed(2)
        .replace('.', ',')
        .replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} kr`;
    expect(reason).toContain(
      `visar ${kr(Number(amount.value) + 100)} men fliken Fakturor har ${kr(Number(amount.value))}`,
    );
    expect(reason).toContain('Kreditera faktura');
    // Nothing written for it: still Skapad, so it is sent once the sheet is put right.
    expect(registerRows(wb).find((r) => r.Fakturanummer === number)!.Status).toBe('Skapad');
    expect(report.message).toContain('1 skickades inte');
  });

  test('number, invoice date, due date, OCR, buyer and total are each checked', () => {
    const edits: [string, (wb: MemoryWorkbook, sheet: string) => void, string][] = [
      [
        'Fakturanummer',
        (wb, s) => wb.write(s, find(wb, s, 'Fakturanummer').row, 4, [['YR-2024-9999']]),
        'Fakturanummer',
      ],
      [
        'Fakturadatum',
        (wb, s) => wb.write(s, find(wb, s, 'Fakturadatum').row, 4, [[new CalendarDate('2024-12-01')]]),
        'Fakturadatum',
      ],
      ['Förfallodatum', (wb, s) => wb.write(s, find(wb, s, 'Förfallodatum').row, 4, [['2025-03-31']]), 'Förfallodatum'],
      ['OCR-nummer', (wb, s) => wb.write(s, find(wb, s, 'OCR-nummer').row, 4, [['123456789']]), 'OCR-nummer'],
      ['Köpare', (wb, s) => wb.write(s, find(wb, s, 'Köpare').row + 1, 1, [['Kiruna kommun']]), 'Köpare'],
      // The total stands twice: in the head box and below the lines; each is checked.
      ['Att betala', (wb, s) => wb.write(s, find(wb, s, 'Att betala').row, 4, [[1]]), 'Att betala'],
      [
        'Att betala under raderna',
        (wb, s) =>
          wb.write(
            s,
            wb
              .read(s)
              .map((r) => r[2])
              .lastIndexOf('Att betala') + 1,
            4,
            [[1]],
          ),
        'Att betala',
      ],
    ];
    for (const [, change, field] of edits) {
      const { wb } = billedWorkbook();
      const { sheet, number } = sheetOf(wb, 'Boden');
      change(wb, sheet);
      const report = sendInvoices(wb, new FakeMailer(), pdf, { numbers: [number], user: ADMIN });
      expect(report.sent, field).toBe(0);
      const r = report.results[0];
      expect(r.outcome === 'skipped' ? r.reason : '', field).toContain(`(${field}) visar`);
    }
  });

  test('a line typed below the last one is not sent either', () => {
    const { wb } = billedWorkbook();
    const { sheet, number } = sheetOf(wb, 'Kiruna');
    const head = find(wb, sheet, 'Beskrivning');
    const lines = readWorkbook(wb).input.ledger.lines.filter((l) => l.invoiceNumber === number).length;
    wb.write(sheet, head.row + 1 + lines, 1, [['Extra kurs', '', '', 5000]]);
    const report = sendInvoices(wb, new FakeMailer(), pdf, { numbers: [number], user: ADMIN });
    expect(report.sent).toBe(0);
    const r = report.results[0];
    expect(r.outcome === 'skipped' ? r.reason : '').toContain(
      '(Belopp, efter sista raden) visar 5 000,00 kr men fliken Fakturor har (tom)',
    );
  });

  test('a note typed on the sheet, even on a row inserted above the lines, is sent and reaches the PDF', () => {
    const { wb } = billedWorkbook();
    const { sheet, number } = sheetOf(wb, 'Piteå');
    const values = wb.read(sheet);
    const buyer = find(wb, sheet, 'Köpare').row;
    const note: CellValue[] = ['Obs: avser även höstens uppföljning', '', '', ''];
    const edited = [...values.slice(0, buyer - 1), note, ...values.slice(buyer - 1)];
    wb.write(sheet, 1, 1, edited);
    const mailer = new FakeMailer();
    const report = sendInvoices(wb, mailer, pdf, { numbers: [number], user: ADMIN });
    expect(report.sent).toBe(1);
    expect(documentToLines(mailer.sent[0].attachment.content).join('\n')).toContain(
      'Obs: avser även höstens uppföljning',
    );
  });

  test('Skicka igen refuses an edited sheet and keeps the invoice Skickad', () => {
    const { wb } = billedWorkbook();
    const { sheet, number } = sheetOf(wb, 'Jokkmokk');
    sendInvoices(wb, new FakeMailer(), pdf, { numbers: [number], user: ADMIN });
    wb.write(sheet, find(wb, sheet, 'OCR-nummer').row, 4, [['999']]);
    const mailer = new FakeMailer();
    const report = resendInvoice(wb, mailer, pdf, { number, confirmed: true, user: ADMIN });
    expect(mailer.sent).toEqual([]);
    expect(report.message).toContain('Kreditera faktura');
    expect(registerRows(wb).find((r) => r.Fakturanummer === number)!.Status).toBe('Skickad');
  });

  test('a deleted sheet is not sent, and the message says to run Skapa/uppdatera flikar', () => {
    const { wb, numbers } = billedWorkbook();
    const { sheet, number } = sheetOf(wb, 'Arjeplog');
    wb.deleteTab(sheet);
    const report = sendInvoices(wb, new FakeMailer(), pdf, { numbers, user: ADMIN });
    expect(report.sent).toBe(13);
    const r = report.results.find((x) => x.number === number)!;
    expect(r.outcome === 'skipped' ? r.reason : '').toContain('Skapa/uppdatera flikar');
  });

  test('each invoice sheet is read once per batch', () => {
    const { wb, numbers } = billedWorkbook();
    const before = wb.calls.length;
    sendInvoices(wb, new FakeMailer(), pdf, { numbers, user: ADMIN });
    const reads = wb.calls.slice(before).filter((c) => c.op === 'read' && /^YR-/.test(String(c.tab)));
    expect(reads).toHaveLength(14);
    expect(new Set(reads.map((c) => c.tab)).size).toBe(14);
  });
});

describe('Påminnelser with an edited invoice sheet', () => {
  test('the edited one is not reminded (Påmind stays blank), the others are', () => {
    const { wb, numbers } = billedForPayments();
    const { sheet, number } = sheetOf(wb, 'Gällivare');
    wb.write(sheet, find(wb, sheet, 'Förfallodatum').row, 4, [[new CalendarDate('2025-02-28')]]);
    const mailer = new FakeMailer();
    const report = sendReminders(wb, mailer, pdf, { date: '2025-01-25', user: ADMIN });
    expect(report.sent).toBe(numbers.length - 1);
    expect(mailer.sent.map((m) => m.number)).not.toContain(number);
    const r = report.results.find((x) => x.number === number)!;
    expect(r.outcome === 'skipped' ? r.reason : '').toContain(
      '(Förfallodatum) visar "2025-02-28" men fliken Fakturor har 2025-01-19',
    );
    expect(String(registerRows(wb).find((x) => x.Fakturanummer === number)!.Påmind ?? '')).toBe('');
  });
});

describe('Exportera with an edited invoice sheet', () => {
  test('is refused naming the sheet and cell; a deleted sheet is no error', () => {
    const { wb } = billedForPayments();
    const deleted = sheetOf(wb, 'Haparanda').sheet;
    wb.deleteTab(deleted);
    const request = { from: '2024-01-01', to: '2024-12-31', generated: '2025-01-10' };
    const clean = runExport(wb, request);
    expect(clean.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(clean.files.length).toBeGreaterThan(1);

    const { sheet } = sheetOf(wb, 'Kalix');
    const amount = firstAmount(wb, sheet);
    wb.write(sheet, amount.row, 4, [['1 234,00 kr']]);
    const refused = runExport(wb, request);
    expect(refused.files).toEqual([]);
    const error = refused.issues.find((i) => i.severity === 'error')!;
    expect(error).toMatchObject({ tab: sheet, row: amount.row, column: 'D' });
    expect(error.message).toContain(`cell ${amount.a1} (Belopp, rad 1) visar 1 234,00 kr`);
    expect(error.message).toContain('Ingenting exporterades');
    expect(error.message).toContain('Kreditera faktura');
  });
});

describe('compareSheetWithRegister', () => {
  test('the drawn sheet agrees with itself; the same values as text agree too', () => {
    const { wb } = billedWorkbook();
    const snapshot = readWorkbook(wb);
    for (const inv of snapshot.input.ledger.invoices.slice(0, 3)) {
      const layout = registeredInvoiceLayout(inv, snapshot.input);
      const values = layout.doc.rows.map((r) => r.map((c) => c?.value ?? ''));
      expect(compareSheetWithRegister(values, layout.checked)).toEqual([]);
      const asText = values.map((r) => r.map((v) => (v instanceof CalendarDate ? v.iso : v)));
      expect(compareSheetWithRegister(asText, layout.checked)).toEqual([]);
    }
  });

  test('a removed row above the lines is followed by its label; a blanked total is not', () => {
    const { wb } = billedWorkbook();
    const snapshot = readWorkbook(wb);
    const inv = snapshot.input.ledger.invoices[0];
    const layout = registeredInvoiceLayout(inv, snapshot.input);
    const values = layout.doc.rows.map((r) => r.map((c) => c?.value ?? ''));
    const ref = values.findIndex((r) => String(r[0]).startsWith('Er referens'));
    const shorter = values.filter((_, i) => i !== ref);
    expect(compareSheetWithRegister(shorter, layout.checked)).toEqual([]);
    const totalRow = shorter.findIndex((r) => r[2] === 'Att betala');
    shorter[totalRow][3] = '';
    expect(compareSheetWithRegister(shorter, layout.checked)).toMatchObject([
      { field: 'Att betala', cell: `D${totalRow + 1}`, sheet: '(tom)' },
    ]);
  });
});

describe('redrawMissingInvoiceSheets (Skapa/uppdatera flikar)', () => {
  test('draws every missing invoice sheet as billed, protected, and never touches an existing one', () => {
    const { wb } = billedWorkbook();
    const gone = [sheetOf(wb, 'Luleå').sheet, sheetOf(wb, 'Boden').sheet];
    const drawn = gone.map((s) => wb.read(s));
    for (const s of gone) wb.deleteTab(s);
    const before = wb.mutations().length;
    const outcome = redrawMissingInvoiceSheets(wb);
    const inOrder = [...gone].sort((a, b) => registerOrder(wb, a) - registerOrder(wb, b));
    // Billed without a Logg row (as before Logg kept the seller's details): today's settings, and said so.
    expect(outcome).toEqual({ redrawn: inOrder, withTodaysSettings: inOrder, problem: '', sheets: registerSheets(wb) });
    expect(gone.map((s) => wb.read(s))).toEqual(drawn);
    const calls = wb.mutations().slice(before);
    expect(calls.map((c) => `${c.op} ${c.tab}`).sort()).toEqual(gone.map((s) => `drawTab ${s}`).sort());
    expect(wb.tab(gone[0])!.doc!.protected).toBe(true);
    expect(redrawText(outcome)).toContain('Ritade om fakturaflikarna');
    expect(redrawText(outcome)).toContain('Logg saknar dem för');
    expect(redrawMissingInvoiceSheets(wb)).toEqual({
      redrawn: [],
      withTodaysSettings: [],
      problem: '',
      sheets: registerSheets(wb),
    });
  });

  test("draws with the seller's and buyer's details and course names recorded at billing and a credit note's reason, not today's Inställningar, Kommuner and Kurser", () => {
    const wb = new MemoryWorkbook();
    setUpWorkbook(wb, {
      attending: ['Luleå', 'Boden'],
      settings: { 'Moms (%)': 25, Momskategori: 'S', 'F-skatt': 'Ja' },
    });
    expect(runBilling(wb, { month: '2024-12', invoiceDate: '2024-12-20' }).written).toBe(true);
    const invoice = sheetOf(wb, 'Luleå');
    expect(
      runCredit(wb, { invoice: sheetOf(wb, 'Boden').number, date: '2024-12-27', reason: 'Fel antal dagar;\nses över' })
        .written,
    ).toBe(true);
    const note = String(registerRows(wb).find((r) => String(r.Krediterar ?? '') !== '')!.Fakturanummer);
    const noteSheet = wb.tabNames().find((n) => n.startsWith(`${note} `))!;
    const before = [wb.read(invoice.sheet), wb.read(noteSheet)];
    expect(before[1].flat()).toContain('Orsak: Fel antal dagar;\nses över');

    // The association moves, changes bank, contact, VAT and F-skatt after billing.
    const changed: Record<string, CellValue> = {
      Förbund: 'Nya Förbundet',
      Organisationsnummer: '556036-0793',
      Adress: 'Storgatan 1\n972 31 Luleå',
      Bankgiro: '5555-5551',
      Kontaktperson: 'Ny Person',
      'Moms (%)': 12,
      'F-skatt': 'Nej',
    };
    const rows = wb.read(TAB.settings);
    rows.forEach((r, i) => {
      if (String(r[0]) in changed) wb.write(TAB.settings, i + 1, 2, [[changed[String(r[0])]]]);
    });
    // And the buyers' details change in Kommuner.
    for (const name of ['Luleå', 'Boden']) {
      setMunicipalityCell(wb, name, 'Fakturaadress', `Ny väg 2\n999 99 ${name}`);
      setMunicipalityCell(wb, name, 'Fakturareferens', 'NY-REF');
      setMunicipalityCell(wb, name, 'Socialchef', 'Ny Chef');
    }
    // And every course is renamed in Kurser.
    const courses = wb.read(TAB.courses);
    const nameCol = courses[0].indexOf('Kursnamn');
    wb.write(
      TAB.courses,
      2,
      nameCol + 1,
      courses.slice(1).map(() => ['Omdöpt kurs']),
    );
    wb.deleteTab(invoice.sheet);
    wb.deleteTab(noteSheet);
    const outcome = redrawMissingInvoiceSheets(wb);
    expect(outcome.redrawn).toEqual([invoice.sheet, noteSheet]);
    expect(outcome.withTodaysSettings).toEqual([]);
    expect([wb.read(invoice.sheet), wb.read(noteSheet)]).toEqual(before);
    const text = wb.read(invoice.sheet).flat().map(String).join(' | ');
    expect(text).toContain('Bankgiro 5050-1055');
    expect(text).toContain('Box 947, 971 28 Luleå');
    expect(text).toContain('Moms 25 %');
    expect(text).not.toContain('Nya Förbundet');
    expect(text).not.toContain('NY-REF');
    expect(text).not.toContain('Ny Chef');
    expect(text).not.toContain('Omdöpt kurs');
    expect(redrawText(outcome)).not.toContain('Logg saknar');
    // What sending checks still agrees with the register.
    const snapshot = readWorkbook(wb);
    const registered = snapshot.input.ledger.invoices.find((i) => i.number === invoice.number)!;
    expect(
      compareSheetWithRegister(wb.read(invoice.sheet), registeredInvoiceLayout(registered, snapshot.input).checked),
    ).toEqual([]);
  });

  test("reads the record of a Logg row an earlier version wrote ('Uppgifter på fakturabladen:')", () => {
    const wb = new MemoryWorkbook();
    setUpWorkbook(wb, { attending: ['Luleå'] });
    expect(runBilling(wb, { month: '2024-12', invoiceDate: '2024-12-20' }).written).toBe(true);
    const invoice = sheetOf(wb, 'Luleå');
    const log = wb.read(TAB.log);
    const col = log[0].indexOf('Detaljer');
    const at = log.findIndex((r) => String(r[col]).includes('Uppgifter på fakturaflikarna:'));
    expect(at).toBeGreaterThan(0);
    const earlier = String(log[at][col]).replace('Uppgifter på fakturaflikarna:', 'Uppgifter på fakturabladen:');
    wb.write(TAB.log, at + 1, col + 1, [[earlier]]);
    const rows = wb.read(TAB.settings);
    rows.forEach((r, i) => {
      if (r[0] === 'Bankgiro') wb.write(TAB.settings, i + 1, 2, [['5555-5551']]);
    });
    wb.deleteTab(invoice.sheet);
    const outcome = redrawMissingInvoiceSheets(wb);
    expect(outcome.redrawn).toEqual([invoice.sheet]);
    expect(outcome.withTodaysSettings).toEqual([]);
    expect(wb.read(invoice.sheet).flat().map(String)).toContain('Bankgiro 5050-1055');
  });

  test('a run of every municipality keeps its whole record in Logg: each buyer, and only the courses it names', () => {
    const wb = new MemoryWorkbook();
    setUpWorkbook(wb);
    // Addresses and references as long as real ones get (the record then exceeds 5 000 characters).
    for (const [name] of wb.read(TAB.municipalities).slice(1)) {
      const long = `Socialförvaltningen, Ekonomienheten – individ- och familjeomsorg, Box 1234, 971 85 ${String(name)}`;
      setMunicipalityCell(wb, String(name), 'Fakturaadress', long);
      setMunicipalityCell(
        wb,
        String(name),
        'Fakturareferens',
        `Yrkesresan, ansvar 4711, verksamhet 580 – ${String(name)}`,
      );
    }
    expect(runBilling(wb, { month: '2024-12', invoiceDate: '2024-12-20' }).written).toBe(true);
    const runs = [...new Set(registerRows(wb).map((r) => String(r.Körning)))];
    expect(registerRows(wb).length).toBeGreaterThanOrEqual(14);
    expect(String(wb.read('Logg').at(-1)![3]).length).toBeGreaterThan(5000);
    const { byRun } = recordedDocuments(wb);
    expect([...byRun.keys()]).toEqual(runs);
    const record = byRun.get(runs[0])!;
    expect([...record.buyers.keys()].sort()).toEqual(
      [...new Set(registerRows(wb).map((r) => String(r.Kommun)))].sort(),
    );
    const billedCourses = new Set(
      wb
        .read('Fakturarader')
        .slice(1)
        .map((r) => String(r[2]))
        .filter(Boolean),
    );
    expect([...record.courseNames.keys()].sort()).toEqual([...billedCourses].sort());
  });

  test('a broken register draws nothing and says why', () => {
    const { wb } = billedWorkbook();
    const { sheet } = sheetOf(wb, 'Luleå');
    wb.deleteTab(sheet);
    const rows = wb.read('Fakturor');
    const belopp = rows[0].indexOf('Belopp');
    wb.write('Fakturor', 2, belopp + 1, [[Number(rows[1][belopp]) + 1]]);
    const outcome = redrawMissingInvoiceSheets(wb);
    expect(outcome.redrawn).toEqual([]);
    expect(outcome.problem).toContain('ritades inte om');
    expect(wb.tabNames()).not.toContain(sheet);
  });
});

function registerOrder(wb: MemoryWorkbook, sheet: string): number {
  return registerRows(wb).findIndex((r) => sheet.startsWith(`${String(r.Fakturanummer)} `));
}

/** The register's invoice sheets in register order: every row's number begins one sheet's name. */
function registerSheets(wb: MemoryWorkbook): string[] {
  return registerRows(wb).map((r) => wb.tabNames().find((t) => t.startsWith(`${String(r.Fakturanummer)} `))!);
}
