// Påminnelser (SPEC §10) through the app service on the in-memory port: what is overdue, the
// 14-day rule, credited invoices left out, the reminder's text, Påmind in one block write, a
// failure marked while the rest go on, the quota checked first, test mode, and a crash between a
// mail and its status write that never leads to a second mail.
import { describe, expect, test } from 'vitest';
import { runCredit } from '../../src/app/credit';
import { importPayments } from '../../src/app/payments';
import { listReminders, remindersJson, sendReminders } from '../../src/app/remind';
import type { MailPort, OutgoingMail, PdfRenderer } from '../../src/app/send';
import { xmlParser } from '../../src/workbook/xml';
import type { MemoryWorkbook } from '../fixtures/memoryPort';
import type { SheetDocument } from '../../src/workbook/port';
import { MEMBERS, TAB } from '../../src/workbook/schema';

const legalNameOf = (name: string) => MEMBERS.find((m) => m.name === name)!.legalName;
import { camt054 } from '../fixtures/bankFiles';
import { billedWorkbook } from './paymentsFixture';
import { ADMIN, emailOf, registerRows } from './sendFixture';

class FakeMailer implements MailPort<SheetDocument> {
  sent: OutgoingMail<SheetDocument>[] = [];
  calls = 0;
  constructor(
    public quota = 100,
    private fail: (mail: OutgoingMail<SheetDocument>, call: number) => void = () => {},
  ) {}
  remainingQuota(): number {
    return this.quota;
  }
  send(mail: OutgoingMail<SheetDocument>): void {
    this.calls++;
    this.fail(mail, this.calls);
    this.quota--;
    this.sent.push(mail);
  }
}

const pdf: PdfRenderer<SheetDocument> = (doc) => doc;
const DATE = '2025-01-25'; // the December 2024 invoices fell due on 2025-01-19

function reminded(wb: MemoryWorkbook): Record<string, string> {
  return Object.fromEntries(registerRows(wb).map((r) => [String(r.Fakturanummer), String(r.Påmind ?? '')]));
}

/** Pays invoice a in full and 1 000 kr of invoice b. */
function pay(wb: MemoryWorkbook, a: string, b: string): void {
  const rows = Object.fromEntries(registerRows(wb).map((r) => [String(r.Fakturanummer), r]));
  const file = camt054([
    {
      bookingDate: '2025-01-22',
      txs: [
        { amount: Number(rows[a].Belopp).toFixed(2), ref: String(rows[a].OCR), acctSvcrRef: 'P1' },
        { amount: '1000.00', ref: String(rows[b].OCR), acctSvcrRef: 'P2' },
      ],
    },
  ]);
  const out = importPayments(wb, { name: 'bank.xml', bytes: new TextEncoder().encode(file) }, { xml: xmlParser });
  expect(out.ok).toBe(true);
}

