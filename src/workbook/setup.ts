/**
 * How each tab of SPEC §2 is created when missing: headers, formats, drop-downs, frozen header,
 * protection, and the pre-filled rows (the 14 members, the default settings).
 */
import { CalendarDate, FORMAT, type CellValue, type ColumnSetup, type TabSetup } from './port';
import { IMPORT_MAPPING_HEADERS, IMPORT_TAB, importMappingRows } from './importSchema';
import {
  ATTENDANCE_HEADERS,
  COURSE_HEADERS,
  INVOICE_HEADERS,
  JOURNEYS,
  LINE_HEADERS,
  LOG_HEADERS,
  MEMBERS,
  MUNICIPALITY_HEADERS,
  NO,
  PAYMENT_HEADERS,
  SETTING,
  SETTING_DEFAULTS,
  SETTINGS_HEADERS,
  STEPS,
  TAB,
  TRAINER_HEADERS,
  YES,
  type MemberMunicipality,
  type SettingKey,
} from './schema';

type ColumnExtras = Omit<ColumnSetup, 'header'>;

/** A tab's columns in the schema's order, with their formats, widths and drop-downs keyed by the schema's own headers (a misspelt one does not compile). */
function columns<H extends string>(headers: readonly H[], extras: Partial<Record<H, ColumnExtras>>): ColumnSetup[] {
  return headers.map((header) => ({ header, ...(extras[header] ?? {}) }));
}

const municipalityList = { kind: 'range', tab: TAB.municipalities, column: 1 } as const;
const courseList = { kind: 'range', tab: TAB.courses, column: 1 } as const;
const DATE_SETTINGS: readonly string[] = [SETTING.agreementFrom, SETTING.agreementTo];

/** Inställningar rows: the defaults (dates as date cells), with `filled` values in place of some. */
export function settingsRows(filled: Partial<Record<SettingKey, CellValue>> = {}): CellValue[][] {
  return SETTING_DEFAULTS.map(({ key, value }) => {
    if (filled[key] !== undefined) return [key, filled[key]];
    return [key, DATE_SETTINGS.includes(key) && typeof value === 'string' ? new CalendarDate(value) : value];
  });
}

/** The columns of Kommuner that the agreement does not fill in, by header. */
export type MemberDetails = Partial<Record<(typeof MUNICIPALITY_HEADERS)[number], CellValue>>;

/** Kommuner rows of the 14 members: name, org. number and fixed cost from the agreement, the rest from `details` (blank by default). */
export function memberRows(
  details: (member: MemberMunicipality, index: number) => MemberDetails = () => ({}),
): CellValue[][] {
  return MEMBERS.map((m, i) => {
    const row: MemberDetails = {
      Kommun: m.name,
      'Juridiskt namn': m.legalName,
      Organisationsnummer: m.orgNumber,
      'Fast kostnad (kr/år)': m.fixedCost,
      ...details(m, i),
    };
    return MUNICIPALITY_HEADERS.map((h) => row[h] ?? '');
  });
}

/** Närvaro and Utbildarlogg: a course day per row, a person, a municipality, and the run's stamp last. */
function dayLogColumns(headers: readonly string[]): ColumnSetup[] {
  const person = headers[2];
  const stamp = headers[headers.length - 1];
  return columns(headers, {
    Datum: { format: FORMAT.date, width: 100 },
    'Kurs-ID': { validation: courseList, width: 100 },
    [person]: { width: 200 },
    Kommun: { validation: municipalityList, width: 130 },
    Dagar: { width: 70 },
    [stamp]: { format: FORMAT.text, width: 130 },
  });
}

