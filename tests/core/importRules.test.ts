import { describe, expect, it } from 'vitest';
import { attendanceOf, calendarDays, emailDomain, readTotaraDate, unwrapProtected } from '../../src/core/importRules';

describe('Totara statuses', () => {
  it.each([
    ['Fully attended', 'full'],
    ['Deltog fullt ut', 'full'],
    ['100', 'full'],
    ['100.00', 'full'],
    ['Partially attended', 'half'],
    ['deltog delvis', 'half'],
    ['50', 'half'],
    ['No show', 'none'],
    ['Uteblev', 'none'],
    ['Unable to attend', 'none'],
    ['Kunde inte delta', 'none'],
    ['Not set', 'none'],
    ['Ej angiven', 'none'],
    ['Booked', 'none'],
    ['', 'none'],
    ['0', 'none'],
  ])('%s → %s', (status, expected) => {
    expect(attendanceOf(status)).toBe(expected);
  });
});

describe('Totara dates', () => {
  it.each([
    ['2024-05-13', '2024-05-13'],
    ['2024-05-13 09:00', '2024-05-13'],
    ['2024-05-13T09:00:00+02:00', '2024-05-13'],
    ['13/05/2024', '2024-05-13'],
    ['05/06/2024', '2024-06-05'],
    ['13.05.2024', '2024-05-13'],
    ['13 May 2024', '2024-05-13'],
    ['Monday, 13 May 2024, 9:00 AM', '2024-05-13'],
    ['13 maj 2024 kl. 09.00', '2024-05-13'],
    ['måndag 13 maj 2024', '2024-05-13'],
    ['May 13, 2024', '2024-05-13'],
  ])('%s → %s', (text, iso) => {
    expect(readTotaraDate(text)).toEqual({ kind: 'ok', date: iso });
  });
  it('calls a two-digit year ambiguous and never guesses', () => {
    expect(readTotaraDate('05/06/24').kind).toBe('ambiguous');
    expect(readTotaraDate('13/05/24 09:00').kind).toBe('ambiguous');
  });
  it('rejects what is no date', () => {
    for (const t of ['', 'igår', '2024-02-30', '05/13/2024', '13 Mayo 2024'])
      expect(readTotaraDate(t).kind).toBe('invalid');
  });
});

describe('helpers', () => {
  it("unwraps Totara's protection of formula-like values and keeps everything else", () => {
    expect(unwrapProtected('\t=1+1')).toBe('=1+1');
    expect(unwrapProtected("'+46 70")).toBe('+46 70');
    expect(unwrapProtected("'@anna")).toBe('@anna');
    expect(unwrapProtected("'Anna")).toBe("'Anna");
    expect(unwrapProtected('-5')).toBe('-5');
  });
  it('counts calendar days inclusively and reads e-mail domains', () => {
    expect(calendarDays('2024-02-06', '2024-02-07')).toBe(2);
    expect(calendarDays('2024-03-30', '2024-04-01')).toBe(3);
    expect(emailDomain('Anna@Lulea.SE')).toBe('lulea.se');
    expect(emailDomain('nope')).toBe('');
  });
});
