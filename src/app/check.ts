/** Kontrollera data: every error and warning of the workbook, without a run. */
import { validateRun } from '../core/plan';
import type { Issue, RunInput } from '../core/types';
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook } from '../workbook/read';

/** Checks that only concern a billing run (its month and invoice date) are left out. */
export function checkWorkbook(port: WorkbookPort): Issue[] {
  const snapshot = readWorkbook(port);
  // A month the core accepts, so that only the workbook's own problems are reported.
  const input: RunInput = { ...snapshot.input, run: { month: `${new Date().getFullYear()}-12`, invoiceDate: `${new Date().getFullYear()}-12-31` } };
  const issues = [...snapshot.issues, ...validateRun(input).filter((i) => !isRunIssue(i))];
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const key = [i.severity, i.tab, i.row ?? '', i.column ?? '', i.value ?? '', i.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...unique.filter((i) => i.severity === 'error'), ...unique.filter((i) => i.severity === 'warning')];
}

/** Issues about the run request itself rather than the workbook. */
function isRunIssue(issue: Issue): boolean {
  return issue.tab === '' || /körning|månad/i.test(issue.tab);
}
