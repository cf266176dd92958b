/**
 * The wording of credit notes and of invoices with a negative total (SPEC §3.6, §8): the sheet
 * and its PDF (one layout, documentText.ts) and the e-mail that carries them.
 */
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { runCredit } from '../../src/app/credit';
import { listReminders } from '../../src/app/remind';
import { listSendable, resendInvoice, sendInvoices, type MailPort, type OutgoingMail } from '../../src/app/send';
import { documentToLines } from '../../src/workbook/documentText';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import type { CellValue, SheetDocument } from '../../src/workbook/port';
import { BANKGIRO, baseWorkbook } from './fixtures';

const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };
const DECEMBER = { month: '2024-12', invoiceDate: '2024-12-18' };
const LULEÅ_MAY = 'YR-2024-0009';

function billed(runs = [MAY], tabs = baseWorkbook()): MemoryWorkbook {
  const wb = new MemoryWorkbook(tabs);
  for (const run of runs) expect(runBilling(wb, run).written).toBe(true);
  return wb;
}

function numberOf(wb: MemoryWorkbook, municipality: string, period: string): string {
  const [header, ...rows] = wb.read('Fakturor');
  const row = rows.find((r) => r[header.indexOf('Kommun')] === municipality && r[header.indexOf('Period')] === period)!;
  return String(row[header.indexOf('Fakturanummer')]);
}

function credited(wb: MemoryWorkbook, invoice: string, reason = 'Fel antal dagar', date = '2024-06-10') {
  const outcome = runCredit(wb, { invoice, date, reason });
  expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const sheet = outcome.sheet!;
  expect(wb.tabNames()).toContain(sheet.sheet);
  const lines = documentToLines(sheet.doc);
  return { outcome, sheet, lines, text: lines.join('\n') };
}

describe('a credit note’s document', () => {
  it('is a Kreditfaktura that names the invoice it credits, its date and the reason, and reads Att erhålla', () => {
    const { text, lines, sheet } = credited(billed(), LULEÅ_MAY);
    expect(lines[0]).toMatch(/^Kreditfaktura\b/);
    expect(text).toContain('Fakturanummer  YR-2024-0015');
    expect(text).toContain('Krediterar faktura YR-2024-0009 av 2024-05-20');
    expect(text).toContain('Orsak: Fel antal dagar');
    expect(text).toContain('Kursavgift BOU-B1 Utredning av barn  -6  1 550,00 kr  -9 300,00 kr');
    expect(text).toContain('Fast kostnad projektledare 2024 (12/12 mån)  1  -298 992,00 kr  -298 992,00 kr');
    expect(text).toContain('Att erhålla  308 292,00 kr');
    expect(text).not.toContain('Att betala');
    expect(text).not.toContain('vid betalning'); // no OCR payment instruction
    expect(text).toContain('Ingen betalning ska göras');
    expect(text).toContain('faktura YR-2024-0009 ska inte betalas');
    expect(text).not.toContain('Faktura – att erhålla');
    expect(sheet.sheet).toBe('YR-2024-0015 Luleå');
  });

  it('prints no reason line when none was given', () => {
    const { text } = credited(billed(), LULEÅ_MAY, '');
    expect(text).toContain('Krediterar faktura YR-2024-0009 av 2024-05-20');
    expect(text).not.toContain('Orsak:');
  });

  it('reads Att betala, with the OCR instruction, when it credits a negative December invoice', () => {
    const wb = billed([MAY, DECEMBER]);
    const kiruna = numberOf(wb, 'Kiruna', '2024-12');
    const { text, outcome } = credited(wb, kiruna, 'Utbildardagarna hör till Luleå', '2024-12-28');
    const note = outcome.plan!.note;
    expect(note.total.toFixed(2)).toBe('1866.67');
    expect(text.split('\n')[0]).toMatch(/^Kreditfaktura\b/);
    expect(text).toContain(`Krediterar faktura ${kiruna} av 2024-12-18`);
    // As on the credited invoice, also when drawn from the register: the payout it was a share of.
    expect(text).toContain(
      'Utbildarpott 2024: 2 av 6 utbildardagar av potten 5 600,00 kr (ca 933,33 kr/dag)  1 866,67 kr',
    );
    expect(text).toContain('Att betala  1 866,67 kr');
    expect(text).not.toContain('Att erhålla');
    expect(text).toContain(
      `Betala 1 866,67 kr till bankgiro ${BANKGIRO} senast ${note.dueDate}. Ange OCR-nummer ${note.ocr} vid betalning.`,
    );
  });
});

describe('an invoice with a negative total', () => {
  it('says the association pays out to the buyer’s Juridiskt namn by the due date, to its Utbetalningskonto when filled', () => {
    const tabs = baseWorkbook();
    const kommuner = tabs['Kommuner'];
    const at = (header: string) => kommuner[0].indexOf(header);
    tabs['Kommuner'] = kommuner.map((row): CellValue[] =>
      row[0] === 'Kiruna'
        ? row.map((v, c) =>
            c === at('Juridiskt namn')
              ? 'Kiruna kommuns socialtjänst'
              : c === at('Utbetalningskonto')
                ? '5050-1055'
                : v,
          )
        : row,
    );
    const wb = billed([MAY, DECEMBER], tabs);
    const number = numberOf(wb, 'Kiruna', '2024-12');
    const lines = wb
      .read(`${number} Kiruna`)
      .map((r) =>
        r
          .filter((v) => v !== '')
          .map(String)
          .join('  '),
      )
      .filter(Boolean);
    expect(lines[0]).toBe(`Faktura – att erhålla  Fakturanummer  ${number}`);
    expect(lines.join('\n')).not.toContain('Kreditfaktura');
    expect(lines).toContain(
      `Norrbottens Kommuner betalar ut 1866.67 kr till Kiruna kommuns socialtjänst senast 2025-01-17, till bankgiro 5050-1055. Ingen betalning ska göras. Ange fakturanummer ${number} vid frågor.`.replace(
        '1866.67',
        '1 866,67',
      ),
    );
  });
});

