// Every kind of error of SPEC §4 stops `bill` with status 2, names tab, row, column and value,
// and leaves the workbook byte-for-byte as it was. Usage errors give status 1; `check` 0 or 2.
import type ExcelJS from 'exceljs';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../src/core/luhn';
import { cellText, cli, runCli, col, dataRows, edit, sampleCopy, setCell, sha256, sheet, SAMPLE } from './helpers';

/** The sheet row of a setting in Inställningar. */
function settingRow(ws: ExcelJS.Worksheet, key: string): number {
  const row = dataRows(ws).find((r) => ws.getCell(r, 1).value === key);
  if (!row) throw new Error(`no setting ${key}`);
  return row;
}

function municipalityRow(ws: ExcelJS.Worksheet, name: string): number {
  const row = dataRows(ws).find((r) => ws.getCell(r, col(ws, 'Kommun')).value === name);
  if (!row) throw new Error(`no municipality ${name}`);
  return row;
}

function invalidOrgNumber(nine: string): string {
  const wrong = (luhnCheckDigit(nine) + 1) % 10;
  return `${nine.slice(0, 6)}-${nine.slice(6)}${wrong}`;
}

interface Case {
  name: string;
  change: (wb: ExcelJS.Workbook) => void;
  expected: RegExp; // a line of stderr
  send?: boolean;
}

const CASES: Case[] = [
  {
    name: 'unknown municipality',
    change: (wb) => setCell(sheet(wb, 'Närvaro 2024'), 12, 'Kommun', 'Stokholm'),
    expected: /^FEL {2}Flik Närvaro 2024, rad 12, kolumn Kommun: "Stokholm" – .+/m,
  },
  {
    name: 'ambiguous municipality',
    change: (wb) => {
      // A second row that reads the same as Luleå once diacritics are ignored.
      const ws = sheet(wb, 'Kommuner');
      const row = Math.max(...dataRows(ws)) + 1;
      setCell(ws, row, 'Kommun', 'Lulea');
      setCell(ws, row, 'Fast kostnad (kr/år)', 0);
      setCell(sheet(wb, 'Närvaro 2025'), 7, 'Kommun', 'Luleå');
    },
    expected: /^FEL {2}Flik Närvaro 2025, rad 7, kolumn Kommun: "Luleå" – .+/m,
  },
  {
    name: 'unknown Kurs-ID',
    change: (wb) => setCell(sheet(wb, 'Närvaro 2025'), 9, 'Kurs-ID', 'XYZ-99'),
    expected: /^FEL {2}Flik Närvaro 2025, rad 9, kolumn Kurs-ID: "XYZ-99" – .+/m,
  },
  {
    name: 'Datum that is not a date',
    change: (wb) => setCell(sheet(wb, 'Närvaro 2024'), 3, 'Datum', 'i maj'),
    expected: /^FEL {2}Flik Närvaro 2024, rad 3, kolumn Datum: "i maj" – .+/m,
  },
  {
    name: 'Dagar zero',
    change: (wb) => setCell(sheet(wb, 'Närvaro 2024'), 4, 'Dagar', 0),
    expected: /^FEL {2}Flik Närvaro 2024, rad 4, kolumn Dagar: "0" – .+/m,
  },
  {
    name: 'Dagar negative',
    change: (wb) => setCell(sheet(wb, 'Utbildarlogg'), 2, 'Dagar', -1),
    expected: /^FEL {2}Flik Utbildarlogg, rad 2, kolumn Dagar: "-1" – .+/m,
  },
  {
    name: 'missing required setting (Bankgiro)',
    change: (wb) => {
      const ws = sheet(wb, 'Inställningar');
      ws.getCell(settingRow(ws, 'Bankgiro'), 2).value = null;
    },
    expected: /^FEL {2}Flik Inställningar.*Bankgiro/m,
  },
  {
    name: 'fixed costs that do not sum to the setting',
    change: (wb) => {
      const ws = sheet(wb, 'Kommuner');
      setCell(ws, municipalityRow(ws, 'Luleå'), 'Fast kostnad (kr/år)', 298000);
    },
    expected: /^FEL {2}Flik Kommuner.* – .*950/m,
  },
  {
    name: 'invalid org number of the association',
    change: (wb) => {
      const ws = sheet(wb, 'Inställningar');
      ws.getCell(settingRow(ws, 'Organisationsnummer'), 2).value = invalidOrgNumber('222000471');
    },
    expected: /^FEL {2}Flik Inställningar.*Organisationsnummer|^FEL {2}Flik Inställningar.*222000-471/m,
  },
  {
    name: 'invalid org number of a municipality',
    change: (wb) => {
      const ws = sheet(wb, 'Kommuner');
      setCell(ws, municipalityRow(ws, 'Pajala'), 'Organisationsnummer', invalidOrgNumber('212000271'));
    },
    expected: /^FEL {2}Flik Kommuner, rad \d+, kolumn Organisationsnummer: "212000-271\d" – .+/m,
  },
  {
    name: 'invalid e-mail address when sending',
    change: (wb) => {
      const ws = sheet(wb, 'Kommuner');
      setCell(ws, municipalityRow(ws, 'Kalix'), 'E-post', 'socialchef(at)kalix');
    },
    expected: /^FEL {2}Flik Kommuner, rad \d+, kolumn E-post: "socialchef\(at\)kalix" – .+/m,
    send: true,
  },
];

