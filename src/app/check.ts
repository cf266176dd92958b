/** Kontrollera data: every error and warning of the workbook, without a run. */
import { RUN_TAB, validateRun } from '../core/plan';
import type { Issue, RunInput } from '../core/types';
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook } from '../workbook/read';
import { locateSettingIssues, orderIssues } from './bill';

/** A well-formed run: only the workbook's own problems are reported, never the run's. */
const DUMMY_RUN = { month: '2000-12', invoiceDate: '2000-12-31' };

export function checkWorkbook(port: WorkbookPort): Issue[] {
  const snapshot = readWorkbook(port);
  const input: RunInput = { ...snapshot.input, run: DUMMY_RUN };
  const domain = validateRun(input).filter((i) => i.tab !== RUN_TAB);
  return orderIssues([...snapshot.issues, ...locateSettingIssues(domain, snapshot.layout.settingRows)]);
}
