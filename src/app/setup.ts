/**
 * Skapa/uppdatera flikar: creates every missing tab of SPEC §2 and draws again every missing
 * invoice sheet from the register; never touches existing ones.
 */
import { registeredInvoiceDocument } from '../workbook/invoiceSheet';
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook } from '../workbook/read';
import { TAB, headerKey, isAttendanceTab } from '../workbook/schema';
import { tabSetups } from '../workbook/setup';
import { blockingErrors, invoiceSheetName } from './send/eligibility';

/** Creates the missing tabs (in SPEC order) and returns their names; running it twice changes nothing. */
export function ensureTabs(port: WorkbookPort): string[] {
  const existing = port.tabNames();
  const has = (name: string) => existing.some((n) => n === name || headerKey(n) === headerKey(name));
  const created: string[] = [];
  for (const [name, setup] of Object.entries(tabSetups())) {
    // Any tab whose name starts with Närvaro is an attendance tab: one is enough.
    const present = name === TAB.attendance ? existing.some(isAttendanceTab) : has(name);
    if (present) continue;
    port.createTab(name, setup);
    created.push(name);
  }
  return created;
}

export interface RedrawOutcome {
  /** The invoice sheets drawn again, by sheet name, in register order. */
  redrawn: string[];
  /** Why none were drawn ('' when the register could be used), in Swedish. */
  problem: string;
  /** Every invoice sheet of the register that is now in the workbook (to be protected like the others). */
  sheets: string[];
}

/**
 * Draws again, from the register, every invoice sheet that is missing (SPEC §2.7): the same
 * layout as when the document was billed, protected like the others. An existing sheet is
 * never touched. A credit note's reason was on its sheet only and is not drawn again.
 * A broken register draws nothing: a sheet drawn from it might not be the document sent.
 */
export function redrawMissingInvoiceSheets(port: WorkbookPort): RedrawOutcome {
  const snapshot = readWorkbook(port);
  if (!snapshot.layout.invoices.exists) return { redrawn: [], problem: '', sheets: [] };
  const errors = blockingErrors(snapshot);
  if (errors.length > 0) {
    const existing = new Set(port.tabNames());
    return {
      redrawn: [],
      problem: `Saknade fakturablad ritades inte om, eftersom registret har fel:\n${errors.join('\n')}`,
      sheets: snapshot.input.ledger.invoices.map(invoiceSheetName).filter((n) => existing.has(n)),
    };
  }
  const existing = new Set(port.tabNames());
  const redrawn: string[] = [];
  const sheets: string[] = [];
  for (const invoice of snapshot.input.ledger.invoices) {
    const name = invoiceSheetName(invoice);
    sheets.push(name);
    if (existing.has(name)) continue;
    port.drawTab(name, registeredInvoiceDocument(invoice, snapshot.input));
    existing.add(name);
    redrawn.push(name);
  }
  return { redrawn, problem: '', sheets };
}

/** The alert's sentence about the redrawn sheets ('' when none was missing). */
export function redrawText(outcome: RedrawOutcome): string {
  if (outcome.problem) return outcome.problem;
  if (outcome.redrawn.length === 0) return '';
  const one = outcome.redrawn.length === 1;
  return `Ritade om ${one ? 'fakturabladet' : 'fakturabladen'} ${outcome.redrawn.join(', ')} från fliken Fakturor (skyddade som de andra).`;
}
