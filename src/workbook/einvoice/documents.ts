/**
 * The e-invoices of the product's documents: a planned invoice of a billing run, or any document
 * of the register (invoice or credit note) rebuilt from the ledger. The hosts call these and
 * only write the text to a file or a ZIP.
 */
import { sum } from '../../core/money';
import type { Course, Ledger, Municipality, PlannedInvoice, RegisteredInvoice, Settings } from '../../core/types';
import { buyerLegalName } from '../legalName';
import { eInvoiceFileName, eInvoiceXml, type EInvoiceBuyer, type EInvoiceDocument } from './ubl';

export interface EInvoiceContext {
  settings: Settings;
  municipalities: readonly Municipality[];
  courses: readonly Course[];
}

export interface EInvoiceFile {
  number: string;
  municipality: string;
  fileName: string; // '<number> <municipality>.xml'
  xml: string;
}

export function eInvoiceBuyer(m: Municipality): EInvoiceBuyer {
  return { ...m, legalName: buyerLegalName(m) };
}

function municipalityOf(name: string, municipalities: readonly Municipality[]): Municipality {
  const m = municipalities.find((x) => x.name === name);
  if (!m) throw new Error(`Kommunen ${name} finns inte i fliken Kommuner.`);
  return m;
}

function file(doc: EInvoiceDocument, municipality: string, ctx: EInvoiceContext): EInvoiceFile {
  const xml = eInvoiceXml({
    document: doc,
    settings: ctx.settings,
    buyer: eInvoiceBuyer(municipalityOf(municipality, ctx.municipalities)),
    courses: ctx.courses,
  });
  return { number: doc.number, municipality, fileName: eInvoiceFileName({ number: doc.number, municipality }), xml };
}

/** A planned credit note names the invoice it credits (SPEC §8). */
type PlannedDocument = PlannedInvoice & { creditOf?: { number: string; invoiceDate: string; reason: string } };

/** The e-invoice of a planned document: an invoice of a billing run, or a credit note (creditOf set). */
export function plannedEInvoice(invoice: PlannedInvoice, ctx: EInvoiceContext): EInvoiceFile {
  const creditOf = (invoice as PlannedDocument).creditOf;
  const doc: EInvoiceDocument = creditOf
    ? {
        ...invoice,
        type: 'creditNote',
        credits: { number: creditOf.number, invoiceDate: creditOf.invoiceDate },
        reason: creditOf.reason,
      }
    : { ...invoice, type: 'invoice' };
  return file(doc, invoice.municipality, ctx);
}

/** The number of the invoice a register row credits ('' for an invoice). */
function creditedNumber(row: RegisteredInvoice): string {
  return (row.credits ?? '').trim();
}

/**
 * The e-invoice of any document of the register, rebuilt from the ledger (Fakturor and
 * Fakturarader): an Invoice, or for a row that credits another a CreditNote naming it.
 */
export function registeredEInvoice(number: string, ctx: EInvoiceContext & { ledger: Ledger }): EInvoiceFile {
  const row = ctx.ledger.invoices.find((i) => i.number === number);
  if (!row) throw new Error(`Fakturan ${number} finns inte i registret.`);
  const lines = ctx.ledger.lines.filter((l) => l.invoiceNumber === number).map((l) => l.line);
  const net = sum(lines.map((l) => l.amount));
  const credits = creditedNumber(row);
  const credited = credits ? ctx.ledger.invoices.find((i) => i.number === credits) : undefined;
  if (credits && !credited)
    throw new Error(`Kreditfakturan ${number} krediterar ${credits}, som inte finns i registret.`);
  const doc: EInvoiceDocument = {
    type: credited ? 'creditNote' : 'invoice',
    number: row.number,
    invoiceDate: row.invoiceDate,
    dueDate: row.dueDate,
    period: row.period,
    ocr: row.ocr,
    lines,
    net,
    vat: row.total.minus(net),
    total: row.total,
    ...(credited ? { credits: { number: credited.number, invoiceDate: credited.invoiceDate } } : {}),
  };
  return file(doc, row.municipality, ctx);
}
