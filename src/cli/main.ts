/**
 * The `yrkesresan` command (SPEC §7): the billing engine on an .xlsx file.
 *
 * Exit status: 0 done (warnings allowed), 1 usage error or a file that cannot be read or
 * written, 2 validation errors (nothing written; the workbook is byte-for-byte unchanged).
 * The workbook is saved last, atomically, as the commit point: invoices.json, the PDFs and the
 * mail files are written first, so a failure among them leaves the workbook as it was and a
 * re-run produces the same invoices again.
 */
import { mkdir, writeFile } from './outFiles';
import { dirname, join, resolve } from 'node:path';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { previewBilling, runBilling, type BillOutcome } from '../app/bill';
import { checkWorkbook } from '../app/check';
import { runExport, SIE_PATH } from '../app/export';
import { closedYearsPlan, hiddenText } from '../app/closedYears';
import { formatKronor } from '../core/format';
import { sum } from '../core/money';
import { plannedEInvoice } from '../workbook/einvoice/documents';
import { pdfFileName } from '../workbook/mail';
import { credit } from './credit';
import { HELP, parseArgs, todayInStockholm, type Command } from './args';
import { safeFileName } from './eml';
import { invoicesJsonText } from './invoicesJson';
import { sendRunMails } from './mailFiles';
import { renderPdf } from './pdf';
import { Progress } from './progress';
import { importCommand } from './importCommand';
import { paymentsCommand } from './payments';
import { remindCommand } from './remind';
import { runReport } from './report';
import { failureText } from './failure';
import { commandUser, openWorkbook, printIssues, withWorkbook } from './common';

export { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Io } from './exit';
export { acquireLock, commandUser, issueLine, openWorkbook, printIssues } from './common';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Io } from './exit';

const stdio: Io = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/**
 * A reader that stops early (`yrkesresan remind … | head`) closes the pipe: the next write fails
 * with EPIPE, which node raises as an 'error' event and, unheard, as a crash with a stack trace in
 * the middle of the run. The run goes on instead, and what it writes to FILE and DIR still
 * stands; the text nobody reads any more is dropped (a destroyed stream emits no further errors).
 */
function carryOnWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') === 0) stream.on('error', () => undefined);
  }
}

function summary(
  cmd: Extract<Command, { kind: 'bill' }>,
  outcome: BillOutcome,
  files: { pdfs: number; mails: number },
  saved: boolean,
): string[] {
  const plan = outcome.plan!;
  const lines: string[] = [];
  const head = `Fakturering ${plan.month}, fakturadatum ${plan.invoiceDate}`;
  if (plan.invoices.length === 0) {
    lines.push(`${head}: inget nytt att fakturera. Arbetsboken är oförändrad.`);
  } else {
    const n = plan.invoices.length;
    lines.push(
      `${head}${cmd.dryRun ? ' (förhandsgranskning)' : ''}: ${n} ${n === 1 ? 'faktura' : 'fakturor'}, körning ${plan.runId}.`,
    );
    const width = Math.max(...plan.invoices.map((i) => i.municipality.length));
    for (const inv of plan.invoices) {
      // A billing run makes no credit notes: a negative total is an invoice the association pays (SPEC §3.6).
      const kind = inv.credit ? '  (att erhålla)' : '';
      lines.push(`  ${inv.number}  ${inv.municipality.padEnd(width)}  ${formatKronor(inv.total).padStart(16)}${kind}`);
    }
    const label = '  Summa'.padEnd(2 + plan.invoices[0].number.length + 2 + width + 2);
    lines.push(`${label}${formatKronor(sum(plan.invoices.map((i) => i.total))).padStart(16)}`);
  }
  lines.push(
    `Utbildarpotten: in ${formatKronor(plan.pot.collected)}, utbetalt ${formatKronor(plan.pot.paidOut)}, kvar till nästa december ${formatKronor(plan.pot.carriedOver)}.`,
  );
  for (const note of plan.notes) lines.push(note);
  const out = resolve(cmd.out);
  lines.push(
    `Skrev ${join(out, 'invoices.json')}${files.pdfs ? `, ${files.pdfs} PDF i ${join(out, 'pdf')}, ${files.pdfs} e-fakturor i ${join(out, 'peppol')}` : ''}${files.mails ? `, ${files.mails} ${files.mails === 1 ? 'e-postmeddelande' : 'e-postmeddelanden'} i ${join(out, 'mail')}` : ''}.`,
  );
  if (cmd.dryRun) lines.push(`Förhandsgranskning: arbetsboken ${cmd.workbook} är inte ändrad.`);
  else if (saved) lines.push(`Arbetsboken ${cmd.workbook} är uppdaterad.`);
  return lines;
}

