/**
 * Who may edit the protected tabs (SPEC §4 "Who may"), as plain data for the hosts: the tabs the
 * tool protects, the protection they should have for a given `Administratörer`, and the Swedish
 * words for a person who is locked out. The hosts apply it with their own protection calls.
 */
import { IssueList, readTab } from './read/tab';
import { readSettings } from './read/settings';
import type { WorkbookPort } from './port';
import { SETTING, SETTINGS_HEADERS, TAB } from './schema';

/**
 * The registers, the log and the two tabs that decide who may act, where mail goes and which
 * accounts are printed. Invoice sheets are protected too; they are drawn with `protected: true`.
 */
export const PROTECTED_TABS: readonly string[] = [
  TAB.invoices,
  TAB.lines,
  TAB.payments,
  TAB.log,
  TAB.settings,
  TAB.municipalities,
];

/** The registers an action that bills, credits, sends or imports payments writes. */
export const REGISTER_TABS: readonly string[] = [TAB.invoices, TAB.lines, TAB.payments, TAB.log];

/**
 * How a protected tab is protected. `warningOnly`: every editor of the spreadsheet may edit after a
 * warning (Administratörer blank). Otherwise exactly the owner and `editors` may edit.
 */
export interface ProtectionPolicy {
  warningOnly: boolean;
  /** Lower-cased e-mail addresses; the owner is never listed (the owner can always edit). */
  editors: readonly string[];
}

export function protectionPolicy(administrators: readonly string[]): ProtectionPolicy {
  const editors = [...new Set(administrators.map((a) => a.trim().toLowerCase()).filter((a) => a !== ''))];
  return { warningOnly: editors.length === 0, editors };
}

/**
 * The `Administratörer` setting as read from Inställningar (one read through the port), or null
 * when the setting holds something that is not a list of e-mail addresses: then the protections
 * are left as they are and the action itself reports the setting.
 */
export function administratorsOf(port: WorkbookPort): string[] | null {
  const issues = new IssueList();
  const tab = readTab(port, port.tabNames(), TAB.settings, SETTINGS_HEADERS);
  const { settings, rows } = readSettings(tab, issues);
  const row = rows[SETTING.administrators];
  const bad =
    row !== undefined && issues.all.some((i) => i.severity === 'error' && i.tab === tab.layout.tab && i.row === row);
  return bad ? null : settings.administrators;
}

/**
 * Said before anything is written or sent when the person running an action may not edit some
 * protected tab it writes: Google would refuse the first write half-way through.
 */
export function lockedOutMessage(user: string, tabs: readonly string[], owner: string): string {
  const who = user ? `Du (${user})` : 'Du';
  const list = tabs.join(', ');
  const fixer = owner ? `kalkylarkets ägare (${owner})` : 'kalkylarkets ägare';
  return (
    `${who} får inte ändra ${tabs.length === 1 ? 'den skyddade fliken' : 'de skyddade flikarna'} ${list}, så inget har skrivits eller skickats. ` +
    `Be ${fixer} eller en administratör som kan ändra ${tabs.length === 1 ? 'fliken' : 'flikarna'} att välja Yrkesresan › Skapa/uppdatera flikar: ` +
    'då får alla under Administratörer i fliken Inställningar ändra dem.'
  );
}
