/**
 * Sheet and register agree (SPEC §2.7): the invoice sheet is what becomes the PDF, so before a
 * document is sent or exported the cells that carry money or identity — number, dates, OCR,
 * buyer, every line's amount, the total — are compared with the document the register draws.
 * Pure: it takes the sheet's values (read once by the caller) and the register's layout.
 */
import { normalizeName } from '../core/names';
import { Dec } from '../core/money';
import { cellText, columnLetters, isBlank, isCalendarDate, parseDate, parseNumber } from './cells';
import { formatMoney } from './format';
import type { CheckedCell } from './invoiceSheet';
import type { CellValue } from './port';

export interface SheetDifference {
  field: string;
  /** The cell as the administrator finds it: 'D24'. */
  cell: string;
  row: number;
  col: number;
  /** What the sheet shows and what the register says, as text for the message. */
  sheet: string;
  register: string;
}

const EMPTY = '(tom)';

/**
 * Finds each anchor's row in the sheet: the occurrence of its text in its column nearest to where
 * the layout drew it. A label may anchor twice (the total in the head and below the lines).
 */
function anchorRows(values: readonly (readonly CellValue[])[], checked: readonly CheckedCell[]): Map<string, number> {
  const key = (col: number, text: string) => `${col}\u0000${text}`;
  const wanted = new Map<string, Set<number>>(); // key → the layout's rows
  for (const c of checked) {
    const k = key(c.anchor.col, c.anchor.text);
    wanted.set(k, (wanted.get(k) ?? new Set()).add(c.anchor.row));
  }
  const found = new Map<string, number>(); // anchorKey → the sheet's row
  values.forEach((row, r) => {
    row.forEach((v, c) => {
      if (typeof v !== 'string') return;
      for (const layoutRow of wanted.get(key(c + 1, v.trim())) ?? []) {
        const k = anchorKey(c + 1, v.trim(), layoutRow);
        const best = found.get(k);
        if (best === undefined || Math.abs(r + 1 - layoutRow) < Math.abs(best - layoutRow)) found.set(k, r + 1);
      }
    });
  });
  return found;
}

const anchorKey = (col: number, text: string, row: number) => `${col}\u0000${text}\u0000${row}`;

function agrees(actual: CellValue | undefined, c: CheckedCell): boolean {
  const expected = c.expected;
  if (expected === '') return isBlank(actual);
  if (isCalendarDate(expected)) return parseDate(actual ?? '') === expected.iso;
  if (typeof expected === 'number') {
    const n = parseNumber(actual ?? '');
    return n !== null && n.toFixed(2) === new Dec(String(expected)).toFixed(2);
  }
  const text = cellText(actual);
  if (text === cellText(expected)) return true;
  return (c.alternatives ?? []).some((a) => normalizeName(a) === normalizeName(text));
}

/** A value as the message shows it: amounts as '1 550,00 kr', dates as YYYY-MM-DD, text as typed. */
function shown(v: CellValue | undefined, asMoney: boolean): string {
  if (isBlank(v)) return EMPTY;
  if (asMoney) {
    const n = parseNumber(v ?? '');
    if (n !== null) return formatMoney(n);
  }
  return `"${cellText(v)}"`;
}

/**
 * Every checked cell whose sheet value differs from the register's, in layout order ([] when
 * they agree). A row inserted or removed above a cell is followed through its label.
 */
export function compareSheetWithRegister(
  values: readonly (readonly CellValue[])[],
  checked: readonly CheckedCell[],
): SheetDifference[] {
  const anchors = anchorRows(values, checked);
  const differences: SheetDifference[] = [];
  for (const c of checked) {
    const at = anchors.get(anchorKey(c.anchor.col, c.anchor.text, c.anchor.row));
    const row = c.row + (at === undefined ? 0 : at - c.anchor.row);
    const actual = values[row - 1]?.[c.col - 1];
    if (agrees(actual, c)) continue;
    const asMoney = typeof c.expected === 'number' || c.money === true;
    differences.push({
      field: c.field,
      cell: `${columnLetters(c.col)}${row}`,
      row,
      col: c.col,
      sheet: shown(actual, asMoney),
      register: c.expected === '' ? EMPTY : isCalendarDate(c.expected) ? c.expected.iso : shown(c.expected, asMoney),
    });
  }
  return differences;
}

/** The Swedish message naming the sheet and each differing cell, and how a correction is made. */
export function sheetDifferenceMessage(
  sheet: string,
  differences: readonly SheetDifference[],
  consequence = 'Fakturan skickas inte.',
): string {
  const cells = differences
    .map((d) => `cell ${d.cell} (${d.field}) visar ${d.sheet} men fliken Fakturor har ${d.register}`)
    .join('; ');
  return (
    `Fakturafliken "${sheet}" stämmer inte med fliken Fakturor: ${cells}. ` +
    `${consequence} En faktura rättas med Kreditera faktura, aldrig i fakturafliken; har fliken ` +
    'ändrats av misstag, ta bort fliken och välj Skapa/uppdatera flikar så ritas den om från registret.'
  );
}
