// The PDF Apps Script attaches is the shared layout's, page by page: a long invoice through the
// built Code.js carries the running line and "Sida N av M" on every page, and its tables'
// headers again where they go on.
import { describe, expect, it } from 'vitest';
import { pdfText } from '../cli/pdfText';
import { date, standardTabs, toGasTabs } from '../fixtures/workbook';
import { createGasEnvironment } from './fakes';
import { loadBundle, plain } from './harness';

describe('Apps Script: a long invoice attached as pages', () => {
  it('every page of the attachment names seller, invoice, buyer and its page; a continued table repeats its header', async () => {
    const tabs = standardTabs();
    for (let i = 0; i < 120; i++) {
      tabs['Närvaro 2024'].push([
        date(`2024-10-${String(1 + (i % 28)).padStart(2, '0')}`),
        'MOB-S1',
        `Deltagare ${i + 1}`,
        'Piteå',
        1,
        '',
      ]);
    }
    const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
    const ctx = loadBundle(env);
    const billed = plain<any>(ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' }));
    expect(billed.written).toBe(true);
    const number = billed.invoices.find((i: any) => i.municipality === 'Piteå').number;
    const report = plain<any>(ctx.sendingSend({ numbers: [number] }));
    expect(report.sent).toBe(1);
    const blob = env.mail.sent[0].attachments[0].blob;
    const pdf = await pdfText(new Uint8Array(blob?.data ?? []));
    expect(pdf.pages).toBeGreaterThan(2);
    pdf.pageLines.forEach((page, i) => {
      const running = page[0].replace(/\s+/g, ' ');
      expect(running).toMatch(new RegExp(`^\\S.* · Faktura ${number} · .*Piteå.* Sida ${i + 1} av ${pdf.pages}$`));
      // A continued table: its course heading marked (forts.), then its header.
      if (i > 0) {
        expect(page[1].replace(/\s+/g, ' ')).toMatch(/^Kursavgift MOB-S1 .* \(forts\.\)$/);
        expect(page[2].replace(/\s+/g, ' ')).toBe('Deltagare Datum Dagar');
      }
    });
  });

  it('names in Sami, Polish and Meänkieli letters reach the attached PDF as they were typed', async () => {
    const names = ['Ánde Čuđđe', 'Ŋilla Ŧuoddar-Žiežžá', 'Łukasz Wiśniewski', 'Eeva Jäämeri', 'Ǧirjá Ǯuolbba'];
    const tabs = standardTabs();
    for (const name of names) tabs['Närvaro 2024'].push([date('2024-10-07'), 'MOB-S1', name, 'Piteå', 1, '']);
    const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
    const ctx = loadBundle(env);
    const billed = plain<any>(ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' }));
    expect(billed.written).toBe(true);
    const number = billed.invoices.find((i: any) => i.municipality === 'Piteå').number;
    expect(plain<any>(ctx.sendingSend({ numbers: [number] })).sent).toBe(1);
    const pdf = await pdfText(new Uint8Array(env.mail.sent[0].attachments[0].blob?.data ?? []));
    const text = pdf.pageLines.flat().join('\n');
    for (const name of names) expect(text).toContain(name);
  });
});