describe('Påminnelser', () => {
  test('lists what is overdue on the date: not before the due date, not what is paid or credited, the remaining amount of a part payment', () => {
    const { wb, numbers } = billedWorkbook();
    expect(listReminders(wb, { date: '2025-01-19' }).reminders).toEqual([]);
    const [a, b, c] = numbers;
    pay(wb, a, b);
    const credit = runCredit(wb, { invoice: c, date: '2025-01-21', reason: 'Fel kurs' });
    expect(credit.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const list = listReminders(wb, { date: DATE, user: ADMIN });
    expect(list.errors).toEqual([]);
    const listed = list.reminders.map((r) => r.number);
    expect(listed).not.toContain(a); // paid
    expect(listed).not.toContain(c); // credited
    expect(listed.some((n) => !numbers.includes(n))).toBe(false); // never the credit note
    expect(listed).toEqual(numbers.filter((n) => n !== a && n !== c));
    const rowB = registerRows(wb).find((r) => r.Fakturanummer === b)!;
    const lineB = list.reminders.find((r) => r.number === b)!;
    const remaining = (Number(rowB.Belopp) - 1000).toFixed(2);
    expect(lineB).toMatchObject({
      paid: '1000.00',
      remaining,
      dueDate: '2025-01-19',
      newDueDate: '2025-02-04',
      recipient: emailOf(String(rowB.Kommun)),
      problem: '',
    });
    expect(remindersJson([lineB], DATE)).toEqual({
      date: DATE,
      reminders: [{ number: b, municipality: rowB.Kommun, remaining, dueDate: '2025-01-19', newDueDate: '2025-02-04' }],
    });
  });

  test('e-mails each municipality a Swedish reminder with the invoice attached, writes Påmind in one block write, and logs', () => {
    const { wb, numbers } = billedWorkbook();
    const [a, b] = numbers;
    pay(wb, a, b);
    const writes = wb.count('write');
    const mailer = new FakeMailer();
    const report = sendReminders(wb, mailer, pdf, { date: DATE, user: ADMIN });
    expect(report).toMatchObject({ ok: true, sent: numbers.length - 1, failed: 0, skipped: 0 });
    expect(wb.count('write') - writes).toBe(2); // Påmind (one block) and the Logg row
    const rowB = registerRows(wb).find((r) => r.Fakturanummer === b)!;
    const mail = mailer.sent.find((m) => m.number === b)!;
    expect(mail.to).toBe(emailOf(String(rowB.Kommun)));
    expect(mail.subject).toBe(
      `Påminnelse: faktura ${b} – Yrkesresan, kurser t.o.m. 31 december 2024 – ${legalNameOf(String(rowB.Kommun))}`,
    );
    const remaining = Number(rowB.Belopp) - 1000;
    const kronor = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2 }).format(remaining).replace(/\s/g, ' ');
    expect(mail.text).toContain(`Att betala: ${kronor} kr`);
    expect(mail.text).toContain('Betalt hittills: 1 000,00 kr');
    expect(mail.text).toContain('Ursprungligt förfallodatum: 2025-01-19');
    expect(mail.text).toContain('Nytt förfallodatum: 2025-02-04');
    expect(mail.text).toContain(`OCR: ${rowB.OCR}`);
    expect(mail.text).toContain('Bankgiro: 5050-1055');
    expect(mail.attachment.fileName).toBe(`${b} ${rowB.Kommun}.pdf`);
    expect(JSON.stringify(mail.attachment.content)).toContain(b);
    expect(mail.html).not.toContain('<script');
    const marks = reminded(wb);
    expect(marks[a]).toBe('');
    expect(numbers.filter((n) => n !== a).every((n) => marks[n] === DATE)).toBe(true);
    const log = wb.read(TAB.log).at(-1)!;
    expect(log.slice(2)).toEqual([
      'Påminnelser',
      expect.stringContaining(`${b} till ${emailOf(String(rowB.Kommun))}`),
      'Klar',
    ]);
  });

  test('reminds an invoice at most once per 14 days', () => {
    const { wb, numbers } = billedWorkbook();
    const first = new FakeMailer();
    expect(sendReminders(wb, first, pdf, { date: DATE, user: ADMIN }).sent).toBe(numbers.length);
    const list = listReminders(wb, { date: '2025-02-07' });
    expect(list.reminders).toEqual([]);
    expect(list.recent.map((r) => [r.number, r.reminded, r.blockedUntil])).toEqual(
      numbers.map((n) => [n, DATE, '2025-02-08']),
    );
    const again = new FakeMailer();
    const report = sendReminders(wb, again, pdf, { date: '2025-02-07', numbers: [numbers[0]], user: ADMIN });
    expect(again.sent).toEqual([]);
    expect(report.results[0]).toMatchObject({
      outcome: 'skipped',
      reason: `Påmind ${DATE}; nästa påminnelse tidigast 2025-02-08.`,
    });
    expect(sendReminders(wb, again, pdf, { date: '2025-02-08', user: ADMIN }).sent).toBe(numbers.length);
    expect(new Set(Object.values(reminded(wb)))).toEqual(new Set(['2025-02-08']));
  });

  test('a failure marks that invoice Fel in Påmind, the rest go on, and it may be reminded again at once', () => {
    const { wb, numbers } = billedWorkbook();
    const kalix = registerRows(wb).find((r) => r.Kommun === 'Kalix')!;
    const mailer = new FakeMailer(100, (m) => {
      if (m.to === emailOf('Kalix')) throw new Error('Invalid email: socialchef@kalix.example');
    });
    const report = sendReminders(wb, mailer, pdf, { date: DATE, user: ADMIN });
    expect(report).toMatchObject({ ok: true, sent: numbers.length - 1, failed: 1 });
    expect(reminded(wb)[String(kalix.Fakturanummer)]).toBe('Fel: Invalid email: socialchef@kalix.example');
    expect(wb.read(TAB.log).at(-1)![4]).toBe('Delvis klar');
    const list = listReminders(wb, { date: DATE });
    expect(list.reminders.map((r) => r.number)).toEqual([kalix.Fakturanummer]);
    const retry = new FakeMailer();
    expect(sendReminders(wb, retry, pdf, { date: DATE, user: ADMIN }).sent).toBe(1);
    expect(reminded(wb)[String(kalix.Fakturanummer)]).toBe(DATE);
  });

  test('failures apart from each other leave the reminders sent between them marked, and what the time did not allow is put back', () => {
    const { wb, numbers } = billedWorkbook();
    const rows = registerRows(wb);
    const failing = new Set([emailOf(String(rows[1].Kommun)), emailOf(String(rows[4].Kommun))]);
    const mailer = new FakeMailer(100, (m) => {
      if (failing.has(m.to)) throw new Error('Mailbox unavailable');
    });
    let clock = 0;
    // The clock is read before every mail after the first; the time runs out after the 9th.
    const now = () => new Date(Date.UTC(2025, 0, 25, 9, 0, clock++));
    const deadline = Date.UTC(2025, 0, 25, 9, 0, 8);
    const report = sendReminders(wb, mailer, pdf, { date: DATE, user: ADMIN, now, deadline });
    expect(report).toMatchObject({ ok: true, sent: 7, failed: 2, skipped: numbers.length - 9 });
    const marks = reminded(wb);
    expect(numbers.map((n) => marks[n])).toEqual([
      DATE,
      'Fel: Mailbox unavailable',
      DATE,
      DATE,
      'Fel: Mailbox unavailable',
      DATE,
      DATE,
      DATE,
      DATE,
      ...numbers.slice(9).map(() => ''),
    ]);
    // The next run reminds the failed ones and those the time did not allow, and nothing else.
    const next = new FakeMailer();
    sendReminders(wb, next, pdf, { date: DATE, user: ADMIN });
    expect(next.sent.map((m) => m.number)).toEqual([numbers[1], numbers[4], ...numbers.slice(9)]);
  });

  test('a broken ledger (a Fakturarader line edited) sends no reminder at all, naming the cell', () => {
    const { wb } = billedWorkbook();
    const lines = wb.read(TAB.lines);
    wb.write(TAB.lines, lines.length, lines[0].indexOf('Belopp') + 1, [[1]]);
    const mailer = new FakeMailer();
    const report = sendReminders(wb, mailer, pdf, { date: DATE, user: ADMIN });
    expect(mailer.sent).toEqual([]);
    expect(report.sent).toBe(0);
    expect(report.message).toMatch(/Fakturor rad \d+, Belopp: Beloppet för \S+ är/);
  });

  test('an older register without Påmind gets the column at the right of its header', () => {
    const { wb, numbers } = billedWorkbook();
    const data = wb.read(TAB.invoices);
    const at = data[0].indexOf('Påmind');
    wb.deleteTab(TAB.invoices);
    wb.createTab(TAB.invoices, { columns: data[0].filter((_, i) => i !== at).map((h) => ({ header: String(h) })) });
    wb.write(
      TAB.invoices,
      2,
      1,
      data.slice(1).map((r) => r.filter((_, i) => i !== at)),
    );
    expect(listReminders(wb, { date: DATE }).reminders).toHaveLength(numbers.length);
    expect(sendReminders(wb, new FakeMailer(), pdf, { date: DATE, user: ADMIN, numbers: [numbers[2]] }).sent).toBe(1);
    const header = wb.read(TAB.invoices)[0];
    expect(header.at(-1)).toBe('Påmind');
    expect(reminded(wb)[numbers[2]]).toBe(DATE);
    expect(reminded(wb)[numbers[0]]).toBe('');
  });

  test('a crash between a reminder mail and its status write never leads to a second mail', () => {
    const { wb, numbers } = billedWorkbook();
    let atCrash: MemoryWorkbook | null = null;
    const first = new FakeMailer(100, (_m, call) => {
      // The 3rd mail goes out, and the execution dies right after: what the workbook holds then
      // survives, and nothing this dead execution does afterwards reaches anyone.
      if (call >= 4) throw new Error('Exceeded maximum execution time');
    });
    const dying: MailPort<SheetDocument> = {
      remainingQuota: () => first.remainingQuota(),
      send: (m) => {
        first.send(m);
        if (first.calls === 3) {
          atCrash = wb.clone();
          throw new Error('Exceeded maximum execution time');
        }
      },
    };
    sendReminders(wb, dying, pdf, { date: DATE, user: ADMIN });
    const survived = atCrash as unknown as MemoryWorkbook;
    expect(first.sent).toHaveLength(3);
    const rerun = new FakeMailer();
    sendReminders(survived, rerun, pdf, { date: DATE, user: ADMIN });
    const delivered = [...first.sent, ...rerun.sent].map((m) => m.number);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(rerun.sent).toEqual([]);
    expect(numbers.length).toBeGreaterThan(3);
  });

  test('checks the quota before sending anything, sends only to administrators when set, and test mode writes nothing', () => {
    const { wb, numbers } = billedWorkbook({ settings: { Administratörer: ADMIN } });
    const short = new FakeMailer(numbers.length - 1);
    const refused = sendReminders(wb, short, pdf, { date: DATE, user: ADMIN });
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('Dagens e-postkvot räcker inte');
    expect(short.sent).toEqual([]);
    const other = new FakeMailer();
    const notAdmin = sendReminders(wb, other, pdf, { date: DATE, user: 'annan@example.se' });
    expect(notAdmin.ok).toBe(false);
    expect(notAdmin.message).toContain('Endast administratörer');
    expect(other.sent).toEqual([]);
    expect(reminded(wb)).toEqual(Object.fromEntries(numbers.map((n) => [n, ''])));

    const writes = wb.count('write');
    const test = new FakeMailer();
    const report = sendReminders(wb, test, pdf, { date: DATE, user: ADMIN, test: true, numbers: numbers.slice(0, 2) });
    expect(report).toMatchObject({ ok: true, test: true, sent: 2 });
    expect(test.sent.map((m) => m.to)).toEqual([ADMIN, ADMIN]);
    expect(test.sent[0].subject.startsWith('TEST: Påminnelse: faktura')).toBe(true);
    expect(wb.count('write')).toBe(writes);
  });
});
