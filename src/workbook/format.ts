/**
 * Swedish display of values, as the sheet formats show them: '1 550,00 kr', '1,5', dates
 * YYYY-MM-DD. Used wherever a value becomes text (HTML, PDF, plain text), so that all of them
 * read the same as the sheet.
 */
import { formatKronor, formatQuantity } from '../core/format';
import { Dec, type Decimal } from '../core/money';
import { isCalendarDate } from './cells';
import { FORMAT, type CellValue, type DocCell } from './port';

function toDecimal(x: Decimal | number | string): Decimal {
  return typeof x === 'object' ? x : new Dec(String(x));
}

/** '1 550,00 kr', '-3 100,00 kr' (normal spaces), as core formats money everywhere. */
export function formatMoney(x: Decimal | number | string): string {
  return formatKronor(toDecimal(x));
}

/** '1 550', '1,5': thousands grouped, decimal comma, no trailing zeros. */
export function formatNumber(x: Decimal | number | string): string {
  return formatQuantity(toDecimal(x));
}

/** The text a cell shows, given its value and number format. */
export function formatValue(value: CellValue, format?: string): string {
  if (value === '' || value === null || value === undefined) return '';
  if (isCalendarDate(value)) return value.iso;
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  if (typeof value === 'number') {
    if (format === FORMAT.money) return formatMoney(value);
    if (format === FORMAT.integer) return formatNumber(Math.round(value));
    return formatNumber(value);
  }
  return value;
}

export function formatCell(cell: DocCell | null | undefined): string {
  return cell ? formatValue(cell.value, cell.format) : '';
}
