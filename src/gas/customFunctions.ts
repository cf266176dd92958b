/**
 * The custom functions of SPEC §5 as Sheets calls them. Sheets passes a cell's value, a 2D array
 * for a range ('' for empty cells), Dates for date cells (possibly from another realm). Each call
 * reads only the tabs it needs, each once, and returns JS numbers (or a column of them for a range).
 * A thrown Error shows as #ERROR! with its (Swedish) message.
 */
import type { Decimal } from '../core/money';
import {
  FORMULA_TABS,
  dayFeeOf,
  fixedCostOf,
  isMissing,
  parseDateArg,
  parseYear,
  participantDaysOf,
  potOfYear,
  potPaidTo,
  readForFormulas,
  variableCostOf,
  type FormulaArg,
  type FormulaInput,
  type FormulaTab,
} from '../app/formulas';
import { fromHost as fromCell } from './sheets';
import { sheetsPort } from './host';

/**
 * A cell value Sheets passed in, its dates read in the spreadsheet's time zone. The zone is asked
 * once per execution (module state: Apps Script starts every execution with fresh globals).
 */
let zone: string | undefined;
function fromHost(v: unknown): ReturnType<typeof fromCell> {
  zone ??= SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
  return fromCell(v, zone);
}

type Result = number | '' | (number | '')[][];

function read(needs: readonly FormulaTab[]): FormulaInput {
  // What Sheets throws stands in the cell's error in Swedish.
  return readForFormulas(sheetsPort(), needs);
}

/** A single argument (not a range) as a cell value. */
function single(v: unknown, what: string): FormulaArg {
  if (Array.isArray(v)) {
    const cells = v.flat();
    if (cells.length === 1) return fromHost(cells[0]);
    throw new Error(`${what} ska vara en cell, inte ett område.`);
  }
  return v === undefined || v === null ? undefined : fromHost(v);
}

/** Applies fn to a value, or to each row of a range (its first cell), giving a column of the same height. */
function perValue(arg: unknown, fn: (v: FormulaArg) => Decimal): Result {
  if (Array.isArray(arg)) {
    return arg.map((row: unknown) => {
      const cell = fromHost(Array.isArray(row) ? row[0] : row);
      return [isMissing(cell) ? '' : fn(cell).toNumber()];
    });
  }
  const cell = arg === undefined || arg === null ? undefined : fromHost(arg);
  if (cell === '') return '';
  return fn(cell).toNumber();
}

function optionalYear(v: unknown): number | null {
  const a = single(v, 'År');
  return isMissing(a) ? null : parseYear(a);
}

function optionalDate(v: unknown, what: string): string | null {
  const a = single(v, what);
  return isMissing(a) ? null : parseDateArg(a);
}

export function fastkostnad(kommun: unknown, ar: unknown, _beroende: unknown): unknown {
  const year = optionalYear(ar);
  // With a year the register counts (what was billed, net of credit notes).
  const input = read(year === null ? FORMULA_TABS.FASTKOSTNAD : FORMULA_TABS.FASTKOSTNAD_YEAR);
  return perValue(kommun, (k) => fixedCostOf(input, k, year));
}

export function dagavgift(kursId: unknown, _beroende: unknown): unknown {
  const input = read(FORMULA_TABS.DAGAVGIFT);
  if (kursId === undefined || kursId === null || kursId === '') return dayFeeOf(input, undefined).toNumber();
  return perValue(kursId, (c) => dayFeeOf(input, c));
}

export function deltagardagar(kommun: unknown, fran: unknown, till: unknown, _beroende: unknown): unknown {
  const from = optionalDate(fran, 'Från');
  const to = optionalDate(till, 'Till');
  const input = read(FORMULA_TABS.DELTAGARDAGAR);
  return perValue(kommun, (k) => participantDaysOf(input, k, from, to));
}

export function rorligkostnad(kommun: unknown, fran: unknown, till: unknown, _beroende: unknown): unknown {
  const from = optionalDate(fran, 'Från');
  const to = optionalDate(till, 'Till');
  const input = read(FORMULA_TABS.RORLIGKOSTNAD);
  return perValue(kommun, (k) => variableCostOf(input, k, from, to));
}

export function utbildarpott(ar: unknown, kommun: unknown, _beroende: unknown): unknown {
  const yearArg = single(ar, 'År');
  if (isMissing(yearArg)) throw new Error('Ange året, t.ex. =UTBILDARPOTT(2024).');
  const year = parseYear(yearArg);
  if (kommun === undefined || kommun === null || kommun === '') {
    return potOfYear(read(FORMULA_TABS.UTBILDARPOTT_YEAR), year).toNumber();
  }
  const input = read(FORMULA_TABS.UTBILDARPOTT_MUNICIPALITY);
  return perValue(kommun, (k) => potPaidTo(input, year, k));
}
