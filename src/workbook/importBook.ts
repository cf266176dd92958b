/**
 * What the attendance import needs from the workbook, read with one port.read per tab: the
 * courses with their days, the municipalities with their e-mail domains, the keys of every
 * attendance row already there (all Närvaro… tabs), the header mapping, and the target tab.
 * And the one block write that appends the imported rows.
 */
import { Dec, type Decimal } from '../core/money';
import { NameMatcher, normalizeName } from '../core/names';
import { calendarDays, courseNameKey, personKey } from '../core/importRules';
import type { Course, Issue, IsoDate, Municipality } from '../core/types';
import { cellText, isBlank, numberCell, parseDate, parseNumber } from './cells';
import {
  ATTENDANCE_EMAIL_HEADER,
  COURSE_DAYS_HEADER,
  EMAIL_DOMAIN_HEADER,
  IMPORT_TAB,
  importMapping,
  type ImportMapping,
} from './importSchema';
import { CalendarDate, FORMAT, type CellValue, type ColumnSetup, type WorkbookPort } from './port';
import { readCourses } from './read/courses';
import { readMunicipalities } from './read/municipalities';
import { readSettings } from './read/settings';
import { IssueList, cell, missingTabMessage, readTab, shapeTab, type TabData } from './read/tab';
import {
  ATTENDANCE_HEADERS,
  COURSE_HEADERS,
  MUNICIPALITY_HEADERS,
  SETTINGS_HEADERS,
  TAB,
  columnIndex,
  isAttendanceTab,
  sameTabName,
} from './schema';
import { tabSetups } from './setup';

export interface ImportCourse {
  id: string;
  name: string;
  /** Days one full attendance counts; null when the course has neither Kursdagar nor both dates. */
  days: Decimal | null;
  /** The days are the calendar days from Startdatum to Slutdatum (Kursdagar is blank). */
  daysFromDates: boolean;
  start: IsoDate | null;
  end: IsoDate | null;
  row: number;
}

export interface ImportBook {
  courses: ImportCourse[];
  courseById: Map<string, ImportCourse>; // lower-cased Kurs-ID
  courseByName: Map<string, ImportCourse[]>; // courseNameKey
  municipalities: NameMatcher;
  /** Lower-cased domain → Kommun, from the optional E-postdomän column. */
  domains: Map<string, string>;
  /** Keys of the attendance already in the workbook (see attendanceKeys). */
  existing: Set<string>;
  mapping: ImportMapping;
  /** Administratörer (lower-cased e-mails; empty = every editor). */
  administrators: string[];
  /** Rimligt antal dagar per rad: an imported row above it is warned about, as Kontrollera data does. */
  plausibleDays: number;
  /** The target tab as found (its actual name), or null when it has to be created. */
  target: { name: string; data: CellValue[][] } | null;
  issues: Issue[];
}

/** The two ways a row is recognised again: date, course, person and municipality; or e-mail, course and date. */
export function attendanceKeys(row: {
  date: IsoDate;
  courseId: string;
  person: string;
  municipality: string;
  email: string;
}): string[] {
  const course = row.courseId.toLowerCase();
  const keys = [`p|${row.date}|${course}|${personKey(row.person)}|${normalizeName(row.municipality)}`];
  if (row.email.trim() !== '') keys.push(`e|${row.email.trim().toLowerCase()}|${course}|${row.date}`);
  return keys;
}

function courseDays(
  t: TabData,
  row: { row: number; cells: CellValue[] },
  start: IsoDate | null,
  end: IsoDate | null,
  issues: IssueList,
): Decimal | null {
  const raw = cell(t, row, COURSE_DAYS_HEADER);
  if (!isBlank(raw)) {
    const d = parseNumber(raw);
    if (d !== null && d.gt(0)) return d;
    issues.error(
      t.layout.tab,
      row.row,
      COURSE_DAYS_HEADER,
      cellText(raw),
      'Kursdagar måste vara ett positivt tal (t.ex. 2 eller 1,5) eller lämnas tomt.',
    );
    return null;
  }
  if (start && end && end >= start) return new Dec(calendarDays(start, end));
  return null;
}

function domainsOf(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim().replace(/^@/, '').toLowerCase())
    .filter((d) => d !== '');
}

