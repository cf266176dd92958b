// The e-invoice settings of SPEC §2.1 (Momskategori, Momsundantag, Momsregistreringsnummer,
// F-skatt) and the Kommuner columns of §2.2 (Juridiskt namn, Peppol-ID, Utbetalningskonto):
// read from the sheet, validated, printed on the invoice sheet and sent in the e-invoice.
import { describe, expect, it } from 'vitest';
import { previewBilling } from '../../src/app/bill';
import { plannedEInvoice } from '../../src/workbook/einvoice/documents';
import { documentToLines } from '../../src/workbook/documentText';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import type { CellValue } from '../../src/workbook/port';
import { readWorkbook } from '../../src/workbook/read';
import { baseWorkbook, settingsTab } from './fixtures';

const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };

function withSettings(overrides: Record<string, CellValue>, drop: string[] = []) {
  const tabs = baseWorkbook();
  tabs['Inställningar'] = settingsTab(overrides).filter((r) => !drop.includes(String(r[0])));
  return tabs;
}

function settingsOf(tabs: Record<string, CellValue[][]>) {
  const snap = readWorkbook(new MemoryWorkbook(tabs));
  return { settings: snap.input.settings, issues: snap.issues.filter((i) => i.severity === 'error') };
}

describe('e-invoice settings', () => {
  it('setup pre-fills them with the defaults of SPEC §2.1', () => {
    const rows = new Map(settingsTab().map((r) => [r[0], r[1]]));
    expect([
      rows.get('Momskategori'),
      rows.get('Momsundantag'),
      rows.get('Momsregistreringsnummer'),
      rows.get('F-skatt'),
    ]).toEqual(['E', 'Momsfri', '', 'Nej']);
    const { settings, issues } = settingsOf(baseWorkbook());
    expect(issues).toEqual([]);
    expect(settings).toMatchObject({ vatCategory: 'E', vatExemption: 'Momsfri', vatNumber: '', fSkatt: false });
  });

  it('reads what the administrator typed, in any case', () => {
    const { settings, issues } = settingsOf(
      withSettings({ Momskategori: 'o', Momsundantag: 'Ej momspliktig verksamhet', 'F-skatt': 'Ja' }),
    );
    expect(issues).toEqual([]);
    expect(settings).toMatchObject({ vatCategory: 'O', vatExemption: 'Ej momspliktig verksamhet', fSkatt: true });
  });

  it('a workbook made before them follows Moms (%): S above 0, else E', () => {
    const drop = ['Momskategori', 'Momsundantag', 'Momsregistreringsnummer', 'F-skatt'];
    expect(settingsOf(withSettings({ 'Moms (%)': 25 }, drop)).settings.vatCategory).toBe('S');
    expect(settingsOf(withSettings({}, drop)).settings).toMatchObject({
      vatCategory: 'E',
      vatExemption: 'Momsfri',
      fSkatt: false,
    });
    expect(settingsOf(withSettings({ 'Moms (%)': 25, Momskategori: '' })).settings.vatCategory).toBe('S');
  });

  it('refuses an unknown category and an F-skatt that is neither Ja nor Nej, naming the row', () => {
    const tabs = withSettings({ Momskategori: 'Z', 'F-skatt': 'kanske' });
    const row = (key: string) => tabs['Inställningar'].findIndex((r) => r[0] === key) + 1;
    const { issues } = settingsOf(tabs);
    expect(issues.map((i) => [i.tab, i.row, i.column, i.value])).toEqual([
      ['Inställningar', row('F-skatt'), 'Värde', 'kanske'],
      ['Inställningar', row('Momskategori'), 'Värde', 'Z'],
    ]);
    expect(issues[1].message).toMatch(/Skriv S \(momspliktig\), E \(momsbefriad\) eller O/);
  });

  it('category E with a VAT rate above 0 stops billing with a Swedish error', () => {
    const o = previewBilling(new MemoryWorkbook(withSettings({ 'Moms (%)': 25, Momskategori: 'E' })), MAY);
    expect(o.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      'Momskategori E (momsbefriad) kan inte ha moms: sätt Moms (%) till 0 eller Momskategori till S.',
    ]);
  });

  it('the exemption text and F-skatt are printed on the invoice sheet and sent in the e-invoice', () => {
    const tabs = withSettings({ Momsundantag: 'Undantag enligt 3 kap. 8 § ML', 'F-skatt': 'Ja' });
    const o = previewBilling(new MemoryWorkbook(tabs), MAY);
    const doc = o.documents.find((x) => x.invoice.municipality === 'Luleå')!;
    const text = documentToLines(doc.doc).join('\n');
    expect(text).toContain('Undantag enligt 3 kap. 8 § ML (0 % moms)');
    expect(text).toContain('Godkänd för F-skatt');
    expect(text).not.toContain('Momsfri');
    const snap = readWorkbook(new MemoryWorkbook(tabs));
    const xml = plannedEInvoice(doc.invoice, snap.input).xml;
    expect(xml).toContain('<cbc:TaxExemptionReason>Undantag enligt 3 kap. 8 § ML</cbc:TaxExemptionReason>');
    expect(xml).toContain('<cbc:CompanyID>Godkänd för F-skatt</cbc:CompanyID>');
  });

  it('a typed VAT number is the one printed at category S', () => {
    const tabs = withSettings({ 'Moms (%)': 25, Momskategori: 'S', Momsregistreringsnummer: 'SE 556677889901' });
    const o = previewBilling(new MemoryWorkbook(tabs), MAY);
    expect(o.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const doc = o.documents.find((x) => x.invoice.municipality === 'Luleå')!;
    expect(documentToLines(doc.doc).join('\n')).toContain('Momsreg.nr SE556677889901');
  });
});

