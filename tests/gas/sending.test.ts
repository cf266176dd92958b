// "Skicka fakturor" through the built dist/gas/Code.js in node:vm with the Apps Script fakes:
// the dialog, the list, sending (once, under the lock, recorded per invoice), the quota, failures,
// a crash and its re-run, test mode, confirmed resend, administrators and escaping.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGasEnvironment, type GasEnvironment, type SentMail } from './fakes';
import { loadBundle, plain, type GasContext } from './harness';
import { pdfText } from '../cli/pdfText';
import { settingsTab, standardTabs, toGasTabs, type Tabs } from '../fixtures/workbook';
import { MEMBERS } from '../../src/workbook/schema';

const REQUEST = { month: '2024-12', invoiceDate: '2024-12-20' };
const USER = 'admin@norrbotten.example'; // the fakes' default active user
const XSS = '<img src=x onerror=alert(1)>';

interface World {
  env: GasEnvironment;
  ctx: GasContext;
  numbers: string[];
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const emailOf = (municipality: string) => `socialchef@${ascii(municipality)}.example`;

/** The standard workbook, billed for December 2024 through the bundle. */
function billed(tabs: Tabs = standardTabs(), options: Parameters<typeof createGasEnvironment>[0] = {}): World {
  const env = createGasEnvironment({ tabs: toGasTabs(tabs), ...options });
  const ctx = loadBundle(env);
  const confirm = plain<{ written: boolean; invoices: { number: string }[] }>(ctx.billingConfirm(REQUEST));
  expect(confirm.written).toBe(true);
  return { env, ctx, numbers: confirm.invoices.map((i) => i.number) };
}

/** Fakturor as objects keyed by header. */
function register(env: GasEnvironment): Record<string, unknown>[] {
  const [header, ...rows] = env.spreadsheet.read('Fakturor');
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

/** Every tab's values but the audit log's (which a refused batch appends to). */
function allValues(env: GasEnvironment): string {
  const out: Record<string, unknown> = {};
  for (const name of env.spreadsheet.tabNames()) if (name !== 'Logg') out[name] = env.spreadsheet.read(name);
  return JSON.stringify(out);
}

/** Åtgärd and Resultat of each Logg row. */
function logRowsOf(env: GasEnvironment): string[][] {
  return env.spreadsheet
    .read('Logg')
    .slice(1)
    .map((r) => [String(r[2]), String(r[4])]);
}

function run<T = any>(fn: () => unknown): T {
  return plain<T>(fn());
}

describe('Skicka fakturor: dialog and list', () => {
  it('opens a modal dialog from the menu handler, with quota, test and send buttons, escaping with textContent', () => {
    const { env, ctx } = billed();
    ctx.menuSending();
    const dialog = env.ui.lastDialog();
    expect(dialog.kind).toBe('modal');
    expect(dialog.title).toBe('Skicka fakturor');
    for (const text of [
      'Skicka test till mig',
      'Skicka igen',
      'sendingList',
      'sendingSend',
      'sendingTest',
      'sendingResend',
    ]) {
      expect(dialog.content).toContain(text);
    }
    expect(dialog.content).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(env.mail.sent).toEqual([]);
    const source = readFileSync(join(import.meta.dirname, '../../src/gas/dialogs/sending.html'), 'utf8');
    expect(source).toContain('textContent');
  });

  it('lists every invoice with recipient, amount and status; the remaining quota', () => {
    const { ctx, numbers } = billed();
    const list = run(() => ctx.sendingList());
    expect(list.errors).toEqual([]);
    expect(list.quota).toBe(100);
    expect(list.user).toBe(USER);
    expect(list.invoices.map((i: any) => i.number)).toEqual(numbers);
    const lulea = list.invoices.find((i: any) => i.municipality === 'Luleå');
    expect(lulea).toMatchObject({
      status: 'Skapad',
      recipient: emailOf('Luleå'),
      sendable: true,
      resendable: false,
      problem: '',
    });
    expect(lulea.totalText).toMatch(/ kr$/);
  });
});

describe('Skicka fakturor: sending', () => {
  it('sends each invoice once as a PDF to its municipality and records Skickad, time and recipient', async () => {
    const { env, ctx, numbers } = billed();
    const before = env.calls['Range.setValues'] ?? 0;
    const report = run(() => ctx.sendingSend({ numbers }));
    expect(report).toMatchObject({ ok: true, sent: numbers.length, failed: 0 });
    expect(env.mail.sent).toHaveLength(numbers.length);
    const rows = register(env);
    rows.forEach((row, i) => {
      const mail = env.mail.sent[i];
      const municipality = String(row.Kommun);
      expect(mail.to).toBe(emailOf(municipality));
      expect(mail.replyTo).toBe('yrkesresan@norrbottenskommuner.example');
      expect(mail.name).toBe('Norrbottens Kommuner');
      expect(mail.subject).toBe(
        `${Number(row.Belopp) < 0 ? 'Faktura – att erhålla' : 'Faktura'} ${row.Fakturanummer} – Yrkesresan, kurser t.o.m. 31 december 2024 – ${MEMBERS.find((m) => m.name === municipality)!.legalName}`,
      );
      // The OCR to pay with only when the municipality pays (a payout document has none).
      if (Number(row.Belopp) > 0) expect(mail.body).toContain(`OCR: ${row.OCR}`);
      else expect(mail.body).not.toContain('OCR');
      expect(mail.attachments).toHaveLength(1);
      const pdf = mail.attachments[0];
      expect(pdf.name).toBe(`${row.Fakturanummer} ${municipality}.pdf`);
      expect(pdf.contentType).toBe('application/pdf');
      // The shared layout's own PDF through Utilities.newBlob, not a getAs conversion.
      expect(pdf.blob?.isFakePdf()).toBe(false);
      expect(pdf.text.startsWith('%PDF-1.7')).toBe(true);
      expect(row.Status).toBe('Skickad');
      // A real date-time: the instant of sending, shown as yyyy-mm-dd hh:mm in the sheet.
      expect(Object.prototype.toString.call(row.Skickad)).toBe('[object Date]');
      expect(Math.abs((row.Skickad as Date).getTime() - Date.now())).toBeLessThan(10 * 60_000);
      const fakturor = env.spreadsheet.sheet('Fakturor')!;
      const at = rows.indexOf(row) + 2;
      expect(
        fakturor.getRange(at, fakturor.getRange(1, 1, 1, 20).getValues()[0].indexOf('Skickad') + 1).getNumberFormat(),
      ).toBe('yyyy-mm-dd hh:mm');
      expect(row.Mottagare).toBe(emailOf(municipality));
    });
    for (const [i, row] of rows.entries()) {
      const blob = env.mail.sent[i].attachments[0].blob;
      const text = (await pdfText(new Uint8Array(blob?.data ?? []))).lines.join('\n');
      expect(text).toContain(String(row.Fakturanummer));
      expect(text).toContain(String(row.OCR));
      expect(text).toContain(String(row.Kommun));
    }
    // Two writes per invoice (Status, Skickad and Mottagare together: Skickas before its mail,
    // Skickad after), under the document lock, and one row in the audit log.
    expect((env.calls['Range.setValues'] ?? 0) - before).toBe(2 * numbers.length + 1);
    // Each mail leaves only after its Skickas is written and flushed into the spreadsheet.
    const order = env.tracker.log
      .map((c) => c.kind)
      .filter((k) => /^(Range\.setValues|SpreadsheetApp\.flush|MailApp\.sendEmail)$/.test(k));
    const mails = order.flatMap((k, i) => (k === 'MailApp.sendEmail' ? [i] : []));
    expect(mails).toHaveLength(numbers.length);
    for (const i of mails) expect(order.slice(i - 2, i)).toEqual(['Range.setValues', 'SpreadsheetApp.flush']);
    expect(logRowsOf(env)).toEqual([
      ['Fakturering', 'Klar'],
      ['Utskick', 'Klar'],
    ]);
    expect(env.locks.document.waits.length).toBeGreaterThan(0);
    expect(env.locks.document.held).toBe(false);
    expect(env.calls['UrlFetchApp.fetch'] ?? 0).toBe(0);

    // Again: nothing more is sent.
    const again = run(() => ctx.sendingSend({ numbers }));
    expect(again.sent).toBe(0);
    expect(env.mail.sent).toHaveLength(numbers.length);
  });

  it('the mailed PDF is A4 and carries the text of its invoice sheet as the spreadsheet shows it', async () => {
    const { env, ctx, numbers } = billed();
    run(() => ctx.sendingSend({ numbers: numbers.slice(0, 3) }));
    for (const mail of env.mail.sent) {
      const name = String(mail.attachments[0].name).replace(/\.pdf$/, '');
      const pdf = await pdfText(new Uint8Array(mail.attachments[0].blob?.data ?? []));
      expect(pdf.size.width).toBeCloseTo(595.28, 1);
      expect(pdf.size.height).toBeCloseTo(841.89, 1);
      // Every shown cell of the sheet, in reading order, stands in the PDF (the layout may add
      // page headers around them, never drop or reorder a cell).
      const shown =
        env.globals.SpreadsheetApp.getActive().getSheetByName(name)?.getDataRange().getDisplayValues() ?? [];
      const cells = shown
        .flat()
        .map((v) => v.replace(/\s+/g, ''))
        .filter(Boolean);
      expect(cells.length).toBeGreaterThan(10);
      let text = pdf.text.replace(/\s+/g, '');
      for (const cell of cells) {
        const at = text.indexOf(cell);
        expect(at, `${name}: ${cell}`).toBeGreaterThanOrEqual(0);
        text = text.slice(at + cell.length);
      }
    }
  });

  it('without a selection sends every invoice that is not yet sent', () => {
    const { env, ctx, numbers } = billed();
    run(() => ctx.sendingSend({ numbers: numbers.slice(0, 2) }));
    const rest = run(() => ctx.sendingSend({}));
    expect(rest.sent).toBe(numbers.length - 2);
    expect(new Set(env.mail.sent.map((m) => m.to)).size).toBe(numbers.length);
  });

  it('refuses a batch larger than the remaining quota before sending anything', () => {
    const { env, ctx, numbers } = billed(standardTabs(), { mailQuota: 5 });
    const before = allValues(env);
    const report = run(() => ctx.sendingSend({ numbers }));
    expect(report.ok).toBe(false);
    expect(report.message).toContain('e-postkvot');
    expect(env.mail.sent).toEqual([]);
    expect(allValues(env)).toBe(before);
    expect(logRowsOf(env).at(-1)).toEqual(['Utskick', 'Nekad']);
    expect(run(() => ctx.sendingList()).quota).toBe(5);
  });

  it('one failing address is marked Fel and the others are sent; a re-run sends only that one', () => {
    const { env, ctx, numbers } = billed();
    env.mail.failFor(emailOf('Kalix'), 'Mottagaren finns inte: socialchef@kalix.example');
    const report = run(() => ctx.sendingSend({ numbers }));
    expect(report).toMatchObject({ ok: true, sent: numbers.length - 1, failed: 1 });
    const kalix = register(env).find((r) => r.Kommun === 'Kalix')!;
    expect(kalix.Status).toBe('Fel: Mottagaren finns inte: socialchef@kalix.example');
    expect(register(env).filter((r) => r.Status === 'Skickad')).toHaveLength(numbers.length - 1);
    env.mail.clearFailure(emailOf('Kalix'));
    const retry = run(() => ctx.sendingSend({ numbers }));
    expect(retry.sent).toBe(1);
    expect(env.mail.sent.filter((m) => m.to === emailOf('Kalix'))).toHaveLength(1);
    expect(register(env).every((r) => r.Status === 'Skickad')).toBe(true);
  });

  it('MailApp throwing mid-batch marks that invoice Fel and the rest continue; the re-run completes with one e-mail each', () => {
    const { env, ctx, numbers } = billed();
    env.failAt('MailApp.sendEmail', 4, 'Service unavailable: Gmail');
    const report = run(() => ctx.sendingSend({ numbers }));
    expect(report.failed).toBe(1);
    expect(report.sent).toBe(numbers.length - 1);
    expect(String(register(env)[3].Status)).toBe(
      'Fel: Google svarade inte i tid eller gav ett tillfälligt fel. Försök igen om en stund.',
    );
    run(() => ctx.sendingSend({ numbers }));
    const received = env.mail.sent.map((m) => m.to);
    expect(received).toHaveLength(numbers.length);
    expect(new Set(received).size).toBe(numbers.length);
  });

  it('the quota running out in the middle stops cleanly: that invoice Fel, the rest Skapad', () => {
    const { env, ctx, numbers } = billed();
    const real = env.mail.sendEmail.bind(env.mail);
    let calls = 0;
    env.mail.sendEmail = (...args: any[]) => {
      if (++calls === 6) env.mail.quota = 0; // another script spent today's quota meanwhile
      return real(...(args as [any]));
    };
    const report = run(() => ctx.sendingSend({ numbers }));
    expect(report).toMatchObject({ sent: 5, failed: 1, skipped: numbers.length - 6 });
    const status = register(env).map((r) => String(r.Status));
    expect(status.slice(0, 5)).toEqual(Array(5).fill('Skickad'));
    expect(status[5]).toMatch(/^Fel: Googles dagliga gräns för e-post från ditt konto är nådd/);
    expect(status.slice(6).every((s) => s === 'Skapad')).toBe(true);
  });

  it('a crash in the 4th of 14 sends, then a re-run: no municipality gets two e-mails, and the one in flight is named', () => {
    const { env, ctx, numbers } = billed();
    expect(numbers).toHaveLength(14);
    let survived: Record<string, unknown[][]> | null = null;
    const delivered: SentMail[] = [];
    const real = env.mail.sendEmail.bind(env.mail);
    let calls = 0;
    env.mail.sendEmail = (...args: any[]) => {
      // The execution dies at the 4th send: the spreadsheet as it is now is all that survives,
      // and nothing this dead execution does afterwards reaches anyone.
      if (++calls === 4)
        survived = Object.fromEntries(env.spreadsheet.tabNames().map((n) => [n, env.spreadsheet.read(n)]));
      if (calls >= 4) throw new Error('Exceeded maximum execution time');
      real(...(args as [any]));
      delivered.push(env.mail.sent[env.mail.sent.length - 1]);
    };
    ctx.sendingSend({ numbers });
    expect(delivered).toHaveLength(3);

    const next = createGasEnvironment({ tabs: survived! as any });
    const ctx2 = loadBundle(next);
    // The 4th was claimed (Skickas) when the execution died: whether it left is unknown.
    expect(register(next).map((r) => String(r.Status))[3]).toBe('Skickas');
    const report = run(() => ctx2.sendingSend({ numbers }));
    expect(report.sent).toBe(10);
    const received = [...delivered, ...next.mail.sent].map((m) => m.to);
    expect(new Set(received).size).toBe(13);
    expect(received).not.toContain(emailOf(String(register(next)[3].Kommun)));
    const listed = run(() => ctx2.sendingList()).invoices.find((i: any) => i.number === numbers[3]);
    expect(listed).toMatchObject({ sendable: false, resendable: true });
    expect(listed.problem).toContain('Status Skickas');
  });

  it('a failure of MailApp.getRemainingDailyQuota is reported, not taken for an unlimited quota: nothing is sent', () => {
    const { env, ctx, numbers } = billed();
    const before = allValues(env);
    env.failAt('MailApp.getRemainingDailyQuota', 1, 'Service invoked too many times: mail quota');
    expect(() => ctx.sendingList()).toThrow('Service invoked too many times: mail quota');
    env.failAt('MailApp.getRemainingDailyQuota', 1, 'Service invoked too many times: mail quota');
    let said = '';
    try {
      said = JSON.stringify(run(() => ctx.sendingSend({ numbers })));
    } catch (e) {
      said = (e as Error).message;
    }
    expect(said).toContain('Service invoked too many times: mail quota');
    expect(env.mail.sent).toEqual([]);
    expect(allValues(env)).toBe(before);
  });

  it('a second run while one holds the lock gets a clear message and sends nothing', () => {
    const { env, ctx, numbers } = billed();
    env.locks.document.heldElsewhere = true;
    expect(() => ctx.sendingSend({ numbers })).toThrow(/pågår/);
    expect(env.mail.sent).toEqual([]);
    expect(logRowsOf(env).at(-1)).toEqual(['Utskick', 'Nekad']);
    expect(String(env.spreadsheet.read('Logg').at(-1)![3])).toContain(numbers[0]);
  });
});

describe('Skicka fakturor: test mode and resend', () => {
  it('test mode sends every selected mail to the runner only, TEST in the subject, and changes nothing', () => {
    const { env, ctx, numbers } = billed();
    const before = allValues(env);
    const setValues = env.calls['Range.setValues'] ?? 0;
    const report = run(() => ctx.sendingTest({ numbers }));
    expect(report).toMatchObject({ ok: true, test: true, sent: numbers.length });
    expect(env.mail.sent.map((m) => m.to)).toEqual(Array(numbers.length).fill(USER));
    expect(env.mail.sent.every((m) => m.subject.startsWith('TEST: '))).toBe(true);
    expect(allValues(env)).toBe(before);
    expect(env.calls['Range.setValues'] ?? 0).toBe(setValues);
    expect(run(() => ctx.sendingList()).invoices.every((i: any) => i.status === 'Skapad')).toBe(true);
  });

  it('resending a Skickad invoice needs explicit confirmation', () => {
    const { env, ctx, numbers } = billed();
    run(() => ctx.sendingSend({ numbers }));
    const count = env.mail.sent.length;
    const list = run(() => ctx.sendingList());
    expect(list.invoices.every((i: any) => i.resendable && !i.sendable)).toBe(true);
    const unconfirmed = run(() => ctx.sendingResend({ number: numbers[0] }));
    expect(unconfirmed.ok).toBe(false);
    expect(env.mail.sent).toHaveLength(count);
    const confirmed = run(() => ctx.sendingResend({ number: numbers[0], confirmed: true }));
    expect(confirmed.sent).toBe(1);
    expect(env.mail.sent).toHaveLength(count + 1);
    expect(env.mail.sent[count].to).toBe(env.mail.sent[0].to);
  });
});

describe('Skicka fakturor: who may, and escaping', () => {
  it('when Administratörer is set, others cannot send', () => {
    const tabs = standardTabs();
    tabs['Inställningar'] = settingsTab({ Administratörer: 'ekonomi@norrbotten.example' });
    const env = createGasEnvironment({ tabs: toGasTabs(tabs), activeUser: 'ekonomi@norrbotten.example' });
    const ctx = loadBundle(env);
    const numbers = plain<any>(ctx.billingConfirm(REQUEST)).invoices.map((i: any) => i.number);
    env.session.activeUser = 'intern@norrbotten.example';
    const refused = run(() => ctx.sendingSend({ numbers }));
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('Administratörer');
    expect(run(() => ctx.sendingList()).errors.join(' ')).toContain('Administratörer');
    expect(env.mail.sent).toEqual([]);
    env.session.activeUser = 'Ekonomi@Norrbotten.example';
    expect(run(() => ctx.sendingSend({ numbers })).sent).toBe(numbers.length);
  });

  it('markup in the contact person and a socialchef reaches the e-mail escaped', () => {
    const tabs = standardTabs();
    tabs['Inställningar'] = settingsTab({ Kontaktperson: XSS });
    tabs['Kommuner'] = tabs['Kommuner'].map((r, i) =>
      i > 0 && r[0] === 'Luleå' ? r.map((c, j) => (j === 4 ? XSS : c)) : r,
    );
    const { env, ctx, numbers } = billed(tabs);
    run(() => ctx.sendingSend({ numbers }));
    expect(env.mail.sent).toHaveLength(numbers.length);
    for (const m of env.mail.sent) {
      expect(m.htmlBody).not.toContain('<img');
      expect(m.htmlBody).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(m.attachments[0].text).not.toContain('<img');
    }
  });
});
