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
 *   the lines' amounts before VAT.
 * - Per 1 000 inhabitants: participant-days × 1 000 / Befolkning (the current figure of the
 *   Kommuner tab, used for every year), to two decimals; blank when Befolkning is blank.
 * - Rows that cannot be attributed (unknown municipality or Kurs-ID, no valid date, days not a
 *   positive number) are skipped and counted, never guessed.
 */
import { isIsoDate } from '../core/dates';
import { Dec, ZERO, type Decimal } from '../core/money';
import { NameMatcher, swedishCompare } from '../core/names';
import type { AttendanceRow, Course, Ledger, Municipality, TrainerRow } from '../core/types';
import { layoutReport, type ChartRequest, type ColumnKind, type ReportLayout, type ReportTable, type ReportValue } from '../workbook/reportSheet';
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook, type WorkbookSnapshot } from '../workbook/read';
import { isAttendanceTab, JOURNEYS, STEPS, TAB } from '../workbook/schema';

/** What the follow-up needs of the workbook's records (a subset of RunInput). */
export interface ReportInput {
  municipalities: Municipality[];
  courses: Course[];
  attendance: AttendanceRow[];
  trainers: TrainerRow[];
  ledger: Ledger;
}

/** Label used for a course whose Yrkesresa or Steg is blank in Kurser. */
export const UNSPECIFIED = '(ej angiven)';

export interface Figures {
  participants: number; // distinct people
  participantDays: Decimal;
  trainerDays: Decimal;
}

export interface MunicipalityFigures extends Figures {
  municipality: string;
  population: Decimal | null; // null when Befolkning is blank
  perThousand: Decimal | null; // participant-days per 1 000 inhabitants, 2 decimals
  invoicedVariable: Decimal; // Σ Rörlig lines
  invoicedFixed: Decimal; // Σ Fast kostnad lines
  trainerPot: Decimal; // Σ Utbildarpott lines (negative: paid to the municipality)
  invoicedNet: Decimal; // Σ all lines, before VAT
}

export interface StepFigures extends Figures {
  step: string;
}

export interface JourneyFigures extends Figures {
  journey: string;
  steps: StepFigures[]; // only steps with activity
}

/** One year, or all years together (year = null). */
export interface ReportPeriod {
  year: number | null;
  municipalities: MunicipalityFigures[]; // every municipality, in Swedish order
  total: MunicipalityFigures; // municipality = '' ; distinct participants over the whole region
  journeys: JourneyFigures[]; // only journeys with activity, in the order of the plan
  journeyTotal: Figures;
}

export interface SkippedCounts {
  attendance: number; // Närvaro rows not counted
  trainers: number; // Utbildarlogg rows not counted
  lines: number; // register lines without a committed invoice (orphans of an interrupted run)
}

export interface FollowUpReport {
  years: number[]; // ascending
  municipalities: string[]; // Swedish order
  journeys: string[]; // every Yrkesresa with activity in any year, in the order of the plan
  periods: ReportPeriod[]; // one per year, ascending
  allYears: ReportPeriod;
  skipped: SkippedCounts;
}

const THOUSAND = new Dec(1000);

