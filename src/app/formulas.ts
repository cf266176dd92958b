/**
 * The custom functions of SPEC §5, computed on the records of the workbook (pure, no host). The
 * host reads the workbook leniently through readForFormulas (only the tabs a function needs, and
 * broken rows elsewhere are skipped, never fatal), converts its arguments to CellValues, and
 * turns the Decimals into numbers at its boundary.
 */
import { isIsoDate } from '../core/dates';
import { componentsTotal, potComponentOfRows, variableCostOfRows, dayFee } from '../core/fees';
import { fixedAmounts, yearlyShares } from '../core/fixedCost';
import { ZERO, type Decimal } from '../core/money';
import { fixedNetByYear } from '../core/ledgerState';
import { NameMatcher, normalizeName } from '../core/names';
import { potPaidByMunicipality } from '../core/pot';
import type { AttendanceRow, Course, IsoDate, RunInput } from '../core/types';
import { cellText, isBlank, isCalendarDate, parseDate, parseNumber } from '../workbook/cells';
import type { CellValue, WorkbookPort } from '../workbook/port';
import { readWorkbook } from '../workbook/read';
import { TAB, headerKey, isAttendanceTab } from '../workbook/schema';

export type FormulaInput = Omit<RunInput, 'run'>;

/** The tabs a formula may need. */
export type FormulaTab = 'settings' | 'municipalities' | 'courses' | 'attendance' | 'register';

export const FORMULA_TABS = {
  FASTKOSTNAD: ['settings', 'municipalities'],
  FASTKOSTNAD_YEAR: ['settings', 'municipalities', 'register'],
  DAGAVGIFT: ['settings', 'courses'],
  DELTAGARDAGAR: ['municipalities', 'courses', 'attendance'],
  RORLIGKOSTNAD: ['settings', 'municipalities', 'courses', 'attendance'],
  UTBILDARPOTT_YEAR: ['settings', 'municipalities', 'courses', 'attendance'],
  UTBILDARPOTT_MUNICIPALITY: ['municipalities', 'register'],
} as const satisfies Record<string, readonly FormulaTab[]>;

function tabKind(name: string): FormulaTab | null {
  const key = headerKey(name);
  if (key === headerKey(TAB.settings)) return 'settings';
  if (key === headerKey(TAB.municipalities)) return 'municipalities';
  if (key === headerKey(TAB.courses)) return 'courses';
  if (key === headerKey(TAB.invoices) || key === headerKey(TAB.lines)) return 'register';
  if (isAttendanceTab(name)) return 'attendance';
  return null;
}

/**
 * Reads the workbook for a formula: one read per needed tab, nothing else. Errors in the
 * workbook do not stop a formula: rows that cannot be read are left out (Kontrollera data lists them).
 */
export function readForFormulas(port: WorkbookPort, needs: readonly FormulaTab[]): FormulaInput {
  const wanted = new Set<FormulaTab>(needs);
  const selective: WorkbookPort = {
    tabNames: () => port.tabNames(),
    read: (tab) => {
      const kind = tabKind(tab);
      return kind !== null && wanted.has(kind) ? port.read(tab) : [];
    },
    write: () => {
      throw new Error('Formler skriver inte i kalkylarket.');
    },
    createTab: () => {
      throw new Error('Formler skriver inte i kalkylarket.');
    },
    drawTab: () => {
      throw new Error('Formler skriver inte i kalkylarket.');
    },
    deleteTab: () => {
      throw new Error('Formler skriver inte i kalkylarket.');
    },
    // A formula writes nothing, so merges over written columns do not concern it (and cost no call).
    merges: () => [],
  };
  return readWorkbook(selective).input;
}

// ---------------------------------------------------------------------------------------------
// Arguments

/** An argument as the host passes it: a cell value, or nothing when it was left out. */
export type FormulaArg = CellValue | null | undefined;

export function isMissing(v: FormulaArg): boolean {
  return v === null || v === undefined || isBlank(v);
}

/** A municipality name as written in Kommuner, from forgiving text; throws a Swedish error naming the text. */
export function resolveMunicipality(input: FormulaInput, v: FormulaArg): string {
  const text = isMissing(v) ? '' : cellText(v);
  if (text === '') throw new Error('Ange en kommun, t.ex. "Luleå".');
  if (input.municipalities.length === 0)
    throw new Error('Fliken Kommuner saknas eller är tom. Välj Yrkesresan › Skapa/uppdatera flikar.');
  const m = new NameMatcher(input.municipalities.map((x) => x.name)).match(text);
  if (m.kind === 'ok') return m.name;
  if (m.kind === 'ambiguous')
    throw new Error(`Kommunnamnet "${text}" passar flera kommuner i fliken Kommuner: ${m.candidates.join(', ')}.`);
  throw new Error(`Okänd kommun: "${text}". Skriv namnet som i fliken Kommuner.`);
}

