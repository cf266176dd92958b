/**
 * SPEC §4 "Who may" in Sheets: the protected tabs let exactly the owner and `Administratörer`
 * edit (warning-only when the setting is blank), re-synchronised whenever an action that writes
 * runs, and an administrator who could not edit a tab the action writes is refused up front.
 *
 * Google's reference (Class Protection, Sheet.protect) this relies on:
 * - `Sheet.protect()` returns the existing protection when the sheet is already protected; a new
 *   one mirrors the spreadsheet's permissions until its editors are changed.
 * - `canEdit()`: whether the user running the script may edit; "the spreadsheet owner is always
 *   able to edit protected ranges and sheets". `getEditors()` throws for a user who cannot edit.
 * - `removeEditors()` removes neither the owner nor the current user.
 * - `setDomainEdit()` throws for a spreadsheet that is not in a Google Workspace domain;
 *   `canDomainEdit()` tells whether the whole domain may edit (then explicit editors are moot).
 * - A menu item and a dialog's call run as the user who clicked: a protection whose only editor
 *   is the administrator who created it locks every other administrator out.
 */
import { PROTECTED_TABS, type ProtectionPolicy } from '../workbook/protection';

type Protection = GoogleAppsScript.Spreadsheet.Protection;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export const PROTECTION_DESCRIPTION = 'Skrivs bara av Yrkesresan (menyn). Ändra inte för hand.';

/** What applying a policy to one protection did. */
export type SyncOutcome = 'locked' | 'unchanged' | 'changed';

const emailOf = (u: GoogleAppsScript.Base.User): string => u.getEmail().trim().toLowerCase();

/**
 * Gives one protection the policy. 'locked': the user running the script may not edit it, so
 * it was left alone (Google would refuse every change, and every write to the sheet).
 * The editors are set before warning-only is turned off: the other way round, an administrator
 * missing from the old list would be locked out by their own change.
 */
export function applyPolicy(p: Protection, policy: ProtectionPolicy, owner: string): SyncOutcome {
  if (!p.canEdit()) return 'locked';
  let changed = false;
  if (p.getDescription() !== PROTECTION_DESCRIPTION) {
    p.setDescription(PROTECTION_DESCRIPTION);
    changed = true;
  }
  if (policy.warningOnly) {
    if (!p.isWarningOnly()) {
      p.setWarningOnly(true);
      changed = true;
    }
    return changed ? 'changed' : 'unchanged';
  }
  if (syncEditors(p, policy, owner)) changed = true;
  if (p.isWarningOnly()) {
    p.setWarningOnly(false);
    // The Sheets API documents that leaving warning-only may reset the editors to every editor of
    // the document: the list is checked once more.
    syncEditors(p, policy, owner);
    changed = true;
  }
  // Domain-wide edit would let every colleague in the domain past the list of editors.
  if (p.canDomainEdit()) {
    p.setDomainEdit(false);
    changed = true;
  }
  return changed ? 'changed' : 'unchanged';
}

/** Makes the editors exactly the owner and the policy's: true when it changed them. */
function syncEditors(p: Protection, policy: ProtectionPolicy, owner: string): boolean {
  const current = p.getEditors().map(emailOf);
  const missing = policy.editors.filter((e) => !current.includes(e));
  if (missing.length > 0) p.addEditors(missing);
  const extra = current.filter((e) => e !== owner && !policy.editors.includes(e));
  if (extra.length > 0) p.removeEditors(extra);
  return missing.length > 0 || extra.length > 0;
}

/**
 * Gives a sheet's protection the policy, protecting the sheet first when it is not (asked with
 * getProtections, so that a sheet already protected as it should be sees no change at all).
 */
export function protectSheet(sheet: Sheet, policy: ProtectionPolicy, owner: string): SyncOutcome {
  const existing = sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET)[0];
  return applyPolicy(existing ?? sheet.protect(), policy, owner);
}

/** The owner's address, '' when Google names none (a file in a shared drive has no owner). */
export function ownerOf(ss: Spreadsheet): string {
  const owner = ss.getOwner();
  return owner ? emailOf(owner) : '';
}

export interface SyncReport {
  /** Protected tabs the user running the script may not edit. */
  locked: string[];
  /** Whether any protection was changed (the setting changed since the last synchronisation). */
  changed: boolean;
}

/**
 * Gives the fixed protected tabs the policy (the tabs that exist; a missing one is created
 * protected by the action that needs it). When one of them had to change, `Administratörer`
 * changed since the last synchronisation, and every other sheet the tool protected (the invoice
 * sheets, known by their protection's description) is given the policy too; `full` forces that.
 * `invoiceSheets` (Skapa/uppdatera flikar: the register's invoice sheets) are protected as well
 * when nothing protects them yet, as sheets drawn before protections existed.
 */
export function synchronizeProtections(
  ss: Spreadsheet,
  policy: ProtectionPolicy,
  full = false,
  invoiceSheets: readonly string[] = [],
): SyncReport {
  const owner = ownerOf(ss);
  const byName = new Map(ss.getSheets().map((s) => [s.getName(), s] as const));
  const locked: string[] = [];
  let changed = false;
  for (const tab of PROTECTED_TABS) {
    const sheet = byName.get(tab);
    if (!sheet) continue;
    const outcome = protectSheet(sheet, policy, owner);
    if (outcome === 'locked') locked.push(tab);
    if (outcome === 'changed') changed = true;
  }
  const covered = changed || full ? synchronizeDrawnSheets(ss, policy, owner, locked) : new Set<string>();
  for (const name of invoiceSheets) {
    const sheet = byName.get(name);
    if (!sheet || covered.has(name)) continue;
    if (protectSheet(sheet, policy, owner) === 'locked') locked.push(name);
  }
  return { locked, changed };
}

/**
 * The invoice sheets: every sheet protection with our description on a tab not in PROTECTED_TABS.
 * Returns their names, so that a register's sheet given the policy here is not given it twice.
 */
function synchronizeDrawnSheets(
  ss: Spreadsheet,
  policy: ProtectionPolicy,
  owner: string,
  locked: string[],
): Set<string> {
  const protectedSheets = new Set<string>();
  for (const p of ss.getProtections(SpreadsheetApp.ProtectionType.SHEET)) {
    if (p.getDescription() !== PROTECTION_DESCRIPTION) continue;
    const name = p.getRange().getSheet().getName();
    if (PROTECTED_TABS.includes(name)) continue;
    protectedSheets.add(name);
    if (applyPolicy(p, policy, owner) === 'locked') locked.push(name);
  }
  return protectedSheets;
}
