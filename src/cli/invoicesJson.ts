/**
 * DIR/invoices.json (SPEC §7): a plain, stable picture of a run's invoices. Amounts are strings
 * with exactly two decimals; quantities and trainer days are plain decimals without trailing
 * zeros ("28", "2.5"). Keys appear in exactly the order of the specification.
 */
import { money2, type Decimal } from '../core/money';
import type { CreditPlan } from '../core/credit';
import type { InvoiceLine, PlannedInvoice, RunPlan } from '../core/types';

export type JsonLine =
  | { kind: 'variable'; courseId: string; quantity: string; unitPrice: string; amount: string }
  | { kind: 'fixed'; year: number; amount: string }
  | { kind: 'trainerPot'; year: number; trainerDays: string; amount: string };

export interface JsonInvoice {
  number: string;
  municipality: string;
  invoiceDate: string;
  dueDate: string;
  ocr: string;
  type: 'invoice' | 'creditNote';
  credits?: string; // on a credit note: the number of the invoice it credits
  credit: boolean; // total below 0
  total: string;
  lines: JsonLine[];
}

export interface InvoicesJson {
  month: string;
  invoiceDate: string;
  invoices: JsonInvoice[];
  potCollected: string;
  potPaidOut: string;
  potCarriedOver: string;
}

/** "28", "2.5": no exponent, no trailing zeros, never "-0". */
export function plainDecimal(x: Decimal): string {
  const s = x.toFixed();
  return s === '-0' ? '0' : s;
}

/** "1550.00", never "-0.00". */
function amount(x: Decimal): string {
  const s = money2(x);
  return s === '-0.00' ? '0.00' : s;
}

export function jsonLine(line: InvoiceLine): JsonLine {
  switch (line.kind) {
    case 'variable':
      return {
        kind: 'variable',
        courseId: line.courseId,
        quantity: plainDecimal(line.quantity),
        unitPrice: amount(line.unitPrice),
        amount: amount(line.amount),
      };
    case 'fixed':
      return { kind: 'fixed', year: line.year, amount: amount(line.amount) };
    case 'trainerPot':
      return {
        kind: 'trainerPot',
        year: line.year,
        trainerDays: plainDecimal(line.trainerDays),
        amount: amount(line.amount),
      };
  }
}

export function jsonInvoice(invoice: PlannedInvoice): JsonInvoice {
  const head = {
    number: invoice.number,
    municipality: invoice.municipality,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    ocr: invoice.ocr,
  };
  const tail = { credit: invoice.total.lt(0), total: amount(invoice.total), lines: invoice.lines.map(jsonLine) };
  // Keys in the order of the specification: `credits` right after `type` on a credit note.
  return invoice.creditOf
    ? { ...head, type: 'creditNote', credits: invoice.creditOf.number, ...tail }
    : { ...head, type: 'invoice', ...tail };
}

export function invoicesJson(plan: RunPlan): InvoicesJson {
  return {
    month: plan.month,
    invoiceDate: plan.invoiceDate,
    invoices: plan.invoices.map(jsonInvoice),
    potCollected: amount(plan.pot.collected),
    potPaidOut: amount(plan.pot.paidOut),
    potCarriedOver: amount(plan.pot.carriedOver),
  };
}

/**
 * A credit's invoices.json (SPEC §7): the credited invoice's period as month, the credit note's
 * date, the one credit note, and the change it makes to the pot.
 */
export function creditJson(plan: CreditPlan): InvoicesJson {
  return {
    month: plan.note.period,
    invoiceDate: plan.note.invoiceDate,
    invoices: [jsonInvoice(plan.note)],
    potCollected: amount(plan.pot.collected),
    potPaidOut: amount(plan.pot.paidOut),
    potCarriedOver: amount(plan.pot.carriedOver),
  };
}

/** The file's text: two-space indentation and a final newline. */
export function invoicesJsonText(plan: RunPlan | InvoicesJson): string {
  const json = 'runId' in plan ? invoicesJson(plan) : plan;
  return `${JSON.stringify(json, null, 2)}\n`;
}
