/**
 * What an invoice sheet shows that the register does not keep. Fakturor and Fakturarader hold
 * the document's numbers, dates and lines (SPEC §2.6); the seller's details are settings
 * (SPEC §2.1) and the buyer's are Kommuner's (SPEC §2.2), both of which may change after
 * billing, and a credit note's reason was typed in the dialog. So the Logg row of the run that
 * made the documents (SPEC §4: Detaljer) ends with them, as they were when the documents were
 * drawn; Skapa/uppdatera flikar draws a deleted sheet again from them (SPEC §2.7), never from
 * today's Inställningar and Kommuner when the log has them.
 *
 * The record is JSON after a fixed Swedish label, with Inställningar's and Kommuner's names as keys:
 * readable in the log, and JSON keeps line breaks of an address as `\n`, which survive the
 * log's single-line Detaljer. No register column is added for it.
 */
import { Dec } from '../core/money';
import type { Course, Municipality, PlannedInvoice, Settings } from '../core/types';
import type { WorkbookPort } from '../workbook/port';
import { CREDIT_NUMBERS, readLogRows } from '../workbook/log';
import { SETTING } from '../workbook/schema';
import { LOG_ACTION, LOG_RESULT } from './log';

type Drawn = Pick<PlannedInvoice, 'municipality' | 'lines' | 'attendance' | 'trainerRows'>;

/** The municipalities the documents are drawn for, as invoiceSheet.ts finds each buyer. */
export function buyersOf(municipalities: readonly Municipality[], documents: readonly Drawn[]): Municipality[] {
  const names = new Set(documents.map((d) => d.municipality));
  return municipalities.filter((m) => names.has(m.name));
}

/** The courses the documents name: in their lines and their attendance and trainer tables. */
export function coursesOf(courses: readonly Course[], documents: readonly Drawn[]): Course[] {
  const ids = new Set(
    documents.flatMap((d) => [
      ...d.lines.flatMap((l) => (l.kind === 'variable' ? [l.courseId] : [])),
      ...d.attendance.map((a) => a.courseId),
      ...d.trainerRows.map((t) => t.courseId),
    ]),
  );
  return courses.filter((c) => ids.has(c.id));
}

/** The label the record follows in Detaljer. */
export const RECORD_LABEL = 'Uppgifter på fakturaflikarna:';
/** The label earlier versions wrote: their log rows are read too. */
const EARLIER_RECORD_LABEL = 'Uppgifter på fakturabladen:';

/** The settings an invoice sheet prints (invoiceSheet.ts): the seller and the VAT note. */
export type SellerDetails = Pick<
  Settings,
  | 'association'
  | 'orgNumber'
  | 'address'
  | 'bankgiro'
  | 'contactPerson'
  | 'vatPercent'
  | 'vatNumber'
  | 'vatExemption'
  | 'fSkatt'
>;

/** What an invoice sheet prints of its buyer (invoiceSheet.ts buyerRows and the payout text). */
export type BuyerDetails = Pick<
  Municipality,
  'legalName' | 'orgNumber' | 'invoiceAddress' | 'invoiceReference' | 'socialChief' | 'payoutAccount'
>;

/** Kommuner's own headers as the record's keys, so the log reads as the tab does. */
const BUYER_KEYS: readonly (readonly [keyof BuyerDetails, string])[] = [
  ['legalName', 'Juridiskt namn'],
  ['orgNumber', 'Organisationsnummer'],
  ['invoiceAddress', 'Fakturaadress'],
  ['invoiceReference', 'Fakturareferens'],
  ['socialChief', 'Socialchef'],
  ['payoutAccount', 'Utbetalningskonto'],
];
const BUYERS_KEY = 'Köpare';
const COURSES_KEY = 'Kurser';

export interface DocumentRecord {
  seller: SellerDetails;
  /** The buyers as drawn, by the Kommun name the register gives (absent in older records). */
  buyers: Map<string, BuyerDetails>;
  /** Kursnamn by Kurs-ID as the lines and specifications named them (absent in older records). */
  courseNames: Map<string, string>;
  /** A credit note's reason ('' for none); undefined on a billing run's record. */
  reason?: string;
}

const REASON_KEY = 'Orsak';

/**
 * ' Uppgifter på fakturaflikarna: {…}' to put at the end of a log row's Detaljer: the seller, the
 * buyers of the documents written (by their Kommun) and a credit note's reason.
 */
