/**
 * The import's part of the spreadsheet contract (SPEC §12): which export headers name which
 * field (built in, extended by the administrators in the tab Importmappning), the optional
 * columns Kurser › Kursdagar and Kommuner › E-postdomän, and the default target tab.
 */
import { isBlank } from './cells';
import { cellText } from './cells';
import type { CellValue } from './port';
import { headerKey } from './schema';

export const IMPORT_TAB = {
  mapping: 'Importmappning',
  /** Where imported attendance goes unless another Närvaro… tab is chosen. */
  target: 'Närvaro import',
} as const;

export const IMPORT_MAPPING_HEADERS = ['Fält', 'Rubrik i exporten'] as const;

/** Optional columns read by the import only. */
export const COURSE_DAYS_HEADER = 'Kursdagar';
export const EMAIL_DOMAIN_HEADER = 'E-postdomän';
/** Extra column of the import's target tab: the participant's e-mail, for recognising a row again. */
export const ATTENDANCE_EMAIL_HEADER = 'E-post';

/** The fields of an export row, by their Swedish name (the Fält column of Importmappning). */
export const IMPORT_FIELDS = ['Deltagare', 'Kurs-ID', 'Kursnamn', 'Datum', 'Status', 'Kommun', 'E-post'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Headers of Totara's report sources (English and Swedish language packs) per field. */
export const DEFAULT_IMPORT_ALIASES: Readonly<Record<ImportField, readonly string[]>> = {
  Deltagare: [
    "User's Fullname",
    'User Fullname',
    'Full name',
    'Fullname',
    'Participant',
    'Användarens fullständiga namn',
    'Fullständigt namn',
    'Namn',
    'Deltagare',
  ],
  'Kurs-ID': [
    'Course Short Name',
    'Course Shortname',
    'Course ID number',
    'Course ID',
    'Kursens kortnamn',
    'Kortnamn',
    'Kurs-ID',
  ],
  Kursnamn: ['Course Name', 'Course Fullname', 'Course', 'Kursens namn', 'Kursnamn', 'Kurs'],
  Datum: [
    'Session Start Date',
    'Session Start Date/Time',
    'Session Start',
    'Session Date',
    'Sessionens startdatum',
    'Sessionens start',
    'Sessionsdatum',
    'Startdatum',
    'Datum',
  ],
  Status: [
    'Status',
    'Attendance',
    'Attendance Status',
    'Signup Status',
    'Närvaro',
    'Närvarostatus',
    'Anmälningsstatus',
  ],
  Kommun: [
    "User's Organisation Name",
    "User's Organization Name",
    'Organisation',
    'Organization',
    'Organisation Name',
    'Användarens organisationsnamn',
    'Organisationens namn',
    'Organisation',
    'Kommun',
  ],
  'E-post': [
    "User's Email",
    'User Email',
    'Email',
    'Email address',
    'E-mail',
    'Användarens e-post',
    'E-postadress',
    'E-post',
  ],
};

/** Apostrophes typed as ’ or ` name the same header as '. */
export function exportHeaderKey(text: string): string {
  return headerKey(text.replace(/[\u2018\u2019\u02bc`´]/g, "'")).replace(/\s+/g, ' ');
}

/** Rows that setup pre-fills Importmappning with: one per built-in header. */
export function importMappingRows(): CellValue[][] {
  return IMPORT_FIELDS.flatMap((field) => DEFAULT_IMPORT_ALIASES[field].map((alias) => [field, alias]));
}

export interface ImportMapping {
  /** Header key → field. */
  byHeader: Map<string, ImportField>;
  /** Rows of Importmappning that could not be used, with why. */
  problems: { row: number; message: string; value: string }[];
}

/**
 * The built-in aliases plus every row of Importmappning (data rows below its header). A row whose
 * Fält is not a field is reported; a header given for two fields keeps the first.
 */
export function importMapping(tab: readonly CellValue[][] | null): ImportMapping {
  const byHeader = new Map<string, ImportField>();
  const problems: ImportMapping['problems'] = [];
  for (const field of IMPORT_FIELDS)
    for (const alias of DEFAULT_IMPORT_ALIASES[field])
      if (!byHeader.has(exportHeaderKey(alias))) byHeader.set(exportHeaderKey(alias), field);
  if (tab && tab.length > 0) {
    const header = tab[0].map((c) => headerKey(c));
    const fieldCol = header.indexOf(headerKey(IMPORT_MAPPING_HEADERS[0]));
    const aliasCol = header.indexOf(headerKey(IMPORT_MAPPING_HEADERS[1]));
    if (fieldCol >= 0 && aliasCol >= 0) {
      tab.slice(1).forEach((cells, i) => {
        const fieldText = cellText(cells[fieldCol]);
        const alias = cellText(cells[aliasCol]);
        if (isBlank(fieldText) && isBlank(alias)) return;
        const field = IMPORT_FIELDS.find((f) => headerKey(f) === headerKey(fieldText));
        if (!field) {
          problems.push({
            row: i + 2,
            value: fieldText,
            message: `Okänt fält "${fieldText}". Skriv ett av: ${IMPORT_FIELDS.join(', ')}.`,
          });
          return;
        }
        if (alias === '') return;
        const key = exportHeaderKey(alias);
        if (!byHeader.has(key)) byHeader.set(key, field);
      });
    }
  }
  return { byHeader, problems };
}
