/**
 * `yrkesresan credit` (SPEC §7, §8): the menu item Kreditera faktura on an .xlsx file. The same
 * use case as in the spreadsheet (app/credit.ts); like bill, DIR is written first and FILE is
 * saved last, atomically, so a failure on the way leaves FILE as it was. A refusal exits 2 with
 * FILE byte-for-byte unchanged.
 */
import { mkdir, writeFile } from './outFiles';
import { join, resolve } from 'node:path';
import { previewCredit, runCredit } from '../app/credit';
import { formatKronor } from '../core/format';
import { plannedEInvoice } from '../workbook/einvoice/documents';
import { pdfFileName } from '../workbook/mail';
import type { Command } from './args';
import { commandUser, printIssues, withWorkbook } from './common';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Io } from './exit';
import { todayInStockholm } from './args';
import { safeFileName } from './eml';
import { creditJson, invoicesJsonText } from './invoicesJson';
import { sendRunMails } from './mailFiles';
import { renderPdf } from './pdf';

type CreditCommand = Extract<Command, { kind: 'credit' }>;

type CreditOutcome = ReturnType<typeof runCredit>;
type CreditPlan = NonNullable<CreditOutcome['plan']>;

/** DIR: invoices.json, the credit note's PDF and its Peppol CreditNote (SPEC §9) beside it. */
async function writeCreditFiles(out: string, plan: CreditPlan, outcome: CreditOutcome): Promise<void> {
  await mkdir(join(out, 'pdf'), { recursive: true });
  await writeFile(join(out, 'invoices.json'), invoicesJsonText(creditJson(plan)), 'utf8');
  const name = pdfFileName(plan.note);
  const creationDate = new Date(`${plan.note.invoiceDate}T00:00:00Z`);
  await writeFile(
    join(out, 'pdf', safeFileName(name)),
    await renderPdf(outcome.sheet!.doc, { title: name.replace(/\.pdf$/, ''), creationDate }),
  );
  const eInvoice = plannedEInvoice(plan.note, outcome.snapshot.input);
  await mkdir(join(out, 'peppol'), { recursive: true });
  await writeFile(join(out, 'peppol', safeFileName(eInvoice.fileName)), eInvoice.xml, 'utf8');
}

/** What was credited, what is billed again, the pot, and what was written. */
function printCredit(io: Io, cmd: CreditCommand, plan: CreditPlan, out: string, mails: number, saved: boolean): void {
  const note = plan.note;
  const head =
    plan.kind === 'complete'
      ? 'Krediteringen slutfördes'
      : cmd.dryRun
        ? 'Kreditering (förhandsgranskning)'
        : 'Kreditering';
  io.out(
    `${head}: ${note.number} krediterar ${plan.credited.number} (${note.municipality}), ${formatKronor(note.total)}.`,
  );
  const released = plan.released;
  io.out(
    `Faktureras på nytt vid nästa körning: ${released.attendance.length} närvarorader, ${released.trainers.length} utbildarrader` +
      `${released.fixedYears.length > 0 ? `, fast kostnad ${released.fixedYears.join(', ')}` : ''}.`,
  );
  io.out(
    `Utbildarpotten: ${formatKronor(plan.pot.balanceBefore)} före, ${formatKronor(plan.pot.balanceAfter)} efter krediteringen.`,
  );
  io.out(
    `Skrev ${join(out, 'invoices.json')}, 1 PDF i ${join(out, 'pdf')}${mails ? `, ${mails} e-postmeddelande i ${join(out, 'mail')}` : ''}.`,
  );
  if (cmd.dryRun) io.out(`Förhandsgranskning: arbetsboken ${cmd.workbook} är inte ändrad.`);
  else if (saved) io.out(`Arbetsboken ${cmd.workbook} är uppdaterad.`);
}

/** Plan (or preview) the credit note → DIR → --send → save FILE last → the summary. */
export async function credit(io: Io, cmd: CreditCommand): Promise<number> {
  return withWorkbook(io, cmd.workbook, cmd.dryRun, EXIT_USAGE, async (port) => {
    const request = { invoice: cmd.invoice, date: cmd.date ?? todayInStockholm(), reason: cmd.reason };
    // A dry run with --send runs in memory only, so the message can be previewed too.
    const logUser = commandUser();
    const outcome = cmd.dryRun && !cmd.send ? previewCredit(port, request) : runCredit(port, request, { logUser });
    const { errors } = printIssues(io, outcome.issues);
    const plan = outcome.plan;
    if (errors > 0 || !plan || !outcome.sheet) {
      io.err(`${errors} fel hittades. Ingenting har skrivits; arbetsboken är oförändrad.`);
      return EXIT_INVALID;
    }
    const out = resolve(cmd.out);
    await writeCreditFiles(out, plan, outcome);
    if (cmd.send) await mkdir(join(out, 'mail'), { recursive: true });
    const sent = cmd.send
      ? await sendRunMails((l) => io.err(l), port, [plan.note.number], out, logUser)
      : { mails: 0, failed: false };
    let saved = false;
    if (!cmd.dryRun && port.changed) {
      await port.save(cmd.workbook);
      saved = true;
    }
    printCredit(io, cmd, plan, out, sent.mails, saved);
    return sent.failed ? EXIT_USAGE : EXIT_OK;
  });
}
