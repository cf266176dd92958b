// The cells of the fake sheets and what reading and writing them means (see spreadsheet.ts).
import { type Box, isDate, dateTime, parseWritten, type Stored } from './values';
import type { FakeDataValidation } from './range';

type GUser = GoogleAppsScript.Base.User;

export interface Cell {
  value: Stored; // '' = empty
  formula: string; // '' = none
  format?: string;
  fontWeight?: string;
  fontStyle?: string;
  fontSize?: number;
  fontColor?: string;
  background?: string;
  hAlign?: string;
  vAlign?: string;
  wrap?: boolean;
  validation?: FakeDataValidation | null;
  note?: string;
}

/** What a seeded cell may be: a plain value (stored as is, strings never parsed) or a formula. */
export type SeedValue = Stored | null | undefined | { formula: string; value?: Stored };

export interface FakeUser extends GUser {}
export function fakeUser(email: string): GUser {
  return { getEmail: () => email, getUserLoginId: () => email } as unknown as GUser;
}

export interface SpreadsheetOptions {
  id: string;
  name: string;
  timeZone: string;
  locale: string;
  owner: string;
  editors: string[];
  /** A consumer (gmail.com) account: domain edit is not available. */
  consumer: boolean;
}

export function sameShape(kind: string, data: unknown, box: Box): unknown[][] {
  if (!Array.isArray(data))
    throw new Error(
      `Exception: The parameters (${typeof data}) don't match the method signature for SpreadsheetApp.Range.${kind}.`,
    );
  if (data.length !== box.rows) {
    throw new Error(
      `The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${box.rows}.`,
    );
  }
  for (const row of data) {
    if (!Array.isArray(row))
      throw new Error(
        `Exception: The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.${kind}.`,
      );
    if (row.length !== box.cols) {
      throw new Error(
        `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${box.cols}.`,
      );
    }
  }
  return data as unknown[][];
}

export function hyperlinkLabel(formula: string): Stored {
  const m = /^=HYPERLINK\(\s*"((?:[^"]|"")*)"\s*[;,]\s*"((?:[^"]|"")*)"\s*\)$/i.exec(formula);
  return m ? m[2].replace(/""/g, '"') : '';
}

export function outValue(cell: Cell | undefined): Stored {
  if (!cell) return '';
  if (cell.formula) return cell.value !== '' ? copy(cell.value) : hyperlinkLabel(cell.formula);
  return copy(cell.value);
}

export const copy = (v: Stored): Stored => (isDate(v) ? new Date(dateTime(v)) : v);

/** Methods that change a sheet's cells, formats or shape: refused on a sheet the user may not edit. */
export const EDITING = [
  'set',
  'insert',
  'delete',
  'clear',
  'merge',
  'breakApart',
  'hide',
  'show',
  'append',
  'sort',
  'copy',
  'move',
];
export function isEditing(method: string): boolean {
  return EDITING.some((p) => method.startsWith(p));
}

export function writeValue(cell: Cell, v: unknown, timeZone: string): void {
  const parsed = parseWritten(v, cell.format === '@', timeZone);
  cell.value = parsed.value;
  cell.formula = parsed.formula;
}

export function writeFormula(cell: Cell, f: string): void {
  if (typeof f !== 'string') throw new Error('Fake Sheets: a formula must be a string');
  if (f === '') {
    cell.formula = '';
    cell.value = '';
  } else {
    cell.formula = f.startsWith('=') ? f : '=' + f;
    cell.value = '';
  }
}

export function displayOf(c: Cell | undefined, timeZone: string): string {
  const v = outValue(c);
  if (isDate(v)) {
    return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

export function overlaps(a: Box, b: Box): boolean {
  return a.row < b.row + b.rows && b.row < a.row + a.rows && a.col < b.col + b.cols && b.col < a.col + a.cols;
}
