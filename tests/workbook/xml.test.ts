// The XML port's two readers (workbook/xml.ts): a document in the plain shape is read in one pass
// (plainDocument), anything else by fast-xml-parser behind its validator. The plain reader must
// answer exactly as fast-xml-parser's tree does, and must never accept what the validator refuses:
// both are compared here on bank files, .xlsx parts and thousands of generated documents, valid
// and broken, in and outside the plain shape.
import { describe, expect, it } from 'vitest';
import type { XmlDocument, XmlElement } from '../../src/core/bankfile';
import { fastXmlParser, plainDocument, xmlParser } from '../../src/workbook/xml';
import { camt054 } from '../fixtures/bankFiles';
import { prng } from '../fixtures/random';

/** Names asked of every element besides its own children: absent ones, and names an object has from its prototype. */
const ABSENT = ['absent', 'xmlns', 'toString', '__proto__', 'constructor', '#text', '@_a'];

/** Everything the port shows of an element, for the attribute names asked (as arrays: cheaper to compare as JSON than deeply). */
function shown(e: XmlElement, attrs: string[]): unknown[] {
  const children = [...e.childNames(), ...ABSENT].map((n) => [n, e.children(n).map((c) => shown(c, attrs))]);
  return [e.name, e.text(), e.rawText(), e.childNames(), attrs.map((a) => e.attribute(a)), children];
}