/** Reads everything the import needs; `targetTab` is the tab chosen by the administrator. */
/** The courses with their days, and by name (a name may be shared by several courses). */
function courseIndex(coursesTab: TabData, records: readonly Course[], issues: IssueList) {
  const byRow = new Map(coursesTab.rows.map((r) => [r.row, r]));
  const courses: ImportCourse[] = records.map((c) => ({
    id: c.id,
    name: c.name,
    days: courseDays(coursesTab, byRow.get(c.ref.row)!, c.start, c.end, issues),
    daysFromDates: isBlank(cell(coursesTab, byRow.get(c.ref.row)!, COURSE_DAYS_HEADER)),
    start: c.start,
    end: c.end,
    row: c.ref.row,
  }));
  const courseByName = new Map<string, ImportCourse[]>();
  for (const c of courses) {
    if (c.name === '') continue;
    const key = courseNameKey(c.name);
    courseByName.set(key, [...(courseByName.get(key) ?? []), c]);
  }
  return { courses, courseByName };
}

/** Each e-mail domain of Kommuner's domain column, with the municipality it names first. */
function emailDomains(municipalitiesTab: TabData, municipalities: readonly Municipality[]): Map<string, string> {
  const domains = new Map<string, string>();
  const rows = new Map(municipalitiesTab.rows.map((r) => [r.row, r]));
  for (const m of municipalities) {
    for (const d of domainsOf(cellText(cell(municipalitiesTab, rows.get(m.ref.row)!, EMAIL_DOMAIN_HEADER)))) {
      if (!domains.has(d)) domains.set(d, m.name);
    }
  }
  return domains;
}

/** The attendance already in the workbook (each tab read once), and the target tab's cells when it exists. */
function existingAttendance(
  port: WorkbookPort,
  names: readonly string[],
  targetTab: string,
  matcher: NameMatcher,
  courseIds: Map<string, string>,
) {
  const existing = new Set<string>();
  let target: ImportBook['target'] = null;
  for (const name of names.filter(isAttendanceTab)) {
    const data = port.read(name);
    if (sameTabName(name, targetTab)) target = { name, data };
    const t = shapeTab(name, true, data, [...ATTENDANCE_HEADERS, ATTENDANCE_EMAIL_HEADER]);
    for (const r of t.rows) {
      const date = parseDate(cell(t, r, 'Datum'));
      if (date === null) continue;
      const courseText = cellText(cell(t, r, 'Kurs-ID'));
      const municipalityText = cellText(cell(t, r, 'Kommun'));
      const m = matcher.match(municipalityText);
      for (const key of attendanceKeys({
        date,
        courseId: courseIds.get(courseText.toLowerCase()) ?? courseText,
        person: cellText(cell(t, r, 'Deltagare')),
        municipality: m.kind === 'ok' ? m.name : municipalityText,
        email: cellText(cell(t, r, ATTENDANCE_EMAIL_HEADER)),
      }))
        existing.add(key);
    }
  }
  return { existing, target };
}

/** What an import needs of the workbook: Kurser and Kommuner → the attendance already there → the mapping. */
export function readImportBook(port: WorkbookPort, targetTab: string): ImportBook {
  const issues = new IssueList();
  const names = port.tabNames();
  const coursesTab = readTab(port, names, TAB.courses, [...COURSE_HEADERS, COURSE_DAYS_HEADER]);
  const municipalitiesTab = readTab(port, names, TAB.municipalities, [...MUNICIPALITY_HEADERS, EMAIL_DOMAIN_HEADER]);
  for (const t of [municipalitiesTab, coursesTab]) {
    if (!t.layout.exists) issues.error(t.layout.tab, undefined, undefined, undefined, missingTabMessage(t.layout.tab));
  }
  // Problems inside Kurser and Kommuner belong to Kontrollera data and billing; the import only
  // needs to know the courses and names. Its own issues are collected separately.
  const ignored = new IssueList();
  const { settings } = readSettings(readTab(port, names, TAB.settings, SETTINGS_HEADERS), ignored);
  const { courses, courseByName } = courseIndex(coursesTab, readCourses(coursesTab, ignored), issues);
  const { municipalities, names: municipalityNames } = readMunicipalities(municipalitiesTab, ignored);
  const domains = emailDomains(municipalitiesTab, municipalities);
  const matcher = new NameMatcher(municipalityNames);
  const courseIds = new Map(courses.map((c) => [c.id.toLowerCase(), c.id]));
  const { existing, target } = existingAttendance(port, names, targetTab, matcher, courseIds);

  const mappingName = names.find((n) => sameTabName(n, IMPORT_TAB.mapping));
  const mapping = importMapping(mappingName === undefined ? null : port.read(mappingName));
  for (const p of mapping.problems) issues.warning(IMPORT_TAB.mapping, p.row, 'Fält', p.value, p.message);

  return {
    courses,
    courseById: new Map(courses.map((c) => [c.id.toLowerCase(), c])),
    courseByName,
    municipalities: matcher,
    domains,
    existing,
    mapping,
    administrators: settings.administrators,
    plausibleDays: settings.plausibleDaysPerRow,
    target,
    issues: issues.all,
  };
}

