/**
 * Exportera e-fakturor och bokföring / `export` (SPEC §9, §11), written once for both hosts:
 * reads the register, validates the settings the export needs, and returns the files of the
 * period — the SIE 4 file `sie/yrkesresan.se` (and the e-invoices under `peppol/`) — as bytes.
 * The hosts only put them somewhere: the command line into DIR, Apps Script into one ZIP.
 * Nothing in the workbook changes except one row appended to Logg.
 */
import { accountFindings, bookkeeping, documentsInPeriod, type Period } from '../core/bookkeeping';
import { formatKronor } from '../core/format';
import { sum } from '../core/money';
import { sieFile, unbalancedVouchers, type SieCharacterWarning } from '../core/sie';
import type { Issue } from '../core/types';
import { encodeUtf8 } from '../core/utf8';
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook } from '../workbook/read';
import { eInvoiceBuyerIssues, eInvoiceSettingIssues } from '../workbook/einvoice/checks';
import { registeredEInvoice } from '../workbook/einvoice/documents';
import { isMatchedRecord, readPayments } from '../workbook/read/payments';
import { locateAll } from '../workbook/locate';
import { TAB } from '../workbook/schema';
import { mayAdminister, notAdministratorIssue, orderIssues } from './bill';
import { appendLog, errorsDetails, LOG_ACTION, LOG_RESULT } from './log';
import { sheetExportIssues } from './send/document';

export const SIE_PATH = 'sie/yrkesresan.se';
export const PEPPOL_DIR = 'peppol';
export const PROGRAM = { name: 'Yrkesresan', version: '1.0' } as const;

export interface ExportRequest extends Period {
  generated: string; // #GEN: today in Sweden, 'YYYY-MM-DD'
  user?: string; // checked against Administratörer when given
  logUser?: string; // Användare of the Logg row; no row when absent
}

export interface ExportFile {
  path: string; // relative, '/'-separated: 'sie/yrkesresan.se'
  bytes: Uint8Array;
}

export interface ExportSummary {
  from: string | null;
  to: string | null;
  documents: number; // invoices and credit notes dated in the period
  payments: number; // matched payments booked in the period
  vouchers: number;
  total: string; // sum of the documents' totals, two decimals
  paid: string; // sum of the payments, two decimals
}

export interface ExportOutcome {
  issues: Issue[]; // errors (nothing exported) and warnings
  files: ExportFile[]; // empty when there are errors
  summary: ExportSummary | null;
}

/** The tabs whose errors stop an export: the others (attendance, trainers) do not enter the files. */
const EXPORT_TABS = new Set<string>([TAB.settings, TAB.invoices, TAB.lines, TAB.municipalities, TAB.payments]);

export function characterWarning(w: SieCharacterWarning): Issue {
  return {
    severity: 'warning',
    tab: '',
    value: w.char,
    message: `Tecknet "${w.char}" (${w.record}) finns inte i teckentabellen för SIE-filer (IBM PC 8-bit, kodsida 437) och skrevs som "${w.replacement}".`,
  };
}

function periodText(r: Period): string {
  if (r.from === null && r.to === null) return 'alla datum';
  return `${r.from ?? 'början'} – ${r.to ?? 'slutet'}`;
}

/** One Peppol BIS Billing 3.0 file per document, rebuilt from the register, as `peppol/<number> <municipality>.xml`. */
function eInvoiceFiles(
  documents: readonly { number: string }[],
  input: ReturnType<typeof readWorkbook>['input'],
): ExportFile[] {
  return documents.map((d) => {
    const e = registeredEInvoice(d.number, input);
    return { path: `${PEPPOL_DIR}/${e.fileName}`, bytes: encodeUtf8(e.xml) };
  });
}

type Snapshot = ReturnType<typeof readWorkbook>;
type Documents = ReturnType<typeof documentsInPeriod>;

