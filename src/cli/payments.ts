/**
 * `yrkesresan payments` (SPEC §7, §10): Läs in betalningar on an .xlsx file. The same use case as
 * in the spreadsheet (app/payments.ts) with fast-xml-parser behind the XML port; DIR/payments.json
 * is written first and FILE saved last, atomically. A file that cannot be read as a bank file, or
 * an allocation that names no invoice, exits 2 with FILE byte-for-byte unchanged.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { mkdir, writeFile } from './outFiles';
import { basename, join, resolve } from 'node:path';
import { importPayments, paymentsJson, previewPayments, type PaymentOutcome } from '../app/payments';
import { formatKronor } from '../core/format';
import { Dec } from '../core/money';
import type { Command } from './args';
import { commandUser, printIssues, withWorkbook } from './common';
import { errnoOf, fileErrorText } from './failure';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Io } from './exit';
import { xmlParser } from '../workbook/xml';

type PaymentsCommand = Extract<Command, { kind: 'payments' }>;

/** DIR/payments.json: exactly the shape of SPEC §10. */
export function paymentsJsonText(outcome: PaymentOutcome): string {
  return `${JSON.stringify(paymentsJson(outcome), null, 2)}\n`;
}

function summary(cmd: PaymentsCommand, outcome: PaymentOutcome, saved: boolean): string[] {
  const lines = [`${cmd.dryRun ? 'Förhandsgranskning: ' : ''}${outcome.message}`];
  for (const p of outcome.payments) {
    const invoice = p.invoice ? ` → ${p.invoice}` : '';
    lines.push(
      `  ${p.bankReference}  ${p.date}  ${formatKronor(new Dec(p.amount)).padStart(14)}  ${p.status}${invoice}${p.note ? `  (${p.note})` : ''}`,
    );
  }
  for (const a of outcome.allocations)
    lines.push(`  Fördelning: ${a.bankReference} (${formatKronor(new Dec(a.amount))}) → ${a.invoice}`);
  for (const i of outcome.invoices)
    lines.push(
      `  ${i.number}  ${i.municipality}: betalt ${formatKronor(new Dec(i.paid))} av ${formatKronor(new Dec(i.total))}, ${i.status}`,
    );
  lines.push(`Skrev ${join(resolve(cmd.out), 'payments.json')}.`);
  if (cmd.dryRun) lines.push(`Arbetsboken ${cmd.workbook} är inte ändrad.`);
  else if (saved) lines.push(`Arbetsboken ${cmd.workbook} är uppdaterad.`);
  return lines;
}

export async function paymentsCommand(io: Io, cmd: PaymentsCommand): Promise<number> {
  if (!existsSync(cmd.file)) {
    io.err(`Bankfilen ${cmd.file} finns inte.`);
    return EXIT_USAGE;
  }
  return withWorkbook(io, cmd.workbook, cmd.dryRun, EXIT_USAGE, async (port) => {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(cmd.file));
    } catch (e) {
      const errno = errnoOf(e);
      io.err(errno ? fileErrorText(errno, 'läsa bankfilen', cmd.file) : `Kunde inte läsa bankfilen ${cmd.file}.`);
      return EXIT_USAGE;
    }
    const upload = { name: basename(cmd.file), bytes };
    const options = { xml: xmlParser, logUser: commandUser() };
    const outcome = cmd.dryRun ? previewPayments(port, upload, options) : importPayments(port, upload, options);
    const { errors } = printIssues(io, [...outcome.errors, ...outcome.warnings]);
    if (!outcome.ok || errors > 0) {
      io.err(`${errors} fel hittades. Inga betalningar lästes in; arbetsboken är oförändrad.`);
      return EXIT_INVALID;
    }
    const out = resolve(cmd.out);
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'payments.json'), paymentsJsonText(outcome), 'utf8');
    let saved = false;
    if (!cmd.dryRun && port.changed) {
      await port.save(cmd.workbook);
      saved = true;
    }
    for (const line of summary(cmd, outcome, saved)) io.out(line);
    return EXIT_OK;
  });
}
