/**
 * Saving into the original package. ExcelJS re-serialises a whole workbook and drops what it
 * does not model (charts, their drawings, sparklines, extension lists …), so a save would lose
 * everything an administrator added that the run never touched. Instead the file that was opened
 * stays the base: every part the run did not change is copied byte for byte; a tab the run wrote
 * cells into gets just those cells spliced into its own XML; tabs the run created or drew are taken
 * from ExcelJS's serialisation of those tabs alone, with their styles and strings appended to the
 * workbook's own styles.xml and sharedStrings.xml; workbook.xml's sheet list, the workbook's
 * relationships and [Content_Types].xml follow the new tab list, and parts only a removed tab
 * reached are removed with it.
 *
 * The format: ECMA-376 Part 1 (SpreadsheetML: §18.3.1 worksheet, §18.8 styles, §18.4 shared
 * strings, §18.2 workbook) and Part 2 (Open Packaging Conventions: relationships, content types).
 */
import { escapeXml } from '../core/escape';
import { columnLetters, columnNumber } from '../workbook/cells';
import { unzipSync } from 'fflate';
import * as zlib from 'node:zlib';
import { FORMAT, type CellStyle, type CellValue, type SheetDocument } from '../workbook/port';
import {
  drawnSheetXml,
  drawnStyleParts,
  isCalendarValue,
  serialDate,
  valueCellXml,
  type DrawnSheetTarget,
} from './drawnSheet';
import { concatBytes, Utf8Blocks } from './utf8Blocks';

/** Something in the package that this writer cannot change safely; the caller re-serialises instead. */
export class UnpatchableError extends Error {}

const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_WORKSHEET = `${NS_REL}/worksheet`;
const REL_SST = `${NS_REL}/sharedStrings`;
const REL_CALC_CHAIN = `${NS_REL}/calcChain`;
const CT_WORKSHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const CT_SST = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Text and attribute values for XML: the project's escaping, which also leaves out the control
 * characters XML 1.0 cannot carry; DEL goes too, as ExcelJS's own writer leaves it out, so that
 * both saves agree.
 */
export function escapeXmlText(s: string): string {
  return escapeXml(s.replace(/\u007F/g, ''));
}
export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