describe('Kommuner columns of e-invoices and payouts', () => {
  it('reads Juridiskt namn, Peppol-ID and Utbetalningskonto by header, wherever they are', () => {
    const tabs = baseWorkbook();
    const kommuner = tabs['Kommuner'].map((r) => [...r]);
    const header = kommuner[0].map(String);
    // The administrator's own column order: the three columns first.
    const order = [
      'Utbetalningskonto',
      'Peppol-ID',
      'Juridiskt namn',
      ...header.filter((h) => !['Utbetalningskonto', 'Peppol-ID', 'Juridiskt namn'].includes(h)),
    ];
    tabs['Kommuner'] = kommuner.map((r, i) =>
      order.map((h) => {
        const at = header.indexOf(h);
        if (i === 0) return h;
        if (r[header.indexOf('Kommun')] === 'Luleå' && h === 'Peppol-ID') return '0088:7300009000005';
        if (r[header.indexOf('Kommun')] === 'Luleå' && h === 'Utbetalningskonto') return '5050-1055';
        if (r[header.indexOf('Kommun')] === 'Luleå' && h === 'Juridiskt namn')
          return 'Luleå kommun, socialförvaltningen';
        return at >= 0 ? r[at] : '';
      }),
    );
    const snap = readWorkbook(new MemoryWorkbook(tabs));
    const lulea = snap.input.municipalities.find((m) => m.name === 'Luleå')!;
    expect(lulea).toMatchObject({
      legalName: 'Luleå kommun, socialförvaltningen',
      peppolId: '0088:7300009000005',
      payoutAccount: '5050-1055',
    });
    const o = previewBilling(new MemoryWorkbook(tabs), MAY);
    const doc = o.documents.find((x) => x.invoice.municipality === 'Luleå')!;
    const xml = plannedEInvoice(doc.invoice, snap.input).xml;
    expect(xml).toContain('<cbc:EndpointID schemeID="0088">7300009000005</cbc:EndpointID>');
    expect(xml).toContain('<cbc:RegistrationName>Luleå kommun, socialförvaltningen</cbc:RegistrationName>');
  });

  it('refuses an Utbetalningskonto that is no bankgiro, naming its cell; a blank one is allowed', () => {
    const withAccount = (account: string) => {
      const tabs = baseWorkbook();
      const header = tabs['Kommuner'][0].map(String);
      tabs['Kommuner'] = tabs['Kommuner'].map((r, i) => {
        const row = [...r];
        const at = header.indexOf('Utbetalningskonto');
        const col = at >= 0 ? at : header.length;
        if (i === 0) row[col] = 'Utbetalningskonto';
        else row[col] = r[header.indexOf('Kommun')] === 'Kiruna' ? account : '';
        return row;
      });
      return previewBilling(new MemoryWorkbook(tabs), MAY).issues.filter((i) => i.column === 'Utbetalningskonto');
    };
    for (const bad of ['se bifogad', '5050-1056', '123-45']) {
      const issues = withAccount(bad);
      expect(issues, bad).toHaveLength(1);
      expect(issues[0]).toMatchObject({ severity: 'error', tab: 'Kommuner', value: bad });
      expect(issues[0].message).toContain(`"${bad}" för Kiruna är inget giltigt bankgironummer`);
    }
    expect(withAccount('5050-1055')).toEqual([]);
    expect(withAccount('')).toEqual([]);
  });
});
