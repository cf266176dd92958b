/**
 * The two checks a receiving Peppol access point makes, run in Node:
 * - the official Schematron rule sets of Peppol BIS Billing 3.0 release 2026.5 (CEN EN 16931 on
 *   UBL and the Peppol rules with the Swedish SE-R rules), compiled for SaxonJS
 *   (tests/peppol-rules, see its README);
 * - the OASIS UBL 2.1 schema (tests/ubl-schema), with libxml2's validator compiled to
 *   WebAssembly (xmllint-wasm), which checks every element's place in its sequence.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

const require = createRequire(import.meta.url);
// saxon-js ships no types; only transform() is used.
const SaxonJS = require('saxon-js') as {
  transform(options: Record<string, unknown>, mode: 'sync'): { principalResult: string };
};

const HERE = dirname(fileURLToPath(import.meta.url));
const RULES_DIR = join(HERE, '..', 'peppol-rules');
const SCHEMA_DIR = join(HERE, '..', 'ubl-schema', 'xsd');

export const RULE_SETS = ['CEN-EN16931-UBL', 'PEPPOL-EN16931-UBL'] as const;

export interface FailedAssert {
  ruleSet: string;
  id: string;
  flag: string; // 'fatal' | 'warning'
  text: string;
}

const stylesheets = new Map<string, unknown>();
function stylesheet(set: string): unknown {
  let sef = stylesheets.get(set);
  if (!sef) stylesheets.set(set, (sef = JSON.parse(readFileSync(join(RULES_DIR, `${set}.sef.json`), 'utf8'))));
  return sef;
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every failed assert of both rule sets, whatever its flag (an empty list = the document passes). */
export function ruleFailures(xml: string): FailedAssert[] {
  const out: FailedAssert[] = [];
  for (const set of RULE_SETS) {
    const svrl = SaxonJS.transform(
      { stylesheetInternal: stylesheet(set), sourceText: xml, destination: 'serialized' },
      'sync',
    ).principalResult;
    for (const m of svrl.matchAll(/<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g)) {
      const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(m[1])?.[1] ?? '';
      const text = /<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(m[2])?.[1] ?? '';
      out.push({ ruleSet: set, id: attr('id'), flag: attr('flag'), text: decode(text.trim()) });
    }
  }
  return out;
}

let commonSchemas: { fileName: string; contents: string }[] | undefined;

/** The main document schema with its imports flattened into one folder (the in-memory file system of xmllint). */
function schemaFiles(root: 'Invoice' | 'CreditNote') {
  commonSchemas ??= readdirSync(join(SCHEMA_DIR, 'common')).map((f) => ({
    fileName: f,
    contents: readFileSync(join(SCHEMA_DIR, 'common', f), 'utf8'),
  }));
  const main = readFileSync(join(SCHEMA_DIR, 'maindoc', `UBL-${root}-2.1.xsd`), 'utf8').replace(
    /schemaLocation="\.\.\/common\//g,
    'schemaLocation="',
  );
  return { schema: { fileName: `UBL-${root}-2.1.xsd`, contents: main }, preload: commonSchemas };
}

/** Schema errors of each document by its name, validated in one xmllint run per document type. */
export async function schemaErrors(documents: { name: string; xml: string }[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(documents.map((d) => [d.name, []]));
  for (const root of ['Invoice', 'CreditNote'] as const) {
    const docs = documents.filter((d) => new RegExp(`^(<\\?xml[^>]*>\\s*)?<${root}\\b`).test(d.xml));
    if (docs.length === 0) continue;
    const files = docs.map((d, i) => ({ fileName: `doc${i}.xml`, contents: d.xml }));
    const r = await validateXML({ xml: files, ...schemaFiles(root), maxMemoryPages: 16384 });
    for (const e of r.errors) {
      const i = files.findIndex((f) => f.fileName === e.loc?.fileName);
      const name = i >= 0 ? docs[i].name : '(okänd)';
      result.get(name)?.push(e.message);
    }
  }
  // A document of neither type is a schema error too.
  for (const d of documents) {
    if (!/^(<\?xml[^>]*>\s*)?<(Invoice|CreditNote)\b/.test(d.xml))
      result.get(d.name)!.push('root element is neither Invoice nor CreditNote');
  }
  return result;
}

/** A readable list for failure messages. */
export function describeFailures(failures: FailedAssert[]): string {
  return failures.map((f) => `${f.ruleSet} ${f.id} (${f.flag}): ${f.text}`).join('\n');
}
