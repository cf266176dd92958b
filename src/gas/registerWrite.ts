/**
 * The shape every action that writes the register shares in the spreadsheet (Kör fakturering,
 * Kreditera faktura): under the document lock, keeping the administrator's active sheet, with the
 * protected tabs guarded for the user, on a port that reads each tab once; after a write, the
 * custom functions in the tabs the action did not read (the administrator's own) are recomputed,
 * so that an overview does not show figures from before it. Kontrollera data recomputes them all.
 */
import { formulaTabs } from '../workbook/customFormulaCells';
import { ReadOncePort } from '../workbook/readOncePort';
import { refreshFormulas } from './formulaRefresh';
import { guardProtectedTabs, keepingActiveSheet, logRefused, sheetsPort, withDocumentLock } from './host';
import type { SheetsPort } from './sheets';

export interface RegisterWrite {
  action: string; // Åtgärd in Logg (LOG_ACTION)
  details: string; // Logg's Detaljer of a refusal
  busyMessage: string;
  user: string;
}

export function writeRegister<V extends { written: boolean; message: string }>(
  what: RegisterWrite,
  work: (port: ReadOncePort, sheets: SheetsPort) => V,
): V {
  return withDocumentLock(
    () =>
      keepingActiveSheet(() => {
        // The port keeps the Sheet objects it looked up or drew, so links need no lookup by name.
        const sheets = sheetsPort(); // what Sheets throws, in Swedish also in Logg
        const port = new ReadOncePort(sheets);
        guardProtectedTabs(port, what.user, { action: what.action, details: what.details }, sheets);
        const view = work(port, sheets);
        if (view.written) {
          const { failure } = refreshFormulas(formulaTabs(port.tabsNotRead()));
          if (failure) view.message = `${view.message} ${failure}`;
        }
        return view;
      }),
    what.busyMessage,
    () => logRefused(what.action, `${what.details}: ${what.busyMessage}`),
  );
}
