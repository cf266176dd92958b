/**
 * The domain model shared by every floor. Core functions take and return these; the workbook
 * floor turns cells into them and back. No cell, Date object or host API appears here.
 */
import type { Decimal } from './money';

/** A calendar date, 'YYYY-MM-DD'. Compared as strings. */
export type IsoDate = string;

/** Where a record came from, so that every error can name the tab and the row as the sheet shows it (1-based, header = 1). */
export interface SourceRef {
  tab: string;
  row: number;
}

export interface FeeComponents {
  venue: Decimal; // Lokal och fika (kr/dag)
  pot: Decimal; // Utbildarpott (kr/dag)
  material: Decimal; // Kursmaterial (kr/dag)
  buffer: Decimal; // Buffert (kr/dag)
}

export interface Settings {
  association: string; // Förbund
  orgNumber: string; // Organisationsnummer, 'NNNNNN-NNNN' ('' if missing)
  address: string; // Adress
  bankgiro: string; // Bankgiro ('' if missing)
  paymentDays: number; // Betalningsvillkor (dagar), whole days
  fees: FeeComponents;
  fixedCostPerYear: Decimal; // Fast kostnad (kr/år)
  agreementFrom: IsoDate; // Avtal från
  agreementTo: IsoDate; // Avtal till
  invoicePrefix: string; // Fakturaprefix
  vatPercent: Decimal; // Moms (%)
  ocrLengthDigit: boolean; // OCR med längdsiffra (Bankgirot's variant), default true
  administrators: string[]; // lower-cased e-mail addresses; empty = every editor
  contactPerson: string; // Kontaktperson
  replyTo: string; // Svarsadress
  accounts: BookkeepingAccounts; // Konto … (SPEC §2.1, §11), as typed
  vatCategory: VatCategory; // Momskategori
  vatExemption: string; // Momsundantag: the exemption text of categories E and O
  vatNumber: string; // Momsregistreringsnummer as typed ('' = derived from the org. number where needed)
  fSkatt: boolean; // F-skatt = Ja: "Godkänd för F-skatt" on documents
  plausibleDaysPerRow: number; // Rimligt antal dagar per rad: Dagar above it on a row is warned about
}

/** The VAT category of every line (SPEC §2.1, §9): standard rate, exempt, outside the scope of VAT. */
export type VatCategory = 'S' | 'E' | 'O';

/** The bookkeeping accounts of the SIE export, as typed in Inställningar. */
export interface BookkeepingAccounts {
  receivables: string; // Konto kundfordringar
  courseFees: string; // Konto kursavgifter
  pot: string; // Konto utbildarpott
  fixed: string; // Konto fast kostnad
  bank: string; // Konto bank
  vat: string; // Konto utgående moms
}

export interface Municipality {
  ref: SourceRef;
  name: string; // canonical name as written in the Kommuner tab
  orgNumber: string;
  population: Decimal | null;
  fixedCost: Decimal | null; // Fast kostnad (kr/år) as typed, null when blank
  socialChief: string;
  email: string;
  invoiceAddress: string;
  invoiceReference: string;
  legalName: string; // Juridiskt namn as typed ('' = known by org. number, workbook/legalName.ts)
  peppolId: string; // Peppol-ID as typed ('' = 0007: + org. number)
  payoutAccount: string; // Utbetalningskonto: the municipality's bankgiro for payouts of the pot
}

export interface Course {
  ref: SourceRef;
  id: string; // Kurs-ID as written in Kurser
  journey: string; // Yrkesresa
  step: string; // Steg
  name: string; // Kursnamn
  start: IsoDate | null;
  end: IsoDate | null;
  recorded: boolean; // Inspelad = Ja
  venueOverride: Decimal | null; // Lokal och fika (kr/dag) for this course
}

