/**
 * Reads the workbook (SPEC §2) into the domain model: each tab once, headers matched
 * forgivingly, wholly empty rows ignored, every cell-level problem reported as an Issue that
 * names tab, sheet row, column and the offending text. Also records the layout that write.ts
 * needs to put stamps and register rows back without touching anything else.
 */
import { Dec, ZERO, type Decimal } from '../core/money';
import { NameMatcher, normalizeName } from '../core/names';
import { parseInvoiceNumber } from '../core/numbering';
import type {
  Course,
  AttendanceRow,
  FeeComponents,
  Issue,
  InvoiceLine,
  Ledger,
  Municipality,
  RegisteredInvoice,
  RegisteredLine,
  RunInput,
  Settings,
  TrainerRow,
} from '../core/types';
import { cellText, isBlank, isCalendarDate, isEmail, parseDate, parseNumber, parseYesNo } from './cells';
import type { CellValue, WorkbookPort } from './port';
import {
  ATTENDANCE_HEADERS,
  COURSE_HEADERS,
  INVOICE_HEADERS,
  JOURNEYS,
  LINE_HEADERS,
  LINE_TYPE,
  MUNICIPALITY_HEADERS,
  REQUIRED_COLUMNS,
  SETTING,
  SETTING_DEFAULTS,
  SETTINGS_HEADERS,
  STEPS,
  TAB,
  TRAINER_HEADERS,
  columnIndex,
  headerKey,
  isAttendanceTab,
  type SettingKey,
} from './schema';

/** Where a tab's columns and rows are, as read. Plain data (no Map) so hosts may pass it around. */
export interface TabLayout {
  tab: string; // the tab's actual name
  exists: boolean;
  width: number; // columns of the used range
  lastRow: number; // last non-empty sheet row (0 = nothing at all, 1 = header only)
  columns: Record<string, number>; // schema header → 1-based column; absent when missing
}

/** An attendance tab or Utbildarlogg: where the run's stamps go. */
export interface StampTabLayout extends TabLayout {
  stampHeader: string; // 'Fakturanummer' | 'Utbetalning'
  stampValues: CellValue[]; // the stamp column as read; index 0 = sheet row 2 ('' when the column is missing)
}

/** Fakturor or Fakturarader. */
export interface RegisterLayout extends TabLayout {
  /** Last sheet row that belongs to a committed invoice (1 = none). New rows go below it. */
  committedLastRow: number;
  /** The tab's cells as read (to keep extra columns of overwritten orphan rows). */
  data: CellValue[][];
}

export interface WorkbookLayout {
  tabNames: string[];
  attendance: StampTabLayout[];
  trainers: StampTabLayout;
  invoices: RegisterLayout;
  lines: RegisterLayout;
  /** Invoice numbers in Fakturor: everything else found in stamps or Fakturarader is an orphan. */
  registered: string[];
  /** Sheet row of each registered invoice in Fakturor. */
  invoiceRows: Record<string, number>;
  /** Sheet row of each setting present in Inställningar, by its key as in the schema. */
  settingRows: Record<string, number>;
}

export interface WorkbookSnapshot {
  input: Omit<RunInput, 'run'>;
  issues: Issue[];
  layout: WorkbookLayout;
}

type Row = { row: number; cells: CellValue[] };

interface TabData {
  layout: TabLayout;
  rows: Row[]; // non-empty data rows below the header
  data: CellValue[][];
}

class IssueList {
  readonly all: Issue[] = [];
  error(tab: string, row: number | undefined, column: string | undefined, value: string | undefined, message: string): void {
    this.add('error', tab, row, column, value, message);
  }
  warning(tab: string, row: number | undefined, column: string | undefined, value: string | undefined, message: string): void {
    this.add('warning', tab, row, column, value, message);
  }
  private add(severity: Issue['severity'], tab: string, row?: number, column?: string, value?: string, message = ''): void {
    const issue: Issue = { severity, tab, message };
    if (row !== undefined) issue.row = row;
    if (column !== undefined) issue.column = column;
    if (value !== undefined) issue.value = value;
    this.all.push(issue);
  }
}

function findTab(names: readonly string[], wanted: string): string | null {
  if (names.includes(wanted)) return wanted;
  return names.find((n) => headerKey(n) === headerKey(wanted)) ?? null;
}

