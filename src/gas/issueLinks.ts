/**
 * Links from a dialog's errors and warnings to their cells, as Kontrollera data links them:
 * the tab named forgivingly, the column found by its header, each tab read once.
 */
import { actualTab, issueCell } from '../workbook/controlSheet';
import type { WorkbookPort } from '../workbook/port';
import type { IssueView } from './billingView';

/** Gives the host's link to a cell ('' when it has none), from a tab and an A1 we compute. */
export type CellLink = (tab: string, a1: string) => string;

/** The issues with `url` set to their cell's link where their tab exists. */
export function linkIssues(issues: readonly IssueView[], port: WorkbookPort, link: CellLink): IssueView[] {
  if (issues.length === 0) return [];
  const names = port.tabNames();
  const rows = new Map<string, ReturnType<WorkbookPort['read']>>();
  return issues.map((issue) => {
    const tab = issue.tab ? actualTab(names, issue.tab) : null;
    if (!tab) return issue;
    if (!rows.has(tab)) rows.set(tab, port.read(tab));
    const a1 = issueCell({ ...issue, row: issue.row ?? undefined }, rows.get(tab));
    const url = link(tab, a1);
    return url ? { ...issue, url } : issue;
  });
}
