// `yrkesresan remind` in-process on copies of the sample workbook, billed for May 2024 (due
// 2024-06-19), one invoice paid and one credited (SPEC §7, §10): the list without --send, the
// reminders with --send as .eml files with the invoice PDF attached, Påmind, Logg, and the 14-day rule.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { camt054 } from '../fixtures/bankFiles';
import {
  cellText,
  dataRows,
  load,
  prepared,
  readJson,
  runCli,
  sampleCopy,
  sha256,
  sheet,
  type JsonInvoice,
} from './helpers';

interface RemindersJson {
  date: string;
  reminders: { number: string; municipality: string; remaining: string; dueDate: string; newDueDate: string }[];
}

const remindersJson = (dir: string): RemindersJson =>
  JSON.parse(readFileSync(join(dir, 'reminders.json'), 'utf8')) as RemindersJson;

/**
 * May 2024 billed; the first invoice paid in full, 1 000 kr of the second, the third credited.
 * Prepared once per worker; each test has its own copy.
 */
async function workbook(): Promise<{ dir: string; file: string; invoices: JsonInvoice[] }> {
  const { dir, file, value } = await prepared('remind: May 2024 billed, paid in part, credited', prepare);
  return { dir, file, invoices: value };
}

async function prepare({ dir, file }: { dir: string; file: string }): Promise<JsonInvoice[]> {
  expect(
    (
      await runCli([
        'bill',
        '--workbook',
        file,
        '--month',
        '2024-05',
        '--date',
        '2024-05-20',
        '--out',
        join(dir, 'bill'),
      ])
    ).status,
  ).toBe(0);
  const invoices = readJson(join(dir, 'bill')).invoices;
  const [a, b, c] = invoices;
  const bank = join(dir, 'bank.xml');
  writeFileSync(
    bank,
    camt054([
      {
        bookingDate: '2024-06-10',
        txs: [
          { amount: a.total, ref: a.ocr, acctSvcrRef: 'P1' },
          { amount: '1000.00', ref: b.ocr, acctSvcrRef: 'P2' },
        ],
      },
    ]),
  );
  expect((await runCli(['payments', '--workbook', file, '--file', bank, '--out', join(dir, 'pay')])).status).toBe(0);
  const credited = await runCli([
    'credit',
    '--workbook',
    file,
    '--invoice',
    c.number,
    '--date',
    '2024-06-12',
    '--reason',
    'Fel antal',
    '--out',
    join(dir, 'credit'),
  ]);
  expect(credited.status, credited.stderr).toBe(0);
  return invoices;
}

async function remindedColumn(file: string): Promise<Record<string, string>> {
  const ws = sheet(await load(file), 'Fakturor');
  return Object.fromEntries(dataRows(ws).map((r) => [cellText(ws, r, 'Fakturanummer'), cellText(ws, r, 'Påmind')]));
}

/** The attachment of a message: its file name and decoded bytes. */
function attachment(eml: string): { fileName: string; bytes: Buffer } {
  const part =
    /Content-Type: application\/pdf;[^\r\n]*(?:\r\n[ \t][^\r\n]*)*\r\n((?:[^\r\n]+\r\n)*)\r\n([A-Za-z0-9+/=\r\n]+)/.exec(
      eml,
    );
  if (!part) throw new Error('no PDF attachment');
  const name = /filename\*?=(?:utf-8'')?"?([^"\r\n;]+)"?/i.exec(eml.slice(part.index))?.[1] ?? '';
  return { fileName: decodeURIComponent(name), bytes: Buffer.from(part[2].replace(/\s+/g, ''), 'base64') };
}

