import { describe, expect, it } from 'vitest';
import { cellText, isEmail, moneyCell, parseDate, parseNumber, parseYesNo } from '../../src/workbook/cells';
import { Dec } from '../../src/core/money';
import { CalendarDate } from '../../src/workbook/port';

describe('cells', () => {
  it('reads dates from date cells and YYYY-MM-DD text only', () => {
    expect(parseDate(new CalendarDate('2024-02-29'))).toBe('2024-02-29');
    expect(parseDate({ iso: '2024-05-31' })).toBe('2024-05-31'); // another module copy
    expect(parseDate(' 2024-05-06 ')).toBe('2024-05-06');
    expect(parseDate('2024-05-06 13:45')).toBe('2024-05-06');
    for (const bad of ['2023-02-29', '2024-13-01', '6/5 2024', '20240506', '', 45000, true])
      expect(parseDate(bad)).toBeNull();
  });

  it('reads numbers from number cells and Swedish text, exactly', () => {
    const n = (v: string | number) => parseNumber(v)?.toString() ?? null;
    expect(n(1.5)).toBe('1.5');
    expect(n(0.1)).toBe('0.1');
    expect(n('1,5')).toBe('1.5');
    expect(n('1 550')).toBe('1550');
    expect(n('1\u00a0550,00 kr')).toBe('1550');
    expect(n('1\u202f550,25')).toBe('1550.25');
    expect(n('−3 100')).toBe('-3100');
    expect(n('25 %')).toBe('25');
    expect(n('1.5')).toBe('1.5');
    for (const bad of ['', '  ', 'två', '1,5,5', '1.550,00', '12a', Number.NaN]) expect(n(bad)).toBeNull();
  });

  it('reads Ja/Nej and TRUE/FALSE, blank as the fallback', () => {
    expect(parseYesNo('Ja', false)).toBe(true);
    expect(parseYesNo(' nej ', true)).toBe(false);
    expect(parseYesNo(true, false)).toBe(true);
    expect(parseYesNo('', true)).toBe(true);
    expect(parseYesNo('kanske', true)).toBeNull();
  });

  it('text, e-mail and money cells', () => {
    expect(cellText(new CalendarDate('2024-01-02'))).toBe('2024-01-02');
    expect(cellText('  Luleå ')).toBe('Luleå');
    expect(cellText(1550)).toBe('1550');
    expect(isEmail('socialchef@lulea.se')).toBe(true);
    expect(isEmail('Anna <anna@x.se>')).toBe(false);
    expect(isEmail('anna@x')).toBe(false);
    expect(moneyCell(new Dec('1866.665'))).toBe(1866.67);
    expect(Object.is(moneyCell(new Dec('-0.001')), 0)).toBe(true);
  });
});
