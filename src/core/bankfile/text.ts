/**
 * A bank file's bytes as text. Both hosts hand the engine bytes (the command line reads the file,
 * the spreadsheet dialog sends it as base64), so decoding is done once, here, without host APIs:
 * Apps Script has neither TextDecoder nor Buffer.
 *
 * - camt.054 is XML: UTF-8 unless its declaration names ISO-8859-1 / Windows-1252 (or a UTF-16 BOM).
 * - BgMax is ISO 8859-1 by Bankgirot's manual; a file that is valid UTF-8 with non-ASCII letters
 *   was re-saved by some tool as UTF-8 and is read as such, so that "Luleå" arrives intact either way.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Each character code's value (-1: not base64), looked up by code: a bank file of 10 000 payments is 4.5 million characters. */
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_VALUE[BASE64.charCodeAt(i)] = i;
BASE64_VALUE['-'.charCodeAt(0)] = 62; // base64url
BASE64_VALUE['_'.charCodeAt(0)] = 63;

/** Decodes base64 (standard or URL alphabet, whitespace and padding ignored); null when it is not base64. */
export function base64ToBytes(text: string): Uint8Array | null {
  const clean = text.replace(/^data:[^,]*,/, '').replace(/[\s=]+/g, '');
  if (clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? BASE64_VALUE[c] : -1;
    if (v === -1) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

const CHUNK = 8192;

function fromCodes(codes: Uint8Array | Uint16Array, length: number): string {
  const parts: string[] = [];
  for (let i = 0; i < length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + CHUNK)) as unknown as number[]));
  }
  return parts.join('');
}

/** ISO 8859-1: every byte is its own code point. */
export function latin1(bytes: Uint8Array): string {
  return fromCodes(bytes, bytes.length);
}

/** The smallest code point of a sequence of each length (a smaller one is an overlong form). */
const SHORTEST = [0, 0, 0x80, 0x800, 0x10000];

/**
 * UTF-8 to text. `strict`: null on the first invalid sequence (used to recognise UTF-8);
 * otherwise an invalid byte becomes U+FFFD.
 */
export function utf8(bytes: Uint8Array, strict = false): string | null {
  // The ASCII start (often the whole file) is its own text, byte for byte.
  let ascii = 0;
  while (ascii < bytes.length && bytes[ascii] < 0x80) ascii++;
  if (ascii === bytes.length) return fromCodes(bytes, bytes.length);
  const units = new Uint16Array(bytes.length);
  units.set(bytes.subarray(0, ascii));
  let n = ascii;
  for (let i = ascii; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      units[n++] = b;
      i++;
      continue;
    }
    let cp = -1;
    let len = 1;
    if (b >= 0xc2 && b < 0xe0) len = 2;
    else if (b >= 0xe0 && b < 0xf0) len = 3;
    else if (b >= 0xf0 && b < 0xf5) len = 4;
    if (len > 1) {
      cp = b & (0xff >> (len + 1));
      for (let k = 1; k < len; k++) {
        const c = bytes[i + k];
        if (c === undefined || (c & 0xc0) !== 0x80) {
          cp = -1;
          len = 1;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      const min = SHORTEST[len];
      if (cp !== -1 && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) {
        cp = -1;
        len = 1;
      }
    }
    if (cp === -1) {
      if (strict) return null;
      cp = 0xfffd;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units[n++] = 0xd800 + (cp >> 10);
      units[n++] = 0xdc00 + (cp & 0x3ff);
    } else {
      units[n++] = cp;
    }
    i += len;
  }
  return fromCodes(units, n);
}

function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  const units = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    units[i >> 1] = littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1];
  }
  return fromCodes(units, units.length);
}

const LATIN1_NAMES = /^(iso-?8859-?1|latin-?1|l1|windows-1252|cp1252|us-ascii|ascii)$/i;

/** The bank file as text, decoded as its format prescribes (see the header). */
export function bankFileText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3)) ?? '';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), true);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), false);
  let first = 0;
  while (
    first < bytes.length &&
    (bytes[first] === 0x20 || bytes[first] === 0x09 || bytes[first] === 0x0a || bytes[first] === 0x0d)
  )
    first++;
  if (bytes[first] === 0x3c /* < */) {
    const head = latin1(bytes.subarray(first, Math.min(bytes.length, first + 200)));
    const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(head);
    if (declared && LATIN1_NAMES.test(declared[1].trim())) return latin1(bytes);
    return utf8(bytes) ?? '';
  }
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return latin1(bytes);
  return utf8(bytes, true) ?? latin1(bytes);
}