function rowIsEmpty(cells: readonly CellValue[]): boolean {
  return cells.every((c) => isBlank(c));
}

function readTab(port: WorkbookPort, names: readonly string[], wanted: string, headers: readonly string[]): TabData {
  const actual = findTab(names, wanted);
  const data = actual === null ? [] : port.read(actual);
  return shapeTab(actual ?? wanted, actual !== null, data, headers);
}

function shapeTab(tab: string, exists: boolean, data: CellValue[][], headers: readonly string[]): TabData {
  let lastRow = 0;
  const rows: Row[] = [];
  data.forEach((cells, i) => {
    if (rowIsEmpty(cells)) return;
    lastRow = i + 1;
    if (i > 0) rows.push({ row: i + 1, cells });
  });
  const width = data.reduce((w, r) => Math.max(w, r.length), 0);
  const columns = data.length > 0 ? columnIndex(data[0], headers) : {};
  return { layout: { tab, exists, width, lastRow, columns }, rows, data };
}

/** Reports required columns that are missing; true when the tab can be read. */
function checkColumns(t: TabData, required: readonly string[], issues: IssueList): boolean {
  let ok = true;
  for (const h of required) {
    if (t.layout.columns[h] === undefined) {
      issues.error(t.layout.tab, 1, h, undefined, `Kolumnen "${h}" saknas i fliken ${t.layout.tab}. Lägg till den i rubrikraden (rad 1).`);
      ok = false;
    }
  }
  return ok;
}

function cell(t: TabData, r: Row, header: string): CellValue {
  const col = t.layout.columns[header];
  if (col === undefined) return '';
  const v = r.cells[col - 1];
  return v === undefined || v === null ? '' : v;
}

const missingTabMessage = (tab: string) =>
  `Fliken ${tab} saknas. Välj Yrkesresan › Skapa/uppdatera flikar och fyll i den.`;

// ---------------------------------------------------------------------------------------------
// Settings

function defaultOf(key: SettingKey): string | number {
  return SETTING_DEFAULTS.find((s) => s.key === key)!.value;
}

