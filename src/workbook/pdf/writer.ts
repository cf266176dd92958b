/**
 * A small PDF 1.7 writer in plain TypeScript (no host globals), shared by the command line and
 * Apps Script: both get the same bytes, the CLI writes them to a file and Apps Script wraps them
 * in a Blob with the documented `Utilities.newBlob(data, contentType, name)`
 * (https://developers.google.com/apps-script/reference/utilities/utilities#newBlob(Byte,String,String)),
 * so no HTML-to-PDF conversion (undocumented CSS, "files converted" quota) is involved.
 *
 * Text is drawn with the embedded DejaVu subset of fontData.ts as a Type0 / CIDFontType2 font
 * (Identity-H, glyph ids as CIDs, a W widths array and a ToUnicode CMap so that the text can be
 * extracted and searched). Pages are A4 portrait. Content streams are built as string arrays.
 */
import { fontFaces, type FontFaceData } from './fontData';

export type FaceName = 'regular' | 'bold';

export const A4 = { width: 595.28, height: 841.89 } as const;

/** Text holds characters the embedded font has no glyph for: they are refused, never boxes. */
export class UndrawableTextError extends Error {
  constructor(readonly characters: string[]) {
    super(`Tecken som PDF-typsnittet saknar: ${characters.join(' ')}`);
    this.name = 'UndrawableTextError';
  }
}

interface Face {
  readonly data: FontFaceData;
  readonly glyphOf: Map<number, number>;
  /**
   * By UTF-16 code unit: the glyph id (0: none; the subset's glyphs start at 1 and cover only the
   * Basic Multilingual Plane, so half of a surrogate pair has none, as its code point has none)
   * and the glyph's advance in 1/1000 em. Arrays, as every character of every cell is looked up.
   */
  readonly glyphByUnit: Uint16Array;
  readonly advanceByUnit: Uint16Array;
  /** A glyph id as the four hex digits of an Identity-H string. */
  readonly hexOf: string[];
}

const faces = new Map<FaceName, Face>();

function face(name: FaceName): Face {
  let f = faces.get(name);
  if (!f) {
    const data = fontFaces[name];
    const widthOf = new Map(data.widths);
    const glyphByUnit = new Uint16Array(0x10000);
    const advanceByUnit = new Uint16Array(0x10000);
    const hexOf: string[] = [];
    for (const [cp, gid] of data.cmap) {
      if (cp > 0xffff || gid === 0) continue;
      glyphByUnit[cp] = gid;
      advanceByUnit[cp] = widthOf.get(gid) ?? 0;
      hexOf[gid] = hex4(gid);
    }
    f = { data, glyphOf: new Map(data.cmap), glyphByUnit, advanceByUnit, hexOf };
    faces.set(name, f);
  }
  return f;
}

/** The distinct characters of the text that the font cannot draw (line breaks and tabs aside). */
export function undrawableCharacters(text: string): string[] {
  const glyphOf = face('regular').glyphOf;
  const missing = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp !== 10 && cp !== 13 && cp !== 9 && !glyphOf.has(cp)) missing.add(ch);
  }
  return [...missing];
}

/** Width of the text in points at the given size. */
export function textWidth(text: string, faceName: FaceName, size: number): number {
  const advance = face(faceName).advanceByUnit;
  let units = 0;
  for (let i = 0; i < text.length; i++) units += advance[text.charCodeAt(i)];
  return (units * size) / 1000;
}

const num = (n: number) => (Math.round(n * 100) / 100).toString();
function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** Escapes a string for a PDF literal string (the info dictionary). */
function pdfString(text: string): string {
  // UTF-16BE with BOM as hex: any Unicode title, no escaping rules.
  let out = '<FEFF';
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i));
  return `${out}>`;
}

export interface PdfInfo {
  title?: string;
  /** Fixed creation time for reproducible output. */
  creationDate: Date;
}

