// A sent invoice whose Status the payment import turned into Betald, Delbetald or Överbetald has
// gone out: Skicka fakturor does not send it again as if it were new, Skicka igen still can on
// purpose, and that resend leaves its payment status as it was.
import { describe, expect, test } from 'vitest';
import { importPayments } from '../../src/app/payments';
import {
  listSendable,
  resendInvoice,
  sendInvoices,
  type MailPort,
  type OutgoingMail,
  type PdfRenderer,
} from '../../src/app/send';
import { xmlParser } from '../../src/workbook/xml';
import type { SheetDocument } from '../../src/workbook/port';
import { camt054 } from '../fixtures/bankFiles';
import { billedWorkbook } from './paymentsFixture';
import { ADMIN, registerRows } from './sendFixture';

class Mailer implements MailPort<SheetDocument> {
  sent: OutgoingMail<SheetDocument>[] = [];
  remainingQuota(): number {
    return 100;
  }
  send(mail: OutgoingMail<SheetDocument>): void {
    this.sent.push(mail);
  }
}

const pdf: PdfRenderer<SheetDocument> = (doc) => doc;

describe('Skicka fakturor after payments', () => {
  test('a paid or part-paid invoice is not sent again by Skicka; Skicka igen keeps its payment status', () => {
    const { wb, numbers } = billedWorkbook();
    const [a, b] = numbers;
    expect(sendInvoices(wb, new Mailer(), pdf, { numbers, user: ADMIN }).sent).toBe(numbers.length);
    const rows = Object.fromEntries(registerRows(wb).map((r) => [String(r.Fakturanummer), r]));
    const file = camt054([
      {
        bookingDate: '2025-01-10',
        txs: [
          { amount: Number(rows[a].Belopp).toFixed(2), ref: String(rows[a].OCR), acctSvcrRef: 'P1' },
          { amount: '100.00', ref: String(rows[b].OCR), acctSvcrRef: 'P2' },
        ],
      },
    ]);
    expect(importPayments(wb, { name: 'bank.xml', bytes: new TextEncoder().encode(file) }, { xml: xmlParser }).ok).toBe(
      true,
    );
    const statusOf = () => Object.fromEntries(registerRows(wb).map((r) => [String(r.Fakturanummer), String(r.Status)]));
    expect([statusOf()[a], statusOf()[b]]).toEqual(['Betald', 'Delbetald']);

    const list = listSendable(wb, { user: ADMIN });
    const item = (n: string) => list.invoices.find((i) => i.number === n)!;
    expect([item(a).sendable, item(a).resendable]).toEqual([false, true]);
    expect([item(b).sendable, item(b).resendable]).toEqual([false, true]);

    const again = new Mailer();
    const report = sendInvoices(wb, again, pdf, { numbers, user: ADMIN });
    expect(again.sent).toEqual([]);
    expect(report.sent).toBe(0);
    expect(report.results.find((r) => r.number === a)).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining(' och betald. Använd Skicka igen'),
    });

    const resent = new Mailer();
    expect(resendInvoice(wb, resent, pdf, { number: b, confirmed: true, user: ADMIN }).sent).toBe(1);
    expect(resent.sent).toHaveLength(1);
    expect(statusOf()[b]).toBe('Delbetald');
  });
});
