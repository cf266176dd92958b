/**
 * Apps Script's XML parser behind the port the shared readers use (core/bankfile/xml.ts): the
 * built-in XmlService, native and without bundle size.
 *
 * Elements are matched by local name whatever their namespace: `Element.getChildren(name)` only
 * returns children "with the given name and no namespace" (XmlService reference, Element), and
 * camt.054 and .xlsx put every element in a namespace, so children are filtered by getName().
 * Attributes likewise (`r:id` of an .xlsx sheet is namespaced). XmlService.parse throws on
 * malformed XML; its message carries no reliable line, so the error line is 0 (unknown).
 */
import type { XmlDocument, XmlElement, XmlParser } from '../core/bankfile';

function element(e: GoogleAppsScript.XML_Service.Element): XmlElement {
  // Each element's children are fetched from XmlService once and grouped by local name: the
  // readers look several names up on every element, and a 5 MB bank file has tens of thousands.
  let byName: Map<string, XmlElement[]> | null = null;
  const grouped = (): Map<string, XmlElement[]> => {
    if (byName) return byName;
    const groups = new Map<string, XmlElement[]>();
    for (const c of e.getChildren()) {
      const child = element(c);
      const list = groups.get(child.name);
      if (list) list.push(child);
      else groups.set(child.name, [child]);
    }
    byName = groups;
    return groups;
  };
  return {
    name: e.getName(),
    children: (name) => grouped().get(name) ?? [],
    text: () => e.getText().trim(),
    rawText: () => e.getText(),
    attribute: (name) =>
      e
        .getAttributes()
        .find((a) => a.getName() === name)
        ?.getValue()
        .trim() ?? '',
    childNames: () => [...grouped().keys()],
  };
}

export const gasXmlParser: XmlParser = (xml: string): XmlDocument | { errorLine: number } => {
  let doc: GoogleAppsScript.XML_Service.Document;
  try {
    doc = XmlService.parse(xml);
  } catch {
    return { errorLine: 0 };
  }
  const root = doc.getRootElement();
  if (root === null) return { errorLine: 0 };
  return { root: element(root), namespace: root.getNamespace().getURI() };
};
