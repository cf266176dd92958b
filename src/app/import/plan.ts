/**
 * Importera närvaro (SPEC §12), written once for both hosts: an export's rows mapped to
 * attendance rows, with every row that is not imported listed with its reason, then appended
 * to a Närvaro… tab with one block write and logged in Logg.
 */
import type { Decimal } from '../../core/money';
import {
  attendanceOf,
  courseNameKey as courseNameKeyOf,
  emailDomain,
  readTotaraDate,
  unwrapProtected,
} from '../../core/importRules';
import type { Issue } from '../../core/types';
import {
  appendAttendance,
  attendanceKeys,
  readImportBook,
  type ImportBook,
  type ImportCourse,
  type NewAttendance,
} from '../../workbook/importBook';
import { DEFAULT_IMPORT_ALIASES, IMPORT_TAB, exportHeaderKey, type ImportField } from '../../workbook/importSchema';
import { isAttendanceTab, TAB } from '../../workbook/schema';
import type { WorkbookPort } from '../../workbook/port';
import { mayAdminister, notAdministratorIssue } from '../bill';
import { appendLog, errorsDetails, LOG_ACTION, LOG_RESULT } from '../log';
import type { ImportTable } from './table';

/** Why a row of the export is not imported: the words of SPEC §12. */
export type SkipReason = 'duplicate' | 'status' | 'unknown course' | 'unknown municipality';

export interface SkippedRow {
  line: number;
  reason: SkipReason;
  /** The reason in Swedish, with the value concerned. */
  message: string;
}

export interface ImportedRow extends NewAttendance {
  line: number;
}

export interface ImportPlan {
  /** The tab the rows go to, as it is (or will be) named. */
  tab: string;
  createsTab: boolean;
  rows: ImportedRow[];
  skipped: SkippedRow[];
  /** The target tab as read by the plan, so that writing needs no second read. */
  target: ImportBook['target'];
}

export interface ImportOutcome {
  plan: ImportPlan | null;
  issues: Issue[];
  written: boolean;
}

export const SKIP_TEXT: Record<SkipReason, string> = {
  duplicate: 'Dubblett',
  status: 'Status',
  'unknown course': 'Okänd kurs',
  'unknown municipality': 'Okänd kommun',
};

const REQUIRED: readonly (readonly ImportField[])[] = [
  ['Deltagare'],
  ['Datum'],
  ['Status'],
  ['Kurs-ID', 'Kursnamn'],
  ['Kommun', 'E-post'],
];

function columnsOf(table: ImportTable, book: ImportBook): Partial<Record<ImportField, number>> {
  const out: Partial<Record<ImportField, number>> = {};
  table.headers.forEach((h, i) => {
    const field = book.mapping.byHeader.get(exportHeaderKey(h));
    if (field && out[field] === undefined) out[field] = i;
  });
  return out;
}

function missingColumns(table: ImportTable, columns: Partial<Record<ImportField, number>>, file: string): Issue[] {
  const found =
    table.headers
      .filter((h) => h !== '')
      .map((h) => `"${h}"`)
      .join(', ') || 'inga';
  return REQUIRED.filter((fields) => fields.every((f) => columns[f] === undefined)).map((fields) => ({
    severity: 'error' as const,
    tab: file,
    row: table.headerLine,
    column: fields.join(' eller '),
    message: `Filen saknar en kolumn för ${fields.join(' eller ')} (t.ex. ${fields.map((f) => `"${DEFAULT_IMPORT_ALIASES[f][0]}"`).join(' eller ')}). Rubriker i filen: ${found}. Lägg till rubriken i fliken ${IMPORT_TAB.mapping} om Totara kallar kolumnen något annat.`,
  }));
}

/**
 * By Kurs-ID, else by Kursnamn; a name that several courses share (the same course given another
 * year) is the one whose Startdatum–Slutdatum holds the session's date.
 */
function findCourse(book: ImportBook, id: string, name: string, date: string | null): ImportCourse | null {
  for (const text of [id, name]) {
    if (text === '') continue;
    const byId = book.courseById.get(text.toLowerCase());
    if (byId) return byId;
  }
  if (name !== '') {
    const byName = book.courseByName.get(courseNameKeyOf(name));
    if (byName && byName.length === 1) return byName[0];
    if (byName && date !== null) {
      const held = byName.filter((c) => c.start !== null && c.end !== null && c.start <= date && date <= c.end);
      if (held.length === 1) return held[0];
    }
  }
  return null;
}

function findMunicipality(book: ImportBook, name: string, email: string): string | null {
  if (name !== '') {
    const m = book.municipalities.match(name);
    if (m.kind === 'ok') return m.name;
  }
  const domain = emailDomain(email);
  if (domain !== '') {
    for (let d = domain; d.includes('.'); d = d.slice(d.indexOf('.') + 1)) {
      const found = book.domains.get(d);
      if (found) return found;
    }
  }
  return null;
}

