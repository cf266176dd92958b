/**
 * The spreadsheet contract of SPEC §2: tab names, headers, settings keys with their defaults,
 * the 14 member municipalities and the drop-down lists. Everything that names a tab or a
 * column takes it from here.
 */
import type { CellValue } from './port';

export const TAB = {
  settings: 'Inställningar',
  municipalities: 'Kommuner',
  courses: 'Kurser',
  /** Every tab whose name starts with this is an attendance tab. */
  attendancePrefix: 'Närvaro',
  /** The attendance tab created by setup when there is none. */
  attendance: 'Närvaro',
  trainers: 'Utbildarlogg',
  invoices: 'Fakturor',
  lines: 'Fakturarader',
  control: 'Kontroll',
  log: 'Logg',
  payments: 'Inbetalningar',
} as const;

export const SETTINGS_HEADERS = ['Inställning', 'Värde'] as const;

/** The run asked for (month and invoice date) is no tab, but its problems are reported as if it were. */
export const RUN = { tab: 'Körning', columns: { month: 'Månad', invoiceDate: 'Fakturadatum' } } as const;

/** Kommuner's columns; those added with e-invoices and payouts come last, so older tabs keep their layout. */
export const MUNICIPALITY_HEADERS = [
  'Kommun',
  'Organisationsnummer',
  'Befolkning',
  'Fast kostnad (kr/år)',
  'Socialchef',
  'E-post',
  'Fakturaadress',
  'Fakturareferens',
  'Juridiskt namn',
  'Peppol-ID',
  'Utbetalningskonto',
] as const;

/** Kommuner columns that are read when present (SPEC §2.2); older workbooks lack them. */
export const MUNICIPALITY_OPTIONAL_HEADERS = ['Juridiskt namn', 'Utbetalningskonto'] as const;

export const COURSE_HEADERS = [
  'Kurs-ID',
  'Yrkesresa',
  'Steg',
  'Kursnamn',
  'Startdatum',
  'Slutdatum',
  'Inspelad',
  'Lokal och fika (kr/dag)',
] as const;

export const ATTENDANCE_HEADERS = ['Datum', 'Kurs-ID', 'Deltagare', 'Kommun', 'Dagar', 'Fakturanummer'] as const;

export const TRAINER_HEADERS = ['Datum', 'Kurs-ID', 'Utbildare', 'Kommun', 'Dagar', 'Utbetalning'] as const;

export const INVOICE_HEADERS = [
  'Fakturanummer',
  'Fakturadatum',
  'Förfallodatum',
  'Period',
  'Kommun',
  'Belopp',
  'OCR',
  'Status',
  'Skickad',
  'Mottagare',
  'Körning',
  'Krediterar',
  'Krediterad av',
  'Betalt',
  'Betaldatum',
  'Påmind',
] as const;

/** The columns every Fakturor register has had from the start; the later ones read as blank when missing. */
export const INVOICE_REQUIRED_HEADERS = INVOICE_HEADERS.slice(0, 11);

/** Inbetalningar (SPEC §10): one row per payment read from a bank file. */
export const PAYMENT_HEADERS = [
  'Bankreferens',
  'Bokföringsdag',
  'Belopp',
  'Referens',
  'Betalare',
  'Fil',
  'Faktura',
  'Status',
  'Inläst',
] as const;

export const LINE_HEADERS = [
  'Fakturanummer',
  'Typ',
  'Kurs-ID',
  'År',
  'Antal',
  'À-pris',
  'Lokal och fika',
  'Utbildarpott',
  'Kursmaterial',
  'Buffert',
  'Månader',
  'Belopp',
] as const;

/** The audit log (SPEC §4): one row per action, only ever appended. */
export const LOG_HEADERS = ['Tid', 'Användare', 'Åtgärd', 'Detaljer', 'Resultat'] as const;

/** The Kontroll tab's columns are declared with its drawing, in controlSheet.ts (CONTROL_COLUMNS). */

/** Columns without which a tab cannot be read. The others read as blank when missing. */
export const REQUIRED_COLUMNS: Record<string, readonly string[]> = {
  [TAB.settings]: SETTINGS_HEADERS,
  [TAB.municipalities]: ['Kommun'],
  [TAB.courses]: ['Kurs-ID'],
  [TAB.attendancePrefix]: ['Datum', 'Kurs-ID', 'Kommun', 'Dagar'],
  [TAB.trainers]: ['Datum', 'Kommun', 'Dagar'],
  [TAB.invoices]: INVOICE_REQUIRED_HEADERS,
  [TAB.lines]: LINE_HEADERS,
  [TAB.payments]: ['Bankreferens', 'Bokföringsdag', 'Belopp', 'Faktura'],
};

