/**
 * A Swedish postal address typed in one cell ("Box 947, 971 28 Luleå" or on several lines) split
 * into the parts an e-invoice sends: street, additional lines, postal code and city.
 */
export interface PostalAddress {
  street: string; // the line before the postal code: a street or a box
  additional: string; // earlier lines (c/o, department), joined with ', '
  postalZone: string; // 'NNN NN'
  city: string;
}

const POSTAL_LINE = /^(?:SE-?\s*)?(\d{3})\s?(\d{2})\s+(\S.*)$/i;

export function parsePostalAddress(text: string): PostalAddress {
  const parts = String(text)
    .split(/[\n,]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  let postalZone = '';
  let city = '';
  const index = parts.findIndex((p) => POSTAL_LINE.test(p));
  if (index >= 0) {
    const m = POSTAL_LINE.exec(parts[index])!;
    postalZone = `${m[1]} ${m[2]}`;
    city = m[3].trim();
    parts.splice(index);
  }
  const street = parts.length > 0 ? parts[parts.length - 1] : '';
  return { street, additional: parts.slice(0, -1).join(', '), postalZone, city };
}
