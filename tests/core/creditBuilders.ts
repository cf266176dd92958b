/** Commits a credit plan to a RunInput the way the workbook floor writes it (SPEC §8). */
import { CREDIT_RUN_ID, type CreditPlan } from '../../src/core/credit';
import { committedLines } from '../../src/core/pot';
import type { RegisteredInvoice, RunInput } from '../../src/core/types';

/** The credit note's Fakturor row. */
export function creditNoteRow(plan: CreditPlan): RegisteredInvoice {
  const n = plan.note;
  return {
    number: n.number,
    invoiceDate: n.invoiceDate,
    dueDate: n.dueDate,
    period: n.period,
    municipality: n.municipality,
    total: n.total,
    ocr: n.ocr,
    status: 'Skapad',
    sent: '',
    recipient: '',
    run: CREDIT_RUN_ID,
    credits: plan.credited.number,
    creditedBy: '',
  };
}

/**
 * The input after the credit is written. `stopAt`: 'lines' = interrupted after the Fakturarader
 * rows (before the commit point), 'commit' = after the Fakturor row but before the mirror on the
 * credited invoice; undefined = complete.
 */
export function applyCredit(input: RunInput, plan: CreditPlan, stopAt?: 'lines' | 'commit'): RunInput {
  const lines = plan.note.lines.map((line) => ({ invoiceNumber: plan.note.number, line }));
  if (plan.kind === 'complete') return mirror(input, plan);
  if (stopAt === 'lines') {
    return {
      ...input,
      ledger: { invoices: input.ledger.invoices, lines: [...committedLines(input.ledger), ...lines] },
    };
  }
  const committed: RunInput = {
    ...input,
    ledger: {
      invoices: [...input.ledger.invoices, creditNoteRow(plan)],
      lines: [...committedLines(input.ledger), ...lines],
    },
  };
  return stopAt === 'commit' ? committed : mirror(committed, plan);
}

function mirror(input: RunInput, plan: CreditPlan): RunInput {
  return {
    ...input,
    ledger: {
      ...input.ledger,
      invoices: input.ledger.invoices.map((i) =>
        i.number === plan.credited.number ? { ...i, status: 'Krediterad', creditedBy: plan.note.number } : i,
      ),
    },
  };
}
