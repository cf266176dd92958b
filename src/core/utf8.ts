/**
 * Text to UTF-8 bytes, for files both hosts write (the e-invoices of an export). Written out
 * because Apps Script's V8 runtime has no TextEncoder: it is a Web API, not ECMAScript
 * (enuchi/React-Google-Apps-Script#217, "ReferenceError: TextEncoder is not defined").
 * A lone surrogate becomes U+FFFD, as TextEncoder does.
 */
export function encodeUtf8(text: string): Uint8Array {
  // Two passes, the length first, so the bytes go straight into one array of the right size (an
  // export's e-invoices are megabytes of XML).
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = codePointAt(text, i);
    if (cp >= 0x10000) i++;
    length += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  const out = new Uint8Array(length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = codePointAt(text, i);
    if (cp >= 0x10000) i++;
    if (cp < 0x80) out[n++] = cp;
    else if (cp < 0x800) {
      out[n++] = 0xc0 | (cp >> 6);
      out[n++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      out[n++] = 0xe0 | (cp >> 12);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    } else {
      out[n++] = 0xf0 | (cp >> 18);
      out[n++] = 0x80 | ((cp >> 12) & 0x3f);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    }
  }
  return out;
}

/** The code point at i: a surrogate pair joined (≥ 0x10000, two units), a lone surrogate as U+FFFD. */
function codePointAt(text: string, i: number): number {
  const cp = text.charCodeAt(i);
  if (cp >= 0xd800 && cp <= 0xdbff) {
    const low = text.charCodeAt(i + 1);
    return low >= 0xdc00 && low <= 0xdfff ? 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00) : 0xfffd;
  }
  return cp >= 0xdc00 && cp <= 0xdfff ? 0xfffd : cp;
}
