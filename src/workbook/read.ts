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
import { NameMatcher } from '../core/names';
import type { AttendanceRow, Ledger } from '../core/types';
import { cellText } from './cells';
import type { WorkbookPort } from './port';
import {
  ATTENDANCE_HEADERS,
  COURSE_HEADERS,
  CREDIT_HEADERS,
  INVOICE_HEADERS,
  LINE_HEADERS,
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
import { readMunicipalities } from './read/municipalities';
import { readInvoices, readLines } from './read/register';
import { readSettings } from './read/settings';
import { IssueList, missingTabMessage, readTab, shapeTab } from './read/tab';
import { TRAINER_STAMP, readTrainers } from './read/trainers';

export type { RegisterLayout, StampTabLayout, TabLayout, WorkbookLayout, WorkbookSnapshot } from './read/layout';

/** Reads the whole workbook with one port.read per tab. */
export function readWorkbook(port: WorkbookPort): WorkbookSnapshot {
  const issues = new IssueList();
  const tabNames = port.tabNames();

  const settingsTab = readTab(port, tabNames, TAB.settings, SETTINGS_HEADERS);
  const municipalitiesTab = readTab(port, tabNames, TAB.municipalities, [
    ...MUNICIPALITY_HEADERS,
    ...MUNICIPALITY_OPTIONAL_HEADERS,
  ]);
  const coursesTab = readTab(port, tabNames, TAB.courses, COURSE_HEADERS);
  for (const t of [settingsTab, municipalitiesTab, coursesTab]) {
    if (!t.layout.exists) issues.error(t.layout.tab, undefined, undefined, undefined, missingTabMessage(t.layout.tab));
  }
  const invoicesTab = readTab(port, tabNames, TAB.invoices, [...INVOICE_HEADERS, ...CREDIT_HEADERS]);
  const linesTab = readTab(port, tabNames, TAB.lines, LINE_HEADERS);
  const trainersTab = readTab(port, tabNames, TAB.trainers, TRAINER_HEADERS);
  const attendanceTabs = tabNames
    .filter(isAttendanceTab)
    .map((name) => shapeTab(name, true, port.read(name), ATTENDANCE_HEADERS));

  const { settings, rows: settingRows } = readSettings(settingsTab, issues);
  const { municipalities, names: municipalityNames } = readMunicipalities(municipalitiesTab, issues);
  const courses = readCourses(coursesTab, issues);

  const { invoices, rows: invoiceRows } = readInvoices(invoicesTab, issues);
  const registered = new Set(invoices.map((i) => i.number));
  const { lines, committedLastRow, orphans: orphanLines } = readLines(linesTab, registered, issues);
  const ledger: Ledger = { invoices, lines };

  const resolvers: Resolvers = {
    municipality: new NameMatcher(municipalityNames),
    courseIds: new Map(courses.map((c) => [c.id.toLowerCase(), c.id])),
    registered,
    haveMunicipalities: municipalityNames.length > 0,
    haveCourses: courses.length > 0,
  };
  const attendance = attendanceTabs.flatMap((t) => readAttendance(t, resolvers, issues));
  const trainers = readTrainers(trainersTab, resolvers, issues);

  const layout: WorkbookLayout = {
    tabNames,
    attendance: attendanceTabs.map((t) => stampLayout(t, ATTENDANCE_STAMP)),
    trainers: stampLayout(trainersTab, TRAINER_STAMP),
    invoices: {
      ...invoicesTab.layout,
      committedLastRow: Math.max(1, invoicesTab.layout.lastRow),
      data: invoicesTab.data,
    },
    lines: { ...linesTab.layout, committedLastRow, data: linesTab.data },
    registered: [...registered],
    invoiceRows,
    settingRows,
    municipalityColumns: Object.keys(municipalitiesTab.layout.columns),
  };
  const stamped = (
    tabs: StampTabLayout[],
    rows: readonly {
      ref: { tab: string; row: number };
      courseId: string;
      municipality: string;
      days: AttendanceRow['days'];
    }[],
  ): StampedRow[] => {
    const byTab = new Map(tabs.map((t) => [t.tab, t]));
    return rows.map((r) => ({
      ref: r.ref,
      courseId: r.courseId,
      municipality: r.municipality,
      days: r.days,
      stamp: cellText(byTab.get(r.ref.tab)?.stampValues[r.ref.row - 2]),
    }));
  };
  const ledgerIssues = checkLedger({
    ledger,
    registerExists: invoicesTab.layout.exists,
    orphanLines,
    attendance: stamped(layout.attendance, attendance),
    attendanceStamp: ATTENDANCE_STAMP,
    trainers: stamped([layout.trainers], trainers),
    trainerStamp: TRAINER_STAMP,
    vatPercent: settings.vatPercent,
  });
  return {
    input: { settings, municipalities, courses, attendance, trainers, ledger },
    issues: [...issues.all, ...ledgerIssues],
    layout,
  };
}
