/** Luhn (mod 10) check digits: organisation numbers and OCR references. */

export function luhnCheckDigit(digits: string): number {
  throw new Error('not implemented');
}
export function isLuhnValid(digits: string): boolean {
  throw new Error('not implemented');
}
/** 'NNNNNN-NNNN' (or 10 digits) whose 10th digit is the Luhn digit of the first nine. */
export function isValidOrgNumber(text: string): boolean {
  throw new Error('not implemented');
}
/** 'SE' + 10 digits + '01'. */
export function vatNumber(orgNumber: string): string {
  throw new Error('not implemented');
}
