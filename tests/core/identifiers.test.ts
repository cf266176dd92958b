import { describe, expect, it } from 'vitest';
import {
  bankgiroDigits,
  isValidBankgiro,
  isValidGln,
  normalizeVatNumber,
  parsePeppolId,
} from '../../src/core/identifiers';

describe('Bankgiro (SPEC §2.1: 7 or 8 digits, NNN-NNNN or NNNN-NNNN, mod-10 check digit)', () => {
  it.each(['5050-1055', '50501055', '555-0124', ' 5050-1055 '])('accepts %j', (bg) =>
    expect(isValidBankgiro(bg)).toBe(true),
  );
  it.each([
    ['5050-1056', 'wrong check digit'],
    ['5550-1230-7', 'nine digits'],
    ['555012307', 'nine digits'],
    ['55-0123', 'six digits'],
    ['se bifogad', 'text'],
    ['', 'blank'],
    ['5050–1055', 'en dash'],
  ])('refuses %j (%s)', (bg) => expect(isValidBankgiro(bg)).toBe(false));
  it('the digits as an e-invoice sends them', () => {
    expect(bankgiroDigits('5050-1055')).toBe('50501055');
    expect(bankgiroDigits('555-0124')).toBe('5550124');
    expect(bankgiroDigits('5050-1056')).toBe('');
  });
});

describe('GLN', () => {
  it('checks the GS1 check digit', () => {
    expect(isValidGln('7350000000016')).toBe(true);
    expect(isValidGln('7300000000004')).toBe(true);
    expect(isValidGln('7350000000017')).toBe(false);
    expect(isValidGln('735000000001')).toBe(false);
  });
});

describe('Peppol-ID (SPEC §2.2)', () => {
  it('blank means 0007 and the org. number', () => {
    expect(parsePeppolId('', '212000-2742')).toEqual({ scheme: '0007', id: '2120002742' });
    expect(parsePeppolId('  ', '212000-2743')).toBeNull();
  });
  it('reads 0007 with or without the hyphen, and 0088 with a valid GLN', () => {
    expect(parsePeppolId('0007:2120002742', '')).toEqual({ scheme: '0007', id: '2120002742' });
    expect(parsePeppolId('0007:212000-2742', '')).toEqual({ scheme: '0007', id: '2120002742' });
    expect(parsePeppolId('0088:7350000000016', '212000-2718')).toEqual({ scheme: '0088', id: '7350000000016' });
    expect(parsePeppolId('9955:SE212000274201', '')).toEqual({ scheme: '9955', id: 'SE212000274201' });
  });
  it.each([
    '2120002742',
    '0007:212000274',
    '0007:2120002743',
    '0088:7350000000017',
    '0088:735000000001',
    '0192:123456785',
    'x:1',
  ])('refuses %j', (text) => expect(parsePeppolId(text, '212000-2742')).toBeNull());
});

describe('VAT number', () => {
  it('SE and 12 digits, spaces and hyphens ignored', () => {
    expect(normalizeVatNumber('SE222000187501')).toBe('SE222000187501');
    expect(normalizeVatNumber('se 222000-1875 01')).toBe('SE222000187501');
    expect(normalizeVatNumber('SE2220001875')).toBeNull();
    expect(normalizeVatNumber('222000187501')).toBeNull();
  });
});
