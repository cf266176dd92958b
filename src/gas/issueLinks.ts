/**
 * Links from a dialog's errors and warnings to their cells, as Kontrollera data links them:
 * the tab named forgivingly, the column found by its header, each tab read once.
 */
import { actualTab, issueCell } from '../workbook/controlSheet';
import type { Issue } from '../core/types';
import type { WorkbookPort } from '../workbook/port';
import { ReadOncePort } from '../workbook/readOncePort';
import { sheetsPort } from './host';
import { issueView, type IssueView } from './billingView';

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

/** The port a dialog's server call read, and the host's links to its cells. */
export interface Linker {
  port: WorkbookPort;
  link: CellLink;
}

/**
 * Per issue the link to its cell ('' where there is none, and for every issue without a linker):
 * for dialogs that show their issues as text lines beside a list of links.
 */
export function issueUrls(issues: readonly Issue[], links: Linker | undefined): string[] {
  if (!links) return issues.map(() => '');
  return linkIssues(issues.map(issueView), links.port, links.link).map((i) => i.url ?? '');
}

/**
 * The active spreadsheet read once, each tab, and the host's links to its cells: a dialog's
 * preview links each issue to its cell, its column found in the tabs the preview read.
 */
export function linkingPort(): { port: ReadOncePort; link: CellLink } {
  const sheets = sheetsPort();
  return { port: new ReadOncePort(sheets), link: (tab, a1) => sheets.cellLink(tab, a1) };
}
