// XmlService as the reference documents it, for the parts the product reads: parse, the root
// element, children, attributes and text. As strict as Google on namespaces:
// `Element.getChildren(name)` and `getAttribute(name)` "with the given name and no namespace"
// (XmlService reference, Element) find nothing in a namespaced document unless the namespace is
// passed; `parse` throws on malformed XML ("Error on line N: …", JDOM's SAX message).
// Built on fast-xml-parser's ordered tree, with namespaces resolved here from xmlns declarations.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Tracker } from './env';

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };
type Namespaces = Record<string, string>; // prefix ('' = default) → URI

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
});

class FakeNamespace implements Pick<GoogleAppsScript.XML_Service.Namespace, 'getURI' | 'getPrefix'> {
  constructor(
    private readonly prefix: string,
    private readonly uri: string,
  ) {}
  getURI(): string {
    return this.uri;
  }
  getPrefix(): string {
    return this.prefix;
  }
}

const NO_NAMESPACE = new FakeNamespace('', '');

function split(qname: string): [string, string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

class FakeAttribute implements Pick<GoogleAppsScript.XML_Service.Attribute, 'getName' | 'getValue' | 'getNamespace'> {
  constructor(
    private readonly name: string,
    private readonly value: string,
    private readonly namespace: FakeNamespace,
  ) {}
  getName(): string {
    return this.name;
  }
  getValue(): string {
    return this.value;
  }
  getNamespace(): GoogleAppsScript.XML_Service.Namespace {
    return this.namespace as unknown as GoogleAppsScript.XML_Service.Namespace;
  }
}

class FakeElement implements Pick<
  GoogleAppsScript.XML_Service.Element,
  'getName' | 'getText' | 'getValue' | 'getAttributes' | 'getChildren' | 'getChild' | 'getAttribute'
> {
  private readonly local: string;
  private readonly ns: FakeNamespace;
  private readonly attributes: FakeAttribute[];
  private readonly kids: FakeElement[] = [];
  private readonly texts: string[] = [];

  constructor(
    private readonly t: Tracker,
    node: Ordered,
    inherited: Namespaces,
  ) {
    const qname = Object.keys(node).find((k) => k !== ':@')!;
    const raw = node[':@'] ?? {};
    const scope: Namespaces = { ...inherited };
    for (const [k, v] of Object.entries(raw)) {
      if (k === 'xmlns') scope[''] = v;
      else if (k.startsWith('xmlns:')) scope[k.slice(6)] = v;
    }
    const [prefix, local] = split(qname);
    this.local = local;
    this.ns = new FakeNamespace(prefix, scope[prefix] ?? '');
    // Unprefixed attributes are in no namespace (Namespaces in XML 1.0, §6.2).
    this.attributes = Object.entries(raw)
      .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
      .map(([k, v]) => {
        const [p, n] = split(k);
        return new FakeAttribute(
          n,
          v,
          p === ''
            ? NO_NAMESPACE
            : new FakeNamespace(p, p === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : (scope[p] ?? '')),
        );
      });
    for (const child of node[qname] as Ordered[]) {
      if ('#text' in child) this.texts.push(String(child['#text']));
      else if (!Object.keys(child).some((k) => k.startsWith('?') || k.startsWith('!')))
        this.kids.push(new FakeElement(t, child, scope));
    }
  }

  getName(): string {
    return this.local;
  }
  getNamespace(): GoogleAppsScript.XML_Service.Namespace {
    return this.ns as unknown as GoogleAppsScript.XML_Service.Namespace;
  }
  /** The element's own text content (its direct text nodes), as JDOM's getText. */
  getText(): string {
    this.t.hit('XmlElement.getText');
    return this.texts.join('');
  }
  getValue(): string {
    return this.texts.join('') + this.kids.map((k) => k.getValue()).join('');
  }
  getAttributes(): GoogleAppsScript.XML_Service.Attribute[] {
    return [...this.attributes] as unknown as GoogleAppsScript.XML_Service.Attribute[];
  }
  getAttribute(
    name: string,
    namespace?: GoogleAppsScript.XML_Service.Namespace,
  ): GoogleAppsScript.XML_Service.Attribute | null {
    const uri = namespace ? namespace.getURI() : '';
    const found = this.attributes.find((a) => a.getName() === name && a.getNamespace().getURI() === uri);
    return (found ?? null) as unknown as GoogleAppsScript.XML_Service.Attribute | null;
  }
  getChildren(
    name?: string,
    namespace?: GoogleAppsScript.XML_Service.Namespace,
  ): GoogleAppsScript.XML_Service.Element[] {
    this.t.hit('XmlElement.getChildren');
    const uri = namespace ? namespace.getURI() : '';
    const kids = name === undefined ? this.kids : this.kids.filter((k) => k.local === name && k.ns.getURI() === uri);
    return kids as unknown as GoogleAppsScript.XML_Service.Element[];
  }
  getChild(name: string, namespace?: GoogleAppsScript.XML_Service.Namespace): GoogleAppsScript.XML_Service.Element {
    return this.getChildren(name, namespace)[0] ?? (null as unknown as GoogleAppsScript.XML_Service.Element);
  }
}

class FakeDocument implements Pick<GoogleAppsScript.XML_Service.Document, 'getRootElement'> {
  constructor(private readonly root: FakeElement) {}
  getRootElement(): GoogleAppsScript.XML_Service.Element {
    return this.root as unknown as GoogleAppsScript.XML_Service.Element;
  }
}

export class FakeXmlService implements Pick<GoogleAppsScript.XML_Service.XmlService, 'parse' | 'getNamespace'> {
  constructor(private readonly t: Tracker) {}

  parse(xml: string): GoogleAppsScript.XML_Service.Document {
    this.t.hit('XmlService.parse');
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new Error(`Error on line ${valid.err.line}: ${valid.err.msg}`);
    const nodes = parser.parse(xml) as Ordered[];
    const root = nodes.find(
      (n) => !Object.keys(n).some((k) => k.startsWith('?') || k.startsWith('!') || k === '#text'),
    );
    if (!root) throw new Error('Error on line 1: Premature end of file.');
    return new FakeDocument(
      new FakeElement(this.t, root, { xml: 'http://www.w3.org/XML/1998/namespace' }),
    ) as unknown as GoogleAppsScript.XML_Service.Document;
  }

  getNamespace(uri: string): GoogleAppsScript.XML_Service.Namespace;
  getNamespace(prefix: string, uri: string): GoogleAppsScript.XML_Service.Namespace;
  getNamespace(a: string, b?: string): GoogleAppsScript.XML_Service.Namespace {
    return (b === undefined
      ? new FakeNamespace('', a)
      : new FakeNamespace(a, b)) as unknown as GoogleAppsScript.XML_Service.Namespace;
  }
}
