// The Apps Script surface, and nothing else: onOpen, the menu handlers, the functions that the
// dialogs call through google.script.run, and the custom functions. Apps Script calls all of
// them by name, so the build turns every export of this file into a top-level function (and
// keeps the JSDoc of the custom functions for autocomplete). The work lives in the modules.
import { buildMenu, checkData, setupTabs } from './menu';
import { billingConfirm as confirmBilling, billingPreview as previewBilling, openBillingDialog } from './billing';
import {
  creditConfirm as confirmCredit,
  creditList as listCredits,
  creditPreview as previewCredit,
  openCreditDialog,
} from './credit';
import {
  openSendDialog,
  sendingList as listSending,
  sendingResend as resendOne,
  sendingSend as sendSelected,
  sendingTest as testSelected,
} from './sending';
import { openFollowUp } from './followUp';
import * as payments from './payments';
import {
  importConfirm as confirmImport,
  importOptions as optionsOfImport,
  importPreview as previewImport,
  openImportDialog,
} from './importing';
import { exportDownload as downloadExport, exportPreview as previewExport, openExportDialog } from './exporting';
import * as formulas from './customFunctions';
import { inSwedishOnFailure } from './googleErrors';

export function onOpen(): void {
  buildMenu();
}

// Menu handlers (SPEC §6), each named menu…: the use cases they open keep their own names
// (runBilling, sendInvoices, checkWorkbook …) and are never shadowed on Code.js's top level.
// Whatever a handler or a dialog's server function throws reaches the administrator in Swedish
// (googleErrors.ts puts Google's own English words into Swedish).
export function menuBilling(): void {
  inSwedishOnFailure(() => openBillingDialog());
}
export function menuSending(): void {
  inSwedishOnFailure(() => openSendDialog());
}
export function menuCredit(): void {
  inSwedishOnFailure(() => openCreditDialog());
}
export function menuPayments(): void {
  inSwedishOnFailure(() => payments.openPaymentsDialog());
}
export function menuImport(): void {
  inSwedishOnFailure(() => openImportDialog());
}
export function menuExport(): void {
  inSwedishOnFailure(() => openExportDialog());
}
export function menuCheck(): void {
  inSwedishOnFailure(() => checkData());
}
export function menuFollowUp(): void {
  inSwedishOnFailure(() => openFollowUp());
}
export function menuSetup(): void {
  inSwedishOnFailure(() => setupTabs());
}

// Called from the dialogs with google.script.run.
export function paymentsPreview(request: unknown): unknown {
  return inSwedishOnFailure(() => payments.paymentsPreview(request));
}
export function paymentsConfirm(request: unknown): unknown {
  return inSwedishOnFailure(() => payments.paymentsConfirm(request));
}
export function remindersList(request: unknown): unknown {
  return inSwedishOnFailure(() => payments.remindersList(request));
}
export function remindersSend(request: unknown): unknown {
  return inSwedishOnFailure(() => payments.remindersSend(request));
}
export function remindersTest(request: unknown): unknown {
  return inSwedishOnFailure(() => payments.remindersTest(request));
}
export function billingPreview(request: unknown): unknown {
  return inSwedishOnFailure(() => previewBilling(request));
}
export function billingConfirm(request: unknown): unknown {
  return inSwedishOnFailure(() => confirmBilling(request));
}
export function creditList(): unknown {
  return inSwedishOnFailure(() => listCredits());
}
export function creditPreview(request: unknown): unknown {
  return inSwedishOnFailure(() => previewCredit(request));
}
export function creditConfirm(request: unknown): unknown {
  return inSwedishOnFailure(() => confirmCredit(request));
}
export function importOptions(): unknown {
  return inSwedishOnFailure(() => optionsOfImport());
}
export function importPreview(request: unknown): unknown {
  return inSwedishOnFailure(() => previewImport(request));
}
export function importConfirm(request: unknown): unknown {
  return inSwedishOnFailure(() => confirmImport(request));
}
export function exportPreview(request: unknown): unknown {
  return inSwedishOnFailure(() => previewExport(request));
}
export function exportDownload(request: unknown): unknown {
  return inSwedishOnFailure(() => downloadExport(request));
}
export function sendingList(): unknown {
  return inSwedishOnFailure(() => listSending());
}
export function sendingSend(request: unknown): unknown {
  return inSwedishOnFailure(() => sendSelected(request));
}
export function sendingTest(request: unknown): unknown {
  return inSwedishOnFailure(() => testSelected(request));
}
export function sendingResend(request: unknown): unknown {
  return inSwedishOnFailure(() => resendOne(request));
}

