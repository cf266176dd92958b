import { describe, expect, test } from 'vitest';
import {
  listSendable,
  resendInvoice,
  sendInvoices,
  sentTime,
  sheetValuesAsDocument,
  type MailPort,
  type OutgoingMail,
  type PdfRenderer,
} from '../../src/app/send';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { CalendarDate, type SheetDocument } from '../../src/workbook/port';
import { TAB } from '../../src/workbook/schema';
import { ADMIN, billedWorkbook, emailOf, registerRows, setMunicipalityCell } from './sendFixture';
import { logRows, withoutLog } from '../workbook/fixtures';

/** A mailer that records every message; failures and the quota are set by the test. */
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
    if (this.quota <= 0) throw new Error('Service invoked too many times for one day: email.');
    this.quota--;
    this.sent.push(mail);
  }
}

const pdf: PdfRenderer<SheetDocument> = (doc) => doc;
const NOW = () => new Date('2024-12-21T09:30:00Z'); // 10:30 in Stockholm

function statusOf(wb: MemoryWorkbook): Record<string, string> {
  return Object.fromEntries(registerRows(wb).map((r) => [String(r.Kommun), String(r.Status)]));
}

describe('listSendable', () => {
  test('every created invoice with its recipient, or why it cannot be sent', () => {
    const { wb } = billedWorkbook();
    // Addresses edited after billing.
    setMunicipalityCell(wb, 'Boden', 'E-post', '');
    setMunicipalityCell(wb, 'Kiruna', 'E-post', 'socialchef.kiruna.se');
    const list = listSendable(wb, { user: ADMIN });
    expect(list.errors).toEqual([]);
    expect(list.invoices).toHaveLength(14);
    const lulea = list.invoices.find((i) => i.municipality === 'Luleå')!;
    expect(lulea).toMatchObject({
      status: 'Skapad',
      recipient: emailOf('Luleå'),
      sendable: true,
      resendable: false,
      problem: '',
    });
    expect(lulea.totalText).toMatch(/^\d{1,3}( \d{3})*,\d{2} kr$/);
    const boden = list.invoices.find((i) => i.municipality === 'Boden')!;
    expect(boden.sendable).toBe(false);
    expect(boden.problem).toContain('E-postadress saknas för Boden');
    const kiruna = list.invoices.find((i) => i.municipality === 'Kiruna')!;
    expect(kiruna.sendable).toBe(false);
    expect(kiruna.problem).toContain('Ogiltig e-postadress för Kiruna');
  });

  test('a missing invoice sheet makes the invoice unsendable', () => {
    const { wb, numbers } = billedWorkbook();
    const sheet = wb.tabNames().find((n) => n.startsWith(numbers[0]))!;
    wb.deleteTab(sheet);
    const inv = listSendable(wb).invoices.find((i) => i.number === numbers[0])!;
    expect(inv.sendable).toBe(false);
    expect(inv.problem).toContain('saknas');
  });
});