/** DIR: invoices.json, a PDF and a Peppol e-invoice per invoice; the folders exist even when empty. */
async function writeRunFiles(out: string, outcome: BillOutcome, send: boolean, progress: Progress): Promise<void> {
  const plan = outcome.plan!;
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'invoices.json'), invoicesJsonText(plan), 'utf8');
  // The folders exist even when empty, so "no invoices" reads the same as any other run.
  await mkdir(join(out, 'pdf'), { recursive: true });
  if (send) await mkdir(join(out, 'mail'), { recursive: true });
  // Dated by the invoice date, so the same run gives byte-identical PDFs on any machine.
  const creationDate = new Date(`${plan.invoiceDate}T00:00:00Z`);
  let n = 0;
  for (const { invoice, doc } of outcome.documents) {
    progress.step(`Skriver PDF ${++n} av ${outcome.documents.length}`);
    const name = pdfFileName(invoice);
    await writeFile(
      join(out, 'pdf', safeFileName(name)),
      await renderPdf(doc, { title: name.replace(/\.pdf$/, ''), creationDate }),
    );
  }
  await mkdir(join(out, 'peppol'), { recursive: true });
  for (const invoice of plan.invoices) {
    const e = plannedEInvoice(invoice, outcome.input!);
    await writeFile(join(out, 'peppol', safeFileName(e.fileName)), e.xml, 'utf8');
  }
}

/** Plan (or preview) the run → DIR → --send → save FILE last → the summary. */
async function bill(io: Io, cmd: Extract<Command, { kind: 'bill' }>): Promise<number> {
  const progress = new Progress({ write: (t: string) => process.stderr.write(t) });
  progress.step('Läser arbetsboken');
  return withWorkbook(io, cmd.workbook, cmd.dryRun, EXIT_USAGE, async (port) => {
    const run = { month: cmd.month, invoiceDate: cmd.date ?? todayInStockholm() };
    progress.step('Kontrollerar och planerar');
    // A dry run with --send runs in memory only, so the messages can be previewed too.
    const logUser = commandUser();
    const outcome =
      cmd.dryRun && !cmd.send
        ? previewBilling(port, run, { forSending: cmd.send })
        : runBilling(port, run, { forSending: cmd.send, logUser });
    const { errors } = printIssues(io, outcome.issues);
    if (errors > 0 || !outcome.plan) {
      io.err(`${errors} fel hittades. Ingenting har skrivits; arbetsboken är oförändrad.`);
      return EXIT_INVALID;
    }
    const plan = outcome.plan;
    const out = resolve(cmd.out);
    await writeRunFiles(out, outcome, cmd.send, progress);
    let sent = { mails: 0, failed: false };
    if (cmd.send && plan.invoices.length > 0) {
      progress.step('Skriver e-post');
      sent = await sendRunMails(
        (l) => io.err(l),
        port,
        plan.invoices.map((i) => i.number),
        out,
        logUser,
      );
    }
    let saved = false;
    if (!cmd.dryRun && port.changed) {
      progress.step('Sparar arbetsboken');
      await port.save(cmd.workbook);
      saved = true;
    }
    for (const line of summary(cmd, outcome, { pdfs: outcome.documents.length, mails: sent.mails }, saved))
      io.out(line);
    // The run itself is billed and saved; a message that could not be made still fails the command.
    return sent.failed ? EXIT_USAGE : EXIT_OK;
  });
}

