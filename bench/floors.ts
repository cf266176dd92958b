/**
 * The floors of the command line's other commands (issue 22), each run as its own node process
 * like the command, so both pay the same start-up; bundled into dist/bench/floors.mjs by
 * bench/run.mjs. Usage:
 *   xml FILE [WORKBOOK OUT]   parse a bank file's XML with the product's parser (workbook/xml.ts),
 *                             and (a reference) read WORKBOOK and write it to OUT with ExcelJS
 *   import FILE WORKBOOK OUT  parse a Totara export as the command does (cli/importFile.ts), and
 *                             read WORKBOOK and write it to OUT with ExcelJS
 *   export WORKBOOK DIR OUT   read WORKBOOK with ExcelJS and write the bytes of every file under
 *                             DIR (what `export` wrote) again under OUT
 */
import ExcelJS from 'exceljs';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { readExportFile } from '../src/cli/importFile';
import { xmlParser } from '../src/workbook/xml';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

async function roundTrip(input: string, output: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(input);
  await wb.xlsx.writeFile(output);
}

const [kind, ...args] = process.argv.slice(2);
if (kind === 'xml') {
  const doc = xmlParser(new TextDecoder().decode(readFileSync(args[0])));
  if (!('root' in doc)) throw new Error(`not parsed: line ${doc.errorLine}`);
  if (args[1]) await roundTrip(args[1], args[2]);
} else if (kind === 'import') {
  const table = await readExportFile(args[0]);
  if (table.rows.length === 0) throw new Error('no rows');
  await roundTrip(args[1], args[2]);
} else if (kind === 'export') {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(args[0]);
  const bytes = files(args[1]).map((f) => [relative(args[1], f), readFileSync(f)] as const);
  for (const [name, b] of bytes) {
    mkdirSync(dirname(join(args[2], name)), { recursive: true });
    writeFileSync(join(args[2], name), b);
  }
} else {
  throw new Error(`unknown floor ${kind}`);
}