describe('sendInvoices', () => {
  test('sends each invoice to its municipality: Skickas before its mail, then Skickad, time and recipient', () => {
    const { wb, numbers } = billedWorkbook();
    const mailer = new FakeMailer();
    const before = wb.calls.length;
    const report = sendInvoices(wb, mailer, pdf, { numbers, user: ADMIN, now: NOW });
    expect(report).toMatchObject({ ok: true, sent: 14, failed: 0, skipped: 0 });
    expect(mailer.sent.map((m) => m.to)).toEqual(registerRows(wb).map((r) => emailOf(String(r.Kommun))));
    const lulea = mailer.sent.find((m) => m.to === emailOf('Luleå'))!;
    expect(lulea.subject).toMatch(
      /^Faktura YR-2024-\d{4} – Yrkesresan, kurser t\.o\.m\. 31 december 2024 – Luleå kommun$/,
    );
    expect(lulea.attachment.fileName).toBe(`${lulea.number} Luleå.pdf`);
    expect(lulea.replyTo).toBe('faktura@nbkommuner.example');
    for (const row of registerRows(wb)) {
      expect(row.Status).toBe('Skickad');
      expect(row.Skickad).toEqual(new CalendarDate('2024-12-21', '10:30')); // a date-time cell, Swedish time
      expect(row.Mottagare).toBe(emailOf(String(row.Kommun)));
    }
    const writes = wb.calls.slice(before).filter((c) => c.op === 'write');
    // Two writes per invoice (the claim before its mail, the outcome after), each of Status,
    // Skickad and Mottagare together on the invoice's own row.
    expect(writes).toHaveLength(2 * 14 + 1);
    expect(writes.slice(0, 28).every((w) => w.tab === TAB.invoices && w.rows === 1 && w.cols === 3)).toBe(true);
    // Then one row in the audit log, naming every invoice sent and its recipient.
    expect(writes[28]).toMatchObject({ tab: 'Logg', rows: 1 });
    const log = wb.read('Logg').at(-1)!;
    expect(log.slice(1, 3).concat(log[4])).toEqual([ADMIN, 'Utskick', 'Klar']);
    expect(String(log[3])).toContain(`${lulea.number} till ${emailOf('Luleå')}`);
    expect(wb.calls.slice(before).filter((c) => c.op !== 'read' && c.op !== 'merges' && c.op !== 'write')).toEqual([]);
  });

  test('a re-run sends nothing that is already Skickad', () => {
    const { wb, numbers } = billedWorkbook();
    sendInvoices(wb, new FakeMailer(), pdf, { numbers, user: ADMIN });
    const again = new FakeMailer();
    const report = sendInvoices(wb, again, pdf, { numbers, user: ADMIN });
    expect(again.sent).toEqual([]);
    expect(report.sent).toBe(0);
    expect(report.skipped).toBe(14);
    expect(report.results.every((r) => r.outcome === 'skipped' && r.reason.startsWith('Redan skickad'))).toBe(true);
  });

  test('a batch larger than the remaining quota is refused before anything is sent', () => {
    const { wb, numbers } = billedWorkbook();
    const before = wb.snapshot();
    const mailer = new FakeMailer(10);
    const report = sendInvoices(wb, mailer, pdf, { numbers, user: ADMIN });
    expect(report.ok).toBe(false);
    expect(report.message).toContain('14 e-postmeddelanden behövs men bara 10');
    expect(mailer.calls).toBe(0);
    expect(withoutLog(wb.snapshot())).toEqual(withoutLog(before));
    expect(logRows(wb).at(-1)).toEqual(['Utskick', 'Nekad']);
    // Ten fit.
    const ten = sendInvoices(wb, mailer, pdf, { numbers: numbers.slice(0, 10), user: ADMIN });
    expect(ten.sent).toBe(10);
  });

  test('the quota running out mid-batch marks that invoice Fel, stops, and the next day sends the rest once', () => {
    const { wb, numbers } = billedWorkbook();
    // Another script used the quota behind our back after our 5th message.
    const sneaky = new FakeMailer(14, (_m, call) => {
      if (call === 6) sneaky.quota = 0;
    });
    const report = sendInvoices(wb, sneaky, pdf, { numbers, user: ADMIN });
    expect(report.ok).toBe(true);
    expect(report.sent).toBe(5);
    expect(report.failed).toBe(1);
    expect(report.skipped).toBe(8);
    const rows = registerRows(wb);
    expect(rows.slice(0, 5).every((r) => r.Status === 'Skickad')).toBe(true);
    expect(String(rows[5].Status)).toMatch(/^Fel: Service invoked too many times/);
    expect(rows.slice(6).every((r) => r.Status === 'Skapad')).toBe(true);

    const tomorrow = new FakeMailer(100);
    const rest = sendInvoices(wb, tomorrow, pdf, { numbers, user: ADMIN });
    expect(rest.sent).toBe(9);
    const all = [...sneaky.sent, ...tomorrow.sent].map((m) => m.to).sort();
    expect(all).toEqual(
      registerRows(wb)
        .map((r) => emailOf(String(r.Kommun)))
        .sort(),
    );
    expect(new Set(all).size).toBe(14);
    expect(registerRows(wb).every((r) => r.Status === 'Skickad')).toBe(true);
  });

  test('one failing address is marked Fel and the others are sent', () => {
    const { wb, numbers } = billedWorkbook();
    const mailer = new FakeMailer(100, (m) => {
      if (m.to === emailOf('Kalix')) throw new Error('Invalid email: socialchef@kalix.example');
    });
    const report = sendInvoices(wb, mailer, pdf, { numbers, user: ADMIN });
    expect(report).toMatchObject({ ok: true, sent: 13, failed: 1 });
    const status = statusOf(wb);
    expect(status.Kalix).toBe('Fel: Invalid email: socialchef@kalix.example');
    expect(
      Object.entries(status)
        .filter(([k]) => k !== 'Kalix')
        .every(([, s]) => s === 'Skickad'),
    ).toBe(true);
    const kalix = registerRows(wb).find((r) => r.Kommun === 'Kalix')!;
    expect(kalix.Skickad).toBe('');
    expect(kalix.Mottagare).toBe('');
    // Fel counts as not sent: the next run sends only that one.
    expect(
      listSendable(wb)
        .invoices.filter((i) => i.sendable)
        .map((i) => i.municipality),
    ).toEqual(['Kalix']);
    const retry = new FakeMailer();
    expect(sendInvoices(wb, retry, pdf, { numbers, user: ADMIN }).sent).toBe(1);
    expect(retry.sent.map((m) => m.to)).toEqual([emailOf('Kalix')]);
  });

  test('a crash in the 4th of 14 sends, then a re-run: no municipality gets two e-mails, and the one in flight is named', () => {
    const { wb, numbers } = billedWorkbook();
    let atCrash: MemoryWorkbook | null = null;
    const first = new FakeMailer(100, (_m, call) => {
      // The execution dies at the 4th send: what the workbook holds then is all that survives,
      // and nothing this dead execution does afterwards reaches anyone.
      if (call === 4) atCrash = wb.clone();
      if (call >= 4) throw new Error('Exceeded maximum execution time');
    });
    sendInvoices(wb, first, pdf, { numbers, user: ADMIN });
    expect(first.sent).toHaveLength(3);
    const survived = atCrash as unknown as MemoryWorkbook;
    const statuses = registerRows(survived).map((r) => r.Status);
    expect(statuses.slice(0, 3)).toEqual(['Skickad', 'Skickad', 'Skickad']);
    // Whether Google sent the 4th mail before the execution died is unknown: it stays Skickas.
    expect(statuses[3]).toBe('Skickas');
    expect(statuses.slice(4).every((s) => s === 'Skapad')).toBe(true);

    const rerun = new FakeMailer();
    const report = sendInvoices(survived, rerun, pdf, { numbers, user: ADMIN });
    expect(report.sent).toBe(10);
    const inFlight = report.results.find((r) => r.number === numbers[3])!;
    expect(inFlight).toMatchObject({ outcome: 'skipped' });
    expect(inFlight.outcome === 'skipped' && inFlight.reason).toContain(
      'Ett utskick stoppades medan fakturan skickades (Status Skickas)',
    );
    const received = [...first.sent, ...rerun.sent].map((m) => m.to);
    expect(new Set(received).size).toBe(13);
    // Seen not to have arrived, it goes with Skicka igen, once.
    const again = new FakeMailer();
    expect(resendInvoice(survived, again, pdf, { number: numbers[3], user: ADMIN, confirmed: true }).sent).toBe(1);
    expect(new Set([...received, ...again.sent.map((m) => m.to)]).size).toBe(14);
    expect(registerRows(survived)[3].Status).toBe('Skickad');
  });

  test('a send that cannot be recorded stops the batch at once', () => {
    const { wb, numbers } = billedWorkbook();
    wb.failOnMutation(4); // writes: claim 1, Skickad 1, claim 2, then the Skickad after the 2nd e-mail fails
    const mailer = new FakeMailer();
    expect(() => sendInvoices(wb, mailer, pdf, { numbers, user: ADMIN })).toThrow(/skickad men inte registrerad/);
    expect(mailer.sent).toHaveLength(2);
    expect(
      registerRows(wb)
        .map((r) => r.Status)
        .slice(0, 3),
    ).toEqual(['Skickad', 'Skickas', 'Skapad']);
    // A retry never sends the unrecorded one again.
    const retry = new FakeMailer();
    sendInvoices(wb, retry, pdf, { numbers, user: ADMIN });
    expect(retry.sent.map((m) => m.number)).not.toContain(numbers[1]);
    expect(retry.sent).toHaveLength(12);
  });

  test('test mode sends every selected mail to the runner only, TEST in the subject, and leaves the register as it was', () => {
    const { wb, numbers } = billedWorkbook();
    const before = wb.snapshot();
    const writesBefore = wb.count('write');
    const mailer = new FakeMailer();
    const report = sendInvoices(wb, mailer, pdf, { numbers: numbers.slice(0, 4), user: ADMIN, test: true });
    expect(report).toMatchObject({ ok: true, test: true, sent: 4 });
    expect(mailer.sent.map((m) => m.to)).toEqual([ADMIN, ADMIN, ADMIN, ADMIN]);
    expect(mailer.sent.every((m) => m.subject.startsWith('TEST: Faktura '))).toBe(true);
    expect(mailer.sent[0].text).toContain(`Skarpt skickas fakturan till ${emailOf('Arjeplog')}`);
    expect(wb.count('write')).toBe(writesBefore);
    expect(wb.snapshot()).toEqual(before);
    // The real run afterwards still sends them.
    expect(sendInvoices(wb, new FakeMailer(), pdf, { numbers, user: ADMIN }).sent).toBe(14);
  });

  test('past the deadline no further e-mail is started; the rest stay Skapad for the next run', () => {
    const { wb, numbers } = billedWorkbook();
    let minutes = 0;
    const clock = () => new Date(Date.UTC(2024, 11, 21, 9, minutes++)); // every look at the clock: a minute later
    const mailer = new FakeMailer();
    const report = sendInvoices(wb, mailer, pdf, {
      numbers,
      user: ADMIN,
      now: clock,
      deadline: Date.UTC(2024, 11, 21, 9, 6),
    });
    expect(report.ok).toBe(true);
    expect(report.sent).toBe(mailer.sent.length);
    expect(report.sent).toBeGreaterThan(0);
    expect(report.sent).toBeLessThan(14);
    expect(
      report.results
        .filter((r) => r.outcome === 'skipped')
        .every((r) => r.reason.startsWith('Tiden för en körning tog slut')),
    ).toBe(true);
    const rows = registerRows(wb);
    expect(rows.filter((r) => r.Status === 'Skickad')).toHaveLength(report.sent);
    expect(rows.filter((r) => r.Status === 'Skapad')).toHaveLength(14 - report.sent);
    const next = new FakeMailer();
    expect(sendInvoices(wb, next, pdf, { numbers, user: ADMIN }).sent).toBe(14 - report.sent);
    expect(new Set([...mailer.sent, ...next.sent].map((m) => m.to)).size).toBe(14);
  });

  test('test mode may go to a recipient the host names when the user is hidden', () => {
    const { wb, numbers } = billedWorkbook();
    const mailer = new FakeMailer();
    const report = sendInvoices(wb, mailer, pdf, {
      numbers: [numbers[0]],
      user: '',
      testRecipient: 'runner@nbkommuner.example',
      test: true,
    });
    expect(report.sent).toBe(1);
    expect(mailer.sent[0].to).toBe('runner@nbkommuner.example');
    expect(report.message).toContain('runner@nbkommuner.example');
  });

  test('test mode needs to know who runs it', () => {
    const { wb, numbers } = billedWorkbook();
    const mailer = new FakeMailer();
    const report = sendInvoices(wb, mailer, pdf, { numbers, user: '', test: true });
    expect(report.ok).toBe(false);
    expect(mailer.calls).toBe(0);
  });

  test('when Administratörer is set, only they may send', () => {
    const { wb, numbers } = billedWorkbook({
      settings: { Administratörer: 'Admin@NBkommuner.example, ekonomi@nbkommuner.example' },
    });
    const mailer = new FakeMailer();
    const refused = sendInvoices(wb, mailer, pdf, { numbers, user: 'someone@else.example' });
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('Administratörer');
    expect(mailer.calls).toBe(0);
    expect(listSendable(wb, { user: 'someone@else.example' }).errors.join()).toContain('Administratörer');
    expect(sendInvoices(wb, mailer, pdf, { numbers, user: '' }).ok).toBe(false);
    expect(sendInvoices(wb, mailer, pdf, { numbers, user: ADMIN }).sent).toBe(14);
  });

  test('an invoice without a valid address is not sent, the rest are', () => {
    const { wb, numbers } = billedWorkbook();
    setMunicipalityCell(wb, 'Pajala', 'E-post', 'pajala');
    const mailer = new FakeMailer();
    const report = sendInvoices(wb, mailer, pdf, { numbers, user: ADMIN });
    expect(report.sent).toBe(13);
    expect(report.results.find((r) => r.municipality === 'Pajala')).toMatchObject({ outcome: 'skipped' });
    expect(statusOf(wb).Pajala).toBe('Skapad');
  });
});

