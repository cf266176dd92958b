/**
 * "Exportera e-fakturor och bokföring" in the spreadsheet (SPEC §9, §11): the Apps Script side
 * of dialogs/export.html. The work is app/export.ts; this adapter adds the dialog, the lock, the
 * user, and the ZIP: one file made with Utilities.zip from one blob per exported file, handed
 * to the dialog as base64 (Utilities.base64Encode), which offers it as a download. No Drive
 * and no new OAuth scope: Utilities needs none (APPS-SCRIPT-FACTS "Files in and out").
 */
import { signed } from './bytes';
import { runExport, type ExportOutcome, type ExportSummary } from '../app/export';
import type { Issue } from '../core/types';
import { TAB } from '../workbook/schema';
import { currentUser, guardedPort, keepingActiveSheet, logRefused, logUser, withDocumentLock } from './host';
import { issueText, LOG_ACTION } from '../app/log';
import { issueUrls, linkingPort, type Linker } from './issueLinks';
import { spreadsheetToday } from './sheets';
import { isIsoDate } from '../core/dates';

export const EXPORT_TITLE = 'Exportera e-fakturor och bokföring';
export const EXPORT_BUSY_MESSAGE =
  'En annan körning pågår redan i kalkylarket. Vänta tills den är klar och försök sedan igen.';

export interface ExportRequestView {
  from: string | null;
  to: string | null;
}

export interface ExportView {
  ok: boolean;
  errors: string[];
  warnings: string[];
  /** Per error and warning, a link to its cell ('' when it has none). */
  errorUrls: string[];
  warningUrls: string[];
  summary: ExportSummary | null;
  files: string[]; // the paths inside the ZIP
  fileName?: string; // of the ZIP
  base64?: string; // the ZIP's bytes
  message?: string; // one sentence when the request itself is wrong
}

export function openExportDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('export').setWidth(640).setHeight(560);
  SpreadsheetApp.getUi().showModalDialog(html, EXPORT_TITLE);
}

/** The dialog's period: blank ends are open; a bad date or an empty period is a Swedish sentence. */
export function parseExportRequest(request: unknown): ExportRequestView | string {
  const r = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
  const end = (key: 'from' | 'to'): string | null => {
    const v = r[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  };
  const from = end('from');
  const to = end('to');
  for (const [label, d] of [
    ['Från', from],
    ['Till', to],
  ] as const) {
    if (d !== null && !isIsoDate(d)) return `${label}-datumet "${d}" är inget giltigt datum. Skriv ÅÅÅÅ-MM-DD.`;
  }
  if (from !== null && to !== null && from > to) return `Perioden är tom: ${from} ligger efter ${to}.`;
  return { from, to };
}

function view(outcome: ExportOutcome, links?: Linker): ExportView {
  const of = (severity: Issue['severity']) => outcome.issues.filter((i) => i.severity === severity);
  return {
    ok: outcome.summary !== null,
    errors: of('error').map(issueText),
    warnings: of('warning').map(issueText),
    errorUrls: issueUrls(of('error'), links),
    warningUrls: issueUrls(of('warning'), links),
    summary: outcome.summary,
    files: outcome.files.map((f) => f.path),
  };
}

const refused = (message: string): ExportView => ({
  ok: false,
  errors: [message],
  warnings: [],
  errorUrls: [''],
  warningUrls: [],
  summary: null,
  files: [],
  message,
});

/** What the export of the period would hold; writes nothing (no Logg row). */
export function exportPreview(request: unknown): ExportView {
  const period = parseExportRequest(request);
  if (typeof period === 'string') return refused(period);
  const links = linkingPort();
  return view(runExport(links.port, { ...period, generated: spreadsheetToday(), user: currentUser() }), links);
}

/** 'yrkesresan-export-2024-01-01-2024-12-31.zip' */
export function zipName(period: ExportRequestView): string {
  return `yrkesresan-export-${period.from ?? 'start'}-${period.to ?? 'slut'}.zip`;
}

/** Exports under the document lock, logs it, and returns the ZIP as base64 for the dialog to download. */
export function exportDownload(request: unknown): ExportView {
  const period = parseExportRequest(request);
  if (typeof period === 'string') return refused(period);
  const user = currentUser();
  return withDocumentLock(
    // Logg is created when missing, and Sheets makes a new sheet the active one.
    () =>
      keepingActiveSheet(() => {
        const port = guardedPort(user, {
          action: LOG_ACTION.export,
          details: `Period ${period.from ?? 'början'} – ${period.to ?? 'slutet'}`,
          writes: [TAB.log],
        });
        const outcome = runExport(port, { ...period, generated: spreadsheetToday(), user, logUser: logUser() });
        const result = view(outcome);
        if (!result.ok) return result;
        // Blob names with '/' are the ZIP's folders: sie/yrkesresan.se, peppol/<number>.xml.
        const blobs = outcome.files.map((f) => Utilities.newBlob(signed(f.bytes), contentType(f.path), f.path));
        const fileName = zipName(period);
        const zip = Utilities.zip(blobs, fileName);
        return { ...result, fileName, base64: Utilities.base64Encode(zip.getBytes()) };
      }),
    EXPORT_BUSY_MESSAGE,
    () =>
      logRefused(
        LOG_ACTION.export,
        `Period ${period.from ?? 'början'} – ${period.to ?? 'slutet'}: ${EXPORT_BUSY_MESSAGE}`,
      ),
  );
}

function contentType(path: string): string {
  return path.endsWith('.xml') ? 'application/xml' : 'application/octet-stream';
}
