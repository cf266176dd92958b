// "Betalningar och påminnelser" through the built dist/gas/Code.js in node:vm with the Apps Script
// fakes: the menu item and its dialog, a camt.054 file (parsed in JavaScript, not by XmlService) and a BgMax file
// (ISO 8859-1 bytes as base64) previewed without writing and then read in, a second import that
// changes nothing, allocation by typing Faktura, reminders with the invoice PDF through MailApp,
// the 14-day rule, Administratörer, the lock and Logg.
import { describe, expect, it } from 'vitest';
import { bgMax, camt054, latin1Bytes } from '../fixtures/bankFiles';
import { settingsTab, standardTabs, toGasTabs } from '../fixtures/workbook';
import { createGasEnvironment } from './fakes';
import { loadBundle, plain } from './harness';
import { MEMBERS } from '../../src/workbook/schema';

interface PaymentsView {
  ok: boolean;
  file: string;
  payments: {
    bankReference: string;
    amount: string;
    amountText: string;
    invoice: string | null;
    status: string;
    payer: string;
    note: string;
  }[];
  allocations: { row: number; invoice: string }[];
  invoices: { number: string; paid: string; status: string }[];
  errors: string[];
  written: boolean;
  message: string;
}

interface Invoice {
  number: string;
  municipality: string;
  total: number;
  ocr: string;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const utf8 = (text: string) => new TextEncoder().encode(text);

function world(tabs = standardTabs()) {
  const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
  const ctx = loadBundle(env);
  return { env, ctx };
}

/** Bills May 2024 in the spreadsheet and returns its invoices from Fakturor. */
function billed(tabs = standardTabs()) {
  const w = world(tabs);
  const bill = plain<{ written: boolean }>(w.ctx.billingConfirm({ month: '2024-05', invoiceDate: '2024-05-20' }));
  expect(bill.written).toBe(true);
  const [header, ...rows] = w.env.spreadsheet.read('Fakturor');
  const at = (h: string) => header.indexOf(h);
  const invoices: Invoice[] = rows.map((r) => ({
    number: String(r[at('Fakturanummer')]),
    municipality: String(r[at('Kommun')]),
    total: Number(r[at('Belopp')]),
    ocr: String(r[at('OCR')]),
  }));
  expect(invoices.length).toBeGreaterThanOrEqual(3);
  return { ...w, invoices };
}

function register(
  env: ReturnType<typeof world>['env'],
): Record<string, { status: unknown; paid: unknown; reminded: unknown }> {
  const [header, ...rows] = env.spreadsheet.read('Fakturor');
  const at = (h: string) => header.indexOf(h);
  return Object.fromEntries(
    rows.map((r) => [
      String(r[at('Fakturanummer')]),
      { status: r[at('Status')], paid: r[at('Betalt')], reminded: r[at('Påmind')] },
    ]),
  );
}

describe('Betalningar och påminnelser in Code.js', () => {
  it('opens its dialog from the menu, after Kreditera faktura', () => {
    const { env, ctx } = world();
    ctx.onOpen({});
    const captions = env.ui.menus.at(-1)!.items.map((i) => ('caption' in i ? i.caption : ''));
    expect(captions.indexOf('Betalningar och påminnelser')).toBe(captions.indexOf('Kreditera faktura') + 1);
    ctx.menuPayments();
    expect(env.ui.lastDialog().title).toBe('Betalningar och påminnelser');
    expect(env.ui.lastDialog().content).toContain('paymentsPreview');
    expect(env.ui.lastDialog().content).toContain('remindersSend');
  });

  it('previews a camt.054 file without writing, reads it in, parsed without XmlService, and a second import changes nothing', () => {
    const { env, ctx, invoices } = billed();
    const [a, b, c] = invoices;
    const file = camt054(
      [
        {
          bookingDate: '2024-06-18',
          txs: [
            { amount: a.total.toFixed(2), ref: a.ocr, acctSvcrRef: 'T1', payer: '<b>Luleå kommun</b>' },
            { amount: '500.00', ref: b.ocr, acctSvcrRef: 'T2' },
            { amount: '42.00', ustrd: 'Okänd betalning', acctSvcrRef: 'T3' },
          ],
        },
        { bookingDate: '2024-06-18', credit: false, txs: [{ amount: '9.00', ref: c.ocr, acctSvcrRef: 'D1' }] },
      ],
      '05',
      { prefix: 'c' },
    );
    const request = { name: 'camt054.xml', base64: base64(utf8(file)) };
    const before = JSON.stringify(env.spreadsheet.tabNames().map((n) => env.spreadsheet.read(n)));
    env.tracker.reset();
    const preview = plain<PaymentsView>(ctx.paymentsPreview(request));
    // Parsed in JavaScript: XmlService would cost a service call per element of the file.
    expect(env.tracker.countMatching(/^Xml/)).toBe(0);
    expect(preview.ok).toBe(true);
    expect(preview.payments.map((p) => [p.bankReference, p.invoice, p.status])).toEqual([
      ['T1', a.number, 'Matchad'],
      ['T2', b.number, 'Matchad'],
      ['T3', null, 'Omatchad'],
    ]);
    expect(preview.payments[0].payer).toBe('<b>Luleå kommun</b>');
    expect(preview.payments[1].amountText).toBe('500,00 kr');
    expect(JSON.stringify(env.spreadsheet.tabNames().map((n) => env.spreadsheet.read(n)))).toBe(before);

    env.tracker.reset();
    const done = plain<PaymentsView>(ctx.paymentsConfirm(request));
    expect(done.written).toBe(true);
    // Inbetalningar created with its header, then the new rows in one write; Fakturor's Status and
    // Betalt + Betaldatum in one write each.
    const writes = env.tracker.log.filter((x) => x.kind === 'Range.setValues').map((x) => x.target ?? '');
    expect(writes.filter((t) => t.startsWith('Inbetalningar!'))).toEqual([
      'Inbetalningar!A1:I1',
      'Inbetalningar!A2:I4',
    ]);
    expect(writes.filter((t) => t.startsWith('Fakturor!')).length).toBeLessThanOrEqual(2);
    expect(done.invoices).toEqual([
      {
        number: a.number,
        municipality: a.municipality,
        total: a.total.toFixed(2),
        paid: a.total.toFixed(2),
        paidDate: '2024-06-18',
        status: 'Betald',
        totalText: expect.any(String),
        paidText: expect.any(String),
      },
      {
        number: b.number,
        municipality: b.municipality,
        total: b.total.toFixed(2),
        paid: '500.00',
        paidDate: '2024-06-18',
        status: 'Delbetald',
        totalText: expect.any(String),
        paidText: '500,00 kr',
      },
    ]);
    const reg = register(env);
    expect(reg[a.number]).toMatchObject({ status: 'Betald', paid: a.total });
    expect(reg[b.number]).toMatchObject({ status: 'Delbetald', paid: 500 });
    const rows = env.spreadsheet.read('Inbetalningar');
    expect(rows[0]).toEqual([
      'Bankreferens',
      'Bokföringsdag',
      'Belopp',
      'Referens',
      'Betalare',
      'Fil',
      'Faktura',
      'Status',
      'Inläst',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[4], r[5], r[6], r[7]])).toEqual([
      ['T1', '<b>Luleå kommun</b>', 'camt054.xml', a.number, 'Matchad'],
      ['T2', '', 'camt054.xml', b.number, 'Matchad'],
      ['T3', '', 'camt054.xml', '', 'Omatchad'],
    ]);
    expect(env.spreadsheet.read('Logg').at(-1)!.slice(2)).toEqual([
      'Inläsning av betalningar',
      expect.stringContaining('camt054.xml'),
      'Klar',
    ]);

    const inbetalningar = JSON.stringify(env.spreadsheet.read('Inbetalningar'));
    const fakturor = JSON.stringify(env.spreadsheet.read('Fakturor'));
    const again = plain<PaymentsView>(ctx.paymentsConfirm(request));
    expect(again.written).toBe(false);
    expect(again.payments.map((p) => p.status)).toEqual(['Redan inläst', 'Redan inläst', 'Redan inläst']);
    expect(JSON.stringify(env.spreadsheet.read('Inbetalningar'))).toBe(inbetalningar);
    expect(JSON.stringify(env.spreadsheet.read('Fakturor'))).toBe(fakturor);
  });

  it('reads a BgMax file sent as ISO 8859-1 bytes, and applies an invoice number typed into Faktura', () => {
    const { env, ctx, invoices } = billed();
    const [a, b] = invoices;
    const text = bgMax([
      {
        date: '2024-06-19',
        payments: [
          { amount: a.total.toFixed(2), reference: a.ocr, serial: '11', name: 'Överkalix kommun' },
          { amount: b.total.toFixed(2), reference: 'Vårens kurser', ocr: false, serial: '12' },
        ],
      },
    ]);
    const done = plain<PaymentsView>(ctx.paymentsConfirm({ name: 'BGMAX.TXT', base64: base64(latin1Bytes(text)) }));
    expect(done.ok).toBe(true);
    expect(done.payments.map((p) => [p.status, p.payer])).toEqual([
      ['Matchad', 'Överkalix kommun'],
      ['Omatchad', ''],
    ]);
    // The administrator allocates the unmatched payment by typing its invoice number.
    env.globals.SpreadsheetApp.getActiveSpreadsheet()
      .getSheetByName('Inbetalningar')!
      .getRange(3, 7)
      .setValue(b.number);
    const preview = plain<PaymentsView>(ctx.paymentsPreview({}));
    expect(preview.allocations).toEqual([
      {
        row: 3,
        bankReference: expect.any(String),
        amount: b.total.toFixed(2),
        amountText: expect.any(String),
        invoice: b.number,
      },
    ]);
    expect(register(env)[b.number].status).toBe('Skapad');
    const applied = plain<PaymentsView>(ctx.paymentsConfirm({}));
    expect(applied.written).toBe(true);
    expect(register(env)[b.number]).toMatchObject({ status: 'Betald', paid: b.total });

    env.globals.SpreadsheetApp.getActiveSpreadsheet()
      .getSheetByName('Inbetalningar')!
      .getRange(3, 7)
      .setValue('YR-2099-0001');
    const wrong = plain<PaymentsView>(ctx.paymentsConfirm({}));
    expect(wrong.ok).toBe(false);
    expect(wrong.errors[0]).toBe(
      'Flik Inbetalningar, rad 3, kolumn Faktura: "YR-2099-0001" – Fakturan YR-2099-0001 finns inte i fliken Fakturor. Skriv numret på den faktura betalningen gäller, eller töm cellen.',
    );
    expect(env.spreadsheet.read('Logg').at(-1)![4]).toBe('Nekad');
  });

  it('refuses malformed XML (XmlService throws) and a camt.054 of another message type, writing nothing', () => {
    const { env, ctx } = billed();
    const before = JSON.stringify(env.spreadsheet.read('Fakturor'));
    const bad = plain<PaymentsView>(
      ctx.paymentsPreview({
        name: 'trasig.xml',
        base64: base64(utf8('<?xml version="1.0"?>\n<Document>\n<Ntry></Document>')),
      }),
    );
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]).toMatch(/^trasig\.xml: .*XML/);
    const other = camt054([
      { bookingDate: '2024-06-18', txs: [{ amount: '1.00', ref: '1', acctSvcrRef: 'X' }] },
    ]).replace(/camt\.054\.001\.08/g, 'camt.053.001.08');
    const wrongType = plain<PaymentsView>(ctx.paymentsConfirm({ name: 'konto.xml', base64: base64(utf8(other)) }));
    expect(wrongType.ok).toBe(false);
    expect(wrongType.errors.join(' ')).toContain('camt.053');
    expect(env.spreadsheet.tabNames()).not.toContain('Inbetalningar');
    expect(JSON.stringify(env.spreadsheet.read('Fakturor'))).toBe(before);
  });

  it('lists overdue invoices, e-mails reminders with the invoice PDF through MailApp, writes Påmind, and not again within 14 days', () => {
    const { env, ctx, invoices } = billed();
    const [a] = invoices;
    ctx.paymentsConfirm({
      name: 'b.xml',
      base64: base64(
        utf8(
          camt054([
            { bookingDate: '2024-06-10', txs: [{ amount: a.total.toFixed(2), ref: a.ocr, acctSvcrRef: 'P1' }] },
          ]),
        ),
      ),
    });
    const list = plain<{
      date: string;
      reminders: { number: string; recipient: string; newDueDate: string }[];
      errors: string[];
      quota: number;
    }>(ctx.remindersList({ date: '2024-06-25' }));
    expect(list.errors).toEqual([]);
    expect(list.quota).toBe(100);
    // A failure of MailApp is reported, not shown as an unknown quota.
    env.failAt('MailApp.getRemainingDailyQuota', 1, 'Service invoked too many times: mail quota');
    expect(() => ctx.remindersList({ date: '2024-06-25' })).toThrow('Service invoked too many times: mail quota');
    expect(list.reminders.map((r) => r.number)).toEqual(invoices.slice(1).map((i) => i.number));
    expect(env.mail.sent).toEqual([]);

    env.tracker.reset();
    const report = plain<{ ok: boolean; sent: number }>(
      ctx.remindersSend({ date: '2024-06-25', numbers: list.reminders.map((r) => r.number) }),
    );
    expect(report).toMatchObject({ ok: true, sent: invoices.length - 1 });
    // Påmind in one block write, whatever the number of reminders.
    const writes = env.tracker.log.filter((x) => x.kind === 'Range.setValues').map((x) => x.target ?? '');
    expect(writes.filter((t) => t.startsWith('Fakturor!'))).toHaveLength(1);
    expect(env.tracker.count('MailApp.sendEmail')).toBe(invoices.length - 1);
    expect(env.mail.sent.map((m) => m.to)).toEqual(list.reminders.map((r) => r.recipient));
    const first = env.mail.sent[0];
    expect(first.subject).toBe(
      `Påminnelse: faktura ${invoices[1].number} – Yrkesresan, kurser t.o.m. 31 maj 2024 – ${MEMBERS.find((m) => m.name === invoices[1].municipality)!.legalName}`,
    );
    expect(first.body).toContain('Nytt förfallodatum: 2024-07-05');
    expect(first.attachments.map((x) => [x.name, x.contentType])).toEqual([
      [`${invoices[1].number} ${invoices[1].municipality}.pdf`, 'application/pdf'],
    ]);
    const reg = register(env);
    expect(reg[a.number].reminded).toBe('');
    for (const inv of invoices.slice(1))
      expect(Object.prototype.toString.call(reg[inv.number].reminded)).toBe('[object Date]');
    expect(env.spreadsheet.read('Logg').at(-1)!.slice(2, 3)).toEqual(['Påminnelser']);

    const soon = plain<{ reminders: unknown[]; recent: { blockedUntil: string }[] }>(
      ctx.remindersList({ date: '2024-07-01' }),
    );
    expect(soon.reminders).toEqual([]);
    expect(soon.recent.every((r) => r.blockedUntil === '2024-07-09')).toBe(true);
    const none = plain<{ sent: number }>(ctx.remindersSend({ date: '2024-07-01' }));
    expect(none.sent).toBe(0);
    expect(env.mail.sent).toHaveLength(invoices.length - 1);
  });

  it('test mode mails only the user and writes nothing; a MailApp failure marks that invoice Fel in Påmind and the rest go on', () => {
    const { env, ctx, invoices } = billed();
    const list = plain<{ reminders: { number: string; recipient: string }[] }>(
      ctx.remindersList({ date: '2024-06-25' }),
    );
    const before = JSON.stringify(env.spreadsheet.read('Fakturor'));
    const test = plain<{ ok: boolean; test: boolean; sent: number }>(
      ctx.remindersTest({ date: '2024-06-25', numbers: [invoices[0].number] }),
    );
    expect(test).toMatchObject({ ok: true, test: true, sent: 1 });
    expect(env.mail.sent.map((m) => [m.to, m.subject.slice(0, 17)])).toEqual([
      ['admin@norrbotten.example', 'TEST: Påminnelse:'],
    ]);
    expect(JSON.stringify(env.spreadsheet.read('Fakturor'))).toBe(before);

    const failing = list.reminders[1];
    env.mail.failFor(failing.recipient);
    const report = plain<{ sent: number; failed: number }>(ctx.remindersSend({ date: '2024-06-25' }));
    expect(report).toMatchObject({ sent: invoices.length - 1, failed: 1 });
    const reg = register(env);
    expect(reg[failing.number].reminded).toBe(`Fel: Failed to send email: ${failing.recipient}`);
    expect(Object.prototype.toString.call(reg[list.reminders[0].number].reminded)).toBe('[object Date]');
    expect(env.spreadsheet.read('Logg').at(-1)![4]).toBe('Delvis klar');
    env.mail.clearFailure(failing.recipient);
    expect(plain<{ sent: number }>(ctx.remindersSend({ date: '2024-06-25' })).sent).toBe(1);
  });

  it('lets only Administratörer read payments or remind, and refuses while another run holds the lock', () => {
    const tabs = standardTabs();
    tabs['Inställningar'] = settingsTab({ Administratörer: 'annan@norrbotten.example' });
    const { env, ctx } = world(tabs);
    const view = plain<PaymentsView>(
      ctx.paymentsConfirm({
        name: 'x.xml',
        base64: base64(
          utf8(camt054([{ bookingDate: '2024-06-18', txs: [{ amount: '1.00', ref: '1', acctSvcrRef: 'X' }] }])),
        ),
      }),
    );
    expect(view.ok).toBe(false);
    expect(view.errors.join(' ')).toContain('Endast administratörer');
    expect(env.spreadsheet.tabNames()).not.toContain('Inbetalningar');
    const list = plain<{ errors: string[] }>(ctx.remindersList({ date: '2024-06-25' }));
    expect(list.errors.join(' ')).toContain('Endast administratörer');
    expect(plain<{ ok: boolean }>(ctx.remindersSend({ date: '2024-06-25' })).ok).toBe(false);

    const open = world();
    open.env.locks.document.heldElsewhere = true;
    expect(() => open.ctx.paymentsConfirm({})).toThrow(/En annan körning/);
    expect(() => open.ctx.remindersSend({ date: '2024-06-25' })).toThrow(/En annan körning/);
    expect(open.env.spreadsheet.read('Logg').at(-1)!.slice(2)).toEqual([
      'Påminnelser',
      expect.stringContaining('En annan körning'),
      'Nekad',
    ]);
  });
});