const attrPatterns = new Map<string, RegExp>();
function attrPattern(name: string): RegExp {
  let re = attrPatterns.get(name);
  if (!re)
    attrPatterns.set(name, (re = new RegExp(`\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  return re;
}

/** The value of attribute `name` (no prefix) in a start tag, unescaped; undefined when absent. */
export function attr(tag: string, name: string): string | undefined {
  const m = attrPattern(name).exec(tag);
  if (!m) return undefined;
  const v = m[1] ?? m[2];
  return v.includes('&') ? unescapeXml(v) : v;
}

/** The start tag with attribute `name` set (added at the end when absent) or removed (undefined). */
export function setAttr(tag: string, name: string, value: string | undefined): string {
  const without = tag.replace(attrPattern(name), '');
  if (value === undefined) return without;
  const close = without.endsWith('/>') ? without.length - 2 : without.length - 1;
  return `${without.slice(0, close)} ${name}="${escapeXmlText(value)}"${without.slice(close)}`;
}

let crcTable: Uint32Array | undefined;
/** CRC-32 of the zip format: node:zlib's (Node 20.15 and later), else a table-driven one. */
function crc32(data: Uint8Array): number {
  const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
  if (native) return native(data);
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

interface ZipEntry {
  /** The entry as stored in the opened file: compression method, CRC-32, sizes and the stored bytes. */
  stored?: { method: number; crc: number; size: number; bytes: Uint8Array };
  /** The uncompressed bytes, once read or set. */
  data?: Uint8Array;
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/**
 * The zip's entries from its central directory (APPNOTE.TXT §4.3.12), their stored bytes not yet
 * inflated; null for what this reader does not take (ZIP64, encryption, a method but store and
 * deflate), which fflate then reads whole.
 */
function readEntries(zip: Uint8Array): Map<string, ZipEntry> | null {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (u32(zip, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(zip, eocd + 10);
  let at = u32(zip, eocd + 16);
  if (count === 0xffff || at === 0xffffffff) return null;
  const entries = new Map<string, ZipEntry>();
  for (let k = 0; k < count; k++) {
    if (u32(zip, at) !== 0x02014b50) return null;
    const flags = u16(zip, at + 8);
    const method = u16(zip, at + 10);
    const crc = u32(zip, at + 16);
    const csize = u32(zip, at + 20);
    const size = u32(zip, at + 24);
    const nameLen = u16(zip, at + 28);
    const next = at + 46 + nameLen + u16(zip, at + 30) + u16(zip, at + 32);
    const local = u32(zip, at + 42);
    if (flags & 1 || (method !== 0 && method !== 8) || csize === 0xffffffff || size === 0xffffffff) return null;
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLen));
    if (u32(zip, local) !== 0x04034b50) return null;
    const dataAt = local + 30 + u16(zip, local + 26) + u16(zip, local + 28);
    entries.set(name, { stored: { method, crc, size, bytes: zip.subarray(dataAt, dataAt + csize) } });
    at = next;
  }
  return entries;
}

/** The package's parts, in their order in the zip; unchanged parts are written back as they were stored. */
export class OpcPackage {
  private constructor(private readonly entries: Map<string, ZipEntry>) {}

  static read(data: Uint8Array): OpcPackage {
    const entries = readEntries(data);
    if (entries) return new OpcPackage(entries);
    return new OpcPackage(new Map(Object.entries(unzipSync(data)).map(([name, bytes]) => [name, { data: bytes }])));
  }

  clone(): OpcPackage {
    return new OpcPackage(new Map([...this.entries].map(([name, e]) => [name, { ...e }])));
  }

  names(): string[] {
    return [...this.entries.keys()];
  }
  has(name: string): boolean {
    return this.entries.has(name);
  }
  delete(name: string): void {
    this.entries.delete(name);
  }
  bytes(name: string): Uint8Array | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    if (!e.data) {
      const s = e.stored!;
      e.data = s.method === 0 ? s.bytes : new Uint8Array(zlib.inflateRawSync(s.bytes));
    }
    return e.data;
  }
  text(name: string): string | undefined {
    const bytes = this.bytes(name);
    return bytes && decoder.decode(bytes);
  }
  setText(name: string, text: string): void {
    this.entries.set(name, { data: encoder.encode(text) });
  }
  setBytes(name: string, data: Uint8Array): void {
    this.entries.set(name, { data });
  }

  /** The zip: stored entries copied, changed ones deflated at a level that favours speed (media stored), no extra fields. */
  toBytes(): Uint8Array {
    const chunks: Uint8Array[] = [];
    const central: Uint8Array[] = [];
    let offset = 0;
    let count = 0;
    for (const [name, e] of this.entries) {
      let stored = e.stored;
      if (!stored) {
        const data = e.data ?? new Uint8Array(0);
        const store = /\.(png|jpe?g|gif|emf|wmf|bin)$/i.test(name) || data.length === 0;
        stored = {
          method: store ? 0 : 8,
          crc: crc32(data) >>> 0,
          size: data.length,
          bytes: store ? data : new Uint8Array(zlib.deflateRawSync(data, { level: 2 })),
        };
      }
      const nameBytes = encoder.encode(name);
      const header = new Uint8Array(30 + nameBytes.length);
      const h = new DataView(header.buffer);
      h.setUint32(0, 0x04034b50, true);
      h.setUint16(4, 20, true);
      h.setUint16(6, 0x0800, true); // UTF-8 names
      h.setUint16(8, stored.method, true);
      h.setUint16(10, 0, true); // 00:00
      h.setUint16(12, (20 << 9) | (1 << 5) | 1, true); // 2000-01-01: reproducible bytes
      h.setUint32(14, stored.crc, true);
      h.setUint32(18, stored.bytes.length, true);
      h.setUint32(22, stored.size, true);
      h.setUint16(26, nameBytes.length, true);
      header.set(nameBytes, 30);
      const entry = new Uint8Array(46 + nameBytes.length);
      const c = new DataView(entry.buffer);
      c.setUint32(0, 0x02014b50, true);
      c.setUint16(4, 20, true);
      entry.set(header.subarray(4, 30), 6);
      c.setUint32(42, offset, true);
      entry.set(nameBytes, 46);
      central.push(entry);
      chunks.push(header, stored.bytes);
      offset += header.length + stored.bytes.length;
      count++;
    }
    const cdSize = central.reduce((n, x) => n + x.length, 0);
    const end = new Uint8Array(22);
    const d = new DataView(end.buffer);
    d.setUint32(0, 0x06054b50, true);
    d.setUint16(8, count, true);
    d.setUint16(10, count, true);
    d.setUint32(12, cdSize, true);
    d.setUint32(16, offset, true);
    const out = new Uint8Array(offset + cdSize + 22);
    let at = 0;
    for (const x of [...chunks, ...central, end]) {
      out.set(x, at);
      at += x.length;
    }
    return out;
  }
}

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
  xml: string;
}

/** The rels part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels. */
export function relsName(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** A relationship's target as a part name, relative to its source part's folder. */
export function resolveTarget(source: string, target: string): string {
  const t = decodeURI(target);
  const base = t.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const seg of t.replace(/^\//, '').split('/')) {
    if (seg === '..') base.pop();
    else if (seg !== '.' && seg !== '') base.push(seg);
  }
  return base.join('/');
}

export function parseRels(xml: string | undefined): Relationship[] {
  if (!xml) return [];
  return [...xml.matchAll(/<Relationship\b[^>]*?\/?>(?:\s*<\/Relationship>)?/g)].map((m) => ({
    id: attr(m[0], 'Id') ?? '',
    type: attr(m[0], 'Type') ?? '',
    target: attr(m[0], 'Target') ?? '',
    external: attr(m[0], 'TargetMode') === 'External',
    xml: m[0],
  }));
}

function relsOf(pkg: OpcPackage, part: string): Relationship[] {
  return parseRels(pkg.text(relsName(part)));
}

/** Every part reachable from the package's root relationships. */
function reachable(pkg: OpcPackage): Set<string> {
  const seen = new Set<string>();
  const visit = (source: string, rels: Relationship[]) => {
    for (const rel of rels) {
      if (rel.external) continue;
      const part = resolveTarget(source, rel.target);
      if (seen.has(part) || !pkg.has(part)) continue;
      seen.add(part);
      visit(part, relsOf(pkg, part));
    }
  };
  visit('', parseRels(pkg.text('_rels/.rels')));
  return seen;
}

function workbookPart(pkg: OpcPackage): string {
  const rel = parseRels(pkg.text('_rels/.rels')).find((r) => r.type.endsWith('/officeDocument'));
  if (!rel) throw new UnpatchableError('no workbook part');
  return resolveTarget('', rel.target);
}

interface SheetEntry {
  name: string;
  xml: string; // the <sheet …/> element
  rid: string;
  part: string;
}

function sheetList(pkg: OpcPackage, wbPart: string): SheetEntry[] {
  const wb = pkg.text(wbPart) ?? '';
  const rels = relsOf(pkg, wbPart);
  const sheets = /<sheets\b[^>]*>([\s\S]*?)<\/sheets>/.exec(wb);
  if (!sheets) throw new UnpatchableError('no sheet list');
  return [...sheets[1].matchAll(/<sheet\b[^>]*?\/>|<sheet\b[^>]*>[\s\S]*?<\/sheet>/g)].map((m) => {
    const rid = /\s([\w.-]+):id\s*=\s*"([^"]*)"/.exec(m[0])?.[2] ?? '';
    const rel = rels.find((r) => r.id === rid);
    return { name: attr(m[0], 'name') ?? '', xml: m[0], rid, part: rel ? resolveTarget(wbPart, rel.target) : '' };
  });
}

/** Top-level children named `tag` of the first `<section>` element: its parts and the children. */
function section(
  xml: string,
  name: string,
  child: string,
): { start: number; end: number; open: string; items: string[] } | null {
  const re = new RegExp(`<${name}\\b[^>]*?(?:/>|>([\\s\\S]*?)</${name}>)`);
  const m = re.exec(xml);
  if (!m) return null;
  const open = /^<[^>]*>/.exec(m[0])![0];
  const inner = m[1] ?? '';
  const items = [
    ...inner.matchAll(new RegExp(`<${child}\\b[^>]*?/>|<${child}\\b[^>]*>[\\s\\S]*?</${child}>`, 'g')),
  ].map((x) => x[0]);
  return { start: m.index, end: m.index + m[0].length, open: open.replace(/\/>$/, '>'), items };
}

function replaceSection(xml: string, name: string, child: string, items: string[], before: string[]): string {
  const s = section(xml, name, child);
  const body = `${setAttr(s ? s.open : `<${name}>`, 'count', String(items.length))}${items.join('')}</${name}>`;
  if (s) return xml.slice(0, s.start) + body + xml.slice(s.end);
  // Absent: placed before the first of the elements that follow it in the schema's sequence.
  for (const next of before) {
    const at = new RegExp(`<${next}\\b`).exec(xml);
    if (at) return xml.slice(0, at.index) + body + xml.slice(at.index);
  }
  const close = xml.lastIndexOf('</');
  return xml.slice(0, close) + body + xml.slice(close);
}

/** Number formats Excel knows by id without a numFmt element (ECMA-376 §18.8.30), the ones the product uses. */
const BUILTIN_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '@': 49,
};

/** The font ExcelJS gives a cell that has none of its own (its styles.xml's first font). */
const EXCELJS_DEFAULT_FONT =
  '<font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font>';

const STYLE_ORDER = [
  'numFmts',
  'fonts',
  'fills',
  'borders',
  'cellStyleXfs',
  'cellXfs',
  'cellStyles',
  'dxfs',
  'tableStyles',
  'colors',
  'extLst',
];
const after = (name: string) => STYLE_ORDER.slice(STYLE_ORDER.indexOf(name) + 1);

/** styles.xml, extended with the cell formats the run needs; the rest stays as it was. */
class Styles {
  private numFmts: string[];
  private fonts: string[];
  private fills: string[];
  private borders: string[];
  private xfs: string[];
  private readonly hasStyleXfs: boolean;
  private readonly formatIds = new Map<string, number>();
  /** The cell formats made from a base format (an index into cellXfs) with another number format. */
  private readonly derived = new Map<number, Map<string, number>>();
  private nextFormatId = 164;
  private dirty = false;

  constructor(private xml: string) {
    if (!/<styleSheet\b/.test(xml)) throw new UnpatchableError('styles.xml without styleSheet');
    this.numFmts = section(xml, 'numFmts', 'numFmt')?.items ?? [];
    this.fonts = section(xml, 'fonts', 'font')?.items ?? [];
    this.fills = section(xml, 'fills', 'fill')?.items ?? [];
    this.borders = section(xml, 'borders', 'border')?.items ?? [];
    this.xfs = section(xml, 'cellXfs', 'xf')?.items ?? [];
    this.hasStyleXfs = (section(xml, 'cellStyleXfs', 'xf')?.items.length ?? 0) > 0;
    for (const f of this.numFmts) {
      const id = Number(attr(f, 'numFmtId'));
      const code = attr(f, 'formatCode') ?? '';
      if (!this.formatIds.has(code)) this.formatIds.set(code, id);
      if (id >= this.nextFormatId) this.nextFormatId = id + 1;
    }
  }

  get xfCount(): number {
    return this.xfs.length;
  }

  formatId(code: string): number {
    const builtin = BUILTIN_FORMATS[code];
    if (builtin !== undefined) return builtin;
    let id = this.formatIds.get(code);
    if (id === undefined) {
      id = this.nextFormatId++;
      this.formatIds.set(code, id);
      this.numFmts.push(`<numFmt numFmtId="${id}" formatCode="${escapeXmlText(code)}"/>`);
      this.dirty = true;
    }
    return id;
  }

  /** The index of a cell format like `base` (an index into cellXfs) but with the number format `code`. */
  withFormat(base: number, code: string): number {
    let byCode = this.derived.get(base);
    if (!byCode) this.derived.set(base, (byCode = new Map()));
    const known = byCode.get(code);
    if (known !== undefined) return known;
    const id = this.formatId(code);
    const xf = this.xfs[base] ?? this.xfs[0] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>';
    let index: number;
    if (Number(attr(xf, 'numFmtId') ?? 0) === id) index = base;
    else {
      const open = /^<xf\b[^>]*>/.exec(xf)![0];
      const selfClosing = open.endsWith('/>');
      let tag = setAttr(setAttr(open, 'numFmtId', String(id)), 'applyNumberFormat', '1');
      if (!this.hasStyleXfs) tag = setAttr(tag, 'xfId', undefined);
      this.xfs.push(selfClosing ? tag : tag + xf.slice(open.length));
      index = this.xfs.length - 1;
      this.dirty = true;
    }
    byCode.set(code, index);
    return index;
  }

  /**
   * Appends another styles.xml's fonts, fills, borders, number formats and cell formats (ExcelJS's,
   * for the tabs it wrote) and returns the offset to add to that file's cell-format indices.
   */
  append(other: string): number {
    const offset = this.xfs.length;
    const fontBase = this.fonts.length;
    const fillBase = this.fills.length;
    const borderBase = this.borders.length;
    const formats = new Map<number, number>();
    for (const f of section(other, 'numFmts', 'numFmt')?.items ?? []) {
      formats.set(Number(attr(f, 'numFmtId')), this.formatId(attr(f, 'formatCode') ?? 'General'));
    }
    this.fonts.push(...(section(other, 'fonts', 'font')?.items ?? []));
    this.fills.push(...(section(other, 'fills', 'fill')?.items ?? []));
    this.borders.push(...(section(other, 'borders', 'border')?.items ?? []));
    for (const xf of section(other, 'cellXfs', 'xf')?.items ?? []) {
      const open = /^<xf\b[^>]*>/.exec(xf)![0];
      let tag = open;
      const num = Number(attr(open, 'numFmtId') ?? 0);
      tag = setAttr(tag, 'numFmtId', String(formats.get(num) ?? num));
      tag = setAttr(tag, 'fontId', String(Number(attr(open, 'fontId') ?? 0) + fontBase));
      tag = setAttr(tag, 'fillId', String(Number(attr(open, 'fillId') ?? 0) + fillBase));
      tag = setAttr(tag, 'borderId', String(Number(attr(open, 'borderId') ?? 0) + borderBase));
      tag = setAttr(tag, 'xfId', this.hasStyleXfs ? '0' : undefined);
      this.xfs.push(tag + xf.slice(open.length));
    }
    this.dirty = true;
    return offset;
  }

  private readonly addedParts = new Map<string, number>();
  private readonly drawnXfs = new Map<string, number>();

  /** The index of `xml` in a list (fonts, fills), added once. */
  private partIndex(list: string[], xml: string): number {
    const key = `${list === this.fonts ? 'font' : 'fill'}\u0000${xml}`;
    let i = this.addedParts.get(key);
    if (i === undefined) {
      list.push(xml);
      this.addedParts.set(key, (i = list.length - 1));
      this.dirty = true;
    }
    return i;
  }

  /** The cellXfs index for a drawn sheet's cell (drawnSheet.ts): its font, fill, alignment and number format, each added once. */
  drawnXf(style: CellStyle, format: string | undefined): number {
    const key = `${format ?? ''}\u0000${style.bold ? 1 : 0}${style.italic ? 1 : 0}${style.wrap ? 1 : 0}\u0000${style.size ?? ''}\u0000${style.align ?? ''}\u0000${style.background ?? ''}`;
    const known = this.drawnXfs.get(key);
    if (known !== undefined) return known;
    const { font, fill, alignment } = drawnStyleParts(style);
    const numFmtId = format ? this.formatId(format) : 0;
    // A cell without a font of its own gets ExcelJS's default font, as the tabs it writes do.
    const fontId = this.partIndex(this.fonts, font ?? EXCELJS_DEFAULT_FONT);
    const fillId = fill ? this.partIndex(this.fills, fill) : 0;
    const applies = `${numFmtId ? ' applyNumberFormat="1"' : ''}${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''} applyAlignment="1"`;
    this.xfs.push(
      `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="0"${this.hasStyleXfs ? ' xfId="0"' : ''}${applies}>${alignment}</xf>`,
    );
    this.dirty = true;
    this.drawnXfs.set(key, this.xfs.length - 1);
    return this.xfs.length - 1;
  }

  /** The changed styles.xml, or null when nothing was added. */
  result(): string | null {
    if (!this.dirty) return null;
    let xml = this.xml;
    if (this.numFmts.length) xml = replaceSection(xml, 'numFmts', 'numFmt', this.numFmts, after('numFmts'));
    xml = replaceSection(xml, 'fonts', 'font', this.fonts, after('fonts'));
    xml = replaceSection(xml, 'fills', 'fill', this.fills, after('fills'));
    xml = replaceSection(xml, 'borders', 'border', this.borders, after('borders'));
    xml = replaceSection(xml, 'cellXfs', 'xf', this.xfs, after('cellXfs'));
    return xml;
  }
}

/** sharedStrings.xml, with the strings the run adds appended (existing indices never move). */
class SharedStrings {
  /** The appended items' XML, gathered as UTF-8. */
  private readonly added = new Utf8Blocks();
  private addedCount = 0;
  private readonly index = new Map<string, number>();
  private readonly count: number;
  private extraRefs = 0;

  constructor(private readonly xml: string | undefined) {
    this.count = xml ? (xml.match(/<si[\s>/]/g)?.length ?? 0) : 0;
  }

  get size(): number {
    return this.count + this.addedCount;
  }

  /** The index of a new plain string (new strings are appended, not looked up among the old). */
  add(s: string): number {
    this.extraRefs++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.count + this.addedCount++;
      this.added.push(`<si><t xml:space="preserve">${escapeXmlText(s)}</t></si>`);
      this.index.set(s, i);
    }
    return i;
  }

  /** Appends another sharedStrings.xml's items and returns the offset to add to its indices. */
  append(other: string | undefined): number {
    const offset = this.size;
    const body = other ? /<sst\b[^>]*>([\s\S]*)<\/sst>/.exec(other)?.[1] : undefined;
    const items = body ? [...body.matchAll(/<si\b[^>]*>[\s\S]*?<\/si>|<si\s*\/>/g)].map((m) => m[0]) : [];
    for (const item of items) this.added.push(item);
    this.addedCount += items.length;
    this.extraRefs += items.length;
    return offset;
  }

  result(): Uint8Array | null {
    if (this.addedCount === 0) return null;
    const base =
      this.xml ??
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>';
    const close = base.lastIndexOf('</sst>');
    if (close < 0) throw new UnpatchableError('sharedStrings.xml without sst');
    const start = /<sst\b[^>]*>/.exec(base);
    if (!start) throw new UnpatchableError('sharedStrings.xml without sst');
    const oldCount = Number(attr(start[0], 'count') ?? this.count);
    let open = setAttr(start[0], 'uniqueCount', String(this.size));
    open = setAttr(open, 'count', String(oldCount + this.extraRefs));
    const head = encoder.encode(base.slice(0, start.index) + open + base.slice(start.index + start[0].length, close));
    return concatBytes([head, this.added.bytes(), encoder.encode(base.slice(close))]);
  }
}

/** What the run wrote into one cell: the value, and the number format it set (null: left alone). */
export interface CellPatch {
  value: CellValue;
  numFmt: string | null;
}

interface SheetContext {
  styles: Styles;
  strings: SharedStrings;
  date1904: boolean;
}

/** The base style of a cell that does not exist yet: its row's, else its column's (as Excel does). */
function columnStyles(xml: string): { min: number; max: number; style: number }[] {
  const cols = /<cols>([\s\S]*?)<\/cols>/.exec(xml);
  if (!cols) return [];
  return [...cols[1].matchAll(/<col\b[^>]*>/g)]
    .map((m) => ({
      min: Number(attr(m[0], 'min')),
      max: Number(attr(m[0], 'max')),
      style: Number(attr(m[0], 'style') ?? 0),
    }))
    .filter((c) => c.style > 0);
}

function cellXml(
  ref: string,
  style: number,
  patch: CellPatch,
  ctx: SheetContext,
  serial: (iso: string) => number = (iso) => serialDate(iso, ctx.date1904),
): string {
  const xml = valueCellXml(ref, style, patch.value, (text) => ctx.strings.add(text), serial);
  if (xml === undefined)
    throw new UnpatchableError(typeof patch.value === 'number' ? 'not a finite number' : 'unknown value');
  return xml;
}

/** The cells a patched sheet gets: a new cell takes its row's or column's style, with the run's number format. */
class CellWriter {
  private readonly cols: { min: number; max: number; style: number }[];

  constructor(
    xml: string,
    private readonly ctx: SheetContext,
  ) {
    this.cols = columnStyles(xml);
  }

  /** Per column, worked out once: its letters and its style; per date, its serial number. */
  private readonly letters: string[] = [];
  private readonly colStyles: number[] = [];
  private readonly serials = new Map<string, number>();
  private readonly serial = (iso: string): number => {
    let n = this.serials.get(iso);
    if (n === undefined) this.serials.set(iso, (n = serialDate(iso, this.ctx.date1904)));
    return n;
  };

  colStyle(c: number): number {
    return (this.colStyles[c] ??= this.cols.find((x) => c >= x.min && c <= x.max)?.style ?? 0);
  }

  cell(r: number, c: number, base: number, patch: CellPatch): string {
    const style = patch.numFmt ? this.ctx.styles.withFormat(base, patch.numFmt) : base;
    return cellXml(`${(this.letters[c] ??= columnLetters(c))}${r}`, style, patch, this.ctx, this.serial);
  }

  /** A row the sheet did not have. */
  newRow(r: number, cells: Map<number, CellPatch>): string {
    const parts = [...cells.keys()].sort((a, b) => a - b).map((c) => this.cell(r, c, this.colStyle(c), cells.get(c)!));
    return `<row r="${r}">${parts.join('')}</row>`;
  }

  /** A row the sheet had (`open` its start tag, `inner` its cells), with the written cells spliced in. */
  patchRow(open: string, inner: string, r: number, cells: Map<number, CellPatch>): string {
    const custom = attr(open, 'customFormat');
    const rowStyle = custom === '1' || custom === 'true' ? Number(attr(open, 's') ?? 0) : 0;
    const out: string[] = [];
    const pending = [...cells.keys()].sort((a, b) => a - b);
    let k = 0;
    let lastCol = 0;
    const emitUntil = (c: number) => {
      while (k < pending.length && pending[k] < c) {
        const col = pending[k++];
        out.push(this.cell(r, col, rowStyle || this.colStyle(col), cells.get(col)!));
      }
    };
    let pos = 0;
    const cellRe = /<c\b[^>]*?\/>|<c\b[^>]*>[\s\S]*?<\/c>/g;
    for (let m = cellRe.exec(inner); m; m = cellRe.exec(inner)) {
      const between = inner.slice(pos, m.index);
      pos = m.index + m[0].length;
      const tag = /^<c\b[^>]*>/.exec(m[0])![0];
      const ref = attr(tag, 'r');
      const col = ref ? columnNumber(/^[A-Z]+/.exec(ref)?.[0] ?? '') : lastCol + 1;
      lastCol = col;
      emitUntil(col);
      out.push(between);
      const p = cells.get(col);
      if (!p || (k < pending.length && pending[k] !== col)) {
        out.push(m[0]);
        continue;
      }
      k++;
      const f = /<f\b[^>]*>/.exec(m[0])?.[0];
      if (f && /\st\s*=\s*"(shared|array|dataTable)"/.test(f) && attr(f, 'ref')) {
        throw new UnpatchableError('a written cell holds the master of a shared or array formula');
      }
      out.push(this.cell(r, col, Number(attr(tag, 's') ?? 0), p));
    }
    emitUntil(Number.POSITIVE_INFINITY);
    out.push(inner.slice(pos));
    return `${setAttr(open, 'spans', undefined).replace(/\/>$/, '>')}${out.join('')}</row>`;
  }
}

/** sheetData's content with the written rows spliced in, into `out`: existing rows patched, missing ones added in order. */
function spliceRows(
  inner: string,
  rows: number[],
  patches: Map<number, Map<number, CellPatch>>,
  writer: CellWriter,
  out: Utf8Blocks,
): void {
  let k = 0;
  let pos = 0;
  let lastRow = 0;
  const rowRe = /<row\b[^>]*?\/>|<row\b[^>]*>[\s\S]*?<\/row>/g;
  for (let m = rowRe.exec(inner); m; m = rowRe.exec(inner)) {
    const open = /^<row\b[^>]*>/.exec(m[0])![0];
    const r = Number(attr(open, 'r') ?? lastRow + 1);
    lastRow = r;
    if (k >= rows.length) break;
    if (rows[k] > r) continue;
    out.push(inner.slice(pos, m.index));
    pos = m.index + m[0].length;
    while (k < rows.length && rows[k] < r) out.push(writer.newRow(rows[k], patches.get(rows[k++])!));
    if (rows[k] === r) {
      const body = open.endsWith('/>') ? '' : m[0].slice(open.length, -'</row>'.length);
      out.push(writer.patchRow(open, body, r, patches.get(rows[k++])!));
    } else out.push(m[0]);
  }
  out.push(inner.slice(pos));
  while (k < rows.length) out.push(writer.newRow(rows[k], patches.get(rows[k++])!));
}

/** The sheet with its used range (dimension) grown to cover the written cells. */
function withGrownDimension(xml: string, rows: number[], patches: Map<number, Map<number, CellPatch>>): string {
  const dim = /<dimension\b[^>]*\/>/.exec(xml);
  if (!dim || !rows.length) return xml;
  const ref = attr(dim[0], 'ref') ?? 'A1';
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref);
  let [c1, r1, c2, r2] = m
    ? [columnNumber(m[1]), Number(m[2]), columnNumber(m[3] ?? m[1]), Number(m[4] ?? m[2])]
    : [1, 1, 1, 1];
  for (const r of rows) {
    for (const c of patches.get(r)!.keys()) {
      c1 = Math.min(c1, c);
      c2 = Math.max(c2, c);
      r1 = Math.min(r1, r);
      r2 = Math.max(r2, r);
    }
  }
  return xml.replace(dim[0], setAttr(dim[0], 'ref', `${columnLetters(c1)}${r1}:${columnLetters(c2)}${r2}`));
}

/**
 * Splices the written cells into a worksheet's XML: rows and cells keep their order, a written
 * cell keeps its style (with the number format the run set) and loses any formula, everything
 * else in the sheet — drawings, comments, formats, validations, extensions — is left as it was.
 */
export function patchSheet(xml: string, patches: Map<number, Map<number, CellPatch>>, ctx: SheetContext): string {
  return decoder.decode(patchedSheet(xml, patches, ctx));
}

/** patchSheet's result as UTF-8, gathered in blocks as the rows are written (a large tab never is one string). */
function patchedSheet(xml: string, patches: Map<number, Map<number, CellPatch>>, ctx: SheetContext): Uint8Array {
  if (!/<worksheet\b/.test(xml)) throw new UnpatchableError('not a worksheet');
  const data = /<sheetData\b[^>]*?(?:\/>|>([\s\S]*?)<\/sheetData>)/.exec(xml);
  if (!data) throw new UnpatchableError('no sheetData');
  const rows = [...patches.keys()].sort((a, b) => a - b);
  const out = new Utf8Blocks();
  // The used range (dimension) precedes sheetData in the schema's order.
  out.push(`${withGrownDimension(xml.slice(0, data.index), rows, patches)}<sheetData>`);
  spliceRows(data[1] ?? '', rows, patches, new CellWriter(xml, ctx), out);
  out.push(`</sheetData>${xml.slice(data.index + data[0].length)}`);
  return out.bytes();
}

/** Shifts the style and shared-string indices of a worksheet ExcelJS wrote by the merged offsets. */
function rebaseSheet(xml: string, xfOffset: number, sstOffset: number): string {
  // ExcelJS writes its attributes unprefixed and double-quoted: s="…" on c and row, style="…" on col.
  let out = xml.replace(
    /(<(?:c|row)\b[^>]*?\ss=")(\d+)"/g,
    (_, a: string, n: string) => `${a}${Number(n) + xfOffset}"`,
  );
  out = out.replace(/(<col\b[^>]*?\sstyle=")(\d+)"/g, (_, a: string, n: string) => `${a}${Number(n) + xfOffset}"`);
  // A cell without a style keeps the workbook's default, like every other unstyled cell in it.
  if (sstOffset) {
    out = out.replace(
      /(<c\b[^>]*\st="s"[^>]*>\s*<v>)(\d+)(<\/v>)/g,
      (_, a: string, n: string, b: string) => `${a}${Number(n) + sstOffset}${b}`,
    );
  }
  return out;
}

/** What the run did, as the port recorded it. */
export interface SavePlan {
  /**
   * The final tabs in order: 'original' keeps the opened tab (with patches), 'fresh' takes ExcelJS's,
   * 'drawn' is written from its document in `drawn`.
   */
  tabs: { name: string; origin: 'original' | 'fresh' | 'drawn'; state: 'visible' | 'hidden' | 'veryHidden' }[];
  /** The tab the workbook must now open on, when the run chose one (it hid the one it opened on). */
  openOn?: string;
  /** The blocks written into original tabs, by tab, in the order they were written. */
  writes: Map<string, WrittenBlock[]>;
  /** The documents of the drawn tabs, by tab. */
  drawn?: Map<string, SheetDocument>;
}

function overrideXml(part: string, type: string): string {
  return `<Override PartName="/${escapeXmlText(part)}" ContentType="${type}"/>`;
}

/**
 * The final tab list with the workbook's sheets that are no worksheets (chart sheets, dialog and
 * macro sheets), which ExcelJS does not list and the run never touches, kept after the sheet
 * that preceded them.
 */
function withOtherSheets(tabs: SavePlan['tabs'], sheets: SheetEntry[], rels: Relationship[]): SavePlan['tabs'] {
  const worksheet = new Set(rels.filter((r) => r.type === REL_WORKSHEET).map((r) => r.id));
  const out = [...tabs];
  sheets.forEach((s, i) => {
    if (worksheet.has(s.rid)) return;
    const folded = s.name.toLocaleLowerCase('sv');
    if (tabs.some((t) => t.name.toLocaleLowerCase('sv') === folded)) throw new UnpatchableError(`${s.name} twice`);
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = out.findIndex((t) => t.name === sheets[j].name);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    const state = attr(s.xml, 'state');
    out.splice(at, 0, {
      name: s.name,
      origin: 'original',
      state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
    });
  });
  return out;
}

/** The package being saved into: the original's copy, its workbook part and what the save adds to it. */
interface SaveState {
  original: OpcPackage;
  pkg: OpcPackage;
  wbPart: string;
  /** The workbook part's folder, with its slash: new parts go under it. */
  wbDir: string;
  wbXml: string;
  wbRels: Relationship[];
  /** The workbook's sheets as opened. */
  sheets: SheetEntry[];
  byName: Map<string, SheetEntry>;
  /** The final tab list, the workbook's other sheets in their places. */
  tabs: SavePlan['tabs'];
  drawn: Map<string, SheetDocument>;
  stylesPart: string;
  sstPart: string | null;
  ctx: SheetContext;
  /** [Content_Types].xml as it is being changed. */
  ct: string;
  /** Relationships the workbook gains. */
  newRels: string[];
  nextRid: number;
}

/** The original's copy with its workbook, sheet list, styles and shared strings read. */
function openSave(original: OpcPackage, plan: SavePlan): SaveState {
  const pkg = original.clone();
  const wbPart = workbookPart(pkg);
  const wbXml = pkg.text(wbPart) ?? '';
  if (!/<workbook\b/.test(wbXml)) throw new UnpatchableError('not a workbook');
  const wbRels = parseRels(pkg.text(relsName(wbPart)));
  const sheets = sheetList(pkg, wbPart);
  const stylesRel = wbRels.find((r) => r.type === `${NS_REL}/styles`);
  const stylesPart = stylesRel ? resolveTarget(wbPart, stylesRel.target) : null;
  const sstRel = wbRels.find((r) => r.type === REL_SST);
  const sstPart = sstRel ? resolveTarget(wbPart, sstRel.target) : null;
  if (!stylesPart || !pkg.has(stylesPart)) throw new UnpatchableError('no styles part');
  const pr = /<workbookPr\b[^>]*>/.exec(wbXml)?.[0];
  const ctx: SheetContext = {
    styles: new Styles(pkg.text(stylesPart)!),
    strings: new SharedStrings(sstPart ? pkg.text(sstPart) : undefined),
    date1904: pr ? /^(1|true)$/.test(attr(pr, 'date1904') ?? '') : false,
  };
  return {
    original,
    pkg,
    wbPart,
    wbDir: wbPart.slice(0, wbPart.lastIndexOf('/') + 1),
    wbXml,
    wbRels,
    sheets,
    byName: new Map(sheets.map((s) => [s.name, s])),
    tabs: withOtherSheets(plan.tabs, sheets, wbRels),
    drawn: plan.drawn ?? new Map(),
    stylesPart,
    sstPart,
    ctx,
    ct: pkg.text('[Content_Types].xml') ?? '',
    newRels: [],
    nextRid: 1,
  };
}

/** A drawn sheet's styles and strings go into the saved workbook's own. */
function drawnTarget(ctx: SheetContext): DrawnSheetTarget {
  return {
    xf: (style, format) => ctx.styles.drawnXf(style, format),
    string: (text) => ctx.strings.add(text),
    date1904: ctx.date1904,
  };
}

/** A block of cells written into a tab: at (row, col), 1-based, with the number formats set (null: left alone). */
export interface WrittenBlock {
  row: number;
  col: number;
  values: CellValue[][];
  formats?: (string | null)[][];
}

/**
 * What the blocks leave in each cell, by row and column: the last value written, and the last
 * number format set (a date's when none is given, as the port writes it).
 */
export function cellPatches(blocks: readonly WrittenBlock[]): Map<number, Map<number, CellPatch>> {
  const rows = new Map<number, Map<number, CellPatch>>();
  for (const { row, col, values, formats } of blocks) {
    values.forEach((line, i) => {
      let cells = rows.get(row + i);
      if (!cells) rows.set(row + i, (cells = new Map()));
      line.forEach((value, j) => {
        const numFmt = formats?.[i]?.[j] ?? (isCalendarValue(value) ? FORMAT.date : null);
        const before = cells.get(col + j);
        cells.set(col + j, { value, numFmt: numFmt ?? before?.numFmt ?? null });
      });
    });
  }
  return rows;
}

/** Cells written into the opened tabs, spliced into their parts (one tab's cells at a time). */
function patchOriginalTabs(s: SaveState, writes: SavePlan['writes']): void {
  for (const [tab, blocks] of writes) {
    const entry = s.byName.get(tab);
    if (!entry || !s.tabs.some((t) => t.name === tab && t.origin === 'original')) continue;
    const cells = cellPatches(blocks);
    if (cells.size === 0) continue;
    const xml = s.pkg.text(entry.part);
    if (xml === undefined) throw new UnpatchableError(`no part for ${tab}`);
    s.pkg.setBytes(entry.part, patchedSheet(xml, cells, s.ctx));
  }
}

/** The fresh tabs' worksheet XML from ExcelJS's package, rebased onto the merged styles and strings. */
function freshSheets(s: SaveState, fresh: OpcPackage | null): Map<string, string> {
  const freshTabs = s.tabs.filter((t) => t.origin === 'fresh');
  const parts = new Map<string, string>();
  if (!freshTabs.length) return parts;
  if (!fresh) throw new UnpatchableError('no serialised tabs');
  const fwb = workbookPart(fresh);
  const fsheets = new Map(sheetList(fresh, fwb).map((x) => [x.name, x]));
  const fRels = parseRels(fresh.text(relsName(fwb)));
  const fStylesRel = fRels.find((r) => r.type === `${NS_REL}/styles`);
  const fSstRel = fRels.find((r) => r.type === REL_SST);
  const xfOffset = s.ctx.styles.append(fStylesRel ? (fresh.text(resolveTarget(fwb, fStylesRel.target)) ?? '') : '');
  const sstOffset = s.ctx.strings.append(fSstRel ? fresh.text(resolveTarget(fwb, fSstRel.target)) : undefined);
  for (const t of freshTabs) {
    const f = fsheets.get(t.name);
    const xml = f && fresh.text(f.part);
    if (!f || xml === undefined) throw new UnpatchableError(`ExcelJS did not write ${t.name}`);
    if (relsOf(fresh, f.part).length) throw new UnpatchableError(`${t.name} has relationships`);
    // Differential formats (conditional formatting) are not merged: such a tab is re-serialised whole.
    if (/\sdxfId\s*=/.test(xml)) throw new UnpatchableError(`${t.name} has differential formats`);
    parts.set(t.name, rebaseSheet(xml, xfOffset, sstOffset));
  }
  return parts;
}

/** The tabs the run removed go with their parts and relationships, and so does the calculation chain. */
function dropRemovedTabs(s: SaveState): void {
  const kept = new Set(s.tabs.filter((t) => t.origin === 'original').map((t) => t.name));
  const removed = s.sheets.filter((x) => !kept.has(x.name));
  const removedIds = new Set(removed.map((x) => x.rid));
  s.wbRels = s.wbRels.filter((r) => !removedIds.has(r.id) && r.type !== REL_CALC_CHAIN);
  for (const x of removed) {
    s.pkg.delete(x.part);
    s.pkg.delete(relsName(x.part));
  }
  const ridNumber = (id: string) => Number(/^rId(\d+)$/.exec(id)?.[1] ?? 0);
  s.nextRid = Math.max(0, ...s.wbRels.map((r) => ridNumber(r.id)), ...s.sheets.map((x) => ridNumber(x.rid))) + 1;
}

/** The workbook's `<sheet>` elements in the final order; each fresh tab gets its part, relationship and content type. */
function sheetElements(s: SaveState, freshParts: Map<string, string>): string[] {
  let nextSheetId = Math.max(0, ...s.sheets.map((x) => Number(attr(x.xml, 'sheetId') ?? 0))) + 1;
  let nextPart = 1;
  const out: string[] = [];
  for (const t of s.tabs) {
    if (t.origin === 'original') {
      const x = s.byName.get(t.name);
      if (!x) throw new UnpatchableError(`no original tab ${t.name}`);
      // The sheet's visibility is the workbook's, not the tab part's (ECMA-376 §18.2.19 state).
      const open = /^<sheet\b[^>]*?\/?>/.exec(x.xml)?.[0] ?? x.xml;
      out.push(setAttr(open, 'state', t.state === 'visible' ? undefined : t.state) + x.xml.slice(open.length));
      continue;
    }
    const xml =
      t.origin === 'drawn' ? drawnSheetXml(s.drawn.get(t.name)!, drawnTarget(s.ctx)) : freshParts.get(t.name)!;
    // A new name, never a removed tab's: nothing that named the old part can mistake it.
    const partName = (n: number) => `${s.wbDir}worksheets/sheet${n}.xml`;
    while (s.pkg.has(partName(nextPart)) || s.original.has(partName(nextPart))) nextPart++;
    const part = partName(nextPart);
    if (typeof xml === 'string') s.pkg.setText(part, xml);
    else s.pkg.setBytes(part, xml);
    const rid = `rId${s.nextRid++}`;
    s.newRels.push(
      `<Relationship Id="${rid}" Type="${REL_WORKSHEET}" Target="${escapeXmlText(part.slice(s.wbDir.length))}"/>`,
    );
    s.ct = s.ct.replace('</Types>', `${overrideXml(part, CT_WORKSHEET)}</Types>`);
    const state = t.state === 'visible' ? '' : ` state="${t.state}"`;
    out.push(`<sheet name="${escapeXmlText(t.name)}" sheetId="${nextSheetId++}"${state} r:id="${rid}"/>`);
  }
  return out;
}

/** workbook.xml with its sheet list replaced, written with the workbook's own relationship prefix. */
function withSheetList(wbXml: string, sheets: SheetEntry[], elements: string[]): string {
  const sheetsSection = /<sheets\b[^>]*>[\s\S]*?<\/sheets>/.exec(wbXml)!;
  const sheetsOpen = /^<sheets\b[^>]*>/.exec(sheetsSection[0])![0];
  const rPrefix = /\s([\w.-]+):id\s*=/.exec(sheets[0]?.xml ?? '')?.[1] ?? 'r';
  const sheetElems = elements.map((x) => (rPrefix === 'r' ? x : x.replace(/ r:id=/, ` ${rPrefix}:id=`)));
  if (rPrefix !== 'r' || !/xmlns:r\s*=/.test(wbXml)) {
    if (!new RegExp(`xmlns:${rPrefix}\\s*=\\s*"${NS_REL}"`).test(wbXml))
      throw new UnpatchableError('relationship prefix');
  }
  return (
    wbXml.slice(0, sheetsSection.index) +
    sheetsOpen +
    sheetElems.join('') +
    '</sheets>' +
    wbXml.slice(sheetsSection.index + sheetsSection[0].length)
  );
}

/** Defined names and views that point at a tab by its position follow it; a removed tab's go. */
function followTabs(wbXml: string, sheets: SheetEntry[], tabs: SavePlan['tabs'], openOn?: string): string {
  const oldIndex = sheets.map((x) => x.name);
  const newIndex = new Map(tabs.map((t, i) => [t.name, i]));
  const move = (i: string | undefined) => (i === undefined ? undefined : newIndex.get(oldIndex[Number(i)] ?? ''));
  let xml = wbXml.replace(/<definedName\b[^>]*>[\s\S]*?<\/definedName>|<definedName\b[^>]*\/>/g, (dn) => {
    const local = attr(dn, 'localSheetId');
    if (local === undefined) return dn;
    const to = tabs[move(local) ?? -1]?.origin === 'original' ? move(local) : undefined;
    if (to === undefined) return '';
    const open = /^<definedName\b[^>]*>/.exec(dn)![0];
    return setAttr(open, 'localSheetId', String(to)) + dn.slice(open.length);
  });
  xml = xml.replace(/<definedNames>\s*<\/definedNames>/, '');
  return xml.replace(/<workbookView\b[^>]*>/g, (tag) => {
    let out = tag;
    for (const a of ['activeTab', 'firstSheet']) {
      const v = attr(tag, a);
      if (v !== undefined) out = setAttr(out, a, String(move(v) ?? 0));
    }
    const chosen = openOn === undefined ? undefined : newIndex.get(openOn);
    return chosen === undefined ? out : setAttr(setAttr(out, 'activeTab', String(chosen)), 'firstSheet', '0');
  });
}

/**
 * Values changed under formulas: Excel and LibreOffice recompute on opening; the old calculation
 * chain may name cells that no longer hold formulas, so it goes (Excel rebuilds it).
 */
function withFullCalcOnLoad(wbXml: string): string {
  const calc = /<calcPr\b[^>]*>/.exec(wbXml);
  if (calc) return wbXml.replace(calc[0], setAttr(calc[0], 'fullCalcOnLoad', '1'));
  const at =
    /<(oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|fileRecoveryPr|webPublishObjects|extLst)\b|<\/workbook>/.exec(
      wbXml,
    )!;
  return wbXml.slice(0, at.index) + '<calcPr fullCalcOnLoad="1"/>' + wbXml.slice(at.index);
}

/** styles.xml and sharedStrings.xml as extended (a workbook without shared strings gains the part). */
function writeStylesAndStrings(s: SaveState): void {
  const stylesXml = s.ctx.styles.result();
  if (stylesXml !== null) s.pkg.setText(s.stylesPart, stylesXml);
  const sstXml = s.ctx.strings.result();
  if (sstXml === null) return;
  if (s.sstPart) {
    s.pkg.setBytes(s.sstPart, sstXml);
    return;
  }
  const part = `${s.wbDir}sharedStrings.xml`;
  s.pkg.setBytes(part, sstXml);
  s.newRels.push(`<Relationship Id="rId${s.nextRid++}" Type="${REL_SST}" Target="sharedStrings.xml"/>`);
  s.ct = s.ct.replace('</Types>', `${overrideXml(part, CT_SST)}</Types>`);
}

/** Parts that only the removed tabs (or the calculation chain) reached go with them, and so do their content types. */
function dropUnreachable(s: SaveState, before: Set<string>): void {
  const after = reachable(s.pkg);
  for (const part of before) {
    if (after.has(part)) continue;
    s.pkg.delete(part);
    s.pkg.delete(relsName(part));
  }
  s.ct = s.ct.replace(/<Override\b[^>]*\/>/g, (o) => {
    const name = (attr(o, 'PartName') ?? '').replace(/^\//, '');
    return s.pkg.has(decodeURI(name)) || s.pkg.has(name) ? o : '';
  });
}

/**
 * The saved package: the original with the plan applied. `fresh` is ExcelJS's package holding the
 * fresh tabs (and possibly others, which are ignored).
 */
export function savePreserving(original: OpcPackage, fresh: OpcPackage | null, plan: SavePlan): Uint8Array {
  const s = openSave(original, plan);
  const before = reachable(s.pkg);
  patchOriginalTabs(s, plan.writes);
  const freshParts = freshSheets(s, fresh);
  dropRemovedTabs(s);
  const elements = sheetElements(s, freshParts);
  s.wbXml = withFullCalcOnLoad(followTabs(withSheetList(s.wbXml, s.sheets, elements), s.sheets, s.tabs, plan.openOn));
  s.pkg.setText(s.wbPart, s.wbXml);
  writeStylesAndStrings(s);
  s.pkg.setText(
    relsName(s.wbPart),
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${s.wbRels.map((r) => r.xml).join('')}${s.newRels.join('')}</Relationships>`,
  );
  dropUnreachable(s, before);
  s.pkg.setText('[Content_Types].xml', s.ct);
  return s.pkg.toBytes();
}

/**
 * A copy of the package that ExcelJS can load: without the drawings (charts, shapes, images),
 * which the product never reads and on which ExcelJS 4.4 can fail ("Cannot read properties of
 * undefined (reading 'anchors')", exceljs#2591, on a drawing it does not model, such as a chart's
 * shapes). The saved file keeps them: it is written into the original package.
 */
export function withoutDrawings(pkg: OpcPackage): Uint8Array {
  const copy = pkg.clone();
  for (const name of copy.names()) {
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
      const xml = copy.text(name)!;
      if (/<drawing\b/.test(xml)) copy.setText(name, xml.replace(/<drawing\b[^>]*?(?:\/>|>[\s\S]*?<\/drawing>)/g, ''));
    } else if (/^xl\/worksheets\/_rels\/[^/]+\.rels$/.test(name)) {
      const xml = copy.text(name)!;
      copy.setText(name, xml.replace(/<Relationship\b[^>]*Type="[^"]*\/drawing"[^>]*\/>/g, ''));
    } else if (/^xl\/(drawings\/(?!vmlDrawing)|charts\/)/.test(name)) {
      copy.delete(name);
    }
  }
  return copy.toBytes();
}