/** One attendance row to append. */
export interface NewAttendance {
  date: IsoDate;
  courseId: string;
  person: string;
  municipality: string;
  days: Decimal;
  email: string;
}

const WRITTEN = [...ATTENDANCE_HEADERS, ATTENDANCE_EMAIL_HEADER] as const;

/** Columns of a tab created by the import: those of a Närvaro tab, and the participant's e-mail. */
export function importTabColumns(): ColumnSetup[] {
  return [...tabSetups()[TAB.attendance].columns, { header: ATTENDANCE_EMAIL_HEADER, format: FORMAT.text, width: 220 }];
}

function valueOf(row: NewAttendance, header: (typeof WRITTEN)[number]): CellValue {
  switch (header) {
    case 'Datum':
      return new CalendarDate(row.date);
    case 'Kurs-ID':
      return row.courseId;
    case 'Deltagare':
      return row.person;
    case 'Kommun':
      return row.municipality;
    case 'Dagar':
      return numberCell(row.days);
    case 'Fakturanummer':
      return '';
    case 'E-post':
      return row.email;
  }
}

function formatOf(header: (typeof WRITTEN)[number]): string | null {
  if (header === 'Datum') return FORMAT.date;
  if (header === 'Dagar') return FORMAT.number;
  return FORMAT.text;
}

/**
 * Appends the rows below the last non-empty row of the target tab with one block write (the tab
 * is created first when missing; headers it lacks are added at the right of its header row).
 */
export function appendAttendance(
  port: WorkbookPort,
  tab: string,
  target: ImportBook['target'],
  rows: readonly NewAttendance[],
): void {
  if (rows.length === 0) return;
  if (target === null) {
    port.createTab(tab, { columns: importTabColumns(), frozenRows: 1 });
    target = { name: tab, data: [WRITTEN.slice()] };
  }
  const { name, data } = target;
  let lastRow = 0;
  data.forEach((r, i) => {
    if (!r.every((c) => isBlank(c))) lastRow = i + 1;
  });
  let firstRow = lastRow + 1;
  let headerRow: CellValue[] | null = null;
  const header = lastRow === 0 ? [] : data[0];
  const columns: Record<string, number> = lastRow === 0 ? {} : columnIndex(header, WRITTEN);
  let width = header.reduce<number>((w, c, i) => (isBlank(c) ? w : i + 1), 0);
  const added: string[] = [];
  for (const h of WRITTEN) {
    if (columns[h] === undefined) {
      columns[h] = ++width;
      added.push(h);
    }
  }
  if (lastRow === 0) {
    headerRow = WRITTEN.slice();
    firstRow = 1;
  } else if (added.length > 0) {
    port.write(name, 1, width - added.length + 1, [added]);
  }
  const used = WRITTEN.map((h) => columns[h]);
  const first = Math.min(...used);
  const last = Math.max(...used);
  const blankRow = (): CellValue[] => Array.from({ length: last - first + 1 }, () => '');
  const values: CellValue[][] = [];
  const formats: (string | null)[][] = [];
  if (headerRow) {
    const h = blankRow();
    for (const header of WRITTEN) h[columns[header] - first] = header;
    values.push(h);
    formats.push(h.map(() => null));
  }
  for (const row of rows) {
    const v = blankRow();
    const f: (string | null)[] = v.map(() => null);
    for (const header of WRITTEN) {
      v[columns[header] - first] = valueOf(row, header);
      f[columns[header] - first] = formatOf(header);
    }
    values.push(v);
    formats.push(f);
  }
  port.write(name, firstRow, first, values, formats);
}