/** Builds a PDF page by page; coordinates are points from the top-left corner of the page. */
export class PdfWriter {
  /** The finished pages' content streams, as bytes: a long document's drawing operators do not pile up as strings. */
  private readonly done: Uint8Array[] = [];
  /** The drawing operators of the page being drawn. */
  private page: string[] | null = null;
  private readonly used: Record<FaceName, Set<number>> = { regular: new Set(), bold: new Set() };
  /** Each text's glyph string once encoded (a document repeats names, dates and amounts). */
  private readonly encoded: Record<FaceName, Map<string, string>> = { regular: new Map(), bold: new Map() };
  /** Each coordinate and size as text once (a table's rows and columns repeat them on every page). */
  private readonly numbers = new Map<number, string>();

  private num(n: number): string {
    let text = this.numbers.get(n);
    if (text === undefined) this.numbers.set(n, (text = num(n)));
    return text;
  }

  addPage(): void {
    this.finishPage();
    this.page = [];
  }

  get pageCount(): number {
    return this.done.length + (this.page ? 1 : 0);
  }

  private finishPage(): void {
    if (this.page) this.done.push(ascii(this.page.join('\n')));
    this.page = null;
  }

  private current(): string[] {
    if (!this.page) this.addPage();
    return this.page!;
  }

  /** Draws one line of text whose baseline is at y; throws UndrawableTextError for missing glyphs. */
  text(text: string, x: number, y: number, faceName: FaceName, size: number): void {
    const glyphs = this.encoded[faceName].get(text) ?? this.encode(text, faceName);
    const fontRef = faceName === 'bold' ? 'F2' : 'F1';
    this.current().push(
      `BT /${fontRef} ${this.num(size)} Tf ${this.num(x)} ${this.num(A4.height - y)} Td <${glyphs}> Tj ET`,
    );
  }

  /** The text's glyph ids as hex, its glyphs marked as used; throws UndrawableTextError for missing glyphs. */
  private encode(text: string, faceName: FaceName): string {
    const f = face(faceName);
    const used = this.used[faceName];
    const parts: string[] = [];
    for (let i = 0; i < text.length; i++) {
      const gid = f.glyphByUnit[text.charCodeAt(i)];
      if (gid === 0) throw new UndrawableTextError(undrawableCharacters(text));
      used.add(gid);
      parts.push(f.hexOf[gid]);
    }
    const glyphs = parts.join('');
    this.encoded[faceName].set(text, glyphs);
    return glyphs;
  }

  /** Fills a rectangle with an RGB colour given as #rrggbb. */
  rect(x: number, y: number, width: number, height: number, color: string): void {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 255);
    this.current().push(
      `q ${num(r)} ${num(g)} ${num(b)} rg ${num(x)} ${num(A4.height - y - height)} ${num(width)} ${num(height)} re f Q`,
    );
  }

  /** Draws a line segment in black. */
  line(x1: number, y1: number, x2: number, y2: number, width: number): void {
    this.current().push(
      `q ${num(width)} w ${num(x1)} ${num(A4.height - y1)} m ${num(x2)} ${num(A4.height - y2)} l S Q`,
    );
  }

  /** The finished file. */
  bytes(info: PdfInfo): Uint8Array {
    if (this.pageCount === 0) this.addPage();
    this.finishPage();
    return serialize(this.done, this.used, info);
  }
}