/** One participant's attendance (a Närvaro… row), already resolved to canonical names. */
export interface AttendanceRow {
  ref: SourceRef;
  date: IsoDate;
  courseId: string; // canonical Kurs-ID
  participant: string;
  municipality: string; // canonical municipality name
  days: Decimal;
  invoiceNumber: string; // Fakturanummer as found in the sheet; '' = not billed
}

/** One trainer's teaching days (an Utbildarlogg row). */
export interface TrainerRow {
  ref: SourceRef;
  date: IsoDate;
  courseId: string;
  trainer: string;
  municipality: string;
  days: Decimal;
  payoutInvoice: string; // Utbetalning; '' = not paid out
}

export interface VariableLine {
  kind: 'variable';
  courseId: string;
  quantity: Decimal; // participant-days
  unitPrice: Decimal; // the day fee
  components: FeeComponents; // the day fee's components as applied (the pot part funds the trainer pot)
  amount: Decimal; // quantity × unitPrice
}

export interface FixedLine {
  kind: 'fixed';
  year: number;
  months: number; // months of the year inside the agreement
  amount: Decimal;
}

export interface TrainerPotLine {
  kind: 'trainerPot';
  year: number;
  trainerDays: Decimal;
  amount: Decimal; // negative: paid to the municipality
  /** The run's whole payout this line is a share of; absent when it cannot be known (a line made by hand). */
  payout?: PotPayout;
}

/** A December run's payout of the pot: what it paid out in all, over how many trainer days. */
export interface PotPayout {
  total: Decimal; // positive
  trainerDays: Decimal;
}

export type InvoiceLine = VariableLine | FixedLine | TrainerPotLine;

export type InvoiceStatus = string; // 'Skapad' | 'Skickad' | `Fel: ${reason}`

/** A row of the Fakturor register. */
export interface RegisteredInvoice {
  ref?: SourceRef;
  number: string;
  invoiceDate: IsoDate;
  dueDate: IsoDate;
  period: string; // the run month, 'YYYY-MM'
  municipality: string;
  total: Decimal;
  ocr: string;
  status: InvoiceStatus;
  sent: string; // Skickad: time of sending, '' if not sent
  recipient: string; // Mottagare
  run: string; // Körning: the run's id
  credits?: string; // Krediterar: on a credit note, the number of the invoice it credits; '' otherwise
  creditedBy?: string; // Krediterad av: on a credited invoice, the credit note's number; '' otherwise
  paid?: Decimal; // Betalt: sum received (SPEC §10); 0 when blank
  paidDate?: IsoDate | ''; // Betaldatum: latest payment
  reminded?: IsoDate | ''; // Påmind: date of the latest reminder
  reminderFailure?: string; // Påmind 'Fel: …': why the latest reminder failed ('' otherwise)
}

/** A row of the Fakturarader register. */
export interface RegisteredLine {
  ref?: SourceRef;
  invoiceNumber: string;
  line: InvoiceLine;
}

/** A register line by its fields, as a finding names them: its invoice's number and the fields of any kind of line. */
export type LineRecord = Pick<RegisteredLine, 'ref' | 'invoiceNumber'> &
  Omit<VariableLine & FixedLine & TrainerPotLine, 'kind'>;

/** The permanent record: every figure of earlier runs is derived from it. */
export interface Ledger {
  invoices: RegisteredInvoice[];
  lines: RegisteredLine[];
}

export interface RunRequest {
  month: string; // 'YYYY-05' or 'YYYY-12'
  invoiceDate: IsoDate;
}

export interface RunInput {
  settings: Settings;
  municipalities: Municipality[];
  courses: Course[];
  attendance: AttendanceRow[];
  trainers: TrainerRow[];
  ledger: Ledger;
  run: RunRequest;
}