/** The value of `Typ` in Fakturarader per line kind. */
export const LINE_TYPE = {
  variable: 'Rörlig',
  fixed: 'Fast kostnad',
  trainerPot: 'Utbildarpott',
} as const;

export const STATUS_CREATED = 'Skapad';
export const STATUS_SENT = 'Skickad';
/**
 * Written over an invoice's Status just before its mail is handed over, and replaced by Skickad
 * (or Fel) right after. It stays only when the run stopped between the two: the mail may have
 * gone, so no plain send takes the invoice again.
 */
export const STATUS_SENDING = 'Skickas';
/** Status of an invoice a credit note has credited (SPEC §8). */
export const STATUS_CREDITED = 'Krediterad';

/** Fakturor columns of credit notes (SPEC §2.6, §8): optional when reading; a credit adds them when missing. */
export const CREDIT_HEADERS = ['Krediterar', 'Krediterad av'] as const;

/** Settings keys (the `Inställning` column). */
export const SETTING = {
  association: 'Förbund',
  orgNumber: 'Organisationsnummer',
  address: 'Adress',
  bankgiro: 'Bankgiro',
  paymentDays: 'Betalningsvillkor (dagar)',
  venue: 'Lokal och fika (kr/dag)',
  pot: 'Utbildarpott (kr/dag)',
  material: 'Kursmaterial (kr/dag)',
  buffer: 'Buffert (kr/dag)',
  fixedCost: 'Fast kostnad (kr/år)',
  agreementFrom: 'Avtal från',
  agreementTo: 'Avtal till',
  invoicePrefix: 'Fakturaprefix',
  vat: 'Moms (%)',
  administrators: 'Administratörer',
  contactPerson: 'Kontaktperson',
  replyTo: 'Svarsadress',
  ocrLengthDigit: 'OCR med längdsiffra',
  vatCategory: 'Momskategori',
  vatExemption: 'Momsundantag',
  vatNumber: 'Momsregistreringsnummer',
  fSkatt: 'F-skatt',
  accountReceivables: 'Konto kundfordringar',
  accountCourseFees: 'Konto kursavgifter',
  accountPot: 'Konto utbildarpott',
  accountFixed: 'Konto fast kostnad',
  accountBank: 'Konto bank',
  accountVat: 'Konto utgående moms',
  plausibleDays: 'Rimligt antal dagar per rad',
} as const;

export type SettingKey = (typeof SETTING)[keyof typeof SETTING];

/**
 * Defaults as they are pre-filled into a new Inställningar tab and used when a key is missing
 * or its value blank. '' = no default (Organisationsnummer and Bankgiro are required to invoice).
 * Dates are given as ISO text here; setup writes them as date cells.
 */
export const SETTING_DEFAULTS: readonly { key: SettingKey; value: string | number }[] = [
  { key: SETTING.association, value: 'Norrbottens Kommuner' },
  { key: SETTING.orgNumber, value: '' },
  { key: SETTING.address, value: '' },
  { key: SETTING.bankgiro, value: '' },
  { key: SETTING.paymentDays, value: 30 },
  { key: SETTING.venue, value: 1000 },
  { key: SETTING.pot, value: 400 },
  { key: SETTING.material, value: 100 },
  { key: SETTING.buffer, value: 50 },
  { key: SETTING.fixedCost, value: 950000 },
  { key: SETTING.agreementFrom, value: '2023-07-01' },
  { key: SETTING.agreementTo, value: '2028-06-30' },
  { key: SETTING.invoicePrefix, value: 'YR' },
  { key: SETTING.vat, value: 0 },
  { key: SETTING.administrators, value: '' },
  { key: SETTING.contactPerson, value: '' },
  { key: SETTING.replyTo, value: '' },
  { key: SETTING.ocrLengthDigit, value: 'Ja' },
  // Momskategori: a missing or blank one reads as S when Moms (%) is above 0 (read/settings.ts),
  // so that a workbook made before the e-invoice settings bills as it did.
  { key: SETTING.vatCategory, value: 'E' },
  { key: SETTING.vatExemption, value: 'Momsfri' },
  { key: SETTING.vatNumber, value: '' },
  { key: SETTING.fSkatt, value: 'Nej' },
  // The bookkeeping accounts (SPEC §2.1, §11): a workbook made before them exports with these BAS accounts.
  { key: SETTING.accountReceivables, value: '1510' },
  { key: SETTING.accountCourseFees, value: '3510' },
  { key: SETTING.accountPot, value: '2990' },
  { key: SETTING.accountFixed, value: '3520' },
  { key: SETTING.accountBank, value: '1930' },
  { key: SETTING.accountVat, value: '2611' },
  // Dagar above this on one attendance or trainer row is warned about (a typing error is likelier than a course that long).
  { key: SETTING.plausibleDays, value: 30 },
];