describe('a credit note’s e-mail', () => {
  function send(wb: MemoryWorkbook, numbers: string[]) {
    const sent: OutgoingMail<SheetDocument>[] = [];
    const mailer: MailPort<SheetDocument> = { remainingQuota: () => 100, send: (m) => void sent.push(m) };
    const report = sendInvoices(wb, mailer, (doc) => doc, { numbers });
    expect(report.sent).toBe(numbers.length);
    return sent;
  }

  it('says in Swedish what it credits and why, and is sent like any invoice', () => {
    const wb = billed();
    credited(wb, LULEÅ_MAY, 'Fel antal dagar');
    const [mail] = send(wb, ['YR-2024-0015']);
    expect(mail.to).toBe('socialchef@lulea.se');
    expect(mail.subject).toBe(
      'Kreditfaktura YR-2024-0015 (krediterar YR-2024-0009) – Yrkesresan, kurser t.o.m. 31 maj 2024 – Luleå kommun',
    );
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Här kommer kreditfaktura YR-2024-0015');
      expect(body).toContain('Den krediterar faktura YR-2024-0009 av 2024-05-20 i sin helhet.');
      expect(body).toContain('Orsak: Fel antal dagar.');
      expect(body).toContain('Faktura YR-2024-0009 ska inte betalas');
      expect(body).toContain('Att erhålla');
      expect(body).toContain('308 292,00 kr');
      expect(body).toContain('Kreditfakturan finns som PDF i bilagan.');
      expect(body).not.toContain('Bankgiro');
    }
    const texts = mail.attachment.content.rows
      .flat()
      .filter((c) => c !== null)
      .map((c) => String(c.value));
    expect(texts).toContain('Kreditfaktura');
    expect(texts).toContain('Krediterar faktura YR-2024-0009 av 2024-05-20');
    const [header, ...rows] = wb.read('Fakturor');
    const status = rows.find((r) => r[0] === 'YR-2024-0015')![header.indexOf('Status')];
    expect(status).toBe('Skickad');
  });

  it('a credited invoice is not sent, not even again on purpose, and keeps Status Krediterad', () => {
    const wb = billed();
    const sent: OutgoingMail<SheetDocument>[] = [];
    const mailer: MailPort<SheetDocument> = { remainingQuota: () => 100, send: (m) => void sent.push(m) };
    expect(sendInvoices(wb, mailer, (doc) => doc, { numbers: [LULEÅ_MAY] }).sent).toBe(1);
    credited(wb, LULEÅ_MAY);
    const listed = listSendable(wb).invoices;
    expect(listed.find((i) => i.number === LULEÅ_MAY)).toMatchObject({
      sendable: false,
      resendable: false,
      status: 'Krediterad',
    });
    expect(listed.find((i) => i.number === LULEÅ_MAY)!.problem).toBe(
      'Fakturan är krediterad av YR-2024-0015 och skickas inte. Skicka kreditfakturan YR-2024-0015 i stället.',
    );
    expect(listed.find((i) => i.number === 'YR-2024-0015')).toMatchObject({ sendable: true, problem: '' });
    const send = () => sendInvoices(wb, mailer, (doc) => doc, { numbers: [LULEÅ_MAY] });
    const resend = () => resendInvoice(wb, mailer, (doc) => doc, { number: LULEÅ_MAY, confirmed: true });
    for (const report of [send(), resend()]) {
      expect(report.sent).toBe(0);
      expect(report.results[0]).toMatchObject({
        outcome: 'skipped',
        reason: expect.stringContaining('krediterad av YR-2024-0015'),
      });
    }
    expect(sent).toHaveLength(1);
    const [header, ...rows] = wb.read('Fakturor');
    expect(rows.find((r) => r[0] === LULEÅ_MAY)![header.indexOf('Status')]).toBe('Krediterad');
  });

  it('a credit note is never reminded, nor the invoice it credits, even when its total is to be paid', () => {
    const wb = billed([MAY, DECEMBER]);
    const kiruna = numberOf(wb, 'Kiruna', '2024-12');
    const negative = credited(wb, LULEÅ_MAY, 'Fel antal dagar', '2024-12-27').outcome.plan!.note;
    const positive = credited(wb, kiruna, 'Fel kommun', '2024-12-28').outcome.plan!.note;
    expect(positive.total.gt(0)).toBe(true);
    const numbers = listReminders(wb, { date: '2025-12-31' }).reminders.map((r) => r.number);
    expect(numbers.length).toBeGreaterThan(0); // the other, unpaid invoices are overdue
    for (const n of [LULEÅ_MAY, kiruna, negative.number, positive.number]) expect(numbers).not.toContain(n);
  });

  it('escapes the reason in the HTML body', () => {
    const wb = billed();
    credited(wb, LULEÅ_MAY, '<b>fel</b> & "kommun"');
    const [mail] = send(wb, ['YR-2024-0015']);
    expect(mail.html).toContain('Orsak: &lt;b&gt;fel&lt;/b&gt; &amp; &quot;kommun&quot;.');
    expect(mail.text).toContain('Orsak: <b>fel</b> & "kommun".');
  });
});
