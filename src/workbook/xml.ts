/**
 * The XML parser of both hosts behind the bank-file port (core/bankfile/xml.ts): fast-xml-parser,
 * plain JavaScript without host globals. Apps Script uses it too instead of its XmlService, whose
 * tree is read one service call per element and text (getChildren, getText …): a camt.054 file of
 * 10 000 payments took ≈ 230 000 such calls, a count that grows with the file, where parsing in
 * JavaScript makes none. Its validator finds malformed XML (the parser itself is lenient); the tree keeps every child
 * element as an array and text as text (an OCR "0012" must not become the number 12).
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

export const xmlParser: XmlParser = (xml: string): XmlDocument | { errorLine: number } => {
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
