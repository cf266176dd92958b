/** Swedish presentation of numbers: "1 550,00 kr", "2,5". Plain U+0020 as thousands separator. */
import { Dec, toOre, type Decimal } from './money';

function group(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function swedish(fixed: string): string {
  const negative = fixed.startsWith('-');
  const body = negative ? fixed.slice(1) : fixed;
  const [int, frac] = body.split('.');
  const text = group(int) + (frac !== undefined ? ',' + frac : '');
  return negative ? '-' + text : text;
}

/** '1 550,00' (two decimals, half up). */
export function formatMoney(d: Decimal): string {
  const r = toOre(d);
  return swedish((r.isZero() ? new Dec(0) : r).toFixed(2));
}

/** '1 550,00 kr'; negative amounts as '-3 100,00 kr'. */
export function formatKronor(d: Decimal): string {
  return `${formatMoney(d)} kr`;
}

/** A quantity with as many decimals as it has: '28', '2,5', '1 200'. */
export function formatQuantity(d: Decimal): string {
  return swedish((d.isZero() ? new Dec(0) : d).toFixed());
}
