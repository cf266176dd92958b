/**
 * "Importera närvaro" in the spreadsheet: the dialog (dialogs/import.html) reads the file the
 * administrator picks (FileReader) or the pasted text, and calls importPreview, which plans and
 * writes nothing, then importConfirm, which plans again under the document lock and appends the
 * rows with one block write. The work is app/import; this file binds it to the active
 * spreadsheet, the user and the lock, and returns plain JSON.
 *
 * A CSV file reaches the server as text; an .xlsx file as base64, unzipped with Utilities.unzip
 * and read by the same reader and XML parser as on the command line (app/import/xlsx.ts,
 * workbook/xml.ts).
 */
import { readCsv } from '../app/import/csv';
import { planImport, runImport, SKIP_TEXT, type ImportOutcome } from '../app/import/plan';
import { ImportFileError, type ImportTable } from '../app/import/table';
import { readXlsxTable, type XlsxParts } from '../app/import/xlsx';
import { LOG_ACTION, issueText } from '../app/log';
import { IMPORT_TAB } from '../workbook/importSchema';
import { isAttendanceTab, TAB } from '../workbook/schema';
import {
  activePort,
  currentUser,
  guardedPort,
  keepingActiveSheet,
  logRefused,
  logUser,
  toJson,
  withDocumentLock,
} from './host';
import { issueUrls, linkingPort, type Linker } from './issueLinks';
import { xmlParser } from '../workbook/xml';

export const IMPORT_DIALOG_TITLE = 'Importera närvaro';
export const IMPORT_BUSY_MESSAGE =
  'En annan körning pågår just nu i kalkylarket. Vänta tills den är klar och försök sedan igen.';

export function openImportDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('import').setWidth(960).setHeight(720);
  SpreadsheetApp.getUi().showModalDialog(html, IMPORT_DIALOG_TITLE);
}

export interface ImportOptionsView {
  tabs: string[];
  defaultTab: string;
}

/** The Närvaro… tabs to choose from, and the default target. */
export function importOptions(): ImportOptionsView {
  const tabs = activePort().tabNames().filter(isAttendanceTab);
  return { tabs, defaultTab: IMPORT_TAB.target };
}

export interface ImportView {
  ok: boolean;
  file: string;
  tab: string;
  createsTab: boolean;
  rows: { line: number; date: string; courseId: string; person: string; municipality: string; days: string }[];
  skipped: { line: number; reason: string; reasonText: string; message: string }[];
  errors: string[];
  warnings: string[];
  /** Per error and warning, a link to its cell ('' when it has none: a line of the file, or after confirming). */
  errorUrls: string[];
  warningUrls: string[];
  written: boolean;
  message: string;
}

interface Request {
  text: string;
  xlsx: string; // base64 of an .xlsx file ('' for CSV text)
  file: string;
  tab: string | undefined;
}

function parseRequest(request: unknown): Request {
  const r = (request ?? {}) as Record<string, unknown>;
  const tab = typeof r.tab === 'string' && r.tab.trim() !== '' ? r.tab.trim() : undefined;
  const file = typeof r.file === 'string' && r.file.trim() !== '' ? r.file.trim() : 'inklistrad text';
  return { text: typeof r.text === 'string' ? r.text : '', xlsx: typeof r.xlsx === 'string' ? r.xlsx : '', file, tab };
}

function fileErrorView(req: Request, e: ImportFileError): ImportView {
  return emptyView(req, [
    e.line !== undefined ? `${req.file}, rad ${e.line} – ${e.message}` : `${req.file} – ${e.message}`,
  ]);
}

function emptyView(req: Request, errors: string[]): ImportView {
  return {
    ok: false,
    file: req.file,
    tab: req.tab ?? IMPORT_TAB.target,
    createsTab: false,
    rows: [],
    skipped: [],
    errors,
    warnings: [],
    errorUrls: errors.map(() => ''),
    warningUrls: [],
    written: false,
    message: '',
  };
}

