// The fake Protection of SpreadsheetApp: who may edit a protected sheet, as Google documents it.
import type { Tracker } from './env';
import { fakeUser } from './cells';
import { FakeRange } from './range';
import type { FakeSheet } from './sheet';

type GRange = GoogleAppsScript.Spreadsheet.Range;
type GProtection = GoogleAppsScript.Spreadsheet.Protection;
type GUser = GoogleAppsScript.Base.User;

/**
 * Google's error for a write into a protected sheet by a user who may not edit it. The Sheets
 * API returns the same words (node-google-spreadsheet pull request #20, "Show what actually went
 * wrong when saving a row"), and the Sheets UI shows them to a person typing there.
 */
export const PROTECTED_CELL_ERROR =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

/**
 * Google documents that changing a protection, and getEditors, throw for a user who cannot edit
 * it ("Throws an exception if the user does not have permission to edit the protected range or
 * sheet"), but not the words: the fake says so in its own.
 */
export const PROTECTION_PERMISSION_ERROR =
  'Exception: You do not have permission to edit this protection (the user cannot edit the protected sheet).';

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * A sheet protection as Google's reference describes it (Class Protection, Sheet.protect):
 * - a new protection mirrors the spreadsheet's permissions ("the sheet remains unprotected")
 *   until its editors or domain edit are changed;
 * - the owner can always edit; warning-only lets every editor edit (scripts included);
 * - in a Workspace domain, domain edit lets every user of the owner's domain edit until it is
 *   turned off (setDomainEdit throws for consumer accounts);
 * - getEditors and every change throw for a user who cannot edit it;
 * - removeEditors removes neither the owner nor the current user.
 */
export class FakeProtection implements Pick<
  GProtection,
  | 'addEditor'
  | 'addEditors'
  | 'canDomainEdit'
  | 'canEdit'
  | 'getDescription'
  | 'getEditors'
  | 'getProtectionType'
  | 'getRange'
  | 'isWarningOnly'
  | 'remove'
  | 'removeEditor'
  | 'removeEditors'
  | 'setDescription'
  | 'setDomainEdit'
  | 'setWarningOnly'
> {
  warningOnly = false;
  description = '';
  domainEdit: boolean;
  editors: string[];
  /** False while the protection still mirrors the spreadsheet (no editor or domain change yet). */
  restricted = false;
  removed = false;
  constructor(
    private readonly t: Tracker,
    readonly sheet: FakeSheet,
  ) {
    const o = sheet.spreadsheet.options;
    this.editors = [...new Set([o.owner, ...o.editors])];
    this.domainEdit = !o.consumer;
  }
  private self(): GProtection {
    return this as unknown as GProtection;
  }
  private get owner(): string {
    return this.sheet.spreadsheet.options.owner;
  }
  /** Whether `user` may edit the protected sheet (test helper, not counted). */
  allows(user: string): boolean {
    const u = user.toLowerCase();
    if (this.removed || this.warningOnly || !this.restricted || u === this.owner) return true;
    if (this.editors.includes(u)) return true;
    return (
      this.domainEdit && !this.sheet.spreadsheet.options.consumer && u !== '' && domainOf(u) === domainOf(this.owner)
    );
  }
  private current(): string {
    return this.sheet.spreadsheet.currentUser();
  }
  private manage(method: string): void {
    this.t.hit(`Protection.${method}`, this.sheet.name);
    if (!this.allows(this.current())) throw new Error(PROTECTION_PERMISSION_ERROR);
  }
  private emails(x: unknown): string[] {
    const list = Array.isArray(x) ? x : [x];
    return list.map((u) => (typeof u === 'string' ? u : (u as GUser).getEmail()).toLowerCase());
  }
  addEditor(user: string | GUser): GProtection {
    this.manage('addEditor');
    this.add(this.emails(user));
    return this.self();
  }
  addEditors(emailAddresses: string[]): GProtection {
    this.manage('addEditors');
    this.add(this.emails(emailAddresses));
    return this.self();
  }
  private add(emails: string[]): void {
    this.restricted = true;
    for (const e of emails) if (!this.editors.includes(e)) this.editors.push(e);
  }
  canDomainEdit(): boolean {
    this.manage('canDomainEdit');
    return this.domainEdit && !this.sheet.spreadsheet.options.consumer;
  }
  canEdit(): boolean {
    this.t.hit('Protection.canEdit', this.sheet.name);
    return this.allows(this.current());
  }
  getDescription(): string {
    this.t.hit('Protection.getDescription', this.sheet.name);
    return this.description;
  }
  getEditors(): GUser[] {
    this.manage('getEditors');
    return this.editors.map(fakeUser);
  }
  getProtectionType(): GoogleAppsScript.Spreadsheet.ProtectionType {
    this.t.hit('Protection.getProtectionType');
    return 'SHEET' as unknown as GoogleAppsScript.Spreadsheet.ProtectionType;
  }
  getRange(): GRange {
    this.t.hit('Protection.getRange', this.sheet.name);
    return new FakeRange(this.t, this.sheet, {
      row: 1,
      col: 1,
      rows: this.sheet.maxRows,
      cols: this.sheet.maxCols,
    }) as unknown as GRange;
  }
  isWarningOnly(): boolean {
    this.t.hit('Protection.isWarningOnly', this.sheet.name);
    return this.warningOnly;
  }
  remove(): void {
    this.manage('remove');
    this.removed = true;
    this.sheet.protection = null;
  }
  removeEditor(user: string | GUser): GProtection {
    this.manage('removeEditor');
    this.drop(this.emails(user));
    return this.self();
  }
  removeEditors(users: string[] | GUser[]): GProtection {
    this.manage('removeEditors');
    this.drop(this.emails(users));
    return this.self();
  }
  private drop(emails: string[]): void {
    // "Neither the owner of the spreadsheet nor the current user can be removed."
    this.restricted = true;
    const keep = new Set([this.owner, this.current().toLowerCase()]);
    this.editors = this.editors.filter((e) => keep.has(e) || !emails.includes(e));
  }
  setDescription(description: string): GProtection {
    this.manage('setDescription');
    this.description = description;
    return this.self();
  }
  setDomainEdit(editable: boolean): GProtection {
    this.manage('setDomainEdit');
    if (this.sheet.spreadsheet.options.consumer)
      throw new Error('Exception: Domain edit is only available to Google Workspace users.');
    this.restricted = true;
    this.domainEdit = editable;
    return this.self();
  }
  setWarningOnly(warningOnly: boolean): GProtection {
    this.manage('setWarningOnly');
    this.warningOnly = warningOnly;
    return this.self();
  }
}
