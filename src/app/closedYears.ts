/**
 * Invoice sheets of closed years, to hide in one step (both hosts): a year of invoices piles up
 * some thirty tabs, and after a few years the tab bar is mostly history.
 *
 * A year is closed when it is before today's year and every document dated in it is done with:
 * sent (or credited before it was sent), and — when it expects a payment — paid in full. A year
 * with an unsent or unpaid invoice stays visible, and the outcome says which documents keep it
 * open. Only the register's invoice sheets are hidden; nothing is deleted or written, and a
 * hidden sheet is still checked against the register, sent again or redrawn as before.
 */
import { ZERO } from '../core/money';
import { expectsPayment, isCredited } from '../core/payments';
import type { IsoDate, RegisteredInvoice } from '../core/types';
import { invoiceSheetName } from '../workbook/invoiceSheet';
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook } from '../workbook/read';
import { blockingErrors } from './send/eligibility';

export interface ClosedYearsPlan {
  /** The sheets to hide: those of the closed years present in the workbook, in register order. */
  sheets: string[];
  /** The closed years that have sheets, ascending. */
  closed: number[];
  /** Earlier years kept visible, with the documents that keep each open (ascending). */
  open: { year: number; documents: { number: string; why: string }[] }[];
  /** Why nothing can be hidden ('' when the register could be used), in Swedish. */
  problem: string;
}

/** Why a document keeps its year open ('' when it is done with). */
export function openReason(doc: RegisteredInvoice): string {
  const payable = {
    ...doc,
    credits: doc.credits ?? '',
    creditedBy: doc.creditedBy ?? '',
  };
  const sent = doc.sent.trim() !== '' || isCredited(payable);
  if (!sent) return 'inte skickad';
  if (expectsPayment(payable) && (doc.paid ?? ZERO).lessThan(doc.total)) return 'inte betald i sin helhet';
  return '';
}

/** What hiding the closed years' sheets would do, read from the register once; writes nothing. */
export function closedYearsPlan(port: WorkbookPort, today: IsoDate): ClosedYearsPlan {
  const snapshot = readWorkbook(port);
  if (!snapshot.layout.invoices.exists) return { sheets: [], closed: [], open: [], problem: '' };
  const errors = blockingErrors(snapshot);
  if (errors.length > 0) {
    return {
      sheets: [],
      closed: [],
      open: [],
      problem: `Inga fakturaflikar döljs, eftersom registret har fel:\n${errors.join('\n')}`,
    };
  }
  const thisYear = Number(today.slice(0, 4));
  const byYear = new Map<number, RegisteredInvoice[]>();
  for (const doc of snapshot.input.ledger.invoices) {
    const year = Number(doc.invoiceDate.slice(0, 4));
    if (!(year < thisYear)) continue;
    const list = byYear.get(year);
    if (list) list.push(doc);
    else byYear.set(year, [doc]);
  }
  const tabs = new Set(port.tabNames());
  const sheets: string[] = [];
  const closed: number[] = [];
  const open: ClosedYearsPlan['open'] = [];
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    const docs = byYear.get(year)!;
    const keeping = docs.map((d) => ({ number: d.number, why: openReason(d) })).filter((d) => d.why !== '');
    if (keeping.length > 0) {
      open.push({ year, documents: keeping });
      continue;
    }
    const present = docs.map(invoiceSheetName).filter((n) => tabs.has(n));
    if (present.length === 0) continue;
    closed.push(year);
    sheets.push(...present);
  }
  return { sheets, closed, open, problem: '' };
}

function yearsText(years: readonly number[]): string {
  if (years.length <= 1) return years.join('');
  return `${years.slice(0, -1).join(', ')} och ${years[years.length - 1]}`;
}

/** The years kept visible and why, one sentence each ('' when none). */
export function openYearsText(plan: ClosedYearsPlan): string {
  return plan.open
    .map((o) => {
      const shown = o.documents.slice(0, 5).map((d) => `${d.number} är ${d.why}`);
      const more = o.documents.length > shown.length ? ` (och ${o.documents.length - shown.length} till)` : '';
      return `${o.year} döljs inte: ${shown.join(', ')}${more}.`;
    })
    .join(' ');
}

/** What would be hidden, for the confirmation ('' when nothing would). */
export function hidePreviewText(plan: ClosedYearsPlan): string {
  if (plan.problem) return plan.problem;
  const open = openYearsText(plan);
  if (plan.sheets.length === 0) {
    return `Det finns inga fakturaflikar att dölja: inget tidigare år har alla fakturor skickade och betalda.${open ? ` ${open}` : ''}`;
  }
  return (
    `${plan.sheets.length} ${plan.sheets.length === 1 ? 'fakturaflik' : 'fakturaflikar'} för ${yearsText(plan.closed)} döljs (alla fakturor skickade, betalda eller krediterade). ` +
    'Inget tas bort: registret och flikarna finns kvar, och en dold flik visas igen med Alla blad (☰) längst ned till vänster.' +
    (open ? ` ${open}` : '')
  );
}

/** What was hidden, for the outcome and Logg. */
export function hiddenText(plan: ClosedYearsPlan): string {
  if (plan.problem) return plan.problem;
  if (plan.sheets.length === 0) return hidePreviewText(plan);
  const open = openYearsText(plan);
  return `Dolde ${plan.sheets.length} ${plan.sheets.length === 1 ? 'fakturaflik' : 'fakturaflikar'} för ${yearsText(plan.closed)}.${open ? ` ${open}` : ''}`;
}
