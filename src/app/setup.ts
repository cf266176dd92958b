/** Skapa/uppdatera flikar: creates every missing tab of SPEC §2; never touches existing ones. */
import type { WorkbookPort } from '../workbook/port';
import { TAB, headerKey, isAttendanceTab } from '../workbook/schema';
import { tabSetups } from '../workbook/setup';

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
