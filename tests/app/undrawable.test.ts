/**
 * Text the invoice PDF's font cannot draw (Arabic, CJK, a stray control character) is reported
 * before anything is billed or sent, where it was typed: tab, row, column and the characters,
 * in Swedish. It is never drawn as boxes and never replaced (issue: hostile workbooks).
 */
import { describe, expect, test } from 'vitest';
import { previewBilling, runBilling } from '../../src/app/bill';
import { checkWorkbook } from '../../src/app/check';
import { previewCredit } from '../../src/app/credit';
import { sendInvoices, type MailPort, type OutgoingMail } from '../../src/app/send';
import type { Issue } from '../../src/core/types';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { documentPdf } from '../../src/workbook/pdf/layout';
import { TAB } from '../../src/workbook/schema';
import { ADMIN, billedWorkbook, registerRows, setMunicipalityCell, setUpWorkbook } from './sendFixture';

const ARABIC = 'Ahmad أحمد';
const DECEMBER = { month: '2024-12', invoiceDate: '2024-12-20' };

/** A participant of Luleå with an Arabic name; everyone else as the fixture has them. */
const participant = (m: string) => (m === 'Luleå' ? ARABIC : `Ärla Åkesson ${m}`);

const fontErrors = (issues: readonly Issue[]) =>
  issues.filter((i) => i.severity === 'error' && i.message.includes('typsnitt saknar'));

class Mailer implements MailPort<Uint8Array> {
  sent: OutgoingMail<Uint8Array>[] = [];
  remainingQuota(): number {
    return 100;
  }
  send(mail: OutgoingMail<Uint8Array>): void {
    this.sent.push(mail);
  }
}