describe('yrkesresan remind', () => {
  it('lists the overdue invoices without --send and changes nothing; --send writes one .eml each with the PDF, Påmind and Logg', async () => {
    const { dir, file, invoices } = await workbook();
    const [a, b, c] = invoices;
    const due = invoices.filter((i) => i !== a && i !== c);
    const before = sha256(file);
    const list = await runCli(['remind', '--workbook', file, '--date', '2024-06-25', '--out', join(dir, 'list')]);
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    const json = remindersJson(join(dir, 'list'));
    expect(json.date).toBe('2024-06-25');
    expect(json.reminders.map((r) => r.number)).toEqual(due.map((i) => i.number));
    expect(json.reminders[0]).toEqual({
      number: b.number,
      municipality: b.municipality,
      remaining: (Number(b.total) - 1000).toFixed(2),
      dueDate: '2024-06-19',
      newDueDate: '2024-07-05',
    });
    expect(sha256(file)).toBe(before);

    const sent = await runCli([
      'remind',
      '--workbook',
      file,
      '--date',
      '2024-06-25',
      '--send',
      '--out',
      join(dir, 'sent'),
    ]);
    expect(sent.stderr).toBe('');
    expect(sent.status).toBe(0);
    expect(remindersJson(join(dir, 'sent'))).toEqual(json);
    const mails = readdirSync(join(dir, 'sent', 'mail')).sort();
    expect(mails).toEqual(due.map((i) => `Påminnelse ${i.number} ${i.municipality}.eml`).sort());
    const eml = readFileSync(join(dir, 'sent', 'mail', `Påminnelse ${b.number} ${b.municipality}.eml`), 'latin1');
    expect(eml).toMatch(/^Subject: /m);
    const pdf = attachment(eml);
    expect(pdf.fileName).toBe(`${b.number} ${b.municipality}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const body = Buffer.from(
      /Content-Type: text\/plain[^\r\n]*\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+)/
        .exec(eml)![1]
        .replace(/\s+/g, ''),
      'base64',
    ).toString('utf8');
    expect(body).toContain('Nytt förfallodatum: 2024-07-05');
    expect(body).toContain('Ursprungligt förfallodatum: 2024-06-19');
    expect(body).toContain(`OCR: ${b.ocr}`);
    expect(body).toMatch(/Att betala: \d{1,3}( \d{3})*,\d{2} kr/);

    const marks = await remindedColumn(file);
    expect(marks[a.number]).toBe('');
    expect(marks[c.number]).toBe('');
    expect(due.every((i) => marks[i.number] === '2024-06-25')).toBe(true);
    const ws = sheet(await load(file), 'Logg');
    const last = dataRows(ws).at(-1)!;
    expect([cellText(ws, last, 'Åtgärd'), cellText(ws, last, 'Resultat')]).toEqual(['Påminnelser', 'Klar']);
  });

  it('reminds no invoice twice within 14 days; --dry-run --send writes the messages but not FILE', async () => {
    const { dir, file, invoices } = await workbook();
    expect(
      (await runCli(['remind', '--workbook', file, '--date', '2024-06-25', '--send', '--out', join(dir, 'first')]))
        .status,
    ).toBe(0);
    const after = sha256(file);
    const soon = await runCli([
      'remind',
      '--workbook',
      file,
      '--date',
      '2024-07-08',
      '--send',
      '--out',
      join(dir, 'soon'),
    ]);
    expect(soon.status).toBe(0);
    expect(remindersJson(join(dir, 'soon')).reminders).toEqual([]);
    expect(readdirSync(join(dir, 'soon', 'mail'))).toEqual([]);
    const listed = await runCli(['remind', '--workbook', file, '--date', '2024-07-08', '--out', join(dir, 'soonList')]);
    expect(listed.stdout).toContain('nästa påminnelse tidigast 2024-07-09');

    const dry = await runCli([
      'remind',
      '--workbook',
      file,
      '--date',
      '2024-07-09',
      '--send',
      '--dry-run',
      '--out',
      join(dir, 'dry'),
    ]);
    expect(dry.status).toBe(0);
    expect(readdirSync(join(dir, 'dry', 'mail'))).toHaveLength(invoices.length - 2);
    expect(remindersJson(join(dir, 'dry')).reminders.every((r) => r.newDueDate === '2024-07-19')).toBe(true);
    expect((await remindedColumn(file))[invoices[1].number]).toBe('2024-06-25');
    // Neither the run with nothing to remind nor the dry run changed FILE.
    expect(sha256(file)).toBe(after);
  });

  it('takes the workbook lock for --send (and payments), exits 1 while another run holds it, and leaves FILE untouched', async () => {
    const { dir, file } = sampleCopy();
    writeFileSync(join(dir, '.bok.xlsx.lock'), String(process.pid)); // a live process: this test's own
    const before = sha256(file);
    const send = await runCli([
      'remind',
      '--workbook',
      file,
      '--date',
      '2024-06-25',
      '--send',
      '--out',
      join(dir, 'ut'),
    ]);
    expect(send.status).toBe(1);
    expect(send.stderr).toMatch(/används av en annan körning/);
    const bank = join(dir, 'bank.xml');
    writeFileSync(
      bank,
      camt054([{ bookingDate: '2024-06-10', txs: [{ amount: '1.00', ref: '1', acctSvcrRef: 'L1' }] }]),
    );
    const pay = await runCli(['payments', '--workbook', file, '--file', bank, '--out', join(dir, 'ut')]);
    expect(pay.status).toBe(1);
    expect(pay.stderr).toMatch(/används av en annan körning/);
    expect(sha256(file)).toBe(before);
    // Listing without --send writes nothing, so it needs no lock.
    expect(
      (await runCli(['remind', '--workbook', file, '--date', '2024-06-25', '--out', join(dir, 'list')])).status,
    ).toBe(0);
  });

  it('refuses a malformed --date with exit 1', async () => {
    const { file } = sampleCopy();
    const r = await runCli(['remind', '--workbook', file, '--date', '2024-02-30', '--out', 'x']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Ogiltigt datum');
  });
});
