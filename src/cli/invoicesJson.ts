/**
 * DIR/invoices.json (SPEC §7): a plain, stable picture of a run's invoices. Amounts are strings
 * with exactly two decimals; quantities and trainer days are plain decimals without trailing
 * zeros ("28", "2.5"). Keys appear in exactly the order of the specification.
 */
import { money2, type Decimal } from '../core/money';
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
  credit: boolean;
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
      return { kind: 'trainerPot', year: line.year, trainerDays: plainDecimal(line.trainerDays), amount: amount(line.amount) };
  }
}

export function jsonInvoice(invoice: PlannedInvoice): JsonInvoice {
  return {
    number: invoice.number,
    municipality: invoice.municipality,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    ocr: invoice.ocr,
    credit: invoice.credit,
    total: amount(invoice.total),
    lines: invoice.lines.map(jsonLine),
  };
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

/** The file's text: two-space indentation and a final newline. */
export function invoicesJsonText(plan: RunPlan): string {
  return `${JSON.stringify(invoicesJson(plan), null, 2)}\n`;
}
