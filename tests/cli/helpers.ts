// Running the built command line on copies of the sample workbook: in-process through the built
// CLI's main() (fast; `env` is set in process.env for the run), or as a child process of the real
// binary (a few tests, and wherever the working directory or the process itself matters).
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';
import type { InvoicesJson as InvoicesJsonType } from '../../src/cli/invoicesJson';
import { readExcelJS } from '../../src/cli/xlsx';

export const ROOT = join(import.meta.dirname, '../..');
export const SAMPLE = join(ROOT, 'examples/exempel.xlsx');
const BIN = join(ROOT, 'bin/yrkesresan.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd?: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Main = (argv: string[], io?: { out(text: string): void; err(text: string): void }) => Promise<number>;
let built: Promise<Main> | undefined;

/**
 * The command in this process: the built dist/cli/yrkesresan.js's main() with its output captured.
 * Text that the command writes to the process's streams directly (progress, the report) is
 * captured as well, so the result reads as the child process's would.
 */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const main = await (built ??= import(pathToFileURL(join(ROOT, 'dist/cli/yrkesresan.js')).href).then(
    (m: { main: Main }) => m.main,
  ));
  let stdout = '';
  let stderr = '';
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const io = { out: (text: string) => void (stdout += line(text)), err: (text: string) => void (stderr += line(text)) };
  const out = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  // The environment the command reads (YRKESRESAN_ANVANDARE, …), set for this run only.
  const saved = Object.keys(env).map((key) => [key, process.env[key]] as const);
  Object.assign(process.env, env);
  try {
    return { status: await main(args, io), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** A fresh temp directory holding a copy of the sample as bok.xlsx. */
export function sampleCopy(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'yr-cli-'));
  const file = join(dir, 'bok.xlsx');
  copyFileSync(SAMPLE, file);
  return { dir, file };
}

const preparedBooks = new Map<string, Promise<{ bytes: Buffer; value: unknown }>>();

/**
 * A fresh temp directory holding bok.xlsx as `prepare` left a copy of the sample, and what it
 * returned. Tests that start from the same prepared workbook (the sample billed for May, …) share
 * one preparation per worker under `key`: it runs once, in a directory of its own, and every
 * caller gets its own copy of the resulting file, so nothing one test does to it reaches another.
 * Each caller gets its own copy of the value too. A test about the preparing runs themselves runs
 * them itself.
 */
export async function prepared<T>(
  key: string,
  prepare: (copy: { dir: string; file: string }) => Promise<T>,
): Promise<{ dir: string; file: string; value: T }> {
  let made = preparedBooks.get(key);
  if (!made) {
    const copy = sampleCopy();
    made = prepare(copy).then((value) => ({ bytes: readFileSync(copy.file), value }));
    preparedBooks.set(key, made);
  }
  const { bytes, value } = await made;
  const { dir, file } = sampleCopy();
  writeFileSync(file, bytes);
  return { dir, file, value: structuredClone(value) as T };
}

/**
 * bill of each (month, date) in turn on the sample, prepared once per worker: a copy of the billed
 * workbook, each run's invoices.json and its DIR (shared: read it, do not write into it).
 */
export async function billedSample(
  ...runs: [month: string, date: string][]
): Promise<{ dir: string; file: string; runs: InvoicesJsonType[]; outs: string[] }> {
  const { dir, file, value } = await prepared(`bill ${JSON.stringify(runs)}`, async (copy) => {
    const outs: string[] = [];
    for (const [month, date] of runs) {
      const out = join(copy.dir, `bill-${month}`);
      const r = await runCli(['bill', '--workbook', copy.file, '--month', month, '--date', date, '--out', out]);
      if (r.status !== 0 || /FEL/.test(r.stderr))
        throw new Error(`bill ${month} of the sample: exit ${r.status}\n${r.stderr}`);
      outs.push(out);
    }
    return { outs, runs: outs.map(readJson) };
  });
  return { dir, file, ...value };
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * The file in ExcelJS, its data validations as ranges the way the tool loads it (readExcelJS):
 * ExcelJS alone expands the sample's 18 000 validated cells one by one, which is most of its load
 * and, when the workbook is written back, of its save too.
 */
export async function load(file: string): Promise<ExcelJS.Workbook> {
  return readExcelJS(readFileSync(file));
}

/**
 * Edits the workbook file the way an administrator would, outside the tool. The zip is stored,
 * not deflated: what the edits test is the workbook's content, and the tool reads either.
 */
export async function edit(file: string, change: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = await load(file);
  change(wb);
  await wb.xlsx.writeFile(file, STORED);
}

/** ExcelJS's write options for a stored (not deflated) zip: tests write workbooks for their content. */
export const STORED = { zip: { compression: 'STORE' } } as unknown as Partial<ExcelJS.XlsxWriteOptions>;

export function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no tab ${name}`);
  return ws;
}

/** 1-based column of a header in row 1. */
export function col(ws: ExcelJS.Worksheet, header: string): number {
  let found = 0;
  ws.getRow(1).eachCell((cell, c) => {
    if (String(cell.value).trim() === header) found = c;
  });
  if (!found) throw new Error(`no column ${header} in ${ws.name}`);
  return found;
}

/** The data rows (sheet row numbers) that have something in column 1. */
export function dataRows(ws: ExcelJS.Worksheet): number[] {
  const rows: number[] = [];
  ws.eachRow((row, r) => {
    if (r > 1 && row.getCell(1).value !== null && row.getCell(1).value !== '') rows.push(r);
  });
  return rows;
}

/** Sets a cell by header and sheet row. */
export function setCell(ws: ExcelJS.Worksheet, row: number, header: string, value: ExcelJS.CellValue): void {
  ws.getCell(row, col(ws, header)).value = value;
}

export function cellText(ws: ExcelJS.Worksheet, row: number, header: string): string {
  const v = ws.getCell(row, col(ws, header)).value;
  return v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

/** invoices.json as the command writes it: the product's own types. */
export type { InvoicesJson, JsonInvoice, JsonLine } from '../../src/cli/invoicesJson';

export function readJson(dir: string): InvoicesJsonType {
  return JSON.parse(readFileSync(join(dir, 'invoices.json'), 'utf8')) as InvoicesJsonType;
}

/** Amount strings in öre, as integers (exact). */
export function ore(amount: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
  if (!m) throw new Error(`not a two-decimal amount: ${amount}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}