/** The names (whole and local) of the attributes written in a document, and the absent ones. */
function attributesIn(xml: string): string[] {
  const local = (s: string) => s.slice(s.indexOf(':') + 1);
  const attrs = [...xml.matchAll(/([\w.:-]+)\s*=\s*["']/g)].flatMap((m) => [m[1], local(m[1])]);
  return [...new Set([...attrs, ...ABSENT])];
}

/** Both readers on one document: the port answers as fast-xml-parser does, which accepts whatever the plain reader accepts. */
function compare(xml: string): 'plain' | 'fallback' {
  const plain = plainDocument(xml);
  const viaPort = xmlParser(xml);
  const reference = fastXmlParser(xml);
  if (plain !== null) expect('errorLine' in reference ? reference : 'a document', xml).toBe('a document');
  const attrs = attributesIn(xml);
  const seen = (d: XmlDocument | { errorLine: number }) =>
    JSON.stringify('errorLine' in d ? d : [d.namespace, shown(d.root, attrs)]);
  expect(seen(viaPort), xml).toBe(seen(reference));
  return plain === null ? 'fallback' : 'plain';
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

describe('the plain XML reader against fast-xml-parser', () => {
  it('reads camt.054 files of every version, with and without a namespace prefix, in one pass', () => {
    const entries = [
      {
        bookingDate: '2026-01-20',
        acctSvcrRef: 'E1',
        txs: [
          { amount: '1.00', ref: '  0012 ', acctSvcrRef: 'B-1', payer: 'Nilsson &amp; Söner' },
          { amount: '10.00', ustrd: 'Betalning &lt;YR-2025-0001&gt; &quot;tack&apos;', acctSvcrRef: 'B-2' },
        ],
      },
      { bookingDate: '2026-01-21', amount: '5.00', ntryRef: 'N1', addtlInfo: 'Insättning' },
      { bookingDate: '2026-01-22', credit: false, status: 'PDNG', txs: [{ amount: '2.00', currency: 'EUR' }] },
    ];
    for (const v of ['02', '04', '06', '08'])
      for (const prefix of [undefined, 'ns2']) {
        const xml = camt054(entries, v, { prefix });
        expect(compare(xml)).toBe('plain');
      }
    const xml = camt054(entries);
    expect(compare(xml.replace(/\n/g, '\r\n'))).toBe('plain');
    expect(compare(`\ufeff${xml}`)).toBe('plain');
  });

  it('reads .xlsx parts: rich-text runs with their spaces, xml:space, standalone declarations', () => {
    const parts = [
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="${NS}" count="2"><si><t xml:space="preserve"> Åsa </t></si><si><r><t>Åsa </t></r><r><rPr><b/><sz val="11"/></rPr><t>Öberg</t></r></si></sst>`,
      `<worksheet xmlns="${NS}" xmlns:r="r-ns" xmlns:mc="mc"><sheetData>\n  <row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><f>A1&amp;"x"</f><v>45425</v></c></row>\n  <row r="2"/>\n</sheetData></worksheet>`,
      `<Relationships xmlns="p"><Relationship Id="rId8" Type="worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>`,
    ];
    for (const p of parts) expect(compare(p)).toBe('plain');
  });

  it('leaves to fast-xml-parser what is outside the plain shape, and gets the validator line of broken files', () => {
    const outside = [
      '<a><!-- c --><b>1</b></a>',
      '<a><![CDATA[<x>]]></a>',
      '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
      '<a>&#65;&#x42;</a>',
      '<a>&nbsp;</a>',
      '<?xml-stylesheet href="s"?><a/>',
      '<a><?pi x?></a>',
      '<toString>1</toString>',
      '<a><valueOf/></a>',
      '<a:b:c/>',
      '<Å/>',
      `${'<a>'.repeat(70)}${'</a>'.repeat(70)}`,
      '\n<?xml version="1.0"?><a/>',
      '<?xml version="1.0"?>\n<a>1</a>\n<b/>',
      '<a>1</a>x',
      '<a><b></a></b>',
      '<a x=1/>',
      '<a x="1"y="2"/>',
      '<a x="1" x="2"/>',
      '<a x="<"/>',
      '<a>1 & 2</a>',
      '<a',
      '',
      'text',
    ];
    for (const x of outside) expect(compare(x), x).toBe('fallback');
    expect(xmlParser('<?xml version="1.0"?>\n<a>\n<b>\n</a>')).toEqual({ errorLine: 4 });
  });

  it('agrees on 500 generated documents, valid and broken', () => {
    const rnd = prng(20261207);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    // Most documents are in the plain shape; some have anything (odd names, references, comments).
    const plain = {
      names: ['a', 'B', 'ns:a', 'p:B', 'x.y', 'x-y', '_z', 'a1', 'xml', 'ns:c'],
      attrs: ['a', 'x', 'ns:x', 'p:x', 'xmlns', 'xmlns:ns', 'xml:space', 'toString', 'constructor'],
      texts: [
        '',
        ' ',
        '\n  ',
        '\r\n',
        'text',
        ' 0012 ',
        '&amp;',
        '&lt;&gt;&quot;&apos;',
        '&amp;lt;',
        'a>b',
        '\t',
        ']]>',
        'Ö',
      ],
      values: ['', ' v ', 'a&amp;b', "it's", '>', '&lt;', '\n', '\t', '/'],
    };
    const any = {
      names: [...plain.names, 'toString', 'constructor', 'valueOf', 'a:b:c', 'Å', 'xmlns:a'],
      attrs: [...plain.attrs, 'a:b:c', 'Å', '1x'],
      texts: [...plain.texts, '&#65;', '&bogus;', '&', '<!-- c -->', '<![CDATA[<x>]]>', '<?p?>'],
      values: [...plain.values, '&#9;', '&x', '<', '&bogus;'],
    };
    const element = (g: typeof plain, depth: number): string => {
      const name = pick(g.names);
      const attrs = Array.from({ length: Math.floor(rnd() * 3) }, () => {
        const q = rnd() < 0.8 ? '"' : "'";
        const v = pick(g.values).replace(q, '');
        return `${pick([' ', '\n', '\t', '  '])}${pick(g.attrs)}${pick(['=', ' = '])}${q}${v}${q}`;
      }).join('');
      const tail = pick(['', '', ' ', '\n']);
      if (depth > 3 || rnd() < 0.25) return `<${name}${attrs}${tail}/>`;
      const parts: string[] = [];
      for (let k = Math.floor(rnd() * 5); k > 0; k--) parts.push(rnd() < 0.5 ? pick(g.texts) : element(g, depth + 1));
      return `<${name}${attrs}${tail}>${parts.join('')}</${name}${pick(['', '', ' '])}>`;
    };
    const counts = { plain: 0, fallback: 0 };
    for (let k = 0; k < 500; k++) {
      const g = rnd() < 0.8 ? plain : any;
      const decl = pick(['', '', '<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.1'?>\n", '\n']);
      let xml = `${pick(['', '', '\ufeff'])}${decl}${element(g, 0)}${pick(['', '', '\n', ' x', '<a/>'])}`;
      if (rnd() < 0.15) {
        // A broken copy: a character dropped or repeated somewhere.
        const at = Math.floor(rnd() * xml.length);
        xml = rnd() < 0.5 ? xml.slice(0, at) + xml.slice(at + 1) : xml.slice(0, at) + xml[at] + xml.slice(at);
      }
      counts[compare(xml)] += 1;
    }
    // Both readers were exercised many times.
    expect(counts.plain).toBeGreaterThan(150);
    expect(counts.fallback).toBeGreaterThan(150);
  });
});
