import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types';
import { locate } from '../../src/workbook/locate';

describe('locate: a core finding as the administrator sees it', () => {
  const places = { settingRows: { Organisationsnummer: 3, 'Avtal till': 13 } };
  it('puts a setting on its own row of Inställningar, whatever the message says', () => {
    const f: Finding = {
      severity: 'error',
      about: { kind: 'setting', fields: ['orgNumber'] },
      value: '',
      message: 'Moms (%) nämns här.',
    };
    expect(locate(f, places)).toEqual({
      severity: 'error',
      tab: 'Inställningar',
      row: 3,
      column: 'Värde',
      value: '',
      message: 'Moms (%) nämns här.',
    });
  });
  it('takes the first of several settings that the sheet has, and no row when it has none', () => {
    const both: Finding = {
      severity: 'error',
      about: { kind: 'setting', fields: ['agreementFrom', 'agreementTo'] },
      message: 'x',
    };
    expect(locate(both, places).row).toBe(13);
    const missing: Finding = { severity: 'error', about: { kind: 'setting', fields: ['bankgiro'] }, message: 'x' };
    expect(locate(missing, places)).not.toHaveProperty('row');
  });
  it('names the run request, a record field and a whole column', () => {
    expect(locate({ severity: 'error', about: { kind: 'run', field: 'invoiceDate' }, message: 'x' })).toMatchObject({
      tab: 'Körning',
      column: 'Fakturadatum',
    });
    const row: Finding = {
      severity: 'warning',
      about: { kind: 'trainer', ref: { tab: 'Utbildarlogg', row: 7 }, field: 'date' },
      message: (n) => `${n.field('trainer', 'date')} fel`,
    };
    expect(locate(row)).toEqual({
      severity: 'warning',
      tab: 'Utbildarlogg',
      row: 7,
      column: 'Datum',
      message: 'Datum fel',
    });
    const column: Finding = {
      severity: 'error',
      about: { kind: 'municipality', field: 'fixedCost' },
      message: (n) => `i fliken ${n.tab('municipality')}`,
    };
    expect(locate(column)).toEqual({
      severity: 'error',
      tab: 'Kommuner',
      column: 'Fast kostnad (kr/år)',
      message: 'i fliken Kommuner',
    });
  });
});