export interface MemberMunicipality {
  name: string;
  legalName: string; // Juridiskt namn
  orgNumber: string;
  fixedCost: number; // kr/år according to the agreement
}

/** The 14 members with org. numbers and yearly fixed costs from the agreement (sum 950 000). */
export const MEMBERS: readonly MemberMunicipality[] = [
  { name: 'Arjeplog', legalName: 'Arjeplogs kommun', orgNumber: '212000-2668', fixedCost: 10323 },
  { name: 'Arvidsjaur', legalName: 'Arvidsjaurs kommun', orgNumber: '212000-2650', fixedCost: 23437 },
  { name: 'Boden', legalName: 'Bodens kommun', orgNumber: '212000-2767', fixedCost: 106723 },
  { name: 'Gällivare', legalName: 'Gällivare kommun', orgNumber: '212000-2726', fixedCost: 66478 },
  { name: 'Haparanda', legalName: 'Haparanda stad', orgNumber: '212000-2775', fixedCost: 36590 },
  { name: 'Jokkmokk', legalName: 'Jokkmokks kommun', orgNumber: '212000-2676', fixedCost: 18489 },
  { name: 'Kalix', legalName: 'Kalix kommun', orgNumber: '212000-2692', fixedCost: 60024 },
  { name: 'Kiruna', legalName: 'Kiruna kommun', orgNumber: '212000-2783', fixedCost: 86211 },
  { name: 'Luleå', legalName: 'Luleå kommun', orgNumber: '212000-2742', fixedCost: 298992 },
  { name: 'Pajala', legalName: 'Pajala kommun', orgNumber: '212000-2718', fixedCost: 22829 },
  { name: 'Piteå', legalName: 'Piteå kommun', orgNumber: '212000-2759', fixedCost: 160699 },
  { name: 'Älvsbyn', legalName: 'Älvsbyns kommun', orgNumber: '212000-2734', fixedCost: 30561 },
  { name: 'Överkalix', legalName: 'Överkalix kommun', orgNumber: '212000-2684', fixedCost: 12555 },
  { name: 'Övertorneå', legalName: 'Övertorneå kommun', orgNumber: '212000-2700', fixedCost: 16089 },
];

export const JOURNEYS: readonly string[] = [
  'Barn och unga – myndighetsutövning',
  'Funktionshinder – utförare',
  'Missbruk och beroende – myndighetsutövning',
  'Äldreomsorg – utförare',
  'Funktionshinder – myndighetsutövning',
];

export const STEPS: readonly string[] = ['Bas', 'Fördjupning', 'Spets', 'Arbetsledare och chefer'];

export const YES = 'Ja';
export const NO = 'Nej';

/**
 * Header and tab-name comparison: trimmed, case-insensitive (SPEC §2), and blind to Unicode
 * normalisation (an "ä" typed as a + combining diaeresis, NFD, is the same letter).
 */
export function headerKey(text: CellValue): string {
  return String(text).normalize('NFC').trim().toLowerCase();
}

/** Whether two tab names name the same tab for the product (case and normalisation ignored). */
export function sameTabName(a: string, b: string): boolean {
  return headerKey(a) === headerKey(b);
}

/** Every tab whose name starts with Närvaro, in any case or normalisation ("närvaro 2025"). */
export function isAttendanceTab(name: string): boolean {
  return headerKey(name).startsWith(headerKey(TAB.attendancePrefix));
}

/**
 * Maps each wanted header to its 1-based column in a header row; missing headers are absent.
 * The first occurrence wins when a header appears twice.
 */
export function columnIndex(headerRow: readonly CellValue[], wanted: readonly string[]): Record<string, number> {
  const byKey = new Map<string, number>();
  headerRow.forEach((cell, i) => {
    const key = headerKey(cell);
    if (key && !byKey.has(key)) byKey.set(key, i + 1);
  });
  const out: Record<string, number> = {};
  for (const h of wanted) {
    const col = byKey.get(headerKey(h));
    if (col !== undefined) out[h] = col;
  }
  return out;
}