async function exportFiles(io: Io, cmd: Extract<Command, { kind: 'export' }>): Promise<number> {
  return withWorkbook(io, cmd.workbook, false, EXIT_USAGE, async (port) => {
    const outcome = runExport(port, {
      from: cmd.from,
      to: cmd.to,
      generated: todayInStockholm(),
      logUser: commandUser(),
    });
    const { errors } = printIssues(io, outcome.issues);
    if (errors > 0 || !outcome.summary) {
      io.err(`${errors} fel hittades. Ingenting har exporterats; arbetsboken är oförändrad.`);
      return EXIT_INVALID;
    }
    const out = resolve(cmd.out);
    // The folders exist even when the period is empty.
    await mkdir(join(out, 'sie'), { recursive: true });
    await mkdir(join(out, 'peppol'), { recursive: true });
    for (const file of outcome.files) {
      const path = join(out, ...file.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.bytes);
    }
    // With --hide-closed-years the closed years' invoice sheets are hidden too (no data changes).
    const hide = cmd.hideClosedYears ? closedYearsPlan(port, todayInStockholm()) : null;
    if (hide) port.hideTabs(hide.sheets);
    // Logg (and the sheets' visibility) are the only changes: saved last, atomically.
    if (port.changed) await port.save(cmd.workbook);
    const s = outcome.summary;
    io.out(
      `Export ${s.from ?? 'från början'} – ${s.to ?? 'till slutet'}: ${s.documents} fakturor och kreditfakturor, ${s.payments} inbetalningar, ${s.vouchers} verifikationer.`,
    );
    io.out(`Skrev ${join(out, ...SIE_PATH.split('/'))} och ${join(out, 'peppol')}.`);
    if (hide) io.out(hiddenText(hide));
    return EXIT_OK;
  });
}

async function check(io: Io, workbook: string): Promise<number> {
  const port = await openWorkbook(io, workbook);
  if (!port) return EXIT_USAGE;
  const { errors, warnings } = printIssues(io, checkWorkbook(port, todayInStockholm()));
  if (errors > 0) {
    io.out(`${errors} fel och ${warnings} ${warnings === 1 ? 'varning' : 'varningar'} i ${workbook}.`);
    return EXIT_INVALID;
  }
  io.out(
    warnings > 0
      ? `Inga fel i ${workbook}, men ${warnings} ${warnings === 1 ? 'varning' : 'varningar'}.`
      : `Inga fel eller varningar i ${workbook}.`,
  );
  return EXIT_OK;
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  if (io === stdio) carryOnWhenOutputCloses();
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(`${parsed.error}\nSkriv "yrkesresan --help" för hjälp.`);
    return EXIT_USAGE;
  }
  const cmd = parsed.command;
  try {
    switch (cmd.kind) {
      case 'help':
        io.out(HELP);
        return EXIT_OK;
      case 'check':
        return await check(io, cmd.workbook);
      case 'report':
        return await runReport(cmd.workbook, cmd.out);
      case 'bill':
        return await bill(io, cmd);
      case 'import':
        return await importCommand(io, cmd);
      case 'export':
        return await exportFiles(io, cmd);
      case 'credit':
        return await credit(io, cmd);
      case 'payments':
        return await paymentsCommand(io, cmd);
      case 'remind':
        return await remindCommand(io, cmd);
    }
  } catch (e) {
    io.err(failureText(e));
    return EXIT_USAGE;
  }
}

/**
 * Whether this module is the process's entry: `node dist/cli/yrkesresan.js …` runs the command
 * as `npx yrkesresan …` (bin/yrkesresan.js, which imports main) does, instead of exiting 0
 * without a word. Imported by bin or by the tests, it only exports main.
 */
function isEntry(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntry()) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