function view(req: Request, outcome: ImportOutcome, links?: Linker): ImportView {
  const errorIssues = outcome.issues.filter((i) => i.severity === 'error');
  const warningIssues = outcome.issues.filter((i) => i.severity === 'warning');
  const errors = errorIssues.map(issueText);
  const warnings = warningIssues.map(issueText);
  const urls = { errorUrls: issueUrls(errorIssues, links), warningUrls: issueUrls(warningIssues, links) };
  const plan = outcome.plan;
  if (!plan) return { ...emptyView(req, errors), warnings, ...urls };
  const n = plan.rows.length;
  return {
    ok: true,
    file: req.file,
    tab: plan.tab,
    createsTab: plan.createsTab,
    rows: plan.rows.map((r) => ({
      line: r.line,
      date: r.date,
      courseId: r.courseId,
      person: r.person,
      municipality: r.municipality,
      days: r.days.toString().replace('.', ','),
    })),
    skipped: plan.skipped.map((s) => ({
      line: s.line,
      reason: s.reason,
      reasonText: SKIP_TEXT[s.reason],
      message: s.message,
    })),
    errors,
    warnings,
    ...urls,
    written: outcome.written,
    message: outcome.written
      ? `${n} ${n === 1 ? 'rad' : 'rader'} lades till i fliken ${plan.tab}; ${plan.skipped.length} hoppades över.`
      : n === 0
        ? `Inget nytt att importera: alla ${plan.skipped.length} rader hoppas över.`
        : `${n} ${n === 1 ? 'rad' : 'rader'} läggs till i fliken ${plan.tab}${plan.createsTab ? ' (fliken skapas)' : ''}; ${plan.skipped.length} hoppas över.`,
  };
}

const NOT_XLSX = 'Filen kunde inte läsas som Excel-arbetsbok (.xlsx). Exportera rapporten från Totara på nytt.';

/** The parts of an .xlsx file, unzipped in one Utilities.unzip call. */
function unzippedParts(base64: string, file: string): XlsxParts {
  let blobs: GoogleAppsScript.Base.Blob[];
  try {
    blobs = Utilities.unzip(Utilities.newBlob(Utilities.base64Decode(base64), 'application/zip', file));
  } catch {
    // Utilities.unzip throws on bytes that are no ZIP archive.
    throw new ImportFileError(undefined, NOT_XLSX);
  }
  const byPath = new Map(blobs.map((b) => [b.getName() ?? '', b]));
  return (path) => byPath.get(path)?.getDataAsString('UTF-8') ?? null;
}

function table(req: Request): ImportTable {
  if (req.xlsx !== '') return readXlsxTable(unzippedParts(req.xlsx, req.file), xmlParser);
  if (req.text.trim() === '')
    throw new ImportFileError(undefined, 'Välj en CSV- eller Excel-fil, eller klistra in exporten.');
  return readCsv(req.text);
}

/** Plans the import and describes it; writes nothing. */
export function importPreview(request: unknown): ImportView {
  const req = parseRequest(request);
  let t: ImportTable;
  try {
    t = table(req);
  } catch (e) {
    if (e instanceof ImportFileError) return toJson(fileErrorView(req, e));
    throw e;
  }
  const links = linkingPort();
  return toJson(view(req, planImport(links.port, t, { tab: req.tab, file: req.file, user: currentUser() }), links));
}

/** Imports under the document lock, planned again from the workbook as it is now; logged in Logg. */
export function importConfirm(request: unknown): ImportView {
  const req = parseRequest(request);
  const who = logUser();
  return toJson(
    withDocumentLock(
      () => {
        let t: ImportTable;
        try {
          t = table(req);
        } catch (e) {
          if (e instanceof ImportFileError) return fileErrorView(req, e);
          throw e;
        }
        const user = currentUser();
        // A new attendance tab is inserted, and Sheets makes it the active sheet: the administrator stays where they were.
        return keepingActiveSheet(() => {
          const port = guardedPort(user, { action: LOG_ACTION.import, details: `Fil ${req.file}`, writes: [TAB.log] });
          return view(req, runImport(port, t, { tab: req.tab, file: req.file, user, logUser: who, logRefusal: true }));
        });
      },
      IMPORT_BUSY_MESSAGE,
      () => logRefused(LOG_ACTION.import, `Fil ${req.file}: ${IMPORT_BUSY_MESSAGE}`),
    ),
  );
}
