// The XmlService fake is as strict as Google's (malformed XML throws; names are matched with
// their namespace as JDOM does), and the Apps Script adapter behind the bank-file XML port reads
// every camt.054 shape exactly as the command line's parser does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCamt054 } from '../../src/core/bankfile/camt';
import { nodeXmlParser } from '../../src/cli/xml';
import { gasXmlParser } from '../../src/gas/xml';
import { camt054, type CamtEntry } from '../fixtures/bankFiles';
import { FakeXmlService, Tracker } from './fakes';

const NS = 'urn:iso:std:iso:20022:tech:xsd:camt.054.001.08';

describe('the XmlService fake', () => {
  const xml = new FakeXmlService(new Tracker());

  it('throws on malformed XML, as XmlService.parse does', () => {
    expect(() => xml.parse('<a>\n<b>\n</a>')).toThrow(/^Error on line \d+: /);
    expect(() => xml.parse('')).toThrow(/^Error on line/);
  });

  it('finds children by name in no namespace, or by name and namespace', () => {
    const doc = xml.parse(
      `<?xml version="1.0"?><Document xmlns="${NS}"><Ntry><Amt Ccy="SEK">1.00</Amt></Ntry></Document>`,
    );
    const root = doc.getRootElement()!;
    expect(root.getName()).toBe('Document');
    expect(root.getNamespace().getURI()).toBe(NS);
    expect(root.getChildren('Ntry')).toEqual([]);
    const ns = xml.getNamespace(NS);
    const ntry = root.getChildren('Ntry', ns);
    expect(ntry).toHaveLength(1);
    const amt = ntry[0].getChild('Amt', ns)!;
    expect(amt.getText()).toBe('1.00');
    expect(amt.getAttribute('Ccy')!.getValue()).toBe('SEK');
    expect(root.getValue()).toBe('1.00');
  });
});

describe('the Apps Script XML adapter', () => {
  const g = globalThis as unknown as Record<string, unknown>;
  let tracker: Tracker;
  beforeEach(() => {
    tracker = new Tracker();
    g.XmlService = new FakeXmlService(tracker);
  });
  afterEach(() => {
    delete g.XmlService;
  });

  const entries: CamtEntry[] = [
    {
      bookingDate: '2024-06-18',
      acctSvcrRef: 'E1',
      txs: [
        { amount: '1550.00', ref: '2024000109', acctSvcrRef: 'T1', payer: 'Luleå & co <AB>' },
        { amount: '10.50', ref: '2024000208', scor: false, acctSvcrRef: 'T2' },
        { amount: '3.00', ustrd: 'Faktura YR-2024-0003', acctSvcrRef: 'T3' },
      ],
    },
    { bookingDate: '2024-06-19', credit: false, txs: [{ amount: '5.00', ref: '1', acctSvcrRef: 'D' }] },
    { bookingDate: '2024-06-20', acctSvcrRef: 'E3', amount: '7.00', addtlInfo: 'Insättning' },
  ];

  it.each(['02', '04', '06', '08'])('reads camt.054.001.%s as fast-xml-parser does', (version) => {
    for (const prefix of [undefined, 'c']) {
      const text = camt054(entries, version, { prefix });
      const viaGoogle = parseCamt054(text, gasXmlParser);
      expect(viaGoogle.ok).toBe(true);
      expect(viaGoogle).toEqual(parseCamt054(text, nodeXmlParser));
    }
  });

  it('asks XmlService for the children of each element at most once', () => {
    const doc = gasXmlParser(`<Document xmlns="${NS}"><A><C>1</C></A><A/><B/></Document>`);
    if (!('root' in doc)) throw new Error('not parsed');
    const before = tracker.count('XmlElement.getChildren');
    expect(doc.root.children('A')).toHaveLength(2);
    expect(doc.root.children('A')).toHaveLength(2);
    expect(doc.root.children('B')).toHaveLength(1);
    expect(doc.root.childNames()).toEqual(['A', 'B']);
    expect(tracker.count('XmlElement.getChildren') - before).toBe(1);
    expect(doc.root.children('A')[0].children('C')[0].text()).toBe('1');
  });

  it('reports malformed XML as an error, not a document', () => {
    expect(gasXmlParser('<a>\n<b>\n</a>')).toEqual({ errorLine: 0 });
    expect(parseCamt054('<a>\n<b>\n</a>', gasXmlParser).ok).toBe(false);
  });
});