/** How the rows of the table are read: its cells by field, and a field's header as the file spells it. */
interface Reading {
  book: ImportBook;
  file: string;
  get(cells: string[], field: ImportField): string;
  header(field: ImportField): string;
}

/** What becomes of one row of the file: a row to add, a row skipped with its reason, or an error. */
type RowResult =
  | { kind: 'row'; row: ImportedRow }
  | { kind: 'skip'; reason: SkipReason; message: string }
  | { kind: 'error'; issue: Issue };

function dateError(r: Reading, line: number, dateText: string, ambiguous: boolean): RowResult {
  const message = ambiguous
    ? `Datumet "${dateText}" är tvetydigt (tvåsiffrigt år). Exportera rapporten med datum som ÅÅÅÅ-MM-DD eller DD/MM/ÅÅÅÅ.`
    : dateText === ''
      ? 'Datum saknas på raden.'
      : `"${dateText}" är inget datum som kan läsas. Exportera rapporten med datum som ÅÅÅÅ-MM-DD eller DD/MM/ÅÅÅÅ.`;
  return {
    kind: 'error',
    issue: { severity: 'error', tab: r.file, row: line, column: r.header('Datum'), value: dateText, message },
  };
}

/** One row of the file: status → course → municipality → date → participant → the course's days. */
function readRow(r: Reading, line: number, cells: string[]): RowResult {
  const status = r.get(cells, 'Status');
  const attendance = attendanceOf(status);
  if (attendance === 'none')
    return { kind: 'skip', reason: 'status', message: `Status "${status}" räknas inte som närvaro.` };
  const courseText = r.get(cells, 'Kurs-ID');
  const courseName = r.get(cells, 'Kursnamn');
  const dateText = r.get(cells, 'Datum');
  const date = readTotaraDate(dateText);
  const course = findCourse(r.book, courseText, courseName, date.kind === 'ok' ? date.date : null);
  if (!course)
    return {
      kind: 'skip',
      reason: 'unknown course',
      message: `Kursen "${courseText || courseName}" finns inte i fliken Kurser.`,
    };
  const email = r.get(cells, 'E-post');
  const municipalityText = r.get(cells, 'Kommun');
  const municipality = findMunicipality(r.book, municipalityText, email);
  if (!municipality)
    return {
      kind: 'skip',
      reason: 'unknown municipality',
      message: `Kommunen "${municipalityText || email}" finns inte i fliken Kommuner.`,
    };
  if (date.kind !== 'ok') return dateError(r, line, dateText, date.kind === 'ambiguous');
  const person = r.get(cells, 'Deltagare');
  if (person === '') {
    return {
      kind: 'error',
      issue: {
        severity: 'error',
        tab: r.file,
        row: line,
        column: r.header('Deltagare'),
        value: '',
        message: 'Deltagarens namn saknas på raden.',
      },
    };
  }
  if (course.days === null) {
    const message = `Kursen ${course.id} har varken Kursdagar eller både Startdatum och Slutdatum, så antalet dagar är okänt. Fyll i Kursdagar.`;
    return {
      kind: 'error',
      issue: { severity: 'error', tab: TAB.courses, row: course.row, column: 'Kursdagar', value: '', message },
    };
  }
  const days: Decimal = attendance === 'full' ? course.days : course.days.div(2);
  return { kind: 'row', row: { line, date: date.date, courseId: course.id, person, municipality, days, email } };
}

/** The book and file checks before any row: the target tab, the reader, the user and the columns. */
function preflight(port: WorkbookPort, table: ImportTable, tab: string, options: { file: string; user?: string }) {
  const book = readImportBook(port, tab);
  const issues: Issue[] = [...book.issues];
  if (options.user !== undefined && !mayAdminister(book.administrators, options.user)) {
    issues.push({
      ...notAdministratorIssue(options.user),
      message: `Endast administratörer (inställningen Administratörer) får importera närvaro. ${options.user || 'Du'} finns inte i listan; be en administratör lägga till dig eller göra importen.`,
    });
  }
  const columns = columnsOf(table, book);
  issues.push(...missingColumns(table, columns, options.file));
  return { book, issues, columns };
}

/**
 * A warning per course whose imported rows count more days than Rimligt antal dagar per rad, as
 * Kontrollera data warns after the import (SPEC §4): most often a course without Kursdagar whose
 * dates span weeks, so that the calendar days are no course days.
 */
function implausibleDays(book: ImportBook, rows: readonly ImportedRow[]): Issue[] {
  const out: Issue[] = [];
  const warned = new Set<string>();
  for (const row of rows) {
    if (row.days.lte(book.plausibleDays) || warned.has(row.courseId)) continue;
    warned.add(row.courseId);
    const course = book.courseById.get(row.courseId.toLowerCase());
    const why = course?.daysFromDates
      ? ' (kalenderdagarna från Startdatum till Slutdatum, eftersom Kursdagar är tom)'
      : '';
    out.push({
      severity: 'warning',
      tab: TAB.courses,
      row: course?.row,
      column: 'Kursdagar',
      value: '',
      message:
        `Kursen ${row.courseId} ger ${row.days.toString().replace('.', ',')} dagar per deltagare${why}, fler än ${book.plausibleDays} ` +
        '(inställningen Rimligt antal dagar per rad). Fyll i Kursdagar med kursens antal kursdagar om det inte stämmer, och förhandsgranska igen.',
    });
  }
  return out;
}

