// Files the command line cannot read or write: every such failure ends with exit 1 and a Swedish
// sentence that says what to do, never a library's or the operating system's English text
// (SPEC §7), and FILE stays byte-for-byte as it was.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errnoOf, failureText, fileErrorText } from '../../src/cli/failure';
import { fileKind } from '../../src/cli/workbookFile';
import { load, runCli, sampleCopy, sha256, sheet } from './helpers';

/** English texts of Node, JSZip and ExcelJS that must never be shown. */
const ENGLISH =
  /\bE(ISDIR|ACCES|NOENT|ROFS|NOSPC|BUSY|PERM|NOTDIR|EXIST|IO|LOOP|MFILE)\b|central directory|zip file|no such file|permission denied|illegal operation|is not a function|Cannot read|read-only file system|no space left|resource busy|not permitted|Error:/i;

/**
 * A minimal Compound File (MS-CFB 2.2, version 3, 512-byte sectors) holding the two empty streams
 * EncryptionInfo and EncryptedPackage, as a password-protected .xlsx does (MS-OFFCRYPTO 2.3.4).
 * Built here by hand, not by Excel: the streams are empty, which is all the recognition needs.
 */
function encryptedXlsx(streams = ['EncryptionInfo', 'EncryptedPackage']): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3
  header.writeUInt16LE(0xfffe, 28); // byte order
  header.writeUInt16LE(9, 30); // sector size 2^9
  header.writeUInt16LE(6, 32); // mini sector size 2^6
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(0x1000, 56); // mini stream cutoff
  header.writeUInt32LE(0xfffffffe, 60); // no mini FAT
  header.writeUInt32LE(0xfffffffe, 68); // no DIFAT sectors
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 76 + 4 * i);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0: the FAT itself
  fat.writeUInt32LE(0xfffffffe, 4); // sector 1: the directory, end of chain
  const dir = Buffer.alloc(512);
  const entry = (i: number, name: string, type: number, right: number, child: number) => {
    const at = i * 128;
    dir.write(name, at, 'utf16le');
    dir.writeUInt16LE((name.length + 1) * 2, at + 64);
    dir.writeUInt8(type, at + 66);
    dir.writeUInt8(1, at + 67); // black
    dir.writeUInt32LE(0xffffffff, at + 68); // left sibling
    dir.writeUInt32LE(right, at + 72);
    dir.writeUInt32LE(child, at + 76);
    dir.writeUInt32LE(0xfffffffe, at + 116); // start sector: none (empty stream)
  };
  entry(0, 'Root Entry', 5, 0xffffffff, streams.length ? 1 : 0xffffffff);
  streams.forEach((name, i) => entry(i + 1, name, 2, i + 1 < streams.length ? i + 2 : 0xffffffff, 0xffffffff));
  return Buffer.concat([header, fat, dir]);
}

interface BadFile {
  name: string;
  bytes: (sample: Buffer) => Buffer;
  expected: RegExp;
}

const BAD_FILES: BadFile[] = [
  {
    name: 'a text file',
    bytes: () => Buffer.from('Kommun;Dagar\nLuleå;3\n'),
    expected: /ingen \.xlsx-arbetsbok.*Ladda ned/,
  },
  {
    name: 'a truncated .xlsx (no end of central directory)',
    bytes: (sample) => sample.subarray(0, Math.floor(sample.length / 2)),
    expected: /skadad eller ofullständig.*Ladda ned/,
  },
  { name: 'an empty file', bytes: () => Buffer.alloc(0), expected: /är tom \(0 byte\)/ },
  {
    name: 'a password-protected .xlsx',
    bytes: () => encryptedXlsx(),
    expected: /lösenordsskyddad \(krypterad\).*ta bort lösenordet/,
  },
  {
    name: 'an old .xls',
    bytes: () => encryptedXlsx(['Workbook']),
    expected: /äldre Excel-fil \(\.xls\).*spara den som/,
  },
];

