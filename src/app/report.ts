/**
 * The regional follow-up (Uppföljning): figures per municipality and year and per Yrkesresa and
 * Steg, computed from the records alone (pure; no port, no host). Both hosts lay the same model
 * out, the sheet as tables and charts, the command line as CSV and SVG.
 *
 * Definitions (also in the user guide):
 * - Year of attendance and trainer days: the year of `Datum`.
 * - Participants: distinct people, a person being the participant's name (trimmed, inner spaces
 *   collapsed, case ignored; å ä ö kept) together with the municipality. A row with a blank name
 *   counts its days but no person.
 * - Invoiced: committed register lines only (their invoice number is in Fakturor), attributed to
 *   the invoice's municipality and to the year of the invoice's *period* (the run month), so the
 *   December run of 2024 counts for 2024 even if its invoice date falls in January. Amounts are
 *   the lines' amounts before VAT. A credit note carries its credited invoice's period and the
 *   negated lines, so the figures are net of credits (SPEC §8).
 * - Per 1 000 inhabitants: participant-days × 1 000 / Befolkning (the current figure of the
 *   Kommuner tab, used for every year), to two decimals; blank when Befolkning is blank.
 * - Rows that cannot be attributed (unknown municipality or Kurs-ID, no valid date, days not a
 *   positive number) are skipped and counted, never guessed.
 *
 * The parts, in src/app/report/: model (the figures' shape), tallies (running sums), figures
 * (computing them), tables (the tables and charts both hosts show). This module composes them.
 */
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook, type WorkbookSnapshot } from '../workbook/read';
import { layoutReport, type ReportLayout, type ReportTable } from '../workbook/reportSheet';
import { isAttendanceTab, TAB } from '../workbook/schema';
import { buildReport } from './report/figures';
import type { FollowUpReport, ReportInput, SkippedCounts } from './report/model';
import { reportCharts, reportTables } from './report/tables';

export type * from './report/model';
export { UNSPECIFIED } from './report/model';
export { buildReport, personKey } from './report/figures';
export { reportCharts, reportTables } from './report/tables';

/** Swedish sentences shown above the tables (and printed by the command line). */
export function reportNotes(report: FollowUpReport): string[] {
  const notes = [
    'Deltagare = antal olika personer (namn och kommun). Deltagardagar och utbildardagar räknas på året i Datum.',
    'Fakturerat = raderna i Fakturarader för fakturor som finns i Fakturor, på året för körningens period, utan moms. Kreditfakturor räknas med sina negativa rader på den krediterade fakturans period, så en krediterad och omfakturerad faktura räknas en gång. Utbildarpotten är negativ: den betalas ut till kommunen.',
    'Per 1 000 invånare räknas på Befolkning i fliken Kommuner (samma siffra för alla år).',
  ];
  const { attendance, trainers, lines } = report.skipped;
  if (attendance > 0 || trainers > 0) {
    notes.push(
      `Räknades inte: ${attendance} rader i Närvaro och ${trainers} rader i Utbildarlogg (okänd kommun eller Kurs-ID, ogiltigt datum eller antal dagar). Kör Kontrollera data för detaljer.`,
    );
  }
  if (lines > 0)
    notes.push(`Räknades inte: ${lines} rader i Fakturarader utan faktura i Fakturor (från en avbruten körning).`);
  if (report.years.length === 0) notes.push('Det finns ännu ingen närvaro, utbildardag eller faktura att följa upp.');
  return notes;
}

export interface FollowUp {
  report: FollowUpReport;
  notes: string[];
  tables: ReportTable[];
  layout: ReportLayout;
}

export const REPORT_TITLE = 'Uppföljning av Yrkesresan';

/** The whole follow-up: figures, tables, the tab's document and its charts. */
export function followUp(
  input: ReportInput,
  options: { generatedOn?: string; alreadySkipped?: Partial<SkippedCounts> } = {},
): FollowUp {
  const report = buildReport(input, options.alreadySkipped);
  const notes = reportNotes(report);
  const tables = reportTables(report);
  const shownNotes = options.generatedOn ? [`Uppdaterad ${options.generatedOn}.`, ...notes] : notes;
  const layout = layoutReport(REPORT_TITLE, shownNotes, tables, reportCharts(report, tables));
  return { report, notes, tables, layout };
}

/**
 * Rows of Närvaro tabs and Utbildarlogg that the reader dropped: those with an error that did
 * not become a record (unknown municipality or Kurs-ID, bad date or days).
 */
export function droppedRows(snapshot: WorkbookSnapshot): SkippedCounts {
  const kept = new Set<string>();
  for (const r of [...snapshot.input.attendance, ...snapshot.input.trainers])
    kept.add(`${r.ref.tab}\u0000${r.ref.row}`);
  const dropped = { attendance: new Set<string>(), trainers: new Set<string>() };
  for (const issue of snapshot.issues) {
    if (issue.severity !== 'error' || issue.row === undefined) continue;
    const key = `${issue.tab}\u0000${issue.row}`;
    if (kept.has(key)) continue;
    if (isAttendanceTab(issue.tab)) dropped.attendance.add(key);
    else if (issue.tab === TAB.trainers) dropped.trainers.add(key);
  }
  return { attendance: dropped.attendance.size, trainers: dropped.trainers.size, lines: 0 };
}

/** Reads the workbook (one read per tab) and makes the follow-up; writes nothing. */
export function readFollowUp(port: WorkbookPort, options: { generatedOn?: string } = {}): FollowUp {
  const snapshot = readWorkbook(port);
  return followUp(snapshot.input, { ...options, alreadySkipped: droppedRows(snapshot) });
}
