// The audit log (SPEC §4): Logg is created with its header when missing, rows are only appended,
// Tid is Swedish time, and a log that cannot be written never fails the action.
import { describe, expect, it } from 'vitest';
import { appendLog, errorsDetails, logTime } from '../../src/app/log';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { LOG_HEADERS } from '../../src/workbook/schema';

const AT = new Date('2024-12-20T09:05:07Z'); // 10:05:07 in Stockholm (CET)
const entry = {
  action: 'Fakturering',
  user: 'karin@norrbotten.example',
  details: 'Månad 2024-12',
  result: 'Klar',
  time: AT,
};

describe('appendLog', () => {
  it('creates a protected Logg with its header when missing, then appends below the last row', () => {
    const wb = new MemoryWorkbook();
    expect(appendLog(wb, entry)).toBe(true);
    expect(wb.tab('Logg')!.setup!.protected).toBe(true);
    expect(appendLog(wb, { ...entry, action: 'Utskick', time: new Date('2024-07-01T22:30:00Z') })).toBe(true);
    expect(wb.read('Logg')).toEqual([
      [...LOG_HEADERS],
      ['2024-12-20 10:05:07', 'karin@norrbotten.example', 'Fakturering', 'Månad 2024-12', 'Klar'],
      ['2024-07-02 00:30:00', 'karin@norrbotten.example', 'Utskick', 'Månad 2024-12', 'Klar'],
    ]);
    // Text, so that Sheets never reads Tid as a number or a date in another time zone.
    expect(wb.tab('Logg')!.formats[1]).toEqual(['@', '@', '@', '@', '@']);
  });

  it('keeps columns the administrator added or moved, adds missing headers at the right, never rewrites a row', () => {
    const wb = new MemoryWorkbook({
      logg: [
        ['Anteckning', 'Åtgärd', 'Tid', 'Användare'],
        ['egen rad', 'Fakturering', '2024-05-20 10:00:00', 'ola'],
        ['', '', '', ''],
      ],
    });
    appendLog(wb, entry);
    expect(wb.read('logg')).toEqual([
      ['Anteckning', 'Åtgärd', 'Tid', 'Användare', 'Detaljer', 'Resultat'],
      ['egen rad', 'Fakturering', '2024-05-20 10:00:00', 'ola', '', ''],
      ['', 'Fakturering', '2024-12-20 10:05:07', 'karin@norrbotten.example', 'Månad 2024-12', 'Klar'],
    ]);
    expect(wb.mutations().map((m) => m.op)).toEqual(['write', 'write']);
  });

  it('puts the header into an existing empty tab together with the first row', () => {
    const wb = new MemoryWorkbook({ Logg: [] });
    appendLog(wb, { ...entry, user: '  ' });
    expect(wb.read('Logg')).toEqual([
      [...LOG_HEADERS],
      ['2024-12-20 10:05:07', 'okänd användare', 'Fakturering', 'Månad 2024-12', 'Klar'],
    ]);
  });

  it('returns false and throws nothing when the log cannot be written', () => {
    const wb = new MemoryWorkbook();
    wb.failOnMutation(1);
    expect(appendLog(wb, entry)).toBe(false);
  });

  it('gives Tid in Swedish time across the change to summer time', () => {
    expect(logTime(new Date('2024-03-31T00:59:59Z'))).toBe('2024-03-31 01:59:59');
    expect(logTime(new Date('2024-03-31T01:00:00Z'))).toBe('2024-03-31 03:00:00');
  });

  it('summarises a refusal by its errors, the first three in full', () => {
    const errors = [1, 2, 3, 4].map((row) => ({
      severity: 'error' as const,
      tab: 'Närvaro',
      row,
      column: 'Kommun',
      value: 'X',
      message: 'Okänd kommun "X".',
    }));
    const text = errorsDetails('Månad 2024-05', [
      ...errors,
      { severity: 'warning', tab: 'Kurser', message: 'varning' },
    ]);
    expect(text).toBe(
      'Månad 2024-05: 4 fel. Flik Närvaro, rad 1, kolumn Kommun: "X" – Okänd kommun "X". | Flik Närvaro, rad 2, kolumn Kommun: "X" – Okänd kommun "X". | ' +
        'Flik Närvaro, rad 3, kolumn Kommun: "X" – Okänd kommun "X". (och 1 fel till)',
    );
  });
});