/** Case- and space-insensitive identity of a person's name (diacritics are kept: Åsa ≠ Asa). */
export function personKey(name: string): string {
  return String(name).normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

class Tally {
  readonly people = new Set<string>();
  participantDays: Decimal = ZERO;
  trainerDays: Decimal = ZERO;
  variable: Decimal = ZERO;
  fixed: Decimal = ZERO;
  pot: Decimal = ZERO;
  net: Decimal = ZERO;

  figures(): Figures {
    return { participants: this.people.size, participantDays: this.participantDays, trainerDays: this.trainerDays };
  }
}

class Tallies {
  private readonly map = new Map<string, Tally>();
  get(...key: (string | number | null)[]): Tally {
    const k = JSON.stringify(key);
    let t = this.map.get(k);
    if (!t) {
      t = new Tally();
      this.map.set(k, t);
    }
    return t;
  }
  has(...key: (string | number | null)[]): boolean {
    return this.map.has(JSON.stringify(key));
  }
}

function positive(d: unknown): d is Decimal {
  return Dec.isDecimal(d) && (d as Decimal).isFinite() && (d as Decimal).greaterThan(0);
}

function yearOf(date: string): number | null {
  return isIsoDate(date) ? Number(date.slice(0, 4)) : null;
}

function orderBy(preferred: readonly string[]): (a: string, b: string) => number {
  return (a, b) => {
    const ia = preferred.indexOf(a);
    const ib = preferred.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || 0;
    if (a === UNSPECIFIED || b === UNSPECIFIED) return a === b ? 0 : a === UNSPECIFIED ? 1 : -1;
    return swedishCompare(a, b);
  };
}

/**
 * `alreadySkipped`: rows the reader dropped before they reached the records (it reports them as
 * errors), added to the rows skipped here.
 */
export function buildReport(input: ReportInput, alreadySkipped: Partial<SkippedCounts> = {}): FollowUpReport {
  const matcher = new NameMatcher(input.municipalities.map((m) => m.name));
  const population = new Map<string, Decimal | null>();
  for (const m of input.municipalities) {
    if (!population.has(m.name)) population.set(m.name, m.population && m.population.greaterThan(0) ? m.population : null);
  }
  const resolve = (text: string): string | null => {
    const r = matcher.match(text);
    return r.kind === 'ok' ? r.name : null;
  };
  const courses = new Map<string, Course>();
  for (const c of input.courses) {
    const key = String(c.id).trim().toLowerCase();
    if (key && !courses.has(key)) courses.set(key, c);
  }
  const courseOf = (id: string): Course | undefined => courses.get(String(id).trim().toLowerCase());
  const journeyOf = (c: Course) => (String(c.journey).trim() === '' ? UNSPECIFIED : String(c.journey).trim());
  const stepOf = (c: Course) => (String(c.step).trim() === '' ? UNSPECIFIED : String(c.step).trim());

  const years = new Set<number>();
  const names = new Set<string>(population.keys());
  const journeysSeen = new Set<string>();
  const byMunicipality = new Tallies(); // (year|null, municipality|null)
  const byJourney = new Tallies(); // (year|null, journey|null, step|null)
  const skipped: SkippedCounts = {
    attendance: alreadySkipped.attendance ?? 0,
    trainers: alreadySkipped.trainers ?? 0,
    lines: alreadySkipped.lines ?? 0,
  };

  for (const row of input.attendance) {
    const year = yearOf(row.date);
    const municipality = resolve(row.municipality);
    const course = courseOf(row.courseId);
    if (year === null || municipality === null || !course || !positive(row.days)) {
      skipped.attendance++;
      continue;
    }
    years.add(year);
    const journey = journeyOf(course);
    const step = stepOf(course);
    journeysSeen.add(journey);
    const person = personKey(row.participant);
    const who = person === '' ? null : JSON.stringify([person, municipality]);
    for (const t of [
      byMunicipality.get(year, municipality),
      byMunicipality.get(year, null),
      byMunicipality.get(null, municipality),
      byMunicipality.get(null, null),
      byJourney.get(year, journey, step),
      byJourney.get(year, journey, null),
      byJourney.get(year, null, null),
      byJourney.get(null, journey, step),
      byJourney.get(null, journey, null),
      byJourney.get(null, null, null),
    ]) {
      t.participantDays = t.participantDays.plus(row.days);
      if (who !== null) t.people.add(who);
    }
  }

  for (const row of input.trainers) {
    const year = yearOf(row.date);
    const municipality = resolve(row.municipality);
    // Trainer days count per municipality even without a course; per Yrkesresa only with a known one.
    const course = String(row.courseId).trim() === '' ? undefined : courseOf(row.courseId);
    if (year === null || municipality === null || !positive(row.days) || (String(row.courseId).trim() !== '' && !course)) {
      skipped.trainers++;
      continue;
    }
    years.add(year);
    const tallies = [
      byMunicipality.get(year, municipality),
      byMunicipality.get(year, null),
      byMunicipality.get(null, municipality),
      byMunicipality.get(null, null),
    ];
    if (course) {
      const journey = journeyOf(course);
      const step = stepOf(course);
      journeysSeen.add(journey);
      tallies.push(
        byJourney.get(year, journey, step),
        byJourney.get(year, journey, null),
        byJourney.get(year, null, null),
        byJourney.get(null, journey, step),
        byJourney.get(null, journey, null),
        byJourney.get(null, null, null),
      );
    }
    for (const t of tallies) t.trainerDays = t.trainerDays.plus(row.days);
  }

  const invoices = new Map(input.ledger.invoices.map((inv) => [inv.number, inv]));
  for (const { invoiceNumber, line } of input.ledger.lines) {
    const inv = invoices.get(invoiceNumber);
    const year = inv ? (/^\d{4}-\d{2}$/.test(inv.period) ? Number(inv.period.slice(0, 4)) : yearOf(inv.invoiceDate)) : null;
    if (!inv || year === null) {
      skipped.lines++;
      continue;
    }
    // The register names municipalities canonically; keep a name that no longer matches Kommuner
    // as it is, so that the invoiced totals still agree with the register.
    const municipality = resolve(inv.municipality) ?? inv.municipality;
    names.add(municipality);
    years.add(year);
    for (const t of [
      byMunicipality.get(year, municipality),
      byMunicipality.get(year, null),
      byMunicipality.get(null, municipality),
      byMunicipality.get(null, null),
    ]) {
      if (line.kind === 'variable') t.variable = t.variable.plus(line.amount);
      else if (line.kind === 'fixed') t.fixed = t.fixed.plus(line.amount);
      else t.pot = t.pot.plus(line.amount);
      t.net = t.net.plus(line.amount);
    }
  }

  const municipalities = [...names].sort(swedishCompare);
  const journeys = [...journeysSeen].sort(orderBy(JOURNEYS));
  const allPopulated = municipalities.length > 0 && municipalities.every((m) => population.get(m));
  const totalPopulation = allPopulated ? municipalities.reduce((s, m) => s.plus(population.get(m)!), ZERO) : null;

  const perThousand = (days: Decimal, pop: Decimal | null | undefined): Decimal | null =>
    pop ? days.times(THOUSAND).dividedBy(pop).toDecimalPlaces(2, Dec.ROUND_HALF_UP) : null;

  const municipalityFigures = (t: Tally, municipality: string, pop: Decimal | null): MunicipalityFigures => ({
    municipality,
    ...t.figures(),
    population: pop,
    perThousand: perThousand(t.participantDays, pop),
    invoicedVariable: t.variable,
    invoicedFixed: t.fixed,
    trainerPot: t.pot,
    invoicedNet: t.net,
  });

  const period = (year: number | null): ReportPeriod => {
    const journeyRows: JourneyFigures[] = [];
    for (const journey of journeys) {
      if (!byJourney.has(year, journey, null)) continue;
      const steps = new Set<string>();
      for (const c of input.courses) if (journeyOf(c) === journey) steps.add(stepOf(c));
      const stepRows: StepFigures[] = [...steps]
        .sort(orderBy(STEPS))
        .filter((s) => byJourney.has(year, journey, s))
        .map((step) => ({ step, ...byJourney.get(year, journey, step).figures() }));
      journeyRows.push({ journey, ...byJourney.get(year, journey, null).figures(), steps: stepRows });
    }
    return {
      year,
      municipalities: municipalities.map((m) => municipalityFigures(byMunicipality.get(year, m), m, population.get(m) ?? null)),
      total: municipalityFigures(byMunicipality.get(year, null), '', totalPopulation),
      journeys: journeyRows,
      journeyTotal: byJourney.get(year, null, null).figures(),
    };
  };

  const sortedYears = [...years].sort((a, b) => a - b);
  return {
    years: sortedYears,
    municipalities,
    journeys,
    periods: sortedYears.map((y) => period(y)),
    allYears: period(null),
    skipped,
  };
}

// ---------------------------------------------------------------------------------------------
// The tables and charts of the report: the same for the tab and for the command line's files.

const ALL_YEARS = 'Alla år';
const SUM = 'Summa';

function yearLabel(p: ReportPeriod): string | number {
  return p.year === null ? ALL_YEARS : p.year;
}

const quantities = (n: number): ColumnKind[] => Array.from({ length: n }, (): ColumnKind => 'quantity');

/** Participant-days per municipality, one column per year (the first chart's data). */
function daysByMunicipality(report: FollowUpReport): ReportTable {
  const periods = [...report.periods, report.allYears];
  const rows: ReportValue[][] = report.municipalities.map((m, i) => [m, ...periods.map((p) => p.municipalities[i].participantDays)]);
  rows.push([SUM, ...periods.map((p) => p.total.participantDays)]);
  return {
    id: 'deltagardagar-per-kommun',
    title: 'Deltagardagar per kommun och år',
    header: ['Kommun', ...report.years.map(String), ALL_YEARS],
    kinds: ['text', ...quantities(periods.length)],
    rows,
    totalRows: [rows.length - 1],
  };
}

/** Participant-days per 1 000 inhabitants; null when no municipality has Befolkning. */
function perThousandByMunicipality(report: FollowUpReport): ReportTable | null {
  const all = report.allYears;
  if (!all.municipalities.some((m) => m.population)) return null;
  const periods = [...report.periods, all];
  const rows: ReportValue[][] = report.municipalities.map((m, i) => [
    m,
    ...periods.map((p) => p.municipalities[i].perThousand),
    all.municipalities[i].population,
  ]);
  rows.push([SUM, ...periods.map((p) => p.total.perThousand), all.total.population]);
  return {
    id: 'deltagardagar-per-1000-invanare',
    title: 'Deltagardagar per 1 000 invånare',
    header: ['Kommun', ...report.years.map(String), ALL_YEARS, 'Befolkning'],
    kinds: ['text', ...periods.map((): ColumnKind => 'decimal2'), 'integer'],
    rows,
    totalRows: [rows.length - 1],
  };
}

function municipalityRow(label: string, year: string | number, f: MunicipalityFigures): ReportValue[] {
  return [
    label,
    year,
    f.participants,
    f.participantDays,
    f.perThousand,
    f.trainerDays,
    f.invoicedVariable,
    f.invoicedFixed,
    f.trainerPot,
    f.invoicedNet,
  ];
}

/** Every figure per municipality and year, with a sum per year and the years together. */
function municipalityDetail(report: FollowUpReport): ReportTable {
  const rows: ReportValue[][] = [];
  const totalRows: number[] = [];
  for (const p of [...report.periods, report.allYears]) {
    for (const f of p.municipalities) rows.push(municipalityRow(f.municipality, yearLabel(p), f));
    totalRows.push(rows.length);
    rows.push(municipalityRow(SUM, yearLabel(p), p.total));
  }
  return {
    id: 'kommuner-per-ar',
    title: 'Per kommun och år',
    header: [
      'Kommun',
      'År',
      'Deltagare',
      'Deltagardagar',
      'Deltagardagar per 1 000 invånare',
      'Utbildardagar',
      'Fakturerat rörligt',
      'Fakturerat fast kostnad',
      'Utbildarpott (utbetalt)',
      'Fakturerat netto',
    ],
    kinds: ['text', 'year', 'integer', 'quantity', 'decimal2', 'quantity', 'money', 'money', 'money', 'money'],
    rows,
    totalRows,
  };
}

/** Participant-days per Yrkesresa, one column per year (the line chart's data). */
function daysByJourney(report: FollowUpReport): ReportTable {
  const periods = [...report.periods, report.allYears];
  const days = (p: ReportPeriod, journey: string) => p.journeys.find((j) => j.journey === journey)?.participantDays ?? ZERO;
  const rows: ReportValue[][] = report.journeys.map((j) => [j, ...periods.map((p) => days(p, j))]);
  rows.push([SUM, ...periods.map((p) => p.journeyTotal.participantDays)]);
  return {
    id: 'deltagardagar-per-yrkesresa',
    title: 'Deltagardagar per Yrkesresa och år',
    header: ['Yrkesresa', ...report.years.map(String), ALL_YEARS],
    kinds: ['text', ...quantities(periods.length)],
    rows,
    totalRows: [rows.length - 1],
  };
}

/** Participants, participant-days and trainer days per Yrkesresa, Steg and year. */
function journeyDetail(report: FollowUpReport): ReportTable {
  const rows: ReportValue[][] = [];
  const totalRows: number[] = [];
  for (const p of [...report.periods, report.allYears]) {
    const year = yearLabel(p);
    for (const j of p.journeys) {
      for (const s of j.steps) rows.push([j.journey, s.step, year, s.participants, s.participantDays, s.trainerDays]);
      totalRows.push(rows.length);
      rows.push([j.journey, SUM, year, j.participants, j.participantDays, j.trainerDays]);
    }
    totalRows.push(rows.length);
    const t = p.journeyTotal;
    rows.push([SUM, '', year, t.participants, t.participantDays, t.trainerDays]);
  }
  return {
    id: 'yrkesresor-per-ar',
    title: 'Per Yrkesresa, steg och år',
    header: ['Yrkesresa', 'Steg', 'År', 'Deltagare', 'Deltagardagar', 'Utbildardagar'],
    kinds: ['text', 'text', 'year', 'integer', 'quantity', 'quantity'],
    rows,
    totalRows,
  };
}

export function reportTables(report: FollowUpReport): ReportTable[] {
  const tables = [daysByMunicipality(report)];
  const perThousand = perThousandByMunicipality(report);
  if (perThousand) tables.push(perThousand);
  // The narrow tables with a chart beside them first, the wide detail tables below.
  tables.push(daysByJourney(report), municipalityDetail(report), journeyDetail(report));
  return tables;
}

/** Swedish sentences shown above the tables (and printed by the command line). */
export function reportNotes(report: FollowUpReport): string[] {
  const notes = [
    'Deltagare = antal olika personer (namn och kommun). Deltagardagar och utbildardagar räknas på året i Datum.',
    'Fakturerat = raderna i Fakturarader för fakturor som finns i Fakturor, på året för körningens period, utan moms. Utbildarpotten är negativ: den betalas ut till kommunen.',
    'Per 1 000 invånare räknas på Befolkning i fliken Kommuner (samma siffra för alla år).',
  ];
  const { attendance, trainers, lines } = report.skipped;
  if (attendance > 0 || trainers > 0) {
    notes.push(
      `Räknades inte: ${attendance} rader i Närvaro och ${trainers} rader i Utbildarlogg (okänd kommun eller Kurs-ID, ogiltigt datum eller antal dagar). Kör Kontrollera data för detaljer.`,
    );
  }
  if (lines > 0) notes.push(`Räknades inte: ${lines} rader i Fakturarader utan faktura i Fakturor (från en avbruten körning).`);
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
  const n = report.years.length;
  const charts: ChartRequest[] = [
    {
      id: 'deltagardagar-per-kommun',
      tableId: 'deltagardagar-per-kommun',
      title: 'Deltagardagar per kommun och år',
      kind: 'column',
      valueTitle: 'Deltagardagar',
      dataColumns: n,
      transpose: false,
    },
    {
      id: 'deltagardagar-per-yrkesresa',
      tableId: 'deltagardagar-per-yrkesresa',
      title: 'Deltagardagar per Yrkesresa och år',
      kind: 'line',
      valueTitle: 'Deltagardagar',
      dataColumns: n,
      transpose: true,
    },
    {
      id: 'deltagardagar-per-1000-invanare',
      tableId: 'deltagardagar-per-1000-invanare',
      title: 'Deltagardagar per 1 000 invånare',
      kind: 'column',
      valueTitle: 'Deltagardagar per 1 000 invånare',
      dataColumns: n,
      transpose: false,
    },
  ];
  const shownNotes = options.generatedOn ? [`Uppdaterad ${options.generatedOn}.`, ...notes] : notes;
  const layout = layoutReport(REPORT_TITLE, shownNotes, tables, charts);
  return { report, notes, tables, layout };
}

/**
 * Rows of Närvaro tabs and Utbildarlogg that the reader dropped: those with an error that did
 * not become a record (unknown municipality or Kurs-ID, bad date or days).
 */
export function droppedRows(snapshot: WorkbookSnapshot): SkippedCounts {
  const kept = new Set<string>();
  for (const r of [...snapshot.input.attendance, ...snapshot.input.trainers]) kept.add(`${r.ref.tab}\u0000${r.ref.row}`);
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