describe('text the PDF font cannot draw', () => {
  test('Kontrollera data names the tab, row, column and each character with its code point', () => {
    const wb = new MemoryWorkbook();
    setUpWorkbook(wb, { participant });
    setMunicipalityCell(wb, 'Kiruna', 'Fakturaadress', 'Box 1\u200b, Kiruna'); // an invisible zero-width space
    const errors = fontErrors(checkWorkbook(wb));
    const attendanceRow = wb.read(TAB.attendance).findIndex((r) => r[2] === ARABIC) + 1;
    const kirunaRow = wb.read(TAB.municipalities).findIndex((r) => r[0] === 'Kiruna') + 1;
    expect(errors).toEqual([
      expect.objectContaining({ tab: TAB.municipalities, row: kirunaRow, column: 'Fakturaadress' }),
      expect.objectContaining({ tab: TAB.attendance, row: attendanceRow, column: 'Deltagare', value: ARABIC }),
    ]);
    expect(errors[1].message).toBe(
      'Deltagare "Ahmad أحمد" har tecken som PDF-fakturans typsnitt saknar: أ (U+0623), ح (U+062D), م (U+0645), د (U+062F). ' +
        'Skriv texten med andra tecken (till exempel med latinska bokstäver); annars går fakturan inte att göra som PDF och skicka.',
    );
    expect(errors[0].message).toContain('saknar: (U+200B).');
  });

  test('Sami, Finnish and Polish names are drawn and not reported', () => {
    const wb = new MemoryWorkbook();
    setUpWorkbook(wb, { participant: (m) => `Čáhppes Ŋuolla Đuđe Ŧ Ž Łukasz Mäkelä ${m}` });
    expect(fontErrors(checkWorkbook(wb))).toEqual([]);
    expect(fontErrors(previewBilling(wb, DECEMBER).issues)).toEqual([]);
  });

  test('the billing preview refuses the run, and nothing is written', () => {
    const wb = new MemoryWorkbook();
    setUpWorkbook(wb, { participant, settings: { Kontaktperson: 'Åsa 王' } });
    const preview = previewBilling(wb, DECEMBER);
    expect(preview.plan).toBeNull();
    expect(fontErrors(preview.issues).map((i) => [i.tab, i.column, i.value])).toEqual([
      [TAB.settings, 'Värde', 'Åsa 王'],
      [TAB.attendance, 'Deltagare', ARABIC],
    ]);
    expect(fontErrors(preview.issues)[0].message).toMatch(
      /^Inställningen Kontaktperson har tecken som PDF-fakturans typsnitt saknar: 王 \(U\+738B\)\./,
    );
    const before = wb.tabNames();
    const run = runBilling(wb, DECEMBER);
    expect(run.written).toBe(false);
    expect(wb.tabNames()).toEqual(before);
  });

  test('the billing preview looks only at what the run prints: a course nobody attended does not stop it', () => {
    const wb = new MemoryWorkbook();
    setUpWorkbook(wb);
    const courses = wb.read(TAB.courses);
    wb.write(TAB.courses, courses.length + 1, 1, [
      ['BOU-F1', 'Barn och unga – myndighetsutövning', 'Fördjupning', 'دورة', courses[1][4], courses[1][5], 'Nej', ''],
    ]);
    const preview = previewBilling(wb, DECEMBER);
    expect(preview.plan?.invoices).toHaveLength(14);
    expect(fontErrors(preview.issues)).toEqual([]);
    // Kontrollera data still reports it: the course's first invoice would print it.
    expect(fontErrors(checkWorkbook(wb)).map((i) => [i.tab, i.row, i.column])).toEqual([
      [TAB.courses, courses.length + 1, 'Kursnamn'],
    ]);
  });

  test('sending skips the invoice whose sheet holds such text before it is claimed, naming the sheet and cell; the rest are sent', () => {
    const { wb, numbers } = billedWorkbook({ participant });
    const lulea = registerRows(wb).find((r) => r.Kommun === 'Luleå')!;
    const sheet = `${lulea.Fakturanummer} Luleå`;
    const values = wb.read(sheet);
    const r = values.findIndex((row) => row[0] === ARABIC);
    expect(r).toBeGreaterThan(0);
    const mailer = new Mailer();
    const pdf = (doc: Parameters<typeof documentPdf>[0]) => documentPdf(doc, { creationDate: new Date(0) });
    const report = sendInvoices(wb, mailer, pdf, { numbers, user: ADMIN });
    expect(report.sent).toBe(13);
    expect(report.failed).toBe(0);
    const skipped = report.results.find((x) => x.number === lulea.Fakturanummer)!;
    expect(skipped).toMatchObject({ outcome: 'skipped' });
    expect(skipped.outcome === 'skipped' && skipped.reason).toBe(
      `Fakturafliken "${sheet}" har tecken som PDF-fakturans typsnitt saknar, i cell A${r + 1} ("${ARABIC}"): ` +
        'أ (U+0623), ح (U+062D), م (U+0645), د (U+062F). Fakturan skickas inte. ' +
        'Skriv texten med andra tecken (till exempel med latinska bokstäver) i fakturafliken och i fliken den kommer från.',
    );
    // Never claimed, never marked Fel: the register still shows it as made, not sent.
    expect(registerRows(wb).find((x) => x.Kommun === 'Luleå')!.Status).toBe('Skapad');
    expect(mailer.sent.map((m) => m.number)).not.toContain(lulea.Fakturanummer);
  });

  test('a corrected sheet is sent', () => {
    const { wb, numbers } = billedWorkbook({ participant });
    const lulea = registerRows(wb).find((r) => r.Kommun === 'Luleå')!;
    const sheet = `${lulea.Fakturanummer} Luleå`;
    const r = wb.read(sheet).findIndex((row) => row[0] === ARABIC);
    wb.write(sheet, r + 1, 1, [['Ahmad Ahmed']]);
    const mailer = new Mailer();
    const report = sendInvoices(wb, mailer, (doc) => documentPdf(doc, { creationDate: new Date(0) }), {
      numbers,
      user: ADMIN,
    });
    expect(report.sent).toBe(14);
  });

  test("a credit note's reason is checked before it is written", () => {
    const { wb, numbers } = billedWorkbook();
    const outcome = previewCredit(wb, { invoice: numbers[0], date: '2024-12-28', reason: 'Fel antal dagar 😀' });
    expect(outcome.plan).toBeNull();
    expect(fontErrors(outcome.issues)).toEqual([
      expect.objectContaining({ tab: 'Kreditering', column: 'Orsak', value: 'Fel antal dagar 😀' }),
    ]);
    expect(fontErrors(outcome.issues)[0].message).toContain('😀 (U+1F600)');
  });
});
