/** Kontrollera data: every error and warning of the workbook, without a run. */
import type { Issue } from '../core/types';
import { validateRecords } from '../core/validate';
import { eInvoiceBuyerIssues, eInvoiceSettingIssues } from '../workbook/einvoice/checks';
import { locateAll } from '../workbook/locate';
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook } from '../workbook/read';
import { orderIssues } from './bill';

export function checkWorkbook(port: WorkbookPort): Issue[] {
  const snapshot = readWorkbook(port);
  const { settings, municipalities } = snapshot.input;
  return orderIssues([
    ...snapshot.issues,
    ...locateAll(validateRecords(snapshot.input), snapshot.layout),
    ...eInvoiceSettingIssues(settings, snapshot.layout.settingRows),
    ...eInvoiceBuyerIssues(municipalities, snapshot.layout.municipalityColumns),
  ]);
}
