/** Kontrollera data: every error and warning of the workbook, without a run. */
import type { Issue } from '../core/types';
import { isBilledStamp, liveInvoiceNumbers } from '../core/ledgerState';
import { unheldUnbilledDays, validateRecords } from '../core/validate';
import { eInvoiceBuyerIssues, eInvoiceSettingIssues } from '../workbook/einvoice/checks';
import { locateAll } from '../workbook/locate';
import { undrawableFindings } from '../workbook/pdf/drawable';
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook } from '../workbook/read';
import { orderIssues } from './bill';

/** `today` ('YYYY-MM-DD', the host's): unbilled course days after it are warned about (SPEC §4). */
export function checkWorkbook(port: WorkbookPort, today?: string): Issue[] {
  const snapshot = readWorkbook(port);
  const { settings, municipalities, attendance, ledger } = snapshot.input;
  const live = liveInvoiceNumbers(ledger);
  const unheld =
    today === undefined ? [] : unheldUnbilledDays(attendance, (row) => isBilledStamp(row.invoiceNumber, live), today);
  return orderIssues([
    ...snapshot.issues,
    ...locateAll(validateRecords(snapshot.input), snapshot.layout),
    ...eInvoiceSettingIssues(settings, snapshot.layout.settingRows),
    ...eInvoiceBuyerIssues(municipalities, snapshot.layout.municipalityColumns),
    ...locateAll(unheld, snapshot.layout),
    // Text the invoice PDF cannot draw, wherever it is typed (SPEC §2.7): found here, not when sending.
    ...locateAll(undrawableFindings(snapshot.input), snapshot.layout),
  ]);
}