/** Every tab that setup creates, by name, in the order they are created. */
// Long: one declaration per tab (columns, formats, widths), read as a table rather than as steps.
export function tabSetups(): Record<string, TabSetup> {
  return {
    [TAB.settings]: {
      columns: columns(SETTINGS_HEADERS, { Inställning: { width: 220 }, Värde: { width: 320 } }),
      rows: settingsRows(),
      frozenRows: 1,
    },
    [TAB.municipalities]: {
      columns: columns(MUNICIPALITY_HEADERS, {
        Kommun: { width: 130 },
        Organisationsnummer: { format: FORMAT.text, width: 160 },
        Befolkning: { format: FORMAT.integer, width: 100 },
        'Fast kostnad (kr/år)': { format: FORMAT.money, width: 140 },
        'E-post': { format: FORMAT.text, width: 220 },
        Fakturaadress: { width: 240 },
        Fakturareferens: { format: FORMAT.text, width: 130 },
        'Juridiskt namn': { width: 180 },
        'Peppol-ID': { format: FORMAT.text, width: 160 },
        Utbetalningskonto: { format: FORMAT.text, width: 130 },
      }),
      rows: memberRows(),
      frozenRows: 1,
    },
    [TAB.courses]: {
      columns: columns(COURSE_HEADERS, {
        'Kurs-ID': { format: FORMAT.text, width: 100 },
        Yrkesresa: { validation: { kind: 'list', values: [...JOURNEYS] }, width: 280 },
        Steg: { validation: { kind: 'list', values: [...STEPS] }, width: 170 },
        Kursnamn: { width: 260 },
        Startdatum: { format: FORMAT.date, width: 100 },
        Slutdatum: { format: FORMAT.date, width: 100 },
        Inspelad: { validation: { kind: 'list', values: [YES, NO] }, width: 80 },
        'Lokal och fika (kr/dag)': { format: FORMAT.money, width: 150 },
      }),
      frozenRows: 1,
    },
    [TAB.attendance]: { columns: dayLogColumns(ATTENDANCE_HEADERS), frozenRows: 1 },
    [TAB.trainers]: { columns: dayLogColumns(TRAINER_HEADERS), frozenRows: 1 },
    [TAB.invoices]: {
      columns: columns(INVOICE_HEADERS, {
        Fakturanummer: { format: FORMAT.text, width: 130 },
        Fakturadatum: { format: FORMAT.date, width: 100 },
        Förfallodatum: { format: FORMAT.date, width: 100 },
        Period: { format: FORMAT.text, width: 80 },
        Kommun: { width: 130 },
        Belopp: { format: FORMAT.money, width: 130 },
        OCR: { format: FORMAT.text, width: 120 },
        Status: { width: 160 },
        Skickad: { format: FORMAT.dateTime, width: 140 },
        Mottagare: { width: 220 },
        Körning: { format: FORMAT.text, width: 90 },
        Krediterar: { format: FORMAT.text, width: 130 },
        'Krediterad av': { format: FORMAT.text, width: 130 },
        Betalt: { format: FORMAT.money, width: 130 },
        Betaldatum: { format: FORMAT.date, width: 100 },
        Påmind: { format: FORMAT.date, width: 100 },
      }),
      frozenRows: 1,
      protected: true,
    },
    [TAB.lines]: {
      columns: columns(LINE_HEADERS, {
        Fakturanummer: { format: FORMAT.text, width: 130 },
        Typ: { format: FORMAT.text, width: 110 },
        'Kurs-ID': { format: FORMAT.text, width: 100 },
        År: { format: FORMAT.integer, width: 60 },
        'À-pris': { format: FORMAT.money, width: 110 },
        'Lokal och fika': { format: FORMAT.money, width: 110 },
        Utbildarpott: { format: FORMAT.money, width: 110 },
        Kursmaterial: { format: FORMAT.money, width: 110 },
        Buffert: { format: FORMAT.money, width: 110 },
        Månader: { format: FORMAT.integer, width: 80 },
        Belopp: { format: FORMAT.money, width: 130 },
      }),
      frozenRows: 1,
      protected: true,
    },
    [TAB.log]: {
      columns: columns(LOG_HEADERS, {
        Tid: { format: FORMAT.text, width: 150 },
        Användare: { format: FORMAT.text, width: 220 },
        Åtgärd: { width: 160 },
        Detaljer: { format: FORMAT.text, width: 520 },
        Resultat: { width: 110 },
      }),
      frozenRows: 1,
      protected: true,
    },
    [IMPORT_TAB.mapping]: {
      columns: columns(IMPORT_MAPPING_HEADERS, {
        Fält: { width: 120 },
        'Rubrik i exporten': { format: FORMAT.text, width: 320 },
      }),
      rows: importMappingRows(),
      frozenRows: 1,
    },
    [TAB.payments]: {
      columns: columns(PAYMENT_HEADERS, {
        Bankreferens: { format: FORMAT.text, width: 160 },
        Bokföringsdag: { format: FORMAT.date, width: 100 },
        Belopp: { format: FORMAT.money, width: 120 },
        Referens: { format: FORMAT.text, width: 220 },
        Betalare: { format: FORMAT.text, width: 180 },
        Fil: { format: FORMAT.text, width: 180 },
        Faktura: { format: FORMAT.text, width: 130 },
        Status: { format: FORMAT.text, width: 100 },
        Inläst: { format: FORMAT.text, width: 130 },
      }),
      frozenRows: 1,
      protected: true,
    },
  };
}

let formatsByTab: Record<string, Record<string, string>> | null = null;

/**
 * The number format of each column of a tab, as its setup declares it: the one declaration that
 * creating the tab and writing its new rows both apply (a column without one keeps the sheet's).
 */
export function columnFormats(tab: string): Record<string, string> {
  formatsByTab ??= Object.fromEntries(
    Object.entries(tabSetups()).map(([name, setup]) => [
      name,
      Object.fromEntries(setup.columns.flatMap((c) => (c.format ? [[c.header, c.format]] : []))),
    ]),
  );
  return formatsByTab[tab] ?? {};
}