describe('bill: validation errors', () => {
  for (const c of CASES) {
    it(`${c.name}: status 2, every error listed, the file unchanged, nothing written`, async () => {
      const { dir, file } = sampleCopy();
      await edit(file, c.change);
      const before = sha256(file);
      const out = join(dir, 'ut');
      const args = ['bill', '--workbook', file, '--month', '2025-05', '--date', '2025-05-31', '--out', out];
      const r = await runCli(c.send ? [...args, '--send'] : args);
      expect(r.stderr).toMatch(c.expected);
      expect(r.status).toBe(2);
      expect(sha256(file)).toBe(before);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(['bok.xlsx']);
    });
  }

  it('lists every error at once, not just the first', async () => {
    const { file } = sampleCopy();
    await edit(file, (wb) => {
      for (const c of CASES.slice(0, 4)) c.change(wb);
    });
    const before = sha256(file);
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--out',
      join(file, '..', 'ut'),
    ]);
    expect(r.status).toBe(2);
    for (const c of CASES.slice(0, 4)) expect(r.stderr).toMatch(c.expected);
    expect(sha256(file)).toBe(before);
  });

  it('dry run with errors: status 2 as well', async () => {
    const { dir, file } = sampleCopy();
    await edit(file, CASES[0].change);
    const r = await runCli(['bill', '--workbook', file, '--month', '2025-05', '--dry-run', '--out', join(dir, 'ut')]);
    expect(r.status).toBe(2);
    expect(existsSync(join(dir, 'ut'))).toBe(false);
  });
});