export function recordText(
  settings: Settings,
  buyers: readonly Municipality[],
  courses: readonly Course[],
  reason?: string,
): string {
  const json: Record<string, unknown> = {
    [SETTING.association]: settings.association,
    [SETTING.orgNumber]: settings.orgNumber,
    [SETTING.address]: settings.address,
    [SETTING.bankgiro]: settings.bankgiro,
    [SETTING.contactPerson]: settings.contactPerson,
    [SETTING.vat]: settings.vatPercent.toString(),
    [SETTING.vatNumber]: settings.vatNumber,
    [SETTING.vatExemption]: settings.vatExemption,
    [SETTING.fSkatt]: settings.fSkatt ? 'Ja' : 'Nej',
  };
  if (reason !== undefined) json[REASON_KEY] = reason;
  json[BUYERS_KEY] = Object.fromEntries(
    buyers.map((m) => [m.name, Object.fromEntries(BUYER_KEYS.map(([field, key]) => [key, m[field]]))]),
  );
  json[COURSES_KEY] = Object.fromEntries(courses.map((c) => [c.id, c.name]));
  return ` ${RECORD_LABEL} ${JSON.stringify(json)}`;
}

/** The record at the end of a Detaljer text, or null when there is none that reads whole. */
export function parseRecord(details: string): DocumentRecord | null {
  // The last label: a credit's reason comes before the record and may contain anything.
  const [at, label] = [RECORD_LABEL, EARLIER_RECORD_LABEL]
    .map((l) => [details.lastIndexOf(l), l] as const)
    .reduce((a, b) => (b[0] > a[0] ? b : a));
  if (at < 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(details.slice(at + label.length));
  } catch {
    return null; // cut off (the log clips long texts) or not ours
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  const text = (key: string): string | null => {
    const v = o[key];
    return typeof v === 'string' ? v : null;
  };
  const keys = [
    SETTING.association,
    SETTING.orgNumber,
    SETTING.address,
    SETTING.bankgiro,
    SETTING.contactPerson,
    SETTING.vat,
    SETTING.vatNumber,
    SETTING.vatExemption,
    SETTING.fSkatt,
  ];
  if (keys.some((k) => text(k) === null)) return null;
  let vatPercent;
  try {
    vatPercent = new Dec(text(SETTING.vat)!);
  } catch {
    return null;
  }
  const reason = text(REASON_KEY);
  return {
    seller: {
      association: text(SETTING.association)!,
      orgNumber: text(SETTING.orgNumber)!,
      address: text(SETTING.address)!,
      bankgiro: text(SETTING.bankgiro)!,
      contactPerson: text(SETTING.contactPerson)!,
      vatPercent,
      vatNumber: text(SETTING.vatNumber)!,
      vatExemption: text(SETTING.vatExemption)!,
      fSkatt: text(SETTING.fSkatt) === 'Ja',
    },
    buyers: recordedBuyers(o[BUYERS_KEY]),
    courseNames: recordedCourseNames(o[COURSES_KEY]),
    ...(reason !== null ? { reason } : {}),
  };
}

/** The recorded course names; a name that is no text is left out. */
function recordedCourseNames(value: unknown): Map<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return new Map();
  return new Map(
    Object.entries(value as Record<string, unknown>).flatMap(([id, name]) =>
      typeof name === 'string' ? [[id, name] as const] : [],
    ),
  );
}

/** The recorded buyers; one whose fields do not all read as text is left out (drawn from today's Kommuner). */
function recordedBuyers(value: unknown): Map<string, BuyerDetails> {
  const out = new Map<string, BuyerDetails>();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [name, fields] of Object.entries(value as Record<string, unknown>)) {
    if (typeof fields !== 'object' || fields === null) continue;
    const f = fields as Record<string, unknown>;
    if (BUYER_KEYS.some(([, key]) => typeof f[key] !== 'string')) continue;
    out.set(name, Object.fromEntries(BUYER_KEYS.map(([field, key]) => [field, f[key]])) as BuyerDetails);
  }
  return out;
}

/** The records of Logg's finished runs: billing runs by their Körning, credit notes by their number. */
export interface RecordedDocuments {
  byRun: Map<string, DocumentRecord>;
  byCreditNote: Map<string, DocumentRecord>;
}

// Detaljer as billingDetails begins them (a credit note's: workbook/log's CREDIT_NUMBERS).
const BILLING = /^Månad \S+, fakturadatum \S+, körning ([^\s:]+):/;

/** Reads Logg once; a later row of the same run wins (a completed run logs again). */
export function recordedDocuments(port: WorkbookPort): RecordedDocuments {
  const byRun = new Map<string, DocumentRecord>();
  const byCreditNote = new Map<string, DocumentRecord>();
  for (const row of readLogRows(port)) {
    if (row.Resultat.trim() !== LOG_RESULT.done) continue;
    const action = row.Åtgärd.trim();
    const match =
      action === LOG_ACTION.billing
        ? BILLING.exec(row.Detaljer)
        : action === LOG_ACTION.credit
          ? CREDIT_NUMBERS.exec(row.Detaljer)
          : null;
    if (!match) continue;
    const record = parseRecord(row.Detaljer);
    if (!record) continue;
    (action === LOG_ACTION.billing ? byRun : byCreditNote).set(match[1], record);
  }
  return { byRun, byCreditNote };
}
