// Argument parsing, the Swedish date of "today", and the one-line form of an issue.
import { describe, expect, it } from 'vitest';
import { parseArgs, todayInStockholm } from '../../src/cli/args';
import { issueLine } from '../../src/cli/main';

describe('parseArgs', () => {
  it('reads bill with every option, in any order and with = as well', () => {
    expect(
      parseArgs([
        'bill',
        '--out',
        'ut',
        '--send',
        '--month=2024-12',
        '--workbook',
        'a b.xlsx',
        '--dry-run',
        '--date',
        '2024-12-20',
      ]),
    ).toEqual({
      ok: true,
      command: {
        kind: 'bill',
        workbook: 'a b.xlsx',
        month: '2024-12',
        date: '2024-12-20',
        dryRun: true,
        send: true,
        out: 'ut',
      },
    });
    expect(parseArgs(['bill', '--workbook', 'x.xlsx', '--month', '2025-05', '--out', 'ut'])).toEqual({
      ok: true,
      command: {
        kind: 'bill',
        workbook: 'x.xlsx',
        month: '2025-05',
        date: null,
        dryRun: false,
        send: false,
        out: 'ut',
      },
    });
  });

  it('reads payments and remind', () => {
    expect(parseArgs(['payments', '--workbook', 'x.xlsx', '--file', 'camt.xml', '--dry-run', '--out', 'ut'])).toEqual({
      ok: true,
      command: { kind: 'payments', workbook: 'x.xlsx', file: 'camt.xml', dryRun: true, out: 'ut' },
    });
    expect(parseArgs(['remind', '--workbook', 'x.xlsx', '--date', '2025-01-25', '--send', '--out', 'ut'])).toEqual({
      ok: true,
      command: { kind: 'remind', workbook: 'x.xlsx', date: '2025-01-25', dryRun: false, send: true, out: 'ut' },
    });
    expect(parseArgs(['remind', '--workbook', 'x.xlsx', '--out', 'ut'])).toMatchObject({
      ok: true,
      command: { date: null, send: false },
    });
    expect(parseArgs(['payments', '--workbook', 'x.xlsx', '--out', 'ut'])).toEqual({
      ok: false,
      error: expect.stringContaining('--file BANKFIL'),
    });
    expect(parseArgs(['remind', '--workbook', 'x.xlsx', '--date', '2025-02-30', '--out', 'ut'])).toEqual({
      ok: false,
      error: expect.stringContaining('Ogiltigt datum'),
    });
    expect(parseArgs(['payments', '--workbook', 'x.xlsx', '--file', 'f', '--send', '--out', 'ut'])).toEqual({
      ok: false,
      error: 'Okänd flagga "--send" för payments.',
    });
  });

  it('reads check, report and help', () => {
    expect(parseArgs(['check', '--workbook', 'x.xlsx'])).toEqual({
      ok: true,
      command: { kind: 'check', workbook: 'x.xlsx' },
    });
    expect(parseArgs(['report', '--workbook', 'x.xlsx', '--out', 'r'])).toEqual({
      ok: true,
      command: { kind: 'report', workbook: 'x.xlsx', out: 'r' },
    });
    expect(parseArgs(['--help'])).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseArgs(['check', '-h'])).toEqual({ ok: true, command: { kind: 'help' } });
  });

  it('refuses what it cannot run, with a Swedish reason', () => {
    const refusals: [string[], RegExp][] = [
      [[], /Ange ett kommando/],
      [['skicka'], /Okänt kommando "skicka"/],
      [['check'], /--workbook/],
      [['check', '--workbook'], /behöver ett värde/],
      [['check', '--workbook', 'a', '--workbook', 'b'], /två gånger/],
      [['check', '--workbook', 'a', 'extra'], /Oväntat argument "extra"/],
      [['check', '--workbook', 'a', '--month', '2024-05'], /Okänd flagga "--month" för check/],
      [['bill', '--workbook', 'a', '--out', 'u'], /--month/],
      [['bill', '--workbook', 'a', '--month', '2024-06', '--out', 'u'], /maj eller december/],
      [['bill', '--workbook', 'a', '--month', '24-05', '--out', 'u'], /Ogiltig månad/],
      [['bill', '--workbook', 'a', '--month', '2024-05', '--date', '2024-13-01', '--out', 'u'], /Ogiltigt datum/],
      [['bill', '--workbook', 'a', '--month', '2024-05', '--date', '20240501', '--out', 'u'], /Ogiltigt datum/],
      [['bill', '--workbook', 'a', '--month', '2024-05'], /--out/],
      [['bill', '--workbook', 'a', '--month', '2024-05', '--out', 'u', '--send=ja'], /tar inget värde/],
      [['report', '--workbook', 'a'], /--out/],
    ];
    for (const [argv, reason] of refusals) {
      const parsed = parseArgs(argv);
      expect(parsed.ok, argv.join(' ')).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(reason);
    }
  });
});

describe('todayInStockholm', () => {
  it('is the calendar date in Sweden, not in UTC', () => {
    expect(todayInStockholm(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
    expect(todayInStockholm(new Date('2025-06-30T22:15:00Z'))).toBe('2025-07-01'); // summer time
    expect(todayInStockholm(new Date('2025-05-31T12:00:00Z'))).toBe('2025-05-31');
  });
});

describe('issueLine', () => {
  it('names tab, row, column and value before the message', () => {
    expect(
      issueLine({
        severity: 'error',
        tab: 'Närvaro 2024',
        row: 12,
        column: 'Kommun',
        value: 'Stokholm',
        message: 'Okänd kommun "Stokholm".',
      }),
    ).toBe('FEL  Flik Närvaro 2024, rad 12, kolumn Kommun: "Stokholm" – Okänd kommun "Stokholm".');
    expect(issueLine({ severity: 'warning', tab: 'Närvaro', row: 3, message: 'Trolig dubblett.' })).toBe(
      'VARNING  Flik Närvaro, rad 3 – Trolig dubblett.',
    );
    expect(
      issueLine({
        severity: 'error',
        tab: 'Kommuner',
        column: 'Fast kostnad (kr/år)',
        value: '949008',
        message: 'Summan stämmer inte.',
      }),
    ).toBe('FEL  Flik Kommuner, kolumn Fast kostnad (kr/år): "949008" – Summan stämmer inte.');
    expect(issueLine({ severity: 'error', tab: '', message: 'Ingen flik.' })).toBe('FEL  Ingen flik.');
  });
});