describe('check', () => {
  it('exits 0 on the sample', async () => {
    const r = await runCli(['check', '--workbook', SAMPLE]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Inga fel/);
  });

  it('exits 0 with warnings only (a probable duplicate row)', async () => {
    const { file } = sampleCopy();
    await edit(file, (wb) => {
      const ws = sheet(wb, 'Närvaro 2024');
      const last = Math.max(...dataRows(ws));
      ws.getRow(last + 1).values = (ws.getRow(last).values as ExcelJS.CellValue[]).slice();
    });
    const before = sha256(file);
    const r = await runCli(['check', '--workbook', file]);
    expect(r.stderr).toMatch(/^VARNING {2}Flik Närvaro 2024, rad \d+/m);
    expect(r.stderr).not.toMatch(/^FEL/m);
    expect(r.status).toBe(0);
    expect(sha256(file)).toBe(before);
  });

  it('exits 2 and lists the errors, changing nothing', async () => {
    const { file } = sampleCopy();
    await edit(file, (wb) => {
      CASES[0].change(wb);
      CASES[2].change(wb);
    });
    const before = sha256(file);
    const r = await runCli(['check', '--workbook', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(CASES[0].expected);
    expect(r.stderr).toMatch(CASES[2].expected);
    expect(sha256(file)).toBe(before);
  });
});

describe('check on a billed workbook edited by hand', () => {
  it('exits 2 listing every break of the register with tab, row and column, changing nothing', async () => {
    const { dir, file } = sampleCopy();
    expect((await runCli(['bill', '--workbook', file, '--month', '2025-05', '--out', join(dir, 'maj')])).status).toBe(
      0,
    );
    let stampRow = 0;
    let lineRow = 0;
    await edit(file, (wb) => {
      const attendance = sheet(wb, 'Närvaro 2025');
      stampRow = dataRows(attendance).find((r) => cellText(attendance, r, 'Fakturanummer') !== '')!;
      setCell(attendance, stampRow, 'Fakturanummer', null); // the row would be billed twice
      const lines = sheet(wb, 'Fakturarader');
      lineRow = dataRows(lines).at(-1)!;
      setCell(lines, lineRow, 'Belopp', 1);
    });
    const before = sha256(file);
    const r = await runCli(['check', '--workbook', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Flik Fakturarader, rad \d+, kolumn Antal: "\d+" – Fakturan \S+ tar betalt för/);
    expect(r.stderr).toMatch(/Flik Fakturor, rad \d+, kolumn Belopp: .* – Beloppet för \S+ är/);
    expect(sha256(file)).toBe(before);
  });
});

describe('usage', () => {
  const { dir, file } = sampleCopy();
  const bad: [string, string[]][] = [
    ['no command', []],
    ['unknown command', ['fakturera', '--workbook', file]],
    ['missing --workbook', ['check']],
    ['missing --month', ['bill', '--workbook', file, '--out', dir]],
    ['missing --out', ['bill', '--workbook', file, '--month', '2025-05']],
    ['a month that is not May or December', ['bill', '--workbook', file, '--month', '2025-06', '--out', dir]],
    ['a malformed month', ['bill', '--workbook', file, '--month', '2025-5', '--out', dir]],
    ['an impossible date', ['bill', '--workbook', file, '--month', '2025-05', '--date', '2025-02-30', '--out', dir]],
    ['an unknown flag', ['bill', '--workbook', file, '--month', '2025-05', '--out', dir, '--force']],
    ['a workbook that does not exist', ['check', '--workbook', join(dir, 'saknas.xlsx')]],
  ];
  for (const [name, args] of bad) {
    it(`${name}: status 1 with a Swedish message`, async () => {
      const before = sha256(file);
      const r = await runCli(args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/yrkesresan --help|finns inte/);
      expect(sha256(file)).toBe(before);
    });
  }

  it('a workbook another run is working on: status 1, untouched', async () => {
    const { dir: d, file: f } = sampleCopy();
    // The lock of a live process (this test's own).
    writeFileSync(join(d, '.bok.xlsx.lock'), String(process.pid));
    const before = sha256(f);
    const r = await runCli([
      'bill',
      '--workbook',
      f,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--out',
      join(d, 'ut'),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/används av en annan körning/);
    expect(sha256(f)).toBe(before);
    expect(existsSync(join(d, 'ut'))).toBe(false);
  });

  it('a lock left by a process that is gone is taken over', async () => {
    const { dir: d, file: f } = sampleCopy();
    writeFileSync(join(d, '.bok.xlsx.lock'), '2147483646');
    const r = await runCli([
      'bill',
      '--workbook',
      f,
      '--month',
      '2024-05',
      '--date',
      '2024-05-31',
      '--out',
      join(d, 'ut'),
    ]);
    expect(r.status).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['bok.xlsx', 'ut']);
  });

  it('a file that is not a workbook: status 1', async () => {
    const r = await runCli(['check', '--workbook', join(import.meta.dirname, 'errors.test.ts')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/är ingen \.xlsx-arbetsbok/);
    expect(r.stderr).not.toMatch(/central directory|zip file/i);
  });

  it('--help prints the Swedish usage and exits 0', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Användning:/);
    expect(r.stdout).toMatch(/--dry-run/);
    expect(cli(['bill', '--help']).status).toBe(0);
  });
});

describe('report', () => {
  it('is dispatched to the follow-up report', async () => {
    const { dir } = sampleCopy();
    const r = await runCli(['report', '--workbook', SAMPLE, '--out', join(dir, 'rapport')]);
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'rapport')).length).toBeGreaterThan(0);
  });
});
