/**
 * Skapa/uppdatera flikar: creates every missing tab of SPEC §2 and draws again every missing
 * invoice sheet from the register; never touches existing ones.
 */
import { isCreditNote } from '../core/ledgerState';
import { registeredInvoiceDocument } from '../workbook/invoiceSheet';
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook } from '../workbook/read';
import { TAB, headerKey, isAttendanceTab } from '../workbook/schema';
import { tabSetups } from '../workbook/setup';
import { recordedDocuments, type DocumentRecord } from './documentRecord';
import { blockingErrors, invoiceSheetName, type Input } from './send/eligibility';

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
  /** Of those, the ones whose seller details Logg did not have: drawn with today's Inställningar. */
  withTodaysSettings: string[];
  /** Why none were drawn ('' when the register could be used), in Swedish. */
  problem: string;
  /** Every invoice sheet of the register that is now in the workbook (to be protected like the others). */
  sheets: string[];
}

/**
 * Draws again, from the register, every invoice sheet that is missing (SPEC §2.7): the same
 * layout as when the document was billed, protected like the others. The figures are the
 * register's; the seller's details (and a credit note's reason) are those recorded in Logg by
 * the run that made the document (documentRecord.ts), so a setting changed since then does not
 * change an old document. A document billed before Logg kept them is drawn with today's
 * settings, and the outcome names it. An existing sheet is never touched. A broken register
 * draws nothing: a sheet drawn from it might not be the document sent.
 */
export function redrawMissingInvoiceSheets(port: WorkbookPort): RedrawOutcome {
  const snapshot = readWorkbook(port);
  if (!snapshot.layout.invoices.exists) return { redrawn: [], withTodaysSettings: [], problem: '', sheets: [] };
  const errors = blockingErrors(snapshot);
  if (errors.length > 0) {
    const existing = new Set(port.tabNames());
    return {
      redrawn: [],
      withTodaysSettings: [],
      problem: `Saknade fakturaflikar ritades inte om, eftersom registret har fel:\n${errors.join('\n')}`,
      sheets: snapshot.input.ledger.invoices.map(invoiceSheetName).filter((n) => existing.has(n)),
    };
  }
  const existing = new Set(port.tabNames());
  const missing = snapshot.input.ledger.invoices.filter((i) => !existing.has(invoiceSheetName(i)));
  // Logg is read only when a sheet is missing.
  const recorded = missing.length > 0 ? recordedDocuments(port) : null;
  const redrawn: string[] = [];
  const withTodaysSettings: string[] = [];
  const sheets: string[] = [];
  for (const invoice of snapshot.input.ledger.invoices) {
    const name = invoiceSheetName(invoice);
    sheets.push(name);
    if (existing.has(name)) continue;
    const record = isCreditNote(invoice)
      ? recorded?.byCreditNote.get(invoice.number)
      : recorded?.byRun.get(invoice.run);
    const input = record ? asRecorded(snapshot.input, record) : snapshot.input;
    port.drawTab(name, registeredInvoiceDocument(invoice, input, record?.reason ?? ''));
    existing.add(name);
    redrawn.push(name);
    if (!record) withTodaysSettings.push(name);
  }
  return { redrawn, withTodaysSettings, problem: '', sheets };
}

/** The alert's sentence about the redrawn sheets ('' when none was missing). */
export function redrawText(outcome: RedrawOutcome): string {
  if (outcome.problem) return outcome.problem;
  if (outcome.redrawn.length === 0) return '';
  const one = outcome.redrawn.length === 1;
  const drawn = `Ritade om ${one ? 'fakturafliken' : 'fakturaflikarna'} ${outcome.redrawn.join(', ')} från fliken Fakturor (skyddade som de andra), med säljaruppgifterna från när de gjordes.`;
  const today = outcome.withTodaysSettings;
  if (today.length === 0) return drawn;
  return (
    `${drawn} Logg saknar dem för ${today.join(', ')}: ${today.length === 1 ? 'den fliken' : 'de flikarna'} visar ` +
    `dagens säljaruppgifter från Inställningar (förbund, org.nr, adress, bankgiro, kontaktperson, moms). Jämför med den PDF som skickades.`
  );
}

/** The input with the seller, the buyers and the course names as the record has them (today's where it has none). */
function asRecorded(input: Input, record: DocumentRecord): Input {
  return {
    ...input,
    settings: { ...input.settings, ...record.seller },
    municipalities: input.municipalities.map((m) => {
      const buyer = record.buyers.get(m.name);
      return buyer ? { ...m, ...buyer } : m;
    }),
    courses: input.courses.map((c) => {
      const name = record.courseNames.get(c.id);
      return name === undefined ? c : { ...c, name };
    }),
  };
}