/** Objects are numbered: 1 catalog, 2 pages, 3 info, 4..13 fonts, then page/content pairs. */
function serialize(pages: Uint8Array[], used: Record<FaceName, Set<number>>, info: PdfInfo): Uint8Array {
  const objects: (string | Uint8Array)[][] = [];
  const set = (id: number, ...parts: (string | Uint8Array)[]) => (objects[id] = parts);
  const pageIds = pages.map((_, i) => 14 + 2 * i);
  set(1, '<< /Type /Catalog /Pages 2 0 R >>');
  set(2, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  set(
    3,
    `<< /Title ${pdfString(info.title ?? '')} /Producer (Yrkesresan) /Creator (Yrkesresan) /CreationDate (${pdfDate(info.creationDate)}) >>`,
  );
  fontObjects(4, 'regular', used.regular, set);
  fontObjects(9, 'bold', used.bold, set);
  pages.forEach((content, i) => {
    set(
      pageIds[i],
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources << /Font << /F1 4 0 R /F2 9 0 R >> >> /Contents ${pageIds[i] + 1} 0 R >>`,
    );
    set(pageIds[i] + 1, `<< /Length ${content.length} >>\nstream\n`, content, '\nendstream');
  });
  return assemble(objects, 3);
}

type SetObject = (id: number, ...parts: (string | Uint8Array)[]) => void;

/** Type0 font (id), its CIDFont (id+1), descriptor (id+2), font file (id+3), ToUnicode (id+4). */
function fontObjects(id: number, name: FaceName, used: Set<number>, set: SetObject): void {
  const f = face(name);
  const d = f.data;
  const base = `${name === 'bold' ? 'AAAAAB' : 'AAAAAA'}+${d.postscriptName}`;
  set(
    id,
    `<< /Type /Font /Subtype /Type0 /BaseFont /${base} /Encoding /Identity-H /DescendantFonts [${id + 1} 0 R] /ToUnicode ${id + 4} 0 R >>`,
  );
  const widths = d.widths.map(([gid, w]) => `${gid} [${w}]`).join(' ');
  set(
    id + 1,
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${base} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${id + 2} 0 R /CIDToGIDMap /Identity /DW 600 /W [${widths}] >>`,
  );
  set(
    id + 2,
    `<< /Type /FontDescriptor /FontName /${base} /Flags 32 /FontBBox [${d.bbox.join(' ')}] /ItalicAngle 0 /Ascent ${d.ascent} /Descent ${d.descent} /CapHeight ${d.capHeight} /StemV ${name === 'bold' ? 120 : 80} /FontFile2 ${id + 3} 0 R >>`,
  );
  const program = fontProgram(name);
  set(
    id + 3,
    `<< /Length ${program.length} /Length1 ${d.length} /Filter /FlateDecode >>\nstream\n`,
    program,
    '\nendstream',
  );
  const cmap = toUnicode(f, used);
  set(id + 4, `<< /Length ${cmap.length} >>\nstream\n`, cmap, '\nendstream');
}

/** The ToUnicode CMap for the glyphs drawn, so that text extraction gives the characters back. */
function toUnicode(f: Face, used: Set<number>): string {
  const pairs: string[] = [];
  for (const [cp, gid] of f.data.cmap) if (used.has(gid)) pairs.push(`<${hex4(gid)}> <${hex4(cp)}>`);
  const blocks: string[] = [];
  for (let i = 0; i < pairs.length; i += 100) {
    const chunk = pairs.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    ...blocks,
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
}

const programs = new Map<FaceName, Uint8Array>();

function fontProgram(name: FaceName): Uint8Array {
  let bytes = programs.get(name);
  if (!bytes) {
    bytes = base64Decode(fontFaces[name].program);
    programs.set(name, bytes);
  }
  return bytes;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to bytes without host globals (Apps Script has neither atob nor Buffer). */
export function base64Decode(text: string): Uint8Array {
  const value = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) value[B64.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | value[clean.charCodeAt(i)];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/** Joins the objects into a file with a cross-reference table; strings are ASCII. */
function assemble(objects: (string | Uint8Array)[][], infoId: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const push = (part: string | Uint8Array) => {
    const bytes = typeof part === 'string' ? ascii(part) : part;
    chunks.push(bytes);
    length += bytes.length;
  };
  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = length;
    push(`${id} 0 obj\n`);
    for (const part of objects[id]) push(part);
    push('\nendobj\n');
  }
  const xref = length;
  const rows = offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`);
  push(`xref\n0 ${objects.length}\n0000000000 65535 f \n${rows.join('')}`);
  push(`trailer\n<< /Size ${objects.length} /Root 1 0 R /Info ${infoId} 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Latin-1 string to bytes (every string the writer emits is ASCII but the binary marker). */
function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
