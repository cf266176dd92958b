/**
 * Reads the workbook (SPEC §2) into the domain model: each tab once, headers matched
 * forgivingly, wholly empty rows ignored, every cell-level problem reported as an Issue that
 * names tab, sheet row, column and the offending text. Also records the layout that write.ts
 * needs to put stamps and register rows back without touching anything else.
 *
 * One module per tab in read/; this one composes them in the order their records depend on:
 * Kommuner and Kurser before the rows that name them, Fakturor before the stamps it validates.
 */
import { checkLedger, type StampedRow } from '../core/ledger';
import { parseInvoiceNumber } from '../core/numbering';
import { NameMatcher } from '../core/names';
import { withPotPayouts } from '../core/pot';
import type { AttendanceRow, Issue, Ledger, TrainerRow } from '../core/types';
import { cellText } from './cells';
import { isDrawnInvoiceSheet } from './invoiceSheet';
import { locateAll } from './locate';
import { committedByLog } from './log';
import type { WorkbookPort } from './port';
import {
  ATTENDANCE_HEADERS,
  COURSE_HEADERS,
  CREDIT_HEADERS,
  INVOICE_HEADERS,
  LINE_HEADERS,
  LOG_HEADERS,
  MUNICIPALITY_HEADERS,
  MUNICIPALITY_OPTIONAL_HEADERS,
  SETTINGS_HEADERS,
  TAB,
  TRAINER_HEADERS,
  isAttendanceTab,
} from './schema';
import { ATTENDANCE_STAMP, readAttendance } from './read/attendance';
import { readCourses } from './read/courses';
import { stampLayout, type Resolvers } from './read/dayRows';
import type { StampTabLayout, WorkbookLayout, WorkbookSnapshot } from './read/layout';
import { checkMerges } from './read/merges';
import { readMunicipalities } from './read/municipalities';
import { readInvoices, readLines } from './read/register';
import { readSettings } from './read/settings';
import { IssueList, missingTabMessage, readTab, shapeTab, type TabData } from './read/tab';
import { TRAINER_STAMP, readTrainers } from './read/trainers';

export type { RegisterLayout, StampTabLayout, TabLayout, WorkbookLayout, WorkbookSnapshot } from './read/layout';

/** Every tab the read needs, each read once through the port. */
interface Tabs {
  tabNames: string[];
  settings: TabData;
  municipalities: TabData;
  courses: TabData;
  invoices: TabData;
  lines: TabData;
  trainers: TabData;
  attendance: TabData[];
  /** Logg: which numbers its finished runs committed (a deleted Fakturor row is no orphan). */
  log: TabData;
}

/** Stage 1: one port.read per tab, shaped by its headers. */
function readTabs(port: WorkbookPort): Tabs {
  const tabNames = port.tabNames();
  return {
    tabNames,
    settings: readTab(port, tabNames, TAB.settings, SETTINGS_HEADERS),
    municipalities: readTab(port, tabNames, TAB.municipalities, [
      ...MUNICIPALITY_HEADERS,
      ...MUNICIPALITY_OPTIONAL_HEADERS,
    ]),
    courses: readTab(port, tabNames, TAB.courses, COURSE_HEADERS),
    invoices: readTab(port, tabNames, TAB.invoices, [...INVOICE_HEADERS, ...CREDIT_HEADERS]),
    lines: readTab(port, tabNames, TAB.lines, LINE_HEADERS),
    trainers: readTab(port, tabNames, TAB.trainers, TRAINER_HEADERS),
    attendance: tabNames
      .filter(isAttendanceTab)
      .map((name) => shapeTab(name, true, port.read(name), ATTENDANCE_HEADERS)),
    log: readTab(port, tabNames, TAB.log, LOG_HEADERS),
  };
}

/** The records of every tab, in the order they depend on each other, with what the layout needs of them. */
function readRecords(tabs: Tabs, issues: IssueList) {
  for (const t of [tabs.settings, tabs.municipalities, tabs.courses]) {
    if (!t.layout.exists) issues.error(t.layout.tab, undefined, undefined, undefined, missingTabMessage(t.layout.tab));
  }
  const { settings, rows: settingRows } = readSettings(tabs.settings, issues);
  const { municipalities, names: municipalityNames } = readMunicipalities(tabs.municipalities, issues);
  const courses = readCourses(tabs.courses, issues);

  const { invoices, rows: invoiceRows } = readInvoices(tabs.invoices, issues);
  const registered = new Set(invoices.map((i) => i.number));
  const { lines, committedLastRow, orphans: orphanLines } = readLines(tabs.lines, registered, issues);
  // Each trainer-pot line with the payout it is a share of, for the documents that explain it.
  const ledger: Ledger = withPotPayouts({ invoices, lines });

  const resolvers: Resolvers = {
    municipality: new NameMatcher(municipalityNames),
    courseIds: new Map(courses.map((c) => [c.id.toLowerCase(), c.id])),
    registered,
    haveMunicipalities: municipalityNames.length > 0,
    haveCourses: courses.length > 0,
  };
  const attendance = tabs.attendance.flatMap((t) => readAttendance(t, resolvers, issues));
  const trainers = readTrainers(tabs.trainers, resolvers, issues);
  return {
    settings,
    municipalities,
    courses,
    attendance,
    trainers,
    ledger,
    settingRows,
    invoiceRows,
    committedLastRow,
    orphanLines,
    registered,
  };
}