describe('what blocks sending', () => {
  test('an error elsewhere in the workbook (a new attendance row) does not stop sending the created invoices', () => {
    const { wb, numbers } = billedWorkbook();
    const rows = wb.read(TAB.attendance);
    wb.write(TAB.attendance, rows.length + 1, 1, [['inte ett datum', 'OKÄND-KURS', 'Ny Person', 'Stockholm', -1, '']]);
    const mailer = new FakeMailer();
    expect(listSendable(wb, { user: ADMIN }).errors).toEqual([]);
    expect(sendInvoices(wb, mailer, pdf, { numbers, user: ADMIN }).sent).toBe(14);
  });

  test('without a Fakturor tab there is nothing to send, and it says so', () => {
    const wb = new MemoryWorkbook();
    const list = listSendable(wb, { user: ADMIN });
    expect(list.invoices).toEqual([]);
    expect(list.errors.join()).toContain('Fliken Fakturor finns inte');
    const report = sendInvoices(wb, new FakeMailer(), pdf, { numbers: ['YR-2024-0001'], user: ADMIN });
    expect(report.ok).toBe(false);
    expect(report.message).toContain('Fliken Fakturor finns inte');
  });

  test('unknown numbers are reported, not sent', () => {
    const { wb, numbers } = billedWorkbook();
    const mailer = new FakeMailer();
    const report = sendInvoices(wb, mailer, pdf, { numbers: ['YR-2099-0001', numbers[0]], user: ADMIN });
    expect(report.sent).toBe(1);
    expect(report.results[0]).toMatchObject({ number: 'YR-2099-0001', outcome: 'skipped' });
    expect(report.results[0].outcome === 'skipped' && report.results[0].reason).toContain(
      'finns inte i fliken Fakturor',
    );
  });
});