describe('a FILE that is no readable workbook', () => {
  const sample = readFileSync(sampleCopy().file);
  for (const bad of BAD_FILES) {
    for (const command of ['bill', 'check', 'report', 'payments']) {
      it(`${bad.name}, ${command}: exit 1, Swedish, the file unchanged`, async () => {
        const { dir, file } = sampleCopy();
        writeFileSync(file, bad.bytes(sample));
        const before = sha256(file);
        const out = join(dir, 'ut');
        const args: Record<string, string[]> = {
          bill: ['bill', '--workbook', file, '--month', '2025-05', '--date', '2025-05-31', '--out', out],
          check: ['check', '--workbook', file],
          report: ['report', '--workbook', file, '--out', out],
          payments: ['payments', '--workbook', file, '--file', file, '--out', out],
        };
        const r = await runCli(args[command]);
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(bad.expected);
        expect(r.stderr + r.stdout).not.toMatch(ENGLISH);
        expect(sha256(file)).toBe(before);
        expect(readdirSync(dir)).toEqual(['bok.xlsx']); // no lock left, no DIR
      });
    }
  }

  it('recognises the kinds by their first bytes', () => {
    expect(fileKind(encryptedXlsx())).toBe('encrypted');
    expect(fileKind(encryptedXlsx(['EncryptionInfo']))).toBe('encrypted');
    expect(fileKind(encryptedXlsx(['Workbook']))).toBe('xls');
    expect(fileKind(sample)).toBe('xlsx');
    expect(fileKind(new Uint8Array())).toBe('empty');
    expect(fileKind(Buffer.from('<html>'))).toBe('other');
  });

  it('a folder given as FILE: exit 1, Swedish', async () => {
    const { dir } = sampleCopy();
    const folder = join(dir, 'mapp.xlsx');
    mkdirSync(folder);
    const r = await runCli(['bill', '--workbook', folder, '--month', '2025-05', '--out', join(dir, 'ut')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/är en mapp, inte en arbetsbok/);
    expect(r.stderr).not.toMatch(ENGLISH);
  });

  it('the library text is shown with YRKESRESAN_DEBUG=1 only', async () => {
    const { file } = sampleCopy();
    writeFileSync(file, sample.subarray(0, 1000));
    const plain = await runCli(['check', '--workbook', file]);
    expect(plain.stderr).not.toMatch(ENGLISH);
    process.env.YRKESRESAN_DEBUG = '1';
    try {
      const debug = await runCli(['check', '--workbook', file]);
      expect(debug.status).toBe(1);
      expect(debug.stderr).toMatch(/Teknisk information \(YRKESRESAN_DEBUG=1\)/);
      expect(debug.stderr).toMatch(/central directory|zip/i);
    } finally {
      delete process.env.YRKESRESAN_DEBUG;
    }
  });
});

describe('an --out that cannot be written', () => {
  it('a folder where invoices.json should be: exit 1, Swedish, FILE unchanged', async () => {
    const { dir, file } = sampleCopy();
    const out = join(dir, 'ut');
    mkdirSync(join(out, 'invoices.json'), { recursive: true });
    const before = sha256(file);
    const r = await runCli(['bill', '--workbook', file, '--month', '2025-05', '--date', '2025-05-31', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/invoices\.json: det ligger en mapp med det namnet där en fil ska vara\. Ta bort/);
    expect(r.stderr).not.toMatch(ENGLISH);
    expect(sha256(file)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['bok.xlsx', 'ut']);
  });

  it('a file where DIR should be, and DIR below a file: exit 1, Swedish, FILE unchanged', async () => {
    const { dir, file } = sampleCopy();
    writeFileSync(join(dir, 'ut'), 'en fil');
    const before = sha256(file);
    for (const out of [join(dir, 'ut'), join(dir, 'ut', 'under')]) {
      for (const args of [
        ['bill', '--workbook', file, '--month', '2025-05', '--date', '2025-05-31', '--out', out],
        ['export', '--workbook', file, '--out', out],
        ['report', '--workbook', file, '--out', out],
      ]) {
        const r = await runCli(args);
        expect(r.status, `${args[0]} ${out}`).toBe(1);
        expect(r.stderr).toMatch(/Kunde inte .*ut.*: (det ligger redan en fil|en del av sökvägen är en fil)/);
        expect(r.stderr).not.toMatch(ENGLISH);
        expect(sha256(file)).toBe(before);
      }
    }
  });

  // /dev/full answers every write with ENOSPC, as a full disk does (Linux; skipped elsewhere).
  it.skipIf(!existsSync('/dev/full'))('a full disk (ENOSPC): exit 1, "disken är full", FILE unchanged', async () => {
    const { dir, file } = sampleCopy();
    const out = join(dir, 'ut');
    mkdirSync(out);
    symlinkSync('/dev/full', join(out, 'invoices.json'));
    const before = sha256(file);
    const r = await runCli(['bill', '--workbook', file, '--month', '2025-05', '--date', '2025-05-31', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/invoices\.json: disken är full\. Frigör utrymme och kör igen\./);
    expect(r.stderr).not.toMatch(ENGLISH);
    expect(sha256(file)).toBe(before);
  });

  it('--send with a folder where a message file should be: the register says why in Swedish', async () => {
    const { dir, file } = sampleCopy();
    // The message names, from a dry run into another folder.
    const preview = join(dir, 'forhand');
    const args = ['bill', '--workbook', file, '--month', '2024-05', '--date', '2024-05-31', '--send'];
    expect((await runCli([...args, '--dry-run', '--out', preview])).status).toBe(0);
    const names = readdirSync(join(preview, 'mail'));
    expect(names.length).toBeGreaterThan(0);
    const out = join(dir, 'ut');
    mkdirSync(join(out, 'mail', names[0]), { recursive: true });
    const r = await runCli([...args, '--out', out]);
    expect(r.status).toBe(1); // billed and saved, but one message could not be made
    expect(r.stderr).toMatch(/skriva e-postfilen .*\.eml: det ligger en mapp med det namnet/);
    expect(r.stderr + r.stdout).not.toMatch(ENGLISH);
    const register = sheet(await load(file), 'Fakturor');
    const statuses: string[] = [];
    register.eachRow((row) => row.eachCell((cell) => void statuses.push(String(cell.value ?? ''))));
    const failed = statuses.filter((s) => s.startsWith('Fel: '));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/^Fel: Kunde inte skriva e-postfilen /);
    expect(statuses.join('\n')).not.toMatch(ENGLISH);
  });
});

describe('the translation of file errors', () => {
  const codes = [
    'ENOENT',
    'ENOTDIR',
    'EISDIR',
    'EEXIST',
    'EACCES',
    'EPERM',
    'EROFS',
    'ENOSPC',
    'EDQUOT',
    'EBUSY',
    'EMFILE',
    'ENAMETOOLONG',
    'ELOOP',
    'EIO',
    'EXDEV',
    'EWHATEVER',
  ];
  for (const code of codes) {
    it(`${code}: a Swedish sentence with what to do, no errno text`, () => {
      const e = Object.assign(new Error(`${code}: some English text, open '/x/y.pdf'`), {
        code,
        syscall: 'open',
        path: '/x/y.pdf',
        errno: -1,
      });
      const text = fileErrorText(errnoOf(e)!);
      expect(text).toMatch(/^Kunde inte öppna \/x\/y\.pdf: .+\. /);
      expect(text).not.toMatch(ENGLISH);
      expect(text).not.toContain(code);
      expect(failureText(e, {})).toBe(text);
    });
  }

  it("an unexpected library error: one Swedish sentence; the product's own Swedish message is kept", () => {
    expect(failureText(new TypeError("Cannot read properties of undefined (reading 'x')"), {})).toMatch(
      /^Oväntat fel: kommandot avbröts av ett internt fel\. Arbetsboken sparades inte\./,
    );
    expect(failureText(new Error('Fliken "Fakturor" finns inte.'), {})).toBe(
      'Oväntat fel: Fliken "Fakturor" finns inte.',
    );
  });
});

describe('an export or bank file that cannot be read', () => {
  it('a password-protected export (import): refused in Swedish, FILE unchanged', async () => {
    const { dir, file } = sampleCopy();
    const exported = join(dir, 'export.xlsx');
    writeFileSync(exported, encryptedXlsx());
    const before = sha256(file);
    const r = await runCli(['import', '--workbook', file, '--file', exported, '--out', join(dir, 'ut')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/lösenordsskyddad \(krypterad\).*utan lösenord/);
    expect(r.stderr).not.toMatch(ENGLISH);
    expect(sha256(file)).toBe(before);
  });

  it('a folder given as --file (import, payments): exit 1 in Swedish, FILE unchanged', async () => {
    const { dir, file } = sampleCopy();
    const folder = join(dir, 'mapp.csv');
    mkdirSync(folder);
    const before = sha256(file);
    for (const [command, what] of [
      ['import', 'exportfilen'],
      ['payments', 'bankfilen'],
    ]) {
      const r = await runCli([command, '--workbook', file, '--file', folder, '--out', join(dir, 'ut')]);
      expect(r.status, command).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`Kunde inte läsa ${what} .*mapp\\.csv: det ligger en mapp med det namnet`));
      expect(r.stderr).not.toMatch(ENGLISH);
      expect(sha256(file)).toBe(before);
    }
  });
});
