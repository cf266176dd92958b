/** Kurser: one row per course, Kurs-ID unique regardless of case. */
import type { Decimal } from '../../core/money';
import type { Course } from '../../core/types';
import { cellText, isBlank, parseDate, parseNumber, parseYesNo } from '../cells';
import { JOURNEYS, REQUIRED_COLUMNS, STEPS, TAB } from '../schema';
import { cell, checkColumns, uniqueRows, type IssueList, type RowIdentity, type TabData } from './tab';

const COURSE: RowIdentity = {
  header: 'Kurs-ID',
  key: (id) => id.toLowerCase(),
  blankMessage: 'Kurs-ID saknas. Fyll i ett Kurs-ID eller töm raden.',
  repeatMessage: (id, first) => `Kurs-ID "${id}" finns redan på rad ${first}. Varje kurs ska ha ett eget Kurs-ID.`,
};

export function readCourses(t: TabData, issues: IssueList): Course[] {
  const out: Course[] = [];
  if (!t.layout.exists || !checkColumns(t, REQUIRED_COLUMNS[TAB.courses], issues)) return out;
  const tab = t.layout.tab;
  for (const { r, text: id } of uniqueRows(t, COURSE, issues)) {
    const journey = cellText(cell(t, r, 'Yrkesresa'));
    if (journey !== '' && !JOURNEYS.includes(journey)) {
      issues.warning(tab, r.row, 'Yrkesresa', journey, `Okänd yrkesresa. Välj en av: ${JOURNEYS.join('; ')}.`);
    }
    const step = cellText(cell(t, r, 'Steg'));
    if (step !== '' && !STEPS.includes(step)) {
      issues.warning(tab, r.row, 'Steg', step, `Okänt steg. Välj ett av: ${STEPS.join(', ')}.`);
    }
    const optionalDate = (header: string): string | null => {
      const v = cell(t, r, header);
      if (isBlank(v)) return null;
      const d = parseDate(v);
      if (d === null) issues.error(tab, r.row, header, cellText(v), `${header} är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD eller lämna cellen tom.`);
      return d;
    };
    const start = optionalDate('Startdatum');
    const end = optionalDate('Slutdatum');
    if (start && end && end < start) {
      issues.error(tab, r.row, 'Slutdatum', end, `Slutdatum ligger före startdatum (${start}). Rätta datumen.`);
    }
    const recordedRaw = cell(t, r, 'Inspelad');
    let recorded = parseYesNo(recordedRaw, false);
    if (recorded === null) {
      issues.error(tab, r.row, 'Inspelad', cellText(recordedRaw), 'Skriv Ja för en inspelad kurs, annars Nej eller lämna tomt.');
      recorded = false;
    }
    const venueRaw = cell(t, r, 'Lokal och fika (kr/dag)');
    let venueOverride: Decimal | null = null;
    if (!isBlank(venueRaw)) {
      venueOverride = parseNumber(venueRaw);
      if (venueOverride === null || venueOverride.lt(0)) {
        issues.error(tab, r.row, 'Lokal och fika (kr/dag)', cellText(venueRaw), 'Ange kostnaden i kronor per dag, 0 eller mer, eller lämna tomt för inställningens värde.');
        venueOverride = null;
      }
    }
    out.push({
      ref: { tab, row: r.row },
      id,
      journey,
      step,
      name: cellText(cell(t, r, 'Kursnamn')),
      start,
      end,
      recorded,
      venueOverride,
    });
  }
  return out;
}
