import { describe, expect, test } from 'vitest';
import { sendInvoices, type MailPort, type OutgoingMail } from '../../src/app/send';
import { Dec } from '../../src/core/money';
import { coursesUpTo, invoiceMail, pdfFileName, type MailInvoice } from '../../src/workbook/mail';
import type { SheetDocument } from '../../src/workbook/port';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { ADMIN, bill, billedWorkbook, emailOf, registerRows, setMunicipalityCell, setUpWorkbook } from './sendFixture';

const XSS = '<img src=x onerror=alert(1)>';

const invoice: MailInvoice = {
  number: 'YR-2024-0015',
  municipality: 'Luleå',
  period: '2024-12',
  invoiceDate: '2024-12-20',
  dueDate: '2025-01-19',
  ocr: '2024001505',
  total: new Dec('40300'),
};
const settings = {
  association: 'Norrbottens Kommuner',
  bankgiro: '5050-1055',
  contactPerson: 'Åsa Öberg',
  replyTo: 'faktura@nbkommuner.example',
};
const lulea = { name: 'Luleå', orgNumber: '212000-2742', email: 'socialchef@lulea.example', socialChief: 'Örjan Älv' };

describe('coursesUpTo', () => {
  test.each([
    ['2025-05', 'kurser t.o.m. 31 maj 2025'],
    ['2024-12', 'kurser t.o.m. 31 december 2024'],
    ['2024-02', 'kurser t.o.m. 29 februari 2024'],
    ['vår', 'period vår'],
  ])('%s reads "%s"', (period, words) => expect(coursesUpTo(period)).toBe(words));
});

describe('invoiceMail', () => {
  test('a Swedish e-mail with subject, amount, due date, OCR, bankgiro and contact', () => {
    const mail = invoiceMail(invoice, settings, lulea, { test: false });
    expect(mail.to).toBe('socialchef@lulea.example');
    expect(mail.replyTo).toBe('faktura@nbkommuner.example');
    expect(mail.senderName).toBe('Norrbottens Kommuner');
    expect(mail.subject).toBe('Faktura YR-2024-0015 – Yrkesresan, kurser t.o.m. 31 december 2024 – Luleå kommun');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Hej Örjan Älv,');
      expect(body).toContain('40 300,00 kr');
      expect(body).toContain('Att betala');
      expect(body).toContain('2025-01-19');
      expect(body).toContain('2024001505');
      expect(body).toContain('5050-1055');
      expect(body).toContain('Åsa Öberg');
    }
    expect(mail.text).toContain('Att betala: 40 300,00 kr');
    expect(mail.text).toContain('Förfallodatum: 2025-01-19');
    expect(mail.text).toContain('OCR: 2024001505');
    expect(mail.text).toContain('Bankgiro: 5050-1055');
    expect(mail.text).toContain('för Yrkesresan, kurser t.o.m. 31 december 2024, till');
    expect(mail.text).not.toContain('period 2024-12');
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).toContain('<meta charset="utf-8">');
    expect(pdfFileName(invoice)).toBe('YR-2024-0015 Luleå.pdf');
  });

  test('a negative total is "Faktura – att erhålla" (never Kreditfaktura): "Att erhålla" and nothing to pay', () => {
    const mail = invoiceMail({ ...invoice, total: new Dec('-3100') }, settings, lulea, { test: false });
    expect(mail.subject).toBe(
      'Faktura – att erhålla YR-2024-0015 – Yrkesresan, kurser t.o.m. 31 december 2024 – Luleå kommun',
    );
    expect(mail.text).not.toContain('Kreditfaktura');
    expect(mail.text).toContain('betalar ut 3 100,00 kr till er senast 2025-01-19; ni behöver inte betala något.');
    // To which account, when the municipality's Utbetalningskonto is filled.
    const withAccount = invoiceMail(
      { ...invoice, total: new Dec('-3100') },
      settings,
      { ...lulea, payoutAccount: '5050-1055' },
      { test: false },
    );
    expect(withAccount.text).toContain(
      'betalar ut 3 100,00 kr till er senast 2025-01-19, till bankgiro 5050-1055; ni behöver',
    );
    expect(mail.text).toContain('Att erhålla: 3 100,00 kr');
    expect(mail.text).not.toContain('Att betala');
    expect(mail.text).toContain('ni behöver inte betala något');
    expect(mail.html).toContain('Att erhålla');
    // Nothing to pay with: no OCR, no bankgiro.
    expect(mail.text).not.toMatch(/OCR|Bankgiro/);
    expect(mail.html).not.toContain(invoice.ocr);
  });

  test('test mode: TEST in the subject, to the runner only, and says where the real one goes', () => {
    const mail = invoiceMail(invoice, settings, lulea, { test: true, testRecipient: ADMIN });
    expect(mail.to).toBe(ADMIN);
    expect(mail.subject).toBe('TEST: Faktura YR-2024-0015 – Yrkesresan, kurser t.o.m. 31 december 2024 – Luleå kommun');
    expect(mail.text.split('\n')[0]).toBe(
      'TEST – detta är ett provutskick till dig. Skarpt skickas fakturan till socialchef@lulea.example.',
    );
  });

  test('no socialchef, contact or reply address: still a complete mail', () => {
    const mail = invoiceMail(
      invoice,
      { ...settings, contactPerson: '', replyTo: '' },
      { ...lulea, socialChief: '' },
      { test: false },
    );
    expect(mail.text.startsWith('Hej,\n')).toBe(true);
    expect(mail.replyTo).toBe('');
    expect(mail.text).toContain('Med vänliga hälsningar\nNorrbottens Kommuner');
  });

  test('every value is escaped in the HTML body', () => {
    const mail = invoiceMail(
      { ...invoice, municipality: XSS },
      { ...settings, association: `Förbund ${XSS}`, contactPerson: XSS, bankgiro: '"5050-1055"&' },
      { name: XSS, email: 'a@b.example', socialChief: XSS },
      { test: true, testRecipient: ADMIN },
    );
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('&quot;5050-1055&quot;&amp;');
    // The plain-text body is text: it keeps the characters as they are.
    expect(mail.text).toContain(XSS);
  });
});

