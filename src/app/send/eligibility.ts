/** Who may send, and whether an invoice can go: the rules the listing and the batch share. */
import { creditedInvoices } from '../../core/ledgerState';
import { normalizeName } from '../../core/names';
import { isPaymentStatus } from '../../core/payments';
import type { Municipality, RegisteredInvoice, RunInput, Settings } from '../../core/types';
import { isEmail } from '../../workbook/cells';
import { invoiceSheetName as sheetNameOf } from '../../workbook/invoiceSheet';
import type { WorkbookSnapshot } from '../../workbook/read';
import { STATUS_SENDING, STATUS_SENT, TAB } from '../../workbook/schema';
import { mayAdminister } from '../bill';

export type Input = Omit<RunInput, 'run'>;

export const STATUS_ERROR_PREFIX = 'Fel: ';

export function isErrorStatus(status: string): boolean {
  return status.trim().toLowerCase().startsWith('fel');
}

/**
 * True once the invoice has gone out: Skickad, or a payment status that the payment import put in
 * its place (Betald, Delbetald, Överbetald). Such an invoice is only sent again on purpose.
 */
export function isSentStatus(status: string): boolean {
  return status.trim().toLowerCase() === STATUS_SENT.toLowerCase() || isPaymentStatus(status);
}

/** True while a batch claimed the invoice and did not record its outcome: its mail may have gone. */
export function isSendingStatus(status: string): boolean {
  return status.trim().toLowerCase() === STATUS_SENDING.toLowerCase();
}

/** Why a plain send does not take an invoice that a stopped batch left as Skickas. */
export function interruptedProblem(invoice: RegisteredInvoice): string {
  return (
    `Ett utskick stoppades medan fakturan skickades (Status ${STATUS_SENDING}): den kan ha kommit fram. ` +
    `Se efter i Skickat i din e-post om den gick iväg till ${invoice.municipality}. Gick den iväg, skriv ${STATUS_SENT} i kolumnen Status för ${invoice.number}; ` +
    'annars välj den under Skicka igen.'
  );
}

export function findMunicipality(input: Input, name: string): Municipality | undefined {
  const exact = input.municipalities.find((m) => m.name === name);
  if (exact) return exact;
  const wanted = normalizeName(name);
  const found = input.municipalities.filter((m) => normalizeName(m.name) === wanted);
  return found.length === 1 ? found[0] : undefined;
}

/** Why this invoice cannot go to its municipality ('' when it can). */
function addressProblem(input: Input, invoice: RegisteredInvoice): string {
  const m = findMunicipality(input, invoice.municipality);
  if (!m) return `Kommunen ${invoice.municipality} finns inte i fliken Kommuner.`;
  if (!m.email.trim()) return `E-postadress saknas för ${m.name} (fliken Kommuner, kolumnen E-post).`;
  if (!isEmail(m.email))
    return `Ogiltig e-postadress för ${m.name}: "${m.email.trim()}" (fliken Kommuner, kolumnen E-post).`;
  return '';
}

export function invoiceSheetName(invoice: RegisteredInvoice): string {
  return sheetNameOf({ number: invoice.number, municipality: invoice.municipality });
}

/** A deleted invoice sheet is drawn again from the register by Skapa/uppdatera flikar (SPEC §2.7). */
export function missingSheetMessage(name: string): string {
  return `Fakturafliken "${name}" saknas. Välj Skapa/uppdatera flikar i menyn Yrkesresan, så ritas den om från fliken Fakturor, och skicka sedan igen.`;
}

function sheetProblem(tabNames: readonly string[], invoice: RegisteredInvoice): string {
  const name = invoiceSheetName(invoice);
  return tabNames.includes(name) ? '' : missingSheetMessage(name);
}

/**
 * Why a credited invoice is not sent ('' when it is not credited): the municipality is to get its
 * credit note, not a document that no longer stands (SPEC §8). Credited = a committed credit note
 * names it (core/ledgerState.ts); its own Status then says Krediterad and is never overwritten.
 */
export function creditedProblem(input: Input, invoice: RegisteredInvoice): string {
  const by = creditedInvoices(input.ledger).get(invoice.number);
  return by === undefined
    ? ''
    : `Fakturan är krediterad av ${by} och skickas inte. Skicka kreditfakturan ${by} i stället.`;
}

/** Why this invoice cannot be sent now ('' when it can); a test mail needs no municipality address. */
export function sendProblem(snapshot: WorkbookSnapshot, invoice: RegisteredInvoice, test = false): string {
  return (test ? '' : addressProblem(snapshot.input, invoice)) || sheetProblem(snapshot.layout.tabNames, invoice);
}

/**
 * Why `user` may not send ('' when they may): who may send is who may bill. Undefined: there is
 * nobody to check (the command line, run by whoever holds the file).
 */
export function userProblem(settings: Settings, user: string | undefined): string {
  const me = (user ?? '').trim();
  if (user === undefined || mayAdminister(settings.administrators, me)) return '';
  return me
    ? `Du (${me}) finns inte bland Administratörer i fliken Inställningar och kan inte skicka fakturor.`
    : 'Din e-postadress kan inte avgöras, och bara de som står under Administratörer i fliken Inställningar får skicka fakturor.';
}

/**
 * Sending needs a sound register (its rows are updated in place). Other problems of the workbook
 * do not stop it: an invoice that cannot be sent says why on its own.
 */
export function blockingErrors(snapshot: WorkbookSnapshot): string[] {
  if (!snapshot.layout.invoices.exists)
    return [`Fliken ${TAB.invoices} finns inte: det finns inga fakturor att skicka.`];
  // A broken ledger (core/ledger.ts) stops sending too: what would be sent may not be what was billed.
  return snapshot.issues
    .filter((i) => i.severity === 'error' && (i.tab === snapshot.layout.invoices.tab || i.check !== undefined))
    .map((i) => `${i.tab}${i.row ? ` rad ${i.row}` : ''}${i.column ? `, ${i.column}` : ''}: ${i.message}`);
}