/** Plans the import of `table` into `tab`; writes nothing: preflight → each row read → repeats skipped. */
export function planImport(
  port: WorkbookPort,
  table: ImportTable,
  options: { tab?: string; file: string; user?: string },
): ImportOutcome {
  const tab = (options.tab ?? IMPORT_TAB.target).trim();
  if (!isAttendanceTab(tab)) {
    return {
      plan: null,
      written: false,
      issues: [
        {
          severity: 'error',
          tab,
          message: `Fliken "${tab}" är ingen närvaroflik: namnet måste börja med ${TAB.attendancePrefix} (t.ex. "${IMPORT_TAB.target}") för att faktureringen ska läsa den.`,
        },
      ],
    };
  }
  const { book, issues, columns } = preflight(port, table, tab, options);
  if (issues.some((i) => i.severity === 'error')) return { plan: null, issues, written: false };

  const reading: Reading = {
    book,
    file: options.file,
    get: (cells, field) => {
      const i = columns[field];
      return i === undefined ? '' : unwrapProtected(cells[i] ?? '').trim();
    },
    header: (field) => table.headers[columns[field]!],
  };
  const seen = new Set(book.existing);
  const rows: ImportedRow[] = [];
  const skipped: SkippedRow[] = [];
  for (const { line, cells } of table.rows) {
    const result = readRow(reading, line, cells);
    if (result.kind === 'skip') skipped.push({ line, reason: result.reason, message: result.message });
    if (result.kind === 'error') issues.push(result.issue);
    if (result.kind !== 'row') continue;
    const row = result.row;
    const keys = attendanceKeys(row);
    if (keys.some((k) => seen.has(k))) {
      const where =
        book.existing.has(keys[0]) || (keys[1] !== undefined && book.existing.has(keys[1]))
          ? ' i arbetsboken'
          : ' tidigare i filen';
      skipped.push({
        line,
        reason: 'duplicate',
        message: `${row.person}, ${row.courseId}, ${row.date} finns redan${where}.`,
      });
      continue;
    }
    for (const k of keys) seen.add(k);
    rows.push(row);
  }
  issues.push(...implausibleDays(book, rows));
  // Kurser problems are reported once per course, not once per row.
  const unique = issues.filter(
    (i, n) =>
      issues.findIndex(
        (j) => j.tab === i.tab && j.row === i.row && j.column === i.column && j.message === i.message,
      ) === n,
  );
  if (unique.some((i) => i.severity === 'error')) return { plan: null, issues: unique, written: false };
  return {
    plan: { tab: book.target?.name ?? tab, createsTab: book.target === null, rows, skipped, target: book.target },
    issues: unique,
    written: false,
  };
}

/** Details for Logg: the file, the tab, how many rows were added and skipped, and why. */
export function importDetails(file: string, plan: ImportPlan): string {
  const counts = (Object.keys(SKIP_TEXT) as SkipReason[])
    .map((r) => [r, plan.skipped.filter((s) => s.reason === r).length] as const)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${SKIP_TEXT[r].toLowerCase()} ${n}`);
  return `Fil ${file}: ${plan.rows.length} rader tillagda i fliken ${plan.tab}, ${plan.skipped.length} överhoppade${counts.length ? ` (${counts.join(', ')})` : ''}.`;
}

/**
 * Plans and, unless dryRun, appends the rows with one block write and logs the import. A plan with
 * errors writes nothing and is logged as refused (when `logRefusal`).
 */
export function runImport(
  port: WorkbookPort,
  table: ImportTable,
  options: { tab?: string; file: string; user?: string; logUser: string; dryRun?: boolean; logRefusal?: boolean },
): ImportOutcome {
  const outcome = planImport(port, table, options);
  if (!outcome.plan) {
    if (options.logRefusal && !options.dryRun) {
      appendLog(port, {
        action: LOG_ACTION.import,
        user: options.logUser,
        details: errorsDetails(`Fil ${options.file}`, outcome.issues),
        result: LOG_RESULT.refused,
      });
    }
    return outcome;
  }
  if (options.dryRun) return outcome;
  appendAttendance(port, outcome.plan.tab, outcome.plan.target, outcome.plan.rows);
  appendLog(port, {
    action: LOG_ACTION.import,
    user: options.logUser,
    details: importDetails(options.file, outcome.plan),
    result: LOG_RESULT.done,
  });
  return { ...outcome, written: outcome.plan.rows.length > 0 };
}