function readSettings(t: TabData, issues: IssueList): { settings: Settings; rows: Record<string, number> } {
  const found = new Map<string, { value: CellValue; row: number }>();
  if (t.layout.exists && checkColumns(t, SETTINGS_HEADERS, issues)) {
    const known = new Set(SETTING_DEFAULTS.map((s) => headerKey(s.key)));
    for (const r of t.rows) {
      const name = cellText(cell(t, r, 'Inställning'));
      const key = headerKey(name);
      if (!key) continue;
      const earlier = found.get(key);
      if (earlier) {
        issues.warning(t.layout.tab, r.row, 'Inställning', name, `Inställningen "${name}" finns redan på rad ${earlier.row}; värdet där används. Ta bort den ena raden.`);
      } else if (!known.has(key)) {
        issues.warning(t.layout.tab, r.row, 'Inställning', name, `Okänd inställning "${name}"; den används inte. Kontrollera stavningen.`);
      } else {
        found.set(key, { value: cell(t, r, 'Värde'), row: r.row });
      }
    }
  }
  const tab = t.layout.tab;
  const raw = (key: SettingKey): { value: CellValue; row?: number } => {
    const f = found.get(headerKey(key));
    if (!f || isBlank(f.value)) return { value: defaultOf(key), row: f?.row };
    return f;
  };
  const bad = (key: SettingKey, value: CellValue, row: number | undefined, what: string) =>
    issues.error(tab, row, 'Värde', cellText(value), `Inställningen "${key}" har ett ogiltigt värde. ${what}`);

  const text = (key: SettingKey): string => cellText(raw(key).value);
  const decimal = (key: SettingKey, what: string, ok: (d: Decimal) => boolean): Decimal => {
    const { value, row } = raw(key);
    const d = parseNumber(value);
    if (d === null || !ok(d)) {
      bad(key, value, row, what);
      return new Dec(String(defaultOf(key)));
    }
    return d;
  };
  const date = (key: SettingKey): string => {
    const { value, row } = raw(key);
    const d = parseDate(value);
    if (d === null) {
      bad(key, value, row, 'Skriv ett datum som ÅÅÅÅ-MM-DD.');
      return String(defaultOf(key));
    }
    return d;
  };
  const nonNegative = (d: Decimal) => d.gte(0);
  const amount = 'Ange ett belopp i kronor, 0 eller mer.';

  const days = decimal(SETTING.paymentDays, 'Ange ett helt antal dagar, 0 eller mer.', (d) => d.gte(0) && d.isInteger());
  const vat = decimal(SETTING.vat, 'Ange momssatsen i procent, t.ex. 0 eller 25.', (d) => d.gte(0) && d.lte(100));

  const prefix = text(SETTING.invoicePrefix);
  let invoicePrefix = prefix;
  if (!/^[^\s[\]*?/\\:']+$/.test(prefix)) {
    const { value, row } = raw(SETTING.invoicePrefix);
    bad(SETTING.invoicePrefix, value, row, 'Använd bokstäver och siffror utan mellanslag, t.ex. YR.');
    invoicePrefix = String(defaultOf(SETTING.invoicePrefix));
  }

  const adminRaw = raw(SETTING.administrators);
  const administrators = cellText(adminRaw.value)
    .split(/[,;\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  for (const a of administrators) {
    if (!isEmail(a)) bad(SETTING.administrators, adminRaw.value, adminRaw.row, `"${a}" är ingen e-postadress. Skriv adresserna åtskilda med kommatecken.`);
  }
  const replyTo = text(SETTING.replyTo);
  if (replyTo !== '' && !isEmail(replyTo)) {
    const { value, row } = raw(SETTING.replyTo);
    bad(SETTING.replyTo, value, row, 'Skriv en e-postadress eller lämna tomt.');
  }
  const ocrRaw = raw(SETTING.ocrLengthDigit);
  let ocrLengthDigit = parseYesNo(ocrRaw.value, true);
  if (ocrLengthDigit === null) {
    bad(SETTING.ocrLengthDigit, ocrRaw.value, ocrRaw.row, 'Skriv Ja eller Nej.');
    ocrLengthDigit = true;
  }

  const fees: FeeComponents = {
    venue: decimal(SETTING.venue, amount, nonNegative),
    pot: decimal(SETTING.pot, amount, nonNegative),
    material: decimal(SETTING.material, amount, nonNegative),
    buffer: decimal(SETTING.buffer, amount, nonNegative),
  };
  const agreementFrom = date(SETTING.agreementFrom);
  const agreementTo = date(SETTING.agreementTo);
  const rows: Record<string, number> = {};
  for (const { key } of SETTING_DEFAULTS) {
    const f = found.get(headerKey(key));
    if (f) rows[key] = f.row;
  }
  const settings: Settings = {
    association: text(SETTING.association),
    orgNumber: text(SETTING.orgNumber),
    address: text(SETTING.address),
    bankgiro: text(SETTING.bankgiro),
    paymentDays: days.toNumber(),
    fees,
    fixedCostPerYear: decimal(SETTING.fixedCost, amount, nonNegative),
    agreementFrom,
    agreementTo,
    invoicePrefix,
    vatPercent: vat,
    ocrLengthDigit,
    administrators,
    contactPerson: text(SETTING.contactPerson),
    replyTo,
  };
  return { settings, rows };
}

// ---------------------------------------------------------------------------------------------
// Kommuner, Kurser

/** The members, and every name typed in Kommuner (duplicates included, so that a name that fits two rows is reported where it is used). */
function readMunicipalities(t: TabData, issues: IssueList): { municipalities: Municipality[]; names: string[] } {
  const out: Municipality[] = [];
  const names: string[] = [];
  if (!t.layout.exists || !checkColumns(t, REQUIRED_COLUMNS[TAB.municipalities], issues)) return { municipalities: out, names };
  const tab = t.layout.tab;
  const seen = new Map<string, number>();
  for (const r of t.rows) {
    const name = cellText(cell(t, r, 'Kommun'));
    if (name === '') {
      issues.error(tab, r.row, 'Kommun', '', 'Kommunens namn saknas. Fyll i namnet eller töm raden.');
      continue;
    }
    names.push(name);
    const key = normalizeName(name);
    if (seen.has(key)) {
      issues.error(tab, r.row, 'Kommun', name, `Kommunen "${name}" finns redan på rad ${seen.get(key)}. Ta bort dubbletten.`);
      continue;
    }
    seen.set(key, r.row);
    const optionalNumber = (header: string, what: string): Decimal | null => {
      const v = cell(t, r, header);
      if (isBlank(v)) return null;
      const d = parseNumber(v);
      if (d === null || d.lt(0)) {
        issues.error(tab, r.row, header, cellText(v), `${what} måste vara ett tal, 0 eller mer. Rätta värdet eller lämna cellen tom.`);
        return null;
      }
      return d;
    };
    const email = cellText(cell(t, r, 'E-post'));
    if (email !== '' && !isEmail(email)) {
      issues.error(tab, r.row, 'E-post', email, `Ogiltig e-postadress för ${name}. Rätta adressen (t.ex. socialchef@kommun.se) eller lämna cellen tom.`);
    }
    out.push({
      ref: { tab, row: r.row },
      name,
      orgNumber: cellText(cell(t, r, 'Organisationsnummer')),
      population: optionalNumber('Befolkning', 'Befolkning'),
      fixedCost: optionalNumber('Fast kostnad (kr/år)', 'Fast kostnad'),
      socialChief: cellText(cell(t, r, 'Socialchef')),
      email,
      invoiceAddress: cellText(cell(t, r, 'Fakturaadress')),
      invoiceReference: cellText(cell(t, r, 'Fakturareferens')),
    });
  }
  return { municipalities: out, names };
}

function readCourses(t: TabData, issues: IssueList): Course[] {
  const out: Course[] = [];
  if (!t.layout.exists || !checkColumns(t, REQUIRED_COLUMNS[TAB.courses], issues)) return out;
  const tab = t.layout.tab;
  const seen = new Map<string, number>();
  for (const r of t.rows) {
    const id = cellText(cell(t, r, 'Kurs-ID'));
    if (id === '') {
      issues.error(tab, r.row, 'Kurs-ID', '', 'Kurs-ID saknas. Fyll i ett Kurs-ID eller töm raden.');
      continue;
    }
    const key = id.toLowerCase();
    if (seen.has(key)) {
      issues.error(tab, r.row, 'Kurs-ID', id, `Kurs-ID "${id}" finns redan på rad ${seen.get(key)}. Varje kurs ska ha ett eget Kurs-ID.`);
      continue;
    }
    seen.set(key, r.row);
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

// ---------------------------------------------------------------------------------------------
// Attendance and trainer rows

interface Resolvers {
  municipality: NameMatcher;
  courseIds: Map<string, string>; // lower-cased → canonical
  registered: Set<string>;
  /** False when Kommuner or Kurser could not be read: that one error says it all, not one per row. */
  haveMunicipalities: boolean;
  haveCourses: boolean;
}

function resolveMunicipality(text: string, resolvers: Resolvers, issues: IssueList, tab: string, row: number): string | null {
  if (text === '') {
    issues.error(tab, row, 'Kommun', '', 'Kommun saknas. Välj kommunen ur listan (fliken Kommuner).');
    return null;
  }
  const m = resolvers.municipality.match(text);
  if (m.kind === 'ok') return m.name;
  if (!resolvers.haveMunicipalities) return null;
  if (m.kind === 'ambiguous') {
    issues.error(tab, row, 'Kommun', text, `Kommunnamnet "${text}" passar flera rader i Kommuner (${m.candidates.join(', ')}). Skriv namnet exakt som i fliken Kommuner.`);
  } else {
    issues.error(tab, row, 'Kommun', text, `Okänd kommun "${text}". Skriv namnet som det står i fliken Kommuner.`);
  }
  return null;
}

function resolveCourse(text: string, resolvers: Resolvers, issues: IssueList, tab: string, row: number, required: boolean): string | null {
  if (text === '') {
    if (required) issues.error(tab, row, 'Kurs-ID', '', 'Kurs-ID saknas. Välj kursen ur listan (fliken Kurser).');
    return required ? null : '';
  }
  const id = resolvers.courseIds.get(text.toLowerCase());
  if (id !== undefined) return id;
  if (!resolvers.haveCourses) return null;
  issues.error(tab, row, 'Kurs-ID', text, `Okänt Kurs-ID "${text}". Lägg till kursen i fliken Kurser eller rätta Kurs-ID.`);
  return null;
}

function readDate(v: CellValue, issues: IssueList, tab: string, row: number): string | null {
  if (isBlank(v)) {
    issues.error(tab, row, 'Datum', '', 'Datum saknas. Skriv datumet som ÅÅÅÅ-MM-DD.');
    return null;
  }
  const d = parseDate(v);
  if (d === null) issues.error(tab, row, 'Datum', cellText(v), `"${cellText(v)}" är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD.`);
  return d;
}

function readDays(v: CellValue, issues: IssueList, tab: string, row: number): Decimal | null {
  const d = parseNumber(v);
  if (d === null || d.lte(0)) {
    issues.error(tab, row, 'Dagar', cellText(v), 'Dagar måste vara ett positivt tal (halva dagar går bra, t.ex. 0,5). Rätta värdet.');
    return null;
  }
  return d;
}

/** The stamp as readers see it: an invoice number not in Fakturor is an orphan of an interrupted run, i.e. blank. */
function readStamp(t: TabData, r: Row, header: string, resolvers: Resolvers, issues: IssueList): string {
  const text = cellText(cell(t, r, header));
  if (text === '' || resolvers.registered.has(text)) return text;
  if (parseInvoiceNumber(text) === null) {
    issues.warning(t.layout.tab, r.row, header, text, `"${text}" är inget fakturanummer i Fakturor; raden räknas som ej fakturerad och skrivs över vid nästa körning.`);
  }
  return '';
}

function stampLayout(t: TabData, header: string): StampTabLayout {
  const col = t.layout.columns[header];
  const stampValues: CellValue[] = [];
  for (let i = 1; i < t.data.length; i++) {
    const v = col === undefined ? '' : t.data[i][col - 1];
    stampValues.push(v === undefined || v === null ? '' : v);
  }
  return { ...t.layout, stampHeader: header, stampValues };
}

function readAttendance(t: TabData, resolvers: Resolvers, issues: IssueList): AttendanceRow[] {
  const out: AttendanceRow[] = [];
  if (t.layout.lastRow === 0 || !checkColumns(t, REQUIRED_COLUMNS[TAB.attendancePrefix], issues)) return out;
  const tab = t.layout.tab;
  for (const r of t.rows) {
    const date = readDate(cell(t, r, 'Datum'), issues, tab, r.row);
    const courseId = resolveCourse(cellText(cell(t, r, 'Kurs-ID')), resolvers, issues, tab, r.row, true);
    const participant = cellText(cell(t, r, 'Deltagare'));
    if (participant === '' && t.layout.columns['Deltagare'] !== undefined) {
      issues.warning(tab, r.row, 'Deltagare', '', 'Deltagarens namn saknas; det behövs i fakturans specifikation.');
    }
    const municipality = resolveMunicipality(cellText(cell(t, r, 'Kommun')), resolvers, issues, tab, r.row);
    const days = readDays(cell(t, r, 'Dagar'), issues, tab, r.row);
    const invoiceNumber = readStamp(t, r, 'Fakturanummer', resolvers, issues);
    if (date === null || courseId === null || municipality === null || days === null) continue;
    out.push({ ref: { tab, row: r.row }, date, courseId, participant, municipality, days, invoiceNumber });
  }
  return out;
}

function readTrainers(t: TabData, resolvers: Resolvers, issues: IssueList): TrainerRow[] {
  const out: TrainerRow[] = [];
  // A tab that exists but is wholly empty reads as empty, like a missing one.
  if (t.layout.lastRow === 0 || !checkColumns(t, REQUIRED_COLUMNS[TAB.trainers], issues)) return out;
  const tab = t.layout.tab;
  for (const r of t.rows) {
    const date = readDate(cell(t, r, 'Datum'), issues, tab, r.row);
    const courseId = resolveCourse(cellText(cell(t, r, 'Kurs-ID')), resolvers, issues, tab, r.row, false);
    const trainer = cellText(cell(t, r, 'Utbildare'));
    const municipality = resolveMunicipality(cellText(cell(t, r, 'Kommun')), resolvers, issues, tab, r.row);
    const days = readDays(cell(t, r, 'Dagar'), issues, tab, r.row);
    const payoutInvoice = readStamp(t, r, 'Utbetalning', resolvers, issues);
    if (date === null || courseId === null || municipality === null || days === null) continue;
    out.push({ ref: { tab, row: r.row }, date, courseId, trainer, municipality, days, payoutInvoice });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The register (Fakturor, Fakturarader)

const registerMessage = (tab: string) =>
  `Fliken ${tab} skrivs bara av verktyget och ska inte ändras för hand. Återställ värdet (Arkiv › Versionshistorik).`;

function readInvoices(t: TabData, issues: IssueList): { invoices: RegisteredInvoice[]; rows: Record<string, number> } {
  const invoices: RegisteredInvoice[] = [];
  const rows: Record<string, number> = {};
  // A tab that exists but is wholly empty reads as empty, like a missing one.
  if (t.layout.lastRow === 0 || !checkColumns(t, REQUIRED_COLUMNS[TAB.invoices], issues)) return { invoices, rows };
  const tab = t.layout.tab;
  for (const r of t.rows) {
    const number = cellText(cell(t, r, 'Fakturanummer'));
    if (number === '') {
      issues.error(tab, r.row, 'Fakturanummer', '', `Fakturanummer saknas. ${registerMessage(tab)}`);
      continue;
    }
    if (rows[number] !== undefined) {
      issues.error(tab, r.row, 'Fakturanummer', number, `Fakturanumret finns redan på rad ${rows[number]}. ${registerMessage(tab)}`);
      continue;
    }
    const date = (header: string): string => {
      const v = cell(t, r, header);
      const d = parseDate(v);
      if (d === null) issues.error(tab, r.row, header, cellText(v), `${header} är inget datum. ${registerMessage(tab)}`);
      return d ?? '';
    };
    const totalRaw = cell(t, r, 'Belopp');
    const total = parseNumber(totalRaw);
    if (total === null) issues.error(tab, r.row, 'Belopp', cellText(totalRaw), `Beloppet är inget tal. ${registerMessage(tab)}`);
    const periodRaw = cell(t, r, 'Period');
    // A host may have turned '2024-05' into a date cell.
    const period = isCalendarDate(periodRaw) ? periodRaw.iso.slice(0, 7) : cellText(periodRaw);
    rows[number] = r.row;
    invoices.push({
      ref: { tab, row: r.row },
      number,
      invoiceDate: date('Fakturadatum'),
      dueDate: date('Förfallodatum'),
      period,
      municipality: cellText(cell(t, r, 'Kommun')),
      total: total ?? ZERO,
      ocr: cellText(cell(t, r, 'OCR')),
      status: cellText(cell(t, r, 'Status')),
      sent: cellText(cell(t, r, 'Skickad')),
      recipient: cellText(cell(t, r, 'Mottagare')),
      run: cellText(cell(t, r, 'Körning')),
    });
  }
  return { invoices, rows };
}

function readLines(t: TabData, registered: Set<string>, issues: IssueList): { lines: RegisteredLine[]; committedLastRow: number } {
  const lines: RegisteredLine[] = [];
  let committedLastRow = 1;
  // A tab that exists but is wholly empty reads as empty, like a missing one.
  if (t.layout.lastRow === 0 || !checkColumns(t, REQUIRED_COLUMNS[TAB.lines], issues)) return { lines, committedLastRow };
  const tab = t.layout.tab;
  for (const r of t.rows) {
    const invoiceNumber = cellText(cell(t, r, 'Fakturanummer'));
    if (!registered.has(invoiceNumber)) continue; // an orphan of an interrupted run
    committedLastRow = r.row;
    const num = (header: string, blankAs: Decimal | null): Decimal => {
      const v = cell(t, r, header);
      if (isBlank(v) && blankAs !== null) return blankAs;
      const d = parseNumber(v);
      if (d === null) {
        issues.error(tab, r.row, header, cellText(v), `${header} är inget tal. ${registerMessage(tab)}`);
        return ZERO;
      }
      return d;
    };
    const year = (): number => num('År', null).toNumber();
    const type = cellText(cell(t, r, 'Typ'));
    let line: InvoiceLine;
    if (type === LINE_TYPE.variable) {
      line = {
        kind: 'variable',
        courseId: cellText(cell(t, r, 'Kurs-ID')),
        quantity: num('Antal', null),
        unitPrice: num('À-pris', null),
        components: {
          venue: num('Lokal och fika', ZERO),
          pot: num('Utbildarpott', ZERO),
          material: num('Kursmaterial', ZERO),
          buffer: num('Buffert', ZERO),
        },
        amount: num('Belopp', null),
      };
    } else if (type === LINE_TYPE.fixed) {
      line = { kind: 'fixed', year: year(), months: num('Månader', null).toNumber(), amount: num('Belopp', null) };
    } else if (type === LINE_TYPE.trainerPot) {
      line = { kind: 'trainerPot', year: year(), trainerDays: num('Antal', ZERO), amount: num('Belopp', null) };
    } else {
      issues.error(tab, r.row, 'Typ', type, `Okänd radtyp (${LINE_TYPE.variable}, ${LINE_TYPE.fixed} eller ${LINE_TYPE.trainerPot}). ${registerMessage(tab)}`);
      continue;
    }
    lines.push({ ref: { tab, row: r.row }, invoiceNumber, line });
  }
  return { lines, committedLastRow };
}

// ---------------------------------------------------------------------------------------------

/** Reads the whole workbook with one port.read per tab. */
export function readWorkbook(port: WorkbookPort): WorkbookSnapshot {
  const issues = new IssueList();
  const tabNames = port.tabNames();

  const settingsTab = readTab(port, tabNames, TAB.settings, SETTINGS_HEADERS);
  const municipalitiesTab = readTab(port, tabNames, TAB.municipalities, MUNICIPALITY_HEADERS);
  const coursesTab = readTab(port, tabNames, TAB.courses, COURSE_HEADERS);
  for (const t of [settingsTab, municipalitiesTab, coursesTab]) {
    if (!t.layout.exists) issues.error(t.layout.tab, undefined, undefined, undefined, missingTabMessage(t.layout.tab));
  }
  const invoicesTab = readTab(port, tabNames, TAB.invoices, INVOICE_HEADERS);
  const linesTab = readTab(port, tabNames, TAB.lines, LINE_HEADERS);
  const trainersTab = readTab(port, tabNames, TAB.trainers, TRAINER_HEADERS);
  const attendanceTabs = tabNames
    .filter(isAttendanceTab)
    .map((name) => shapeTab(name, true, port.read(name), ATTENDANCE_HEADERS));

  const { settings, rows: settingRows } = readSettings(settingsTab, issues);
  const { municipalities, names: municipalityNames } = readMunicipalities(municipalitiesTab, issues);
  const courses = readCourses(coursesTab, issues);

  const { invoices, rows: invoiceRows } = readInvoices(invoicesTab, issues);
  const registered = new Set(invoices.map((i) => i.number));
  const { lines, committedLastRow } = readLines(linesTab, registered, issues);
  const ledger: Ledger = { invoices, lines };

  const resolvers: Resolvers = {
    municipality: new NameMatcher(municipalityNames),
    courseIds: new Map(courses.map((c) => [c.id.toLowerCase(), c.id])),
    registered,
    haveMunicipalities: municipalityNames.length > 0,
    haveCourses: courses.length > 0,
  };
  const attendance = attendanceTabs.flatMap((t) => readAttendance(t, resolvers, issues));
  const trainers = readTrainers(trainersTab, resolvers, issues);

  const layout: WorkbookLayout = {
    tabNames,
    attendance: attendanceTabs.map((t) => stampLayout(t, 'Fakturanummer')),
    trainers: stampLayout(trainersTab, 'Utbetalning'),
    invoices: { ...invoicesTab.layout, committedLastRow: Math.max(1, invoicesTab.layout.lastRow), data: invoicesTab.data },
    lines: { ...linesTab.layout, committedLastRow, data: linesTab.data },
    registered: [...registered],
    invoiceRows,
    settingRows,
  };
  return {
    input: { settings, municipalities, courses, attendance, trainers, ledger },
    issues: issues.all,
    layout,
  };
}