/** Stage 1: what stops the export: the register's and settings' errors, the user, the e-invoices' data and the reviewed sheets. */
function exportIssues(port: WorkbookPort, snapshot: Snapshot, request: ExportRequest, documents: Documents): Issue[] {
  const issues: Issue[] = snapshot.issues.filter((i) => i.severity === 'warning' || EXPORT_TABS.has(i.tab));
  const { settings } = snapshot.input;
  if (request.user !== undefined && !mayAdminister(settings.administrators, request.user))
    issues.push(notAdministratorIssue(request.user));
  issues.push(...locateAll(accountFindings(settings.accounts), snapshot.layout));
  if (settings.orgNumber.trim() === '') {
    const row = snapshot.layout.settingRows['Organisationsnummer'];
    issues.push({
      severity: 'error',
      tab: TAB.settings,
      ...(row === undefined ? {} : { row }),
      column: 'Värde',
      value: '',
      message: 'Inställningen Organisationsnummer saknas: SIE-filen ska ange förbundets organisationsnummer.',
    });
  }
  // Every document of the period is also exported as an e-invoice (SPEC §9): its settings and
  // its municipality's row must make one that passes the official rules.
  issues.push(...eInvoiceSettingIssues(settings, snapshot.layout.settingRows));
  const buyers = new Set(documents.map((d) => d.municipality));
  issues.push(
    ...eInvoiceBuyerIssues(
      snapshot.input.municipalities.filter((m) => buyers.has(m.name)),
      snapshot.layout.municipalityColumns,
    ),
  );
  // What was reviewed and sent must be what is booked and e-invoiced (SPEC §2.7).
  issues.push(...sheetExportIssues(port, snapshot.input, documents, snapshot.layout.tabNames));
  return issues;
}

/** Stage 2: the matched payments of registered invoices (Inbetalningar's own problems added to `issues`). */
function matchedPayments(port: WorkbookPort, snapshot: Snapshot, issues: Issue[]) {
  const paymentLedger = readPayments(port);
  issues.push(...paymentLedger.issues);
  const registered = new Set(snapshot.input.ledger.invoices.map((i) => i.number));
  return paymentLedger.records
    .filter((r) => isMatchedRecord(r) && registered.has(r.invoice))
    .map((r) => ({ date: r.date, amount: r.amount, invoice: r.invoice, bankReference: r.bankReference }));
}

/** Stage 3: the SIE document of the period's vouchers. */
function sieDocument(snapshot: Snapshot, payments: ReturnType<typeof matchedPayments>, request: ExportRequest) {
  const { settings } = snapshot.input;
  const books = bookkeeping(snapshot.input.ledger, payments, settings.accounts, request);
  const doc = {
    program: PROGRAM,
    generated: request.generated,
    orgNumber: settings.orgNumber.trim(),
    companyName: settings.association,
    accounts: books.accounts,
    vouchers: books.vouchers,
  };
  return { books, doc };
}

/** Reads, validates and builds the files: issues → payments → vouchers → files; appends one Logg row when `logUser` is given. */
export function runExport(port: WorkbookPort, request: ExportRequest): ExportOutcome {
  const snapshot = readWorkbook(port);
  const documents = documentsInPeriod(snapshot.input.ledger, request);
  const issues = exportIssues(port, snapshot, request, documents);
  const payments = matchedPayments(port, snapshot, issues);

  const details = `Period ${periodText(request)}`;
  const refuse = (): ExportOutcome => {
    const ordered = orderIssues(issues);
    if (request.logUser !== undefined)
      appendLog(port, {
        action: LOG_ACTION.export,
        user: request.logUser,
        details: errorsDetails(details, ordered),
        result: LOG_RESULT.refused,
      });
    return { issues: ordered, files: [], summary: null };
  };
  if (issues.some((i) => i.severity === 'error')) return refuse();

  const { books, doc } = sieDocument(snapshot, payments, request);
  const unbalanced = unbalancedVouchers(doc);
  for (const text of unbalanced) {
    issues.push({
      severity: 'error',
      tab: TAB.invoices,
      value: text,
      message: 'Verifikationen balanserar inte; registret är inte i ordning. Ingenting exporterades.',
    });
  }
  if (unbalanced.length > 0) return refuse();

  const sie = sieFile(doc);
  issues.push(...sie.warnings.map(characterWarning));
  const summary: ExportSummary = {
    from: request.from,
    to: request.to,
    documents: documents.length,
    payments: books.payments.length,
    vouchers: books.vouchers.length,
    total: sum(documents.map((d) => d.total)).toFixed(2),
    paid: sum(books.payments.map((p) => p.amount)).toFixed(2),
  };
  const files: ExportFile[] = [{ path: SIE_PATH, bytes: sie.bytes }, ...eInvoiceFiles(documents, snapshot.input)];
  if (request.logUser !== undefined) {
    appendLog(port, {
      action: LOG_ACTION.export,
      user: request.logUser,
      details: `${details}: ${summary.documents} fakturor och kreditfakturor (${formatKronor(sum(documents.map((d) => d.total)))}), ${summary.payments} inbetalningar, ${summary.vouchers} verifikationer; ${files.map((f) => f.path).join(', ')}`,
      result: LOG_RESULT.done,
    });
  }
  return { issues: orderIssues(issues), files, summary };
}