describe('resendInvoice', () => {
  test('sending a Skickad invoice again needs explicit confirmation', () => {
    const { wb, numbers } = billedWorkbook();
    sendInvoices(wb, new FakeMailer(), pdf, { numbers, user: ADMIN, now: NOW });
    const mailer = new FakeMailer();
    const unconfirmed = resendInvoice(wb, mailer, pdf, { number: numbers[8], confirmed: false, user: ADMIN });
    expect(unconfirmed.ok).toBe(false);
    expect(unconfirmed.message).toContain('Bekräfta');
    expect(mailer.calls).toBe(0);

    const later = () => new Date('2025-01-07T08:00:00Z');
    const confirmed = resendInvoice(wb, mailer, pdf, { number: numbers[8], confirmed: true, user: ADMIN, now: later });
    expect(confirmed).toMatchObject({ ok: true, sent: 1 });
    expect(mailer.sent.map((m) => m.to)).toEqual([emailOf('Luleå')]);
    const lulea = registerRows(wb).find((r) => r.Kommun === 'Luleå')!;
    expect(lulea).toMatchObject({
      Status: 'Skickad',
      Skickad: new CalendarDate('2025-01-07', '09:00'),
      Mottagare: emailOf('Luleå'),
    });
  });

  test('resend only applies to sent invoices; a failed resend keeps Skickad', () => {
    const { wb, numbers } = billedWorkbook();
    const mailer = new FakeMailer();
    const notYet = resendInvoice(wb, mailer, pdf, { number: numbers[0], confirmed: true, user: ADMIN });
    expect(notYet.sent).toBe(0);
    expect(mailer.calls).toBe(0);
    sendInvoices(wb, mailer, pdf, { numbers: [numbers[0]], user: ADMIN, now: NOW });
    const broken = new FakeMailer(100, () => {
      throw new Error('Mail server down');
    });
    const failed = resendInvoice(wb, broken, pdf, { number: numbers[0], confirmed: true, user: ADMIN });
    expect(failed.failed).toBe(1);
    expect(registerRows(wb)[0]).toMatchObject({ Status: 'Skickad', Skickad: new CalendarDate('2024-12-21', '10:30') });
  });
});

