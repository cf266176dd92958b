/**
 * IBM PC code page 437 ("PC8" in SIE, SPEC §11): the one encoder of the product, pure, so the
 * Apps Script host and the command line write the same bytes.
 *
 * Bytes 0x20–0x7E are ASCII. The upper half is the code page's table below (å 0x86, ä 0x84,
 * ö 0x94, Å 0x8F, Ä 0x8E, Ö 0x99). A character the code page cannot hold is replaced, never
 * dropped silently, by this documented fallback, and reported:
 *   1. typographic look-alikes: en/em dashes and minus → "-", curly quotes → ' and ",
 *      "…" → "...", no-break/thin spaces → space, "€" → "EUR";
 *   2. otherwise the letter without its accents (Unicode NFKD, combining marks removed), when
 *      every remaining character is in the code page ("ł" has no decomposition and goes to 3;
 *      "Ō" → "O", "ﬁ" → "fi");
 *   3. otherwise "?".
 * Control characters (below 0x20 and 0x7F) are not text in a SIE file: the writer removes them
 * before encoding.
 */

/** Unicode code points of bytes 0x80–0xFF. */
const UPPER_HALF =
  'ÇüéâäàåçêëèïîìÄÅ' + // 0x80
  'ÉæÆôöòûùÿÖÜ¢£¥₧ƒ' + // 0x90
  'áíóúñÑªº¿⌐¬½¼¡«»' + // 0xA0
  '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' + // 0xB0
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧' + // 0xC0
  '╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' + // 0xD0
  'αßΓπΣσµτΦΘΩδ∞φε∩' + // 0xE0
  '≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00A0'; // 0xF0

const BYTE_OF = new Map<string, number>();
for (let i = 0; i < UPPER_HALF.length; i++) BYTE_OF.set(UPPER_HALF[i], 0x80 + i);
// No-break space is 0xFF in the table, but a SIE reader splits fields on plain spaces only:
// it is written as a space (rule 1) so that quoting stays honest.
BYTE_OF.delete('\u00A0');

const LOOK_ALIKES: Record<string, string> = {
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2212': '-', // minus sign
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u202F': ' ',
  '\u20AC': 'EUR',
};

/** A character that had to be replaced, for the warning. */
export interface Cp437Replacement {
  char: string;
  replacement: string;
}

export interface Cp437Result {
  bytes: Uint8Array;
  /** Each distinct replaced character once, in order of first appearance. */
  replaced: Cp437Replacement[];
}

function byteOf(ch: string): number | undefined {
  const code = ch.codePointAt(0)!;
  if (code >= 0x20 && code < 0x7f) return code;
  if (code === 0x0d || code === 0x0a || code === 0x09) return code; // line ends and tabs of the file itself
  return BYTE_OF.get(ch);
}

/** The replacement of a character CP437 cannot hold (rules 1–3 above). */
export function cp437Fallback(ch: string): string {
  const alike = LOOK_ALIKES[ch];
  if (alike !== undefined) return alike;
  const bare = ch.normalize('NFKD').replace(/\p{M}/gu, '');
  if (bare !== '' && bare !== ch && [...bare].every((c) => byteOf(c) !== undefined)) return bare;
  return '?';
}

/** Encodes text in code page 437, replacing what it cannot hold by the documented fallback. */
export function encodeCp437(text: string): Cp437Result {
  // Composed forms first, so that an "å" typed as "a" + ring is the one byte 0x86.
  const source = text.normalize('NFC');
  const out: number[] = [];
  const replaced: Cp437Replacement[] = [];
  const seen = new Set<string>();
  for (const ch of source) {
    const b = byteOf(ch);
    if (b !== undefined) {
      out.push(b);
      continue;
    }
    const replacement = cp437Fallback(ch);
    for (const c of replacement) out.push(byteOf(c)!);
    if (!seen.has(ch)) {
      seen.add(ch);
      replaced.push({ char: ch, replacement });
    }
  }
  return { bytes: Uint8Array.from(out), replaced };
}
