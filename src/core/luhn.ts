/** Luhn (mod 10) check digits: organisation numbers and OCR references. */

const DIGITS = /^\d+$/;

/** The digit that makes `digits` + digit pass the Luhn test. */
export function luhnCheckDigit(digits: string): number {
  if (!DIGITS.test(digits)) throw new Error(`Endast siffror väntades: ${digits}`);
  let total = 0;
  // The rightmost payload digit is doubled, since the check digit will follow it.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let v = digits.charCodeAt(i) - 48;
    if (double) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    total += v;
  }
  return (10 - (total % 10)) % 10;
}

export function isLuhnValid(digits: string): boolean {
  if (typeof digits !== 'string' || digits.length < 2 || !DIGITS.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

const ORG = /^(\d{6})-?(\d{4})$/;

/** 'NNNNNN-NNNN' (or 10 digits) whose 10th digit is the Luhn digit of the first nine. */
export function isValidOrgNumber(text: string): boolean {
  if (typeof text !== 'string') return false;
  const m = ORG.exec(text.trim());
  return !!m && isLuhnValid(m[1] + m[2]);
}

/** 'SE' + 10 digits + '01'. */
export function vatNumber(orgNumber: string): string {
  const digits = String(orgNumber).replace(/\D/g, '');
  return `SE${digits}01`;
}
