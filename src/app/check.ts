/** Kontrollera data: every error and warning of the workbook, without a run. */
import type { Issue } from '../core/types';
import type { WorkbookPort } from '../workbook/port';

export function checkWorkbook(port: WorkbookPort): Issue[] {
  throw new Error('not implemented');
}
