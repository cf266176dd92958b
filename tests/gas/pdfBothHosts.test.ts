// One layout for both hosts (README "The PDF in Apps Script"): the PDF that Code.js attaches to an
// invoice's e-mail is the PDF the command line writes for that invoice, byte for byte, when both
// are made at the same moment: Apps Script reads the document back from its invoice sheet, the
// command line takes it from the billing run, and both draw it with the one writer.
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { pdfFileName } from '../../src/workbook/mail';
import { renderPdf } from '../../src/cli/pdf';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { standardTabs, toGasTabs } from '../fixtures/workbook';
import { createGasEnvironment } from './fakes';
import { frozenClock, loadBundle, plain } from './harness';

const RUN = { month: '2024-12', invoiceDate: '2024-12-20' };
// The command line dates its PDFs by the invoice date; Apps Script by its clock, frozen there.
const MOMENT = new Date(`${RUN.invoiceDate}T00:00:00Z`);

describe('the invoice PDF on both hosts', () => {
  it('Code.js attaches, for every invoice, the bytes the command line writes', async () => {
    const wb = new MemoryWorkbook(standardTabs());
    const outcome = runBilling(wb, RUN);
    expect(outcome.written).toBe(true);
    const local = new Map<string, Uint8Array>();
    for (const { invoice, doc } of outcome.documents) {
      const name = pdfFileName(invoice);
      local.set(name, await renderPdf(doc, { title: name.replace(/\.pdf$/, ''), creationDate: MOMENT }));
    }

    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    const ctx = loadBundle(env, { globals: { Date: frozenClock(MOMENT.getTime()) } });
    const billed = plain<any>(ctx.billingConfirm(RUN));
    expect(billed.written).toBe(true);
    expect(plain<any>(ctx.sendingSend({})).sent).toBe(local.size);
    expect(env.mail.sent).toHaveLength(local.size);
    for (const mail of env.mail.sent) {
      const attachment = mail.attachments[0];
      const mine = local.get(String(attachment.name));
      expect(mine, String(attachment.name)).toBeDefined();
      const sent = Buffer.from(attachment.blob?.data ?? []);
      expect(sent.equals(Buffer.from(mine!)), String(attachment.name)).toBe(true);
    }
  });
});
