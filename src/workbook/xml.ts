/**
 * The XML parser of both hosts behind the bank-file port (core/bankfile/xml.ts): fast-xml-parser,
 * plain JavaScript without host globals. Apps Script uses it too instead of its XmlService, whose
 * tree is read one service call per element and text (getChildren, getText …): a camt.054 file of
 * 10 000 payments took ≈ 230 000 such calls, a count that grows with the file, where parsing in
 * JavaScript makes none. Its validator finds malformed XML (the parser itself is lenient); the tree keeps every child
 * element as an array and text as text (an OCR "0012" must not become the number 12).
 *
 * A document in the plain shape that bank files and .xlsx parts have (elements, attributes,
 * text and the five predefined entities, an XML declaration first) is read by `plainDocument`
 * instead, in one pass over the text: fast-xml-parser builds its text one character at a time
 * and walks the tree twice more, 3 s for the 3.3 MB camt.054 of 10 000 payments, which each
 * execution of the payments dialog parses. The plain reader gives the same answers as the tree
 * of fast-xml-parser (tests/workbook/xml.test.ts compares them); anything outside that shape
 * (comments, CDATA, DOCTYPE, other processing instructions, character references, names the
 * parser renames, anything malformed) goes to fast-xml-parser and its validator, so a broken
 * file still gets the validator's line number.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { XmlDocument, XmlElement, XmlParser } from '../core/bankfile';

type Raw = { [key: string]: unknown } | string;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Text is kept as written (rawText); text() trims.
  trimValues: false,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  // The callbacks get the parser's path matcher instead of a path string built for every tag: no
  // callback here reads the path, and the strings cost a third of parsing a 5 MB camt.054 file.
  jPath: false,
});

const isChildKey = (key: string) => !key.startsWith('@_') && key !== '#text' && !key.startsWith('?');

function element(name: string, raw: Raw): XmlElement {
  return {
    name,
    children(child: string): XmlElement[] {
      if (typeof raw === 'string') return [];
      const list = raw[child];
      return Array.isArray(list) ? list.map((r) => element(child, r as Raw)) : [];
    },
    text(): string {
      return this.rawText().trim();
    },
    rawText(): string {
      if (typeof raw === 'string') return raw;
      const t = raw['#text'];
      return typeof t === 'string' ? t : typeof t === 'number' ? String(t) : '';
    },
    attribute(attr: string): string {
      if (typeof raw === 'string') return '';
      const v = raw[`@_${attr}`];
      return typeof v === 'string' ? v.trim() : '';
    },
    childNames(): string[] {
      return typeof raw === 'string' ? [] : Object.keys(raw).filter(isChildKey);
    },
  };
}

/** The root element's namespace, from its start tag (the parser drops namespace declarations with their prefixes). */
function rootNamespace(xml: string, root: string): string {
  const start = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${root}\\b[^>]*>`).exec(xml);
  if (!start) return '';
  const prefix = /^<([A-Za-z_][\w.-]*):/.exec(start[0])?.[1];
  const decl = prefix ? new RegExp(`\\sxmlns:${prefix}\\s*=\\s*["']([^"']*)["']`) : /\sxmlns\s*=\s*["']([^"']*)["']/;
  return decl.exec(start[0])?.[1].trim() ?? '';
}

// ---- the plain reader ----

/** What fast-xml-parser's tree would hold of an element: its children by local name (in the order first seen), its text, its attributes by local name. */
interface PlainNode {
  name: string;
  children: Map<string, PlainNode[]> | null;
  text: string;
  attributes: Map<string, string> | null;
  /** Its port element, made once: camt.ts walks the same elements along several paths. */
  element?: XmlElement;
}

function plainElement(node: PlainNode): XmlElement {
  return (node.element ??= {
    name: node.name,
    children(child: string): XmlElement[] {
      const list = node.children?.get(child);
      return list === undefined ? [] : list.map(plainElement);
    },
    text(): string {
      return node.text.trim();
    },
    rawText(): string {
      return node.text;
    },
    attribute(attr: string): string {
      return node.attributes?.get(attr)?.trim() ?? '';
    },
    childNames(): string[] {
      return node.children === null ? [] : [...node.children.keys()];
    },
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text or an attribute value with its predefined entities replaced; null when it has any other '&' (a character reference, an unknown or malformed entity). */
function decoded(text: string): string | null {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let out = '';
  let last = 0;
  while (amp !== -1) {
    const semi = text.indexOf(';', amp + 1);
    const value = semi === -1 || semi - amp > 5 ? undefined : ENTITIES[text.slice(amp + 1, semi)];
    if (value === undefined) return null;
    out += text.slice(last, amp) + value;
    last = semi + 1;
    amp = text.indexOf('&', last);
  }
  return out + text.slice(last);
}

/** Tag names fast-xml-parser renames or refuses (prototype properties), and the prefix of namespace declarations. */
const SPECIAL_NAMES = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'xmlns',
]);

/** The end of an ASCII name with at most one prefix (p:name) at i, or -1. */
function nameEnd(s: string, i: number): number {
  let colon = false;
  for (;;) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return -1; // A-Z a-z _
    i++;
    for (;;) {
      const d = s.charCodeAt(i);
      if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 95 || d === 45 || d === 46)
        i++;
      else break; // A-Z a-z 0-9 _ - .
    }
    if (s.charCodeAt(i) !== 58 || colon) return i; // ':'
    colon = true;
    i++;
  }
}

const localName = (raw: string): string => raw.slice(raw.indexOf(':') + 1);
const isSpace = (c: number) => c === 32 || c === 10 || c === 9; // no CR after the line-end normalisation
function skipSpace(s: string, i: number): number {
  while (isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Deeper than this is left to fast-xml-parser (it refuses more than 100 levels). */
const PLAIN_DEPTH = 64;

/**
 * The document when it is in the plain shape (module comment), else null. Line ends are
 * normalised to \n first, as fast-xml-parser does; each element's text is all its text pieces
 * joined, whitespace kept, as in fast-xml-parser's tree.
 */
export function plainDocument(xml: string): { root: PlainNode; rootName: string } | null {
  const s = xml.indexOf('\r') === -1 ? xml : xml.replace(/\r\n?/g, '\n');
  const n = s.length;
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (s.startsWith('<?xml', i) && (isSpace(s.charCodeAt(i + 5)) || s.charCodeAt(i + 5) === 63)) {
    const end = s.indexOf('?>', i);
    if (end === -1 || !DECLARATION.test(s.slice(i + 5, end))) return null;
    i = end + 2;
  }
  i = skipSpace(s, i);
  const stack: { raw: string; node: PlainNode }[] = [];
  let root: PlainNode | null = null;
  while (i < n) {
    if (s.charCodeAt(i) !== 60) {
      // Text up to the next tag, inside the root element.
      const lt = s.indexOf('<', i);
      if (stack.length === 0) return null;
      if (lt === -1) return null;
      const text = decoded(s.slice(i, lt));
      if (text === null) return null;
      stack[stack.length - 1].node.text += text;
      i = lt;
      continue;
    }
    const c1 = s.charCodeAt(i + 1);
    if (c1 === 47) {
      // </name>
      const end = nameEnd(s, i + 2);
      if (end === -1 || stack.length === 0) return null;
      const close = skipSpace(s, end);
      if (s.charCodeAt(close) !== 62 || s.slice(i + 2, end) !== stack[stack.length - 1].raw) return null;
      stack.pop();
      i = close + 1;
      if (stack.length === 0) break;
      continue;
    }
    // <name attr="value" …> or …/>
    if (root !== null && stack.length === 0) return null;
    const tag = startTag(s, i);
    if (tag === null) return null;
    const { raw, node, selfClosing } = tag;
    if (stack.length === 0) root = node;
    else {
      const parent = stack[stack.length - 1].node;
      const list = parent.children?.get(node.name);
      if (list !== undefined) list.push(node);
      else (parent.children ??= new Map()).set(node.name, [node]);
    }
    i = tag.end;
    if (!selfClosing) {
      if (stack.length >= PLAIN_DEPTH) return null;
      stack.push({ raw, node });
    } else if (stack.length === 0) break;
  }
  if (root === null || stack.length > 0 || skipSpace(s, i) !== n) return null;
  return { root, rootName: root.name };
}

/**
 * The start tag at i (`<name attr="value" …>` or `…/>`) as a node with its attributes, and the
 * index after it; null when it is not in the plain shape.
 */
function startTag(s: string, i: number): { raw: string; node: PlainNode; selfClosing: boolean; end: number } | null {
  const end = nameEnd(s, i + 1);
  if (end === -1) return null;
  const raw = s.slice(i + 1, end);
  const colon = raw.indexOf(':');
  const name = colon === -1 ? raw : raw.slice(colon + 1);
  if (SPECIAL_NAMES.has(name) || (colon !== -1 && SPECIAL_NAMES.has(raw.slice(0, colon)))) return null;
  const node: PlainNode = { name, children: null, text: '', attributes: null, element: undefined };
  let j = end;
  let seen: string[] | null = null;
  let selfClosing = false;
  for (;;) {
    const c = s.charCodeAt(j);
    if (c === 62) break;
    if (c === 47 && s.charCodeAt(j + 1) === 62) {
      selfClosing = true;
      j++;
      break;
    }
    if (!isSpace(c)) return null;
    j = skipSpace(s, j);
    const d = s.charCodeAt(j);
    if (d === 62 || (d === 47 && s.charCodeAt(j + 1) === 62)) continue;
    const attrEnd = nameEnd(s, j);
    if (attrEnd === -1) return null;
    const attrRaw = s.slice(j, attrEnd);
    if (seen?.includes(attrRaw)) return null;
    (seen ??= []).push(attrRaw);
    j = skipSpace(s, attrEnd);
    if (s.charCodeAt(j) !== 61) return null; // =
    j = skipSpace(s, j + 1);
    const quote = s.charCodeAt(j);
    if (quote !== 34 && quote !== 39) return null;
    const valueEnd = s.indexOf(quote === 34 ? '"' : "'", j + 1);
    if (valueEnd === -1) return null;
    const rawValue = s.slice(j + 1, valueEnd);
    if (rawValue.includes('<')) return null;
    const value = decoded(rawValue);
    if (value === null) return null;
    // fast-xml-parser drops namespace declarations and keeps the last of two equal local names.
    if (attrRaw !== 'xmlns' && !attrRaw.startsWith('xmlns:'))
      (node.attributes ??= new Map()).set(localName(attrRaw), value);
    j = valueEnd + 1;
  }
  return { raw, node, selfClosing, end: j + 1 };
}

/** The XML declaration's attributes (after "<?xml"), plain values only. */
const DECLARATION =
  /^(?:[ \t\n]+[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?[ \t\n]*=[ \t\n]*(?:"[^"<>&?]*"|'[^'<>&?]*'))*[ \t\n]*$/;

export const xmlParser: XmlParser = (xml: string): XmlDocument | { errorLine: number } => {
  const plain = plainDocument(xml);
  if (plain !== null) return { root: plainElement(plain.root), namespace: rootNamespace(xml, plain.rootName) };
  return fastXmlParser(xml);
};

/** fast-xml-parser behind its validator: any document. */
export const fastXmlParser: XmlParser = (xml: string): XmlDocument | { errorLine: number } => {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { errorLine: valid.err.line };
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return { errorLine: 0 };
  }
  const rootName = Object.keys(doc).find(isChildKey);
  const list = rootName === undefined ? undefined : doc[rootName];
  if (rootName === undefined || !Array.isArray(list) || list.length === 0) return { errorLine: 0 };
  return { root: element(rootName, list[0] as Raw), namespace: rootNamespace(xml, rootName) };
};