describe('sheetValuesAsDocument', () => {
  test('values from the sheet, styles from the layout where the kinds agree; merged-away cells dropped', () => {
    const layout: SheetDocument = {
      columnWidths: [300, 90, 110],
      rows: [
        [{ value: 'Faktura', bold: true, size: 18 }, null, { value: 100, format: '#,##0.00 "kr"', align: 'right' }],
        [{ value: 'Betala 100,00 kr', wrap: true }, null, null],
        [{ value: 'Beskrivning', background: '#e8eef4' }, { value: '', background: '#e8eef4' }, null],
      ],
      merges: [{ row: 2, col: 1, rows: 1, cols: 3 }],
      print: { portrait: true, fitToWidth: true },
    };
    const values = [
      ['Faktura', '', 250],
      ['Betala 250,00 kr', 'Betala 250,00 kr', 'Betala 250,00 kr'], // a host that repeats a merged value
      ['Beskrivning', '', 'handskrivet'],
      ['en rad till', '', ''],
    ];
    const doc = sheetValuesAsDocument(values, layout);
    expect(doc.rows[0][0]).toEqual({ value: 'Faktura', bold: true, size: 18 });
    expect(doc.rows[0][2]).toEqual({ value: 250, format: '#,##0.00 "kr"', align: 'right' });
    expect(doc.rows[1]).toEqual([{ value: 'Betala 250,00 kr', wrap: true }, null, null]);
    expect(doc.rows[2]).toEqual([
      { value: 'Beskrivning', background: '#e8eef4' },
      { value: '', background: '#e8eef4' },
      { value: 'handskrivet' },
    ]);
    expect(doc.rows[3]).toEqual([{ value: 'en rad till' }, null, null]);
    expect(doc.columnWidths).toEqual([300, 90, 110]);
    expect(doc.merges).toEqual(layout.merges);
    // Without a layout the values alone make a plain document.
    expect(sheetValuesAsDocument(values, null).rows[0][2]).toEqual({ value: 250 });
  });
});

describe('sentTime', () => {
  test('is Swedish local time, summer and winter', () => {
    expect(sentTime(new Date('2024-12-21T23:15:00Z'))).toBe('2024-12-22 00:15');
    expect(sentTime(new Date('2024-06-01T10:00:00Z'))).toBe('2024-06-01 12:00');
  });
});

describe('the PDF of an invoice sent after the association was renamed', () => {
  test("heads its pages with the seller as its sheet shows it, not with today's Förbund", () => {
    const { wb, numbers } = billedWorkbook();
    const settings = wb.read('Inställningar');
    const row = settings.findIndex((r) => r[0] === 'Förbund');
    const before = String(settings[row][1]);
    wb.write('Inställningar', row + 1, 2, [['Norrbottens Kommunförbund']]);
    const mailer = new FakeMailer();
    expect(sendInvoices(wb, mailer, pdf, { numbers: numbers.slice(0, 1), user: ADMIN }).sent).toBe(1);
    const running = mailer.sent[0].attachment.content.paging?.running ?? [];
    expect(running[0]).toBe(before);
    expect(running.join(' ')).not.toContain('Kommunförbund');
  });
});
