/**
 * The XML a host parsed, as the camt.054 reader sees it. Both hosts fill this port with
 * fast-xml-parser (workbook/xml.ts); Apps Script's XmlService would cost one service call per
 * element read. The mapping from elements to payments (camt.ts) is written once, against this.
 */
export interface XmlElement {
  /** Local name, without any namespace prefix. */
  readonly name: string;
  /** The child elements of that local name, in document order. */
  children(name: string): XmlElement[];
  /** The element's text, trimmed ('' when it has none). */
  text(): string;
  /** The element's text exactly as written: spaces kept (the runs of an .xlsx rich-text string). */
  rawText(): string;
  /** An attribute's value, trimmed ('' when absent). */
  attribute(name: string): string;
  /** Local names of the child elements, for messages. */
  childNames(): string[];
}

export interface XmlDocument {
  root: XmlElement;
  /** Namespace URI of the root element ('' when none). */
  namespace: string;
}

/** A host's parser: the document, or the line of the first error (0 when unknown). */
export type XmlParser = (text: string) => XmlDocument | { errorLine: number };
