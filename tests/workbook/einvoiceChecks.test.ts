/** The tool's own e-invoice checks (SPEC §9): Swedish errors with tab, row and column. */
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/money';
import type { Municipality } from '../../src/core/types';
import { eInvoiceBuyerIssues, eInvoiceSettingIssues } from '../../src/workbook/einvoice/checks';
import { defaultSettings, municipality } from '../core/builders';

const rows = { 'Moms (%)': 15, Momskategori: 20, Momsregistreringsnummer: 21 };
const settings = (o: Record<string, unknown>): ReturnType<typeof defaultSettings> => ({ ...defaultSettings(), ...o });

describe('settings that would break every e-invoice', () => {
  it('the defaults (E, 0 %) and S at 25, 12 or 6 % pass', () => {
    expect(eInvoiceSettingIssues(defaultSettings(), rows)).toEqual([]);
    for (const rate of [25, 12, 6])
      expect(eInvoiceSettingIssues(settings({ vatCategory: 'S', vatPercent: new Dec(rate) }), rows)).toEqual([]);
  });
  it('S at another rate', () => {
    const [i] = eInvoiceSettingIssues(settings({ vatCategory: 'S', vatPercent: new Dec(20) }), rows);
    expect(i).toMatchObject({ severity: 'error', tab: 'Inställningar', row: 15, column: 'Värde', value: '20' });
    expect(i.message).toMatch(/25, 12 eller 6/);
  });
  it('E or O with VAT above 0', () => {
    for (const c of ['E', 'O']) {
      const [i] = eInvoiceSettingIssues(settings({ vatCategory: c, vatPercent: new Dec(25) }), rows);
      expect(i).toMatchObject({ severity: 'error', row: 15, value: '25' });
      expect(i.message).toContain(`Momskategori ${c}`);
    }
  });
  it('O with a VAT number, and a VAT number that is not SE + 12 digits', () => {
    const [o] = eInvoiceSettingIssues(settings({ vatCategory: 'O', vatNumber: 'SE222000187501' }), rows);
    expect(o).toMatchObject({ severity: 'error', row: 21, value: 'SE222000187501' });
    const [bad] = eInvoiceSettingIssues(settings({ vatCategory: 'E', vatNumber: '222000-1875' }), rows);
    expect(bad).toMatchObject({ severity: 'error', row: 21, value: '222000-1875' });
    expect(eInvoiceSettingIssues(settings({ vatCategory: 'E', vatNumber: 'SE 222000 1875 01' }), rows)).toEqual([]);
  });
  it('E without an exemption reason', () => {
    const [i] = eInvoiceSettingIssues(settings({ vatCategory: 'E', vatExemption: ' ' }), rows);
    expect(i.message).toMatch(/Momsundantag/);
  });
});

describe('Kommuner rows that would break their e-invoice', () => {
  const m = (o: Partial<Municipality> & Record<string, unknown>, row = 5) =>
    municipality('Pajala', { orgNumber: '212000-2718', invoiceReference: 'ANS-1', ...o }, row);
  const cols = ['Kommun', 'Organisationsnummer', 'Fakturareferens', 'Peppol-ID'];
  it('a valid row passes: blank Peppol-ID (org. number) or a GLN', () => {
    expect(eInvoiceBuyerIssues([m({}), m({ peppolId: '0088:7350000000016' })], cols)).toEqual([]);
  });
  it('an invalid Peppol-ID', () => {
    for (const id of ['7350000000016', '0088:7350000000017', '0007:212000-2719']) {
      const [i] = eInvoiceBuyerIssues([m({ peppolId: id })], cols);
      expect(i).toMatchObject({ severity: 'error', tab: 'Kommuner', row: 5, column: 'Peppol-ID', value: id });
    }
  });
  it('no e-invoice address at all', () => {
    const [i] = eInvoiceBuyerIssues([m({ orgNumber: '' })], cols);
    expect(i).toMatchObject({ severity: 'error', row: 5, column: 'Organisationsnummer' });
  });
  it('a missing Fakturareferens: an error, or a warning when the whole column is missing', () => {
    expect(eInvoiceBuyerIssues([m({ invoiceReference: '' })], cols)[0]).toMatchObject({
      severity: 'error',
      row: 5,
      column: 'Fakturareferens',
      value: '',
    });
    expect(eInvoiceBuyerIssues([m({ invoiceReference: '' })], ['Kommun', 'Organisationsnummer'])[0]).toMatchObject({
      severity: 'warning',
      column: 'Fakturareferens',
    });
  });
});