export interface PlannedInvoice {
  number: string;
  municipality: string;
  invoiceDate: IsoDate;
  dueDate: IsoDate;
  period: string;
  ocr: string;
  lines: InvoiceLine[]; // variable lines (in Kurser order), then fixed, then trainer pot
  net: Decimal; // sum of lines
  vat: Decimal;
  total: Decimal; // net + vat
  credit: boolean; // total < 0: the association owes the municipality
  attendance: AttendanceRow[]; // the rows billed on it (the specification)
  trainerRows: TrainerRow[]; // the trainer rows paid on it
  /** On a credit note (SPEC §8): the invoice it credits, that invoice's date, and the reason ('' = none). */
  creditOf?: CreditOf;
}

export interface CreditOf {
  number: string;
  invoiceDate: IsoDate;
  reason: string;
}

export interface Stamp {
  ref: SourceRef;
  number: string;
}

export interface RunPlan {
  month: string;
  invoiceDate: IsoDate;
  cutOff: IsoDate;
  runId: string;
  invoices: PlannedInvoice[]; // in number order
  attendanceStamps: Stamp[]; // Fakturanummer to write
  trainerStamps: Stamp[]; // Utbetalning to write
  pot: {
    balanceBefore: Decimal; // what the pot held before this run
    collected: Decimal; // potCollected
    paidOut: Decimal; // potPaidOut (positive)
    carriedOver: Decimal; // potCarriedOver
  };
  notes: string[]; // Swedish sentences for the administrator (e.g. the pot is carried over)
}

/**
 * An error or warning as the hosts show it: it names the tab, row and column for the
 * administrator to fix. The core never builds one (it does not know the sheet): it reports a
 * Finding, and the workbook floor (workbook/locate.ts) turns that into an Issue.
 */
export interface Issue {
  severity: 'error' | 'warning';
  tab: string;
  row?: number; // as the sheet shows it
  column?: string; // header text
  value?: string; // the offending text
  message: string; // Swedish
  /** The ledger invariant that found it (core/ledger.ts); such an error stops billing, crediting and sending. */
  check?: string;
}

/** The records a finding can be about, by the type the core knows them as. */
export interface RecordKinds {
  municipality: Municipality;
  course: Course;
  attendance: AttendanceRow;
  trainer: TrainerRow;
  invoice: RegisteredInvoice;
  line: LineRecord;
}
export type RecordKind = keyof RecordKinds;
export type FieldOf<K extends RecordKind> = Extract<keyof RecordKinds[K], string>;

/** A setting by its place in Settings: its key, or 'group.key' inside a group of settings ('fees.venue'). */
export type SettingField = {
  [K in Extract<keyof Settings, string>]: Settings[K] extends string | number | boolean | Decimal | readonly unknown[]
    ? K
    : `${K}.${Extract<keyof Settings[K], string>}`;
}[Extract<keyof Settings, string>];

/**
 * What a finding is about, in the core's own terms. A record field: `ref` is the record's source
 * (absent when the finding is about the field across all records of the kind, e.g. a column sum).
 * A setting: `fields` lists the settings it is about, the first one found in the sheet locating it.
 * The run request: a field of RunRequest. A kind of record as a whole: `of` names it (its tab).
 */
export type Subject =
  | { [K in RecordKind]: { kind: K; ref?: SourceRef; field: FieldOf<K> } }[RecordKind]
  | { kind: 'records'; of: RecordKind }
  | { kind: 'setting'; fields: readonly SettingField[] }
  | { kind: 'run'; field: Extract<keyof RunRequest, string> };

/** How the administrator sees a record field, a kind of record or a setting: given by the workbook floor, which alone knows the sheet. */
export interface Names {
  field<K extends RecordKind>(kind: K, field: FieldOf<K>): string;
  tab(kind: RecordKind): string;
  setting(field: SettingField): string;
}

/** A Swedish message; a function of the names when it has to name a column or a tab. */
export type Message = string | ((names: Names) => string);

/** An error or warning found by the core, about a record, a setting or the run. */
export interface Finding {
  severity: 'error' | 'warning';
  about: Subject;
  value?: string; // the offending text
  message: Message;
  /** The ledger invariant that found it (core/ledger.ts), carried over to the Issue. */
  check?: string;
}
