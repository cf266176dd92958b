/** Kurser: one row per course, Kurs-ID unique regardless of case. */
import type { Decimal } from '../../core/money';
import type { Course } from '../../core/types';
import { cellText, isBlank, parseDate, parseNumber, parseYesNo } from '../cells';
import { JOURNEYS, REQUIRED_COLUMNS, STEPS, TAB } from '../schema';
import { cell, checkColumns, uniqueRows, type IssueList, type Row, type RowIdentity, type TabData } from './tab';

const COURSE: RowIdentity = {
  header: 'Kurs-ID',
  key: (id) => id.toLowerCase(),
  blankMessage: 'Kurs-ID saknas. Fyll i ett Kurs-ID eller töm raden.',
  repeatMessage: (id, first) => `Kurs-ID "${id}" finns redan på rad ${first}. Varje kurs ska ha ett eget Kurs-ID.`,
};

export function readCourses(t: TabData, issues: IssueList): Course[] {
  if (!t.layout.exists || !checkColumns(t, REQUIRED_COLUMNS[TAB.courses], issues)) return [];
  const out: Course[] = [];
  // Row by row, so each row's issues follow its identity's in the list.
  for (const { r, text: id } of uniqueRows(t, COURSE, issues)) out.push(readCourse(t, r, id, issues));
  return out;
}

/** One course row: its journey and step (warnings), dates, Inspelad and venue cost (errors). */
function readCourse(t: TabData, r: Row, id: string, issues: IssueList): Course {
  const tab = t.layout.tab;
  const journey = listed(t, r, 'Yrkesresa', JOURNEYS, `Okänd yrkesresa. Välj en av: ${JOURNEYS.join('; ')}.`, issues);
  const step = listed(t, r, 'Steg', STEPS, `Okänt steg. Välj ett av: ${STEPS.join(', ')}.`, issues);
  const start = optionalDate(t, r, 'Startdatum', issues);
  const end = optionalDate(t, r, 'Slutdatum', issues);
  if (start && end && end < start) {
    issues.error(tab, r.row, 'Slutdatum', end, `Slutdatum ligger före startdatum (${start}). Rätta datumen.`);
  }
  return {
    ref: { tab, row: r.row },
    id,
    journey,
    step,
    name: cellText(cell(t, r, 'Kursnamn')),
    start,
    end,
    recorded: recordedOf(t, r, issues),
    venueOverride: venueOverrideOf(t, r, issues),
  };
}

/** A drop-down's text; a value outside its list is a warning (the engine accepts it). */
function listed(
  t: TabData,
  r: Row,
  header: string,
  list: readonly string[],
  message: string,
  issues: IssueList,
): string {
  const text = cellText(cell(t, r, header));
  if (text !== '' && !list.includes(text)) issues.warning(t.layout.tab, r.row, header, text, message);
  return text;
}

function optionalDate(t: TabData, r: Row, header: string, issues: IssueList): string | null {
  const v = cell(t, r, header);
  if (isBlank(v)) return null;
  const d = parseDate(v);
  if (d === null) {
    const message = `${header} är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD eller lämna cellen tom.`;
    issues.error(t.layout.tab, r.row, header, cellText(v), message);
  }
  return d;
}

function recordedOf(t: TabData, r: Row, issues: IssueList): boolean {
  const raw = cell(t, r, 'Inspelad');
  const recorded = parseYesNo(raw, false);
  if (recorded !== null) return recorded;
  const message = 'Skriv Ja för en inspelad kurs, annars Nej eller lämna tomt.';
  issues.error(t.layout.tab, r.row, 'Inspelad', cellText(raw), message);
  return false;
}

/** Lokal och fika (kr/dag) of this course, or null for the setting's value. */
function venueOverrideOf(t: TabData, r: Row, issues: IssueList): Decimal | null {
  const header = 'Lokal och fika (kr/dag)';
  const raw = cell(t, r, header);
  if (isBlank(raw)) return null;
  const value = parseNumber(raw);
  if (value !== null && !value.lt(0)) return value;
  const message = 'Ange kostnaden i kronor per dag, 0 eller mer, eller lämna tomt för inställningens värde.';
  issues.error(t.layout.tab, r.row, header, cellText(raw), message);
  return null;
}