describe('sending a workbook with hostile text', () => {
  test('a contact person and socialchef with markup reach the mail escaped', () => {
    const { wb, numbers } = billedWorkbook({ settings: { Kontaktperson: XSS } });
    setMunicipalityCell(wb, 'Luleå', 'Socialchef', XSS);
    const sent: OutgoingMail<SheetDocument>[] = [];
    const mailer: MailPort<SheetDocument> = { remainingQuota: () => 100, send: (m) => void sent.push(m) };
    sendInvoices(wb, mailer, (doc) => doc, { numbers, user: ADMIN });
    expect(sent).toHaveLength(14);
    for (const m of sent) {
      expect(m.html).not.toContain('<img');
      expect(m.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
    // The PDF's document carries the text literally (it is drawn, not interpreted).
    const luleaDoc = sent.find((m) => m.to.includes('lulea'))!.attachment.content;
    expect(luleaDoc.rows.flat().some((c) => c !== null && String(c.value).includes(XSS))).toBe(true);
  });
});

describe('a kreditfaktura end to end', () => {
  test('a municipality paid out of the trainer pot gets a "Faktura – att erhålla" mail with Att erhålla', () => {
    const wb = new MemoryWorkbook();
    setUpWorkbook(wb, { attending: ['Luleå', 'Boden'], trainers: { Jokkmokk: 3 } });
    bill(wb, '2024-05', '2024-05-20'); // the year's fixed costs
    const december = bill(wb, '2024-12', '2024-12-20');
    const jokkmokk = registerRows(wb).find(
      (r) => r.Kommun === 'Jokkmokk' && december.includes(String(r.Fakturanummer)),
    )!;
    expect(Number(jokkmokk.Belopp)).toBeLessThan(0);
    const sent: OutgoingMail<SheetDocument>[] = [];
    const mailer: MailPort<SheetDocument> = { remainingQuota: () => 100, send: (m) => void sent.push(m) };
    const report = sendInvoices(wb, mailer, (doc) => doc, { numbers: december, user: ADMIN });
    expect(report.sent).toBe(december.length);
    const mail = sent.find((m) => m.to === emailOf('Jokkmokk'))!;
    expect(mail.subject).toBe(
      `Faktura – att erhålla ${jokkmokk.Fakturanummer} – Yrkesresan, kurser t.o.m. 31 december 2024 – Jokkmokks kommun`,
    );
    expect(mail.text).toContain('Att erhålla: ');
    expect(mail.text).not.toContain('Bankgiro:');
    const texts = mail.attachment.content.rows
      .flat()
      .filter((c) => c !== null)
      .map((c) => String(c.value));
    expect(texts).toContain('Faktura – att erhålla');
    expect(texts).not.toContain('Kreditfaktura');
    expect(texts).toContain('Att erhålla');
    expect(
      texts.some((t) =>
        /^Norrbottens Kommuner betalar ut [\d ]+,\d\d kr till Jokkmokks kommun senast \d{4}-\d\d-\d\d\./.test(t),
      ),
    ).toBe(true);
  });
});
