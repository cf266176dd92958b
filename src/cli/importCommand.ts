/** `yrkesresan import` (SPEC §7, §12): a Totara export appended to a Närvaro… tab of FILE. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from './outFiles';
import { basename, join, resolve } from 'node:path';
import { runImport, SKIP_TEXT, type ImportPlan } from '../app/import/plan';
import { ImportFileError, type ImportTable } from '../app/import/table';
import type { Command } from './args';
import { commandUser, issueLine, withWorkbook } from './common';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Io } from './exit';
import { errnoOf, fileErrorText } from './failure';
import { readExportFile } from './importFile';

/** DIR/import.json: exactly the shape of SPEC §12. */
export function importJsonText(plan: ImportPlan): string {
  return `${JSON.stringify({ added: plan.rows.length, skipped: plan.skipped.map((s) => ({ line: s.line, reason: s.reason })), tab: plan.tab }, null, 2)}\n`;
}

export async function importCommand(io: Io, cmd: Extract<Command, { kind: 'import' }>): Promise<number> {
  if (!existsSync(cmd.file)) {
    io.err(`Exportfilen ${cmd.file} finns inte.`);
    return EXIT_USAGE;
  }
  return withWorkbook(io, cmd.workbook, cmd.dryRun, EXIT_USAGE, async (port) => {
    const file = basename(cmd.file);
    let table: ImportTable;
    try {
      table = await readExportFile(cmd.file);
    } catch (e) {
      if (!(e instanceof ImportFileError)) {
        const errno = errnoOf(e);
        io.err(errno ? fileErrorText(errno, 'läsa exportfilen', cmd.file) : `Kunde inte läsa exportfilen ${cmd.file}.`);
        return EXIT_USAGE;
      }
      io.err(
        issueLine({
          severity: 'error',
          tab: file,
          ...(e.line !== undefined ? { row: e.line } : {}),
          message: e.message,
        }),
      );
      io.err('Ingenting har importerats; arbetsboken är oförändrad.');
      return EXIT_INVALID;
    }
    const outcome = runImport(port, table, {
      tab: cmd.tab ?? undefined,
      file,
      logUser: commandUser(),
      dryRun: cmd.dryRun,
    });
    for (const issue of outcome.issues) io.err(issueLine(issue));
    if (!outcome.plan) {
      const errors = outcome.issues.filter((i) => i.severity === 'error').length;
      io.err(`${errors} fel hittades. Ingenting har importerats; arbetsboken är oförändrad.`);
      return EXIT_INVALID;
    }
    const plan = outcome.plan;
    const out = resolve(cmd.out);
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'import.json'), importJsonText(plan), 'utf8');
    if (!cmd.dryRun && port.changed) await port.save(cmd.workbook);
    io.out(
      `${cmd.dryRun ? 'Förhandsgranskning: ' : ''}${plan.rows.length} ${plan.rows.length === 1 ? 'rad' : 'rader'} ${cmd.dryRun ? 'skulle läggas' : 'lades'} till i fliken ${plan.tab}, ${plan.skipped.length} överhoppade.`,
    );
    for (const s of plan.skipped) io.out(`  rad ${s.line}: ${SKIP_TEXT[s.reason]} – ${s.message}`);
    io.out(`Skrev ${join(out, 'import.json')}.${cmd.dryRun ? ` Arbetsboken ${cmd.workbook} är inte ändrad.` : ''}`);
    return EXIT_OK;
  });
}
