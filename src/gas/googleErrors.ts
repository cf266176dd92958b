/**
 * Google's own words, put into Swedish. Apps Script's services throw exceptions whose messages are
 * English ("Service invoked too many times for one day: email.", "Invalid email: …", "Service
 * Spreadsheets timed out while accessing document with id …"); the quotas guide says only that a
 * script reaching a quota or limit "throws an exception" and stops
 * (https://developers.google.com/apps-script/guides/services/quotas). The texts below are the ones
 * Google's reference and public reports show for what this script calls (MailApp, SpreadsheetApp),
 * each with what it means for the administrator and what to do. Any other message is left as it
 * is: the product's own errors are Swedish already, and an unknown one from Google is kept whole
 * rather than guessed at.
 */
import { thrownText } from '../app/log';
import type { CellBlock, CellValue, SheetDocument, TabSetup } from '../workbook/port';
import { SheetsPort } from './sheets';

interface KnownText {
  pattern: RegExp;
  swedish: (match: RegExpExecArray) => string;
}

const KNOWN_TEXTS: readonly KnownText[] = [
  {
    pattern: /^Service invoked too many times for one day: email/i,
    swedish: () =>
      'Googles dagliga gräns för e-post från ditt konto är nådd. Försök igen i morgon; gränsen räknas 24 timmar från det första utskicket.',
  },
  {
    pattern: /^Service invoked too many times in a short time/i,
    swedish: () => 'Google tog emot för många anrop på kort tid. Vänta en minut och försök igen.',
  },
  {
    pattern: /^Invalid email: (\S*)/i,
    swedish: (m) => `Google godtar inte e-postadressen ${m[1] || '(tom)'}. Rätta adressen och försök igen.`,
  },
  {
    pattern: /^Limit Exceeded: Email (Body|Total Attachments) Size/i,
    swedish: () => 'E-postmeddelandet med sin bilaga är större än Google tillåter.',
  },
  {
    pattern:
      /^This action would increase the number of cells in the (workbook|spreadsheet) above the limit of [\d,. ]+ cells/i,
    swedish: () =>
      'Kalkylarket skulle få fler än 10 miljoner celler, Googles gräns. Ta bort tomma rader och kolumner eller flytta gamla år till ett eget kalkylark.',
  },
  {
    pattern: /^Exceeded maximum execution time/i,
    swedish: () => 'Körningen nådde Googles tidsgräns på 6 minuter.',
  },
  {
    pattern:
      /^(Service (Spreadsheets|Gmail|Mail) (timed out|failed)|Service (unavailable|error)\b|We're sorry, a server error occurred|Address unavailable)/i,
    swedish: () => 'Google svarade inte i tid eller gav ett tillfälligt fel. Försök igen om en stund.',
  },
];

/** Swedish for a text that begins with one of Google's known messages (optionally after "Exception: "), else null. */
function googleInSwedish(text: string): string | null {
  const own = text.replace(/^Exception: /, '');
  for (const known of KNOWN_TEXTS) {
    const match = known.pattern.exec(own);
    if (match) return known.swedish(match);
  }
  return null;
}

/**
 * The thrown error's text in Swedish: Google's known words translated, whether they are the whole
 * message or the reason in brackets inside one of ours ("… kunde inte skrivas (Service error:
 * Spreadsheets). …"); anything else as it is.
 */
export function inSwedish(e: unknown): string {
  const text = thrownText(e);
  return (
    googleInSwedish(text) ??
    text.replace(/\(([^()]+)\)/g, (whole, inner: string) => {
      const swedish = googleInSwedish(inner);
      return swedish === null ? whole : `(${swedish.replace(/\.$/, '')})`;
    })
  );
}

/** The error to pass on: the same one when it is already in the administrator's words. */
export function swedishError(e: unknown): unknown {
  const text = inSwedish(e);
  return text === thrownText(e) ? e : new Error(text);
}

/**
 * Runs a server function or menu handler so that whatever it throws reaches the dialog's failure
 * handler (or Sheets' error bar) in Swedish.
 */
export function inSwedishOnFailure<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw swedishError(e);
  }
}

/**
 * The spreadsheet's port with what each of its calls throws in Swedish: the runs that catch a
 * failure to say it in Logg's Detaljer, in a mail's Fel status or in a message of their own get
 * the administrator's words, not Google's. Our own errors pass unchanged, as the same objects.
 */
export class SwedishSheetsPort extends SheetsPort {
  override tabNames(): string[] {
    return inSwedishOnFailure(() => super.tabNames());
  }
  override hideTabs(tabs: readonly string[]): void {
    inSwedishOnFailure(() => super.hideTabs(tabs));
  }
  override shownTabs(tabs: readonly string[]): string[] {
    return inSwedishOnFailure(() => super.shownTabs(tabs));
  }
  override read(tab: string): CellValue[][] {
    return inSwedishOnFailure(() => super.read(tab));
  }
  override write(tab: string, row: number, col: number, values: CellValue[][], formats?: (string | null)[][]): void {
    inSwedishOnFailure(() => super.write(tab, row, col, values, formats));
  }
  override createTab(tab: string, setup: TabSetup): void {
    inSwedishOnFailure(() => super.createTab(tab, setup));
  }
  override drawTab(tab: string, doc: SheetDocument): void {
    inSwedishOnFailure(() => super.drawTab(tab, doc));
  }
  override deleteTab(tab: string): void {
    inSwedishOnFailure(() => super.deleteTab(tab));
  }
  override merges(tab: string): CellBlock[] {
    return inSwedishOnFailure(() => super.merges(tab));
  }
}
