/**
 * What Närvaro and Utbildarlogg rows have in common: a date, a course, a person, a municipality,
 * days, and the stamp a billing run writes. Municipalities and courses are matched against
 * Kommuner and Kurser; a row with an error is reported and left out.
 */
import type { Decimal } from '../../core/money';
import type { NameMatcher } from '../../core/names';
import type { SourceRef } from '../../core/types';
import { cellText, isBlank, parseDate, parseNumber } from '../cells';
import type { CellValue } from '../port';
import type { StampTabLayout } from './layout';
import { cell, checkColumns, type IssueList, type Row, type TabData } from './tab';

export interface Resolvers {
  municipality: NameMatcher;
  courseIds: Map<string, string>; // lower-cased → canonical
  registered: Set<string>;
  /** False when Kommuner or Kurser could not be read: that one error says it all, not one per row. */
  haveMunicipalities: boolean;
  haveCourses: boolean;
}

/** How one kind of tab differs. */
export interface DayTab {
  required: readonly string[];
  personHeader: string;
  /** Warned about when blank (and its column is there); undefined: a blank person is fine. */
  missingPerson?: string;
  /** Whether a blank Kurs-ID is an error ('' is kept otherwise). */
  courseRequired: boolean;
  stampHeader: string;
}

export interface DayRow {
  ref: SourceRef;
  date: string;
  courseId: string; // canonical, or ''
  person: string;
  municipality: string; // canonical
  days: Decimal;
  stamp: string; // '' when blank or an orphan
}

function resolveMunicipality(
  text: string,
  resolvers: Resolvers,
  issues: IssueList,
  tab: string,
  row: number,
): string | null {
  if (text === '') {
    issues.error(tab, row, 'Kommun', '', 'Kommun saknas. Välj kommunen ur listan (fliken Kommuner).');
    return null;
  }
  const m = resolvers.municipality.match(text);
  if (m.kind === 'ok') return m.name;
  if (!resolvers.haveMunicipalities) return null;
  if (m.kind === 'ambiguous') {
    issues.error(
      tab,
      row,
      'Kommun',
      text,
      `Kommunnamnet "${text}" passar flera rader i Kommuner (${m.candidates.join(', ')}). Skriv namnet exakt som i fliken Kommuner.`,
    );
  } else {
    issues.error(tab, row, 'Kommun', text, `Okänd kommun "${text}". Skriv namnet som det står i fliken Kommuner.`);
  }
  return null;
}

function resolveCourse(
  text: string,
  resolvers: Resolvers,
  issues: IssueList,
  tab: string,
  row: number,
  required: boolean,
): string | null {
  if (text === '') {
    if (required) issues.error(tab, row, 'Kurs-ID', '', 'Kurs-ID saknas. Välj kursen ur listan (fliken Kurser).');
    return required ? null : '';
  }
  const id = resolvers.courseIds.get(text.toLowerCase());
  if (id !== undefined) return id;
  if (!resolvers.haveCourses) return null;
  issues.error(
    tab,
    row,
    'Kurs-ID',
    text,
    `Okänt Kurs-ID "${text}". Lägg till kursen i fliken Kurser eller rätta Kurs-ID.`,
  );
  return null;
}

function readDate(v: CellValue, issues: IssueList, tab: string, row: number): string | null {
  if (isBlank(v)) {
    issues.error(tab, row, 'Datum', '', 'Datum saknas. Skriv datumet som ÅÅÅÅ-MM-DD.');
    return null;
  }
  const d = parseDate(v);
  if (d === null)
    issues.error(tab, row, 'Datum', cellText(v), `"${cellText(v)}" är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD.`);
  return d;
}

function readDays(v: CellValue, issues: IssueList, tab: string, row: number): Decimal | null {
  const d = parseNumber(v);
  if (d === null || d.lte(0)) {
    issues.error(
      tab,
      row,
      'Dagar',
      cellText(v),
      'Dagar måste vara ett positivt tal (halva dagar går bra, t.ex. 0,5). Rätta värdet.',
    );
    return null;
  }
  return d;
}

/**
 * The stamp as planning sees it: an invoice number not in Fakturor reads as blank. Whether that
 * is an orphan of an interrupted run, or an edited register or stamp (an error), is decided by
 * the ledger's checks (core/ledger.ts), which see the stamp as typed.
 */
function readStamp(t: TabData, r: Row, header: string, resolvers: Resolvers): string {
  const text = cellText(cell(t, r, header));
  return text === '' || resolvers.registered.has(text) ? text : '';
}

/** Every valid row of the tab; issues are reported cell by cell, in column order of the schema. */
export function readDayRows(t: TabData, kind: DayTab, resolvers: Resolvers, issues: IssueList): DayRow[] {
  const out: DayRow[] = [];
  // A tab that exists but is wholly empty reads as empty, like a missing one.
  if (t.layout.lastRow === 0 || !checkColumns(t, kind.required, issues)) return out;
  const tab = t.layout.tab;
  for (const r of t.rows) {
    const date = readDate(cell(t, r, 'Datum'), issues, tab, r.row);
    const courseId = resolveCourse(cellText(cell(t, r, 'Kurs-ID')), resolvers, issues, tab, r.row, kind.courseRequired);
    const person = cellText(cell(t, r, kind.personHeader));
    if (person === '' && kind.missingPerson !== undefined && t.layout.columns[kind.personHeader] !== undefined) {
      issues.warning(tab, r.row, kind.personHeader, '', kind.missingPerson);
    }
    const municipality = resolveMunicipality(cellText(cell(t, r, 'Kommun')), resolvers, issues, tab, r.row);
    const days = readDays(cell(t, r, 'Dagar'), issues, tab, r.row);
    const stamp = readStamp(t, r, kind.stampHeader, resolvers);
    if (date === null || courseId === null || municipality === null || days === null) continue;
    out.push({ ref: { tab, row: r.row }, date, courseId, person, municipality, days, stamp });
  }
  return out;
}

/** The stamp column as read, for writing stamps back without touching anything else. */
export function stampLayout(t: TabData, header: string): StampTabLayout {
  const col = t.layout.columns[header];
  const stampValues: CellValue[] = [];
  for (let i = 1; i < t.data.length; i++) {
    const v = col === undefined ? '' : t.data[i][col - 1];
    stampValues.push(v === undefined || v === null ? '' : v);
  }
  return { ...t.layout, stampHeader: header, stampValues };
}
