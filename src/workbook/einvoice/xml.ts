/**
 * A small XML writer for the e-invoice: elements as data, serialised with escaping and
 * indentation. An element without text and without children is left out altogether, since
 * Peppol forbids empty elements (PEPPOL-EN16931-R008).
 */
export interface XmlElement {
  name: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: XmlNode[];
}

/** `null`/`undefined`/`false` children are skipped, so optional parts read as conditions. */
export type XmlNode = XmlElement | null | undefined | false;

/** An element with text, or with children. */
export function el(name: string, content: string | XmlNode[] | undefined, attrs?: Record<string, string>): XmlElement {
  return Array.isArray(content) ? { name, attrs, children: content } : { name, attrs, text: content };
}

export { escapeXml } from '../../core/escape';
import { escapeXml } from '../../core/escape';

/**
 * Writes the element unless it is empty (no text, and no child that is not empty): the
 * emptiness is found while writing, each element looked at once; `always` writes it regardless.
 */
function write(node: XmlElement, indent: string, out: string[], always = false): boolean {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  if (node.children) {
    const mark = out.length;
    out.push(`${indent}<${node.name}${attrs}>`);
    let present = false;
    for (const child of node.children) if (child && write(child, `${indent}  `, out)) present = true;
    if (!present && !always) {
      out.length = mark;
      return false;
    }
    out.push(`${indent}</${node.name}>`);
    return true;
  }
  if (!always && (node.text === undefined || node.text.trim() === '')) return false;
  out.push(`${indent}<${node.name}${attrs}>${escapeXml(node.text!.trim())}</${node.name}>`);
  return true;
}

/** The document with its XML declaration, UTF-8, one element per line, ending in a newline. */
export function serializeXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, '', out, true);
  return `${out.join('\n')}\n`;
}
