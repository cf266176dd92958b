/**
 * `yrkesresan remind` (SPEC §7, §10): Påminnelser on an .xlsx file. Without --send it lists what
 * is overdue on the date (DIR/reminders.json) and changes nothing. With --send the same use case
 * as in the spreadsheet (app/remind.ts) writes one RFC 5322 message per reminder into DIR/mail/
 * (the local stand-in for sending) and Påmind into FILE, saved last, atomically; with --dry-run
 * as well it runs in memory only, so the messages can be previewed and FILE stays as it was.
 */
import { mkdir, writeFile } from './outFiles';
import { join, resolve } from 'node:path';
import { listReminders, remindersJson, sendRemindersAsync, type ReminderLine } from '../app/remind';
import type { SendReport } from '../app/send';
import { todayInStockholm, type Command } from './args';
import { commandUser, withWorkbook } from './common';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Io } from './exit';
import { emlMailer, pdfRenderer } from './mailFiles';

type RemindCommand = Extract<Command, { kind: 'remind' }>;

export function remindersJsonText(reminders: readonly ReminderLine[], date: string): string {
  return `${JSON.stringify(remindersJson(reminders, date), null, 2)}\n`;
}

function listing(reminders: readonly ReminderLine[]): string[] {
  return reminders.map(
    (r) =>
      `  ${r.number}  ${r.municipality}: kvar ${r.remainingText}, förföll ${r.dueDate}, nytt förfallodatum ${r.newDueDate}`,
  );
}

/** Without --send: the preview only. */
async function preview(
  io: Io,
  cmd: RemindCommand,
  reminders: ReminderLine[],
  recent: ReminderLine[],
  date: string,
): Promise<number> {
  const ready = reminders.filter((r) => !r.problem);
  for (const r of reminders) if (r.problem) io.err(`VARNING  ${r.number} ${r.municipality}: ${r.problem}`);
  const out = resolve(cmd.out);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'reminders.json'), remindersJsonText(ready, date), 'utf8');
  io.out(
    `Förfallna fakturor ${date}: ${ready.length} att påminna om${recent.length ? `, ${recent.length} påminda de senaste 14 dagarna` : ''}.`,
  );
  for (const l of listing(ready)) io.out(l);
  for (const r of recent)
    io.out(`  ${r.number}  ${r.municipality}: påmind ${r.reminded}, nästa påminnelse tidigast ${r.blockedUntil}`);
  io.out(
    `Skrev ${join(out, 'reminders.json')}. Inget skickades; skicka påminnelserna med --send. Arbetsboken ${cmd.workbook} är oförändrad.`,
  );
  return EXIT_OK;
}

function printReport(io: Io, report: SendReport): void {
  for (const r of report.results)
    if (r.outcome !== 'sent') io.err(`FEL  ${r.number}${r.municipality ? ` ${r.municipality}` : ''}: ${r.reason}`);
}

export async function remindCommand(io: Io, cmd: RemindCommand): Promise<number> {
  const date = cmd.date ?? todayInStockholm();
  // Without --send nothing is written, so no lock is needed either.
  return withWorkbook(io, cmd.workbook, cmd.dryRun || !cmd.send, EXIT_USAGE, async (port) => {
    const list = listReminders(port, { date });
    if (list.errors.length) {
      for (const e of list.errors) io.err(`FEL  ${e}`);
      io.err(`${list.errors.length} fel hittades. Inga påminnelser skickades; arbetsboken är oförändrad.`);
      return EXIT_INVALID;
    }
    if (!cmd.send) return preview(io, cmd, list.reminders, list.recent, date);

    const out = resolve(cmd.out);
    await mkdir(join(out, 'mail'), { recursive: true });
    const files: string[] = [];
    const now = () => new Date();
    const mailer = emlMailer(
      join(out, 'mail'),
      now,
      files,
      (m) => `Påminnelse ${m.attachment.fileName.replace(/\.pdf$/i, '')}.eml`,
    );
    const report = await sendRemindersAsync(port, mailer, pdfRenderer(now), { date, logUser: commandUser(), now });
    printReport(io, report);
    if (!report.ok) {
      io.err(report.message);
      io.err('Inga påminnelser skickades; arbetsboken är oförändrad.');
      return EXIT_INVALID;
    }
    const sent = new Set(report.results.filter((r) => r.outcome === 'sent').map((r) => r.number));
    const reminded = list.reminders.filter((r) => sent.has(r.number));
    await writeFile(join(out, 'reminders.json'), remindersJsonText(reminded, date), 'utf8');
    let saved = false;
    if (!cmd.dryRun && port.changed) {
      await port.save(cmd.workbook);
      saved = true;
    }
    io.out(`Påminnelser ${date}${cmd.dryRun ? ' (förhandsgranskning)' : ''}: ${report.message}`);
    for (const l of listing(reminded)) io.out(l);
    io.out(
      `Skrev ${join(out, 'reminders.json')}${files.length ? ` och ${files.length} ${files.length === 1 ? 'e-postmeddelande' : 'e-postmeddelanden'} i ${join(out, 'mail')}` : ''}.`,
    );
    if (cmd.dryRun) io.out(`Förhandsgranskning: arbetsboken ${cmd.workbook} är inte ändrad.`);
    else if (saved) io.out(`Arbetsboken ${cmd.workbook} är uppdaterad.`);
    // A reminder that could not be made fails the command; what was sent is saved.
    return report.failed > 0 || report.skipped > 0 ? EXIT_USAGE : EXIT_OK;
  });
}
