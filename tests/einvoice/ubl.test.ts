/**
 * Every e-invoice the builder makes passes the official Peppol BIS Billing 3.0 validation (both
 * rule sets, no failed assert of any flag) and the UBL 2.1 schema, element order included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eInvoiceXml } from '../../src/workbook/einvoice/ubl';
import { suiteDocuments } from './documents';
import { describeFailures, ruleFailures, schemaErrors } from './validators';

const documents = suiteDocuments().map((d) => ({ name: d.name, xml: eInvoiceXml(d.input) }));

describe('every e-invoice of the suite', () => {
  let schema: Map<string, string[]>;
  beforeAll(async () => {
    schema = await schemaErrors(documents);
  });

  it.each(documents.map((d) => [d.name, d.xml] as const))('%s passes both official rule sets', (_name, xml) => {
    const failures = ruleFailures(xml);
    expect(failures, describeFailures(failures)).toEqual([]);
  });

  it('follows the UBL 2.1 schema (element order included)', () => {
    for (const d of documents) expect(schema.get(d.name), d.name).toEqual([]);
  });
});