type Records = ReturnType<typeof readRecords>;

/** Merged cells over the columns a run writes: one port.merges per tab it writes into. */
function mergeIssues(port: WorkbookPort, tabs: Tabs, issues: IssueList): void {
  checkMerges(
    port,
    [
      ...tabs.attendance.map((t) => ({ layout: t.layout, headers: [ATTENDANCE_STAMP], what: 'fakturanumret' })),
      { layout: tabs.trainers.layout, headers: [TRAINER_STAMP], what: 'fakturanumret för utbetalningen' },
      { layout: tabs.invoices.layout, headers: [...INVOICE_HEADERS, ...CREDIT_HEADERS], what: 'fakturaregistret' },
      { layout: tabs.lines.layout, headers: LINE_HEADERS, what: 'fakturaraderna' },
    ],
    issues,
  );
}

/** Where everything is, for write.ts to put stamps and register rows back. */
function layoutOf(port: WorkbookPort, tabs: Tabs, records: Records): WorkbookLayout {
  return {
    tabNames: tabs.tabNames,
    attendance: tabs.attendance.map((t) => stampLayout(t, ATTENDANCE_STAMP)),
    trainers: stampLayout(tabs.trainers, TRAINER_STAMP),
    invoices: {
      ...tabs.invoices.layout,
      committedLastRow: Math.max(1, tabs.invoices.layout.lastRow),
      data: tabs.invoices.data,
    },
    lines: { ...tabs.lines.layout, committedLastRow: records.committedLastRow, data: tabs.lines.data },
    registered: [...records.registered],
    invoiceRows: records.invoiceRows,
    settingRows: records.settingRows,
    municipalityColumns: Object.keys(tabs.municipalities.layout.columns),
    orphanSheets: orphanSheets(port, tabs.tabNames, records.registered),
  };
}

/** The rows of stamp tabs with their stamp cell's text as typed. */
function stamped(tabs: readonly StampTabLayout[], rows: readonly (AttendanceRow | TrainerRow)[]): StampedRow[] {
  const byTab = new Map(tabs.map((t) => [t.tab, t]));
  return rows.map((r) => ({
    ref: r.ref,
    courseId: r.courseId,
    municipality: r.municipality,
    days: r.days,
    stamp: cellText(byTab.get(r.ref.tab)?.stampValues[r.ref.row - 2]),
  }));
}

/**
 * Tabs named like an invoice sheet ('<number> …') whose number is no registered invoice and that
 * are the tool's drawing of it: one port.read per such tab, and there is none in a register
 * that is in order.
 */
function orphanSheets(port: WorkbookPort, tabNames: readonly string[], registered: ReadonlySet<string>) {
  return tabNames.flatMap((tab) => {
    const number = tab.slice(0, Math.max(0, tab.indexOf(' ')));
    if (parseInvoiceNumber(number) === null || registered.has(number)) return [];
    return isDrawnInvoiceSheet(port.read(tab), number) ? [{ tab, invoiceNumber: number }] : [];
  });
}

/** Stage 3: the ledger's invariants over the records and stamps as read, located in the sheet. */
function ledgerIssues(tabs: Tabs, records: Records, layout: WorkbookLayout): Issue[] {
  const findings = checkLedger({
    ledger: records.ledger,
    registerExists: tabs.invoices.layout.exists,
    orphanLines: records.orphanLines,
    orphanSheets: layout.orphanSheets,
    attendance: stamped(layout.attendance, records.attendance),
    trainers: stamped([layout.trainers], records.trainers),
    vatPercent: records.settings.vatPercent,
    logged: committedByLog(tabs.log.data).map((l) => ({
      number: l.number,
      ref: { tab: tabs.log.layout.tab, row: l.row },
    })),
  });
  return locateAll(findings);
}

/** Reads the whole workbook with one port.read per tab: tabs → records → ledger checks. */
export function readWorkbook(port: WorkbookPort): WorkbookSnapshot {
  const issues = new IssueList();
  const tabs = readTabs(port);
  const records = readRecords(tabs, issues);
  mergeIssues(port, tabs, issues);
  const layout = layoutOf(port, tabs, records);
  const { settings, municipalities, courses, attendance, trainers, ledger } = records;
  return {
    input: { settings, municipalities, courses, attendance, trainers, ledger },
    issues: [...issues.all, ...ledgerIssues(tabs, records, layout)],
    layout,
  };
}