// Custom functions (SPEC §5). The JSDoc below is what Sheets shows in autocomplete.

/**
 * Kommunens fasta kostnad för projektledaren per år, eller beloppet som faktureras för ett visst år (delår räknas om).
 *
 * @param {string|Array<Array<string>>} kommun Kommunens namn, eller ett område med namn.
 * @param {number} [ar] Året som faktureras. Utelämnat: kostnaden för ett helt år.
 * @param {any} [beroende] Valfritt område (t.ex. Kommuner!A:D) som gör att formeln räknas om när det ändras.
 * @return {number|Array<Array<number>>} Fast kostnad i kronor.
 * @customfunction
 */
export function FASTKOSTNAD(kommun: unknown, ar?: unknown, beroende?: unknown): unknown {
  return formulas.fastkostnad(kommun, ar, beroende);
}

/**
 * Dagavgiften per deltagare och kursdag, för en viss kurs eller enligt inställningarna.
 *
 * @param {string|Array<Array<string>>} [kursId] Kurs-ID ur fliken Kurser, eller ett område med Kurs-ID. Utelämnat: avgiften enligt inställningarna.
 * @param {any} [beroende] Valfritt område som gör att formeln räknas om när det ändras.
 * @return {number|Array<Array<number>>} Dagavgift i kronor.
 * @customfunction
 */
export function DAGAVGIFT(kursId?: unknown, beroende?: unknown): unknown {
  return formulas.dagavgift(kursId, beroende);
}

/**
 * Summan av deltagardagar för en kommun (inspelade kurser inräknade), valfritt mellan två datum.
 *
 * @param {string|Array<Array<string>>} kommun Kommunens namn, eller ett område med namn.
 * @param {Date} [fran] Första datum (inräknat).
 * @param {Date} [till] Sista datum (inräknat).
 * @param {any} [beroende] Valfritt område (t.ex. en Närvaro-flik) som gör att formeln räknas om när det ändras.
 * @return {number|Array<Array<number>>} Antal deltagardagar.
 * @customfunction
 */
export function DELTAGARDAGAR(kommun: unknown, fran?: unknown, till?: unknown, beroende?: unknown): unknown {
  return formulas.deltagardagar(kommun, fran, till, beroende);
}

/**
 * Den rörliga kostnaden för en kommuns deltagardagar (dagavgift × dagar, kurs för kurs; inspelade kurser 0).
 *
 * @param {string|Array<Array<string>>} kommun Kommunens namn, eller ett område med namn.
 * @param {Date} [fran] Första datum (inräknat).
 * @param {Date} [till] Sista datum (inräknat).
 * @param {any} [beroende] Valfritt område som gör att formeln räknas om när det ändras.
 * @return {number|Array<Array<number>>} Rörlig kostnad i kronor.
 * @customfunction
 */
export function RORLIGKOSTNAD(kommun: unknown, fran?: unknown, till?: unknown, beroende?: unknown): unknown {
  return formulas.rorligkostnad(kommun, fran, till, beroende);
}

/**
 * Utbildarpotten: utan kommun, pottens del av all närvaro under året (fakturerad eller inte); med kommun, vad kommunen fick ur potten i årets decemberkörning.
 *
 * @param {number} ar Året.
 * @param {string|Array<Array<string>>} [kommun] Kommunens namn, eller ett område med namn.
 * @param {any} [beroende] Valfritt område som gör att formeln räknas om när det ändras.
 * @return {number|Array<Array<number>>} Belopp i kronor.
 * @customfunction
 */
export function UTBILDARPOTT(ar: unknown, kommun?: unknown, beroende?: unknown): unknown {
  return formulas.utbildarpott(ar, kommun, beroende);
}