export function resolveCourse(input: FormulaInput, v: FormulaArg): Course {
  const text = isMissing(v) ? '' : cellText(v);
  const course = input.courses.find((c) => c.id.toLowerCase() === text.toLowerCase());
  if (!course) throw new Error(`Okänt Kurs-ID: "${text}". Skriv ett Kurs-ID ur fliken Kurser.`);
  return course;
}

/** A year: a number, its text, or a date (its year). */
export function parseYear(v: FormulaArg): number {
  if (isCalendarDate(v)) return Number(v.iso.slice(0, 4));
  const d = isMissing(v) ? null : parseNumber(v);
  if (d === null || !d.isInteger() || d.lt(1900) || d.gt(9999)) {
    throw new Error(`Ogiltigt år: "${isMissing(v) ? '' : cellText(v)}". Skriv året med fyra siffror, t.ex. 2024.`);
  }
  return d.toNumber();
}

/** A date: a date cell, 'YYYY-MM-DD' text, or a spreadsheet serial number. */
export function parseDateArg(v: FormulaArg): IsoDate {
  if (typeof v === 'number' && Number.isFinite(v)) {
    // Days since 1899-12-30, the spreadsheet epoch.
    const iso = new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86400000).toISOString().slice(0, 10);
    if (isIsoDate(iso)) return iso;
  }
  const iso = isMissing(v) ? null : parseDate(v);
  if (iso === null)
    throw new Error(`Ogiltigt datum: "${isMissing(v) ? '' : cellText(v)}". Skriv datumet som ÅÅÅÅ-MM-DD.`);
  return iso;
}

// ---------------------------------------------------------------------------------------------
// The functions (one value each; the host maps ranges)

/**
 * FASTKOSTNAD: the yearly share; with a year, the amount billed for it. Once the register holds a
 * fixed line of that year for the municipality, that is the net of its fixed lines over every
 * document, credit notes included (SPEC §3.4): 0 after a credit until the next run bills the year
 * again, never the sum of both. Before any run has billed the year, the amount a run would bill
 * (prorated; 0 outside the agreement).
 */
export function fixedCostOf(input: FormulaInput, municipality: FormulaArg, year: number | null): Decimal {
  const name = resolveMunicipality(input, municipality);
  if (year === null) return yearlyShares(input.settings, input.municipalities).get(name) ?? ZERO;
  const billed = fixedNetByYear(input.ledger).get(normalizeName(name))?.get(year);
  if (billed !== undefined) return billed;
  return fixedAmounts(input.settings, input.municipalities, year).get(name) ?? ZERO;
}

/** DAGAVGIFT: the day fee of a course, or of the settings when no course is given. */
export function dayFeeOf(input: FormulaInput, course: FormulaArg): Decimal {
  if (isMissing(course)) return componentsTotal(input.settings.fees);
  return dayFee(input.settings, resolveCourse(input, course));
}

function rowsOf(input: FormulaInput, name: string, from: IsoDate | null, to: IsoDate | null): AttendanceRow[] {
  return input.attendance.filter(
    (r) => r.municipality === name && (from === null || r.date >= from) && (to === null || r.date <= to),
  );
}

/** DELTAGARDAGAR: Σ Dagar of every attendance row of the municipality (recorded courses too), dates inclusive. */
export function participantDaysOf(
  input: FormulaInput,
  municipality: FormulaArg,
  from: IsoDate | null,
  to: IsoDate | null,
): Decimal {
  const name = resolveMunicipality(input, municipality);
  return rowsOf(input, name, from, to).reduce((s, r) => s.plus(r.days), ZERO);
}

/** RORLIGKOSTNAD: those days × the day fee, course by course (recorded courses 0), current settings. */
export function variableCostOf(
  input: FormulaInput,
  municipality: FormulaArg,
  from: IsoDate | null,
  to: IsoDate | null,
): Decimal {
  const name = resolveMunicipality(input, municipality);
  return variableCostOfRows(input.settings, input.courses, rowsOf(input, name, from, to));
}

/** UTBILDARPOTT(år): the Utbildarpott component of all attendance dated in the year, billed or not (recorded 0). */
export function potOfYear(input: FormulaInput, year: number): Decimal {
  const rows = input.attendance.filter((r) => r.date.startsWith(`${year}-`));
  return potComponentOfRows(input.settings, input.courses, rows);
}

/**
 * UTBILDARPOTT(år; kommun): what the municipality was paid out of the pot in that year's December
 * run (0 before it), net of credit notes: a credited payout's reversed line counts against it.
 */
export function potPaidTo(input: FormulaInput, year: number, municipality: FormulaArg): Decimal {
  const name = resolveMunicipality(input, municipality);
  const paid = potPaidByMunicipality(input.ledger, year);
  // Fakturor names the municipality as the run wrote it; match it forgivingly all the same.
  const matcher = new NameMatcher([name]);
  let total = ZERO;
  for (const [m, amount] of paid) if (matcher.match(m).kind === 'ok') total = total.plus(amount);
  return total;
}
