// MailApp, LockService, PropertiesService, CacheService, Session, Utilities, ScriptApp,
// UrlFetchApp and Logger, in memory, recording what the product does with them.
import { createHash, randomUUID } from 'node:crypto';
import { unzipSync, zipSync } from 'fflate';
import type { Tracker } from './env';
import { countCalls } from './counting';
import { FakeBlob, fromBytes, toSignedBytes } from './blob';
import { formatDateJava, isDate, isoInZone, zonedInstant } from './values';
import type { FakeSpreadsheet } from './spreadsheet';
import { fakeUser } from './spreadsheet';

type GBlob = GoogleAppsScript.Base.Blob;
type GLock = GoogleAppsScript.Lock.Lock;
type GProperties = GoogleAppsScript.Properties.Properties;
type GCache = GoogleAppsScript.Cache.Cache;
type GUser = GoogleAppsScript.Base.User;

// ---------------------------------------------------------------- MailApp

export interface SentAttachment {
  name: string | null;
  contentType: string | null;
  bytes: Buffer;
  text: string; // bytes as UTF-8 (a fake PDF is readable text)
  blob: FakeBlob | null; // the blob itself when it came from these fakes
}

export interface SentMail {
  to: string;
  cc: string;
  bcc: string;
  replyTo: string;
  name: string;
  subject: string;
  body: string;
  htmlBody: string;
  noReply: boolean;
  attachments: SentAttachment[];
  recipients: string[]; // to + cc + bcc, one address each
}

const EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

function addresses(list: unknown): string[] {
  if (list === undefined || list === null || list === '') return [];
  return String(list)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const MAIL_APP_METHODS = [
  'sendEmail',
  'getRemainingDailyQuota',
] as const satisfies readonly (keyof GoogleAppsScript.Mail.MailApp)[];

export class FakeMailApp implements Pick<GoogleAppsScript.Mail.MailApp, (typeof MAIL_APP_METHODS)[number]> {
  /** Every message sent, in order. */
  readonly sent: SentMail[] = [];
  /** Recipients left today (To + Cc + Bcc count one each). */
  quota: number;
  private failures = new Map<string, string>();

  constructor(
    private readonly t: Tracker,
    quota: number,
  ) {
    this.quota = quota;
  }

  /** Makes every message to this address (case-insensitive) fail with `message` (sending nothing). */
  failFor(address: string, message = `Failed to send email: ${address}`): void {
    this.failures.set(address.toLowerCase(), message);
  }
  /** Stops failing for this address. */
  clearFailure(address: string): void {
    this.failures.delete(address.toLowerCase());
  }

  getRemainingDailyQuota(): number {
    return this.quota;
  }

  sendEmail(a: any, b?: any, c?: any, d?: any): void {
    let opts: Record<string, unknown>;
    if (typeof a === 'object' && a !== null) opts = { ...a };
    else if (typeof d === 'string') opts = { to: a, replyTo: b, subject: c, body: d };
    else opts = { ...(d ?? {}), to: a, subject: b, body: c };

    const to = addresses(opts.to),
      cc = addresses(opts.cc),
      bcc = addresses(opts.bcc);
    const recipients = [...to, ...cc, ...bcc];
    if (recipients.length === 0) throw new Error('Failed to send email: no recipient');
    for (const r of recipients) if (!EMAIL_RE.test(r)) throw new Error(`Invalid email: ${r}`);
    if (opts.replyTo !== undefined && opts.replyTo !== '' && !EMAIL_RE.test(String(opts.replyTo)))
      throw new Error(`Invalid email: ${String(opts.replyTo)}`);
    if (recipients.length > 50) throw new Error('Limit Exceeded: Email Recipients Per Message.');
    if (typeof opts.subject !== 'string') throw new Error('Invalid argument: subject');
    if (recipients.length > this.quota) throw new Error('Service invoked too many times for one day: email.');
    for (const r of recipients) {
      const failure = this.failures.get(r.toLowerCase());
      if (failure) throw new Error(failure);
    }
    const attachments = (
      Array.isArray(opts.attachments) ? opts.attachments : opts.attachments ? [opts.attachments] : []
    ).map(attachment);
    if (attachments.reduce((s, x) => s + x.bytes.length, 0) > 25 * 1024 * 1024)
      throw new Error('Limit Exceeded: Email Total Attachments Size.');

    this.quota -= recipients.length;
    this.sent.push({
      to: to.join(','),
      cc: cc.join(','),
      bcc: bcc.join(','),
      replyTo: opts.replyTo === undefined ? '' : String(opts.replyTo),
      name: opts.name === undefined ? '' : String(opts.name),
      subject: String(opts.subject),
      body: opts.body === undefined ? '' : String(opts.body),
      htmlBody: opts.htmlBody === undefined ? '' : String(opts.htmlBody),
      noReply: opts.noReply === true,
      attachments,
      recipients,
    });
  }
}
countCalls(FakeMailApp, 'MailApp', MAIL_APP_METHODS, { tracker: (self) => self['t'] });

function attachment(source: unknown): SentAttachment {
  if (source instanceof FakeBlob)
    return sentAttachment(source.name, source.contentType, Buffer.from(source.data), source);
  const s = source as { getBlob?: () => GBlob } & Partial<GBlob>;
  const blob = typeof s.getBlob === 'function' ? s.getBlob() : (s as GBlob);
  if (blob instanceof FakeBlob) return attachment(blob);
  if (!blob || typeof blob.getBytes !== 'function') throw new Error('Invalid argument: attachments');
  return sentAttachment(blob.getName(), blob.getContentType(), fromBytes(blob.getBytes()), null);
}

/** The attachment as recorded; its text is decoded when a test reads it (a PDF is 100 KB). */
function sentAttachment(
  name: string | null,
  contentType: string | null,
  bytes: Buffer,
  blob: FakeBlob | null,
): SentAttachment {
  let text: string | undefined;
  return {
    name,
    contentType,
    bytes,
    get text() {
      return (text ??= bytes.toString('utf8'));
    },
    blob,
  };
}

// ---------------------------------------------------------------- LockService

const LOCK_METHODS = ['hasLock', 'releaseLock', 'tryLock', 'waitLock'] as const;

export class FakeLock implements GLock {
  /** Set true to simulate another execution holding this lock. */
  heldElsewhere = false;
  held = false;
  /** Timeouts passed to tryLock/waitLock, in order. */
  readonly waits: number[] = [];
  constructor(
    private readonly t: Tracker,
    readonly scope: 'Document' | 'Script' | 'User',
  ) {}
  hasLock(): boolean {
    return this.held;
  }
  releaseLock(): void {
    this.held = false;
  }
  tryLock(timeoutInMillis: number): boolean {
    this.waits.push(timeoutInMillis);
    if (this.heldElsewhere) return false;
    this.held = true;
    return true;
  }
  waitLock(timeoutInMillis: number): void {
    this.waits.push(timeoutInMillis);
    if (this.heldElsewhere) throw new Error('Lock timeout: another process was holding the lock for too long.');
    this.held = true;
  }
}
countCalls(FakeLock, 'Lock', LOCK_METHODS, { tracker: (self) => self['t'] });

const LOCK_SERVICE_METHODS = [
  'getDocumentLock',
  'getScriptLock',
  'getUserLock',
] as const satisfies readonly (keyof GoogleAppsScript.Lock.LockService)[];

export class FakeLockService implements Pick<GoogleAppsScript.Lock.LockService, (typeof LOCK_SERVICE_METHODS)[number]> {
  readonly document: FakeLock;
  readonly script: FakeLock;
  readonly user: FakeLock;
  /** Set true to make getDocumentLock() return null (a script that is not bound to a document). */
  documentLockUnavailable = false;
  constructor(private readonly t: Tracker) {
    this.document = new FakeLock(t, 'Document');
    this.script = new FakeLock(t, 'Script');
    this.user = new FakeLock(t, 'User');
  }
  getDocumentLock(): GLock {
    return (this.documentLockUnavailable ? null : this.document) as GLock;
  }
  getScriptLock(): GLock {
    return this.script;
  }
  getUserLock(): GLock {
    return this.user;
  }
}
countCalls(FakeLockService, 'LockService', LOCK_SERVICE_METHODS, { tracker: (self) => self['t'] });

// ---------------------------------------------------------------- PropertiesService

export class FakeProperties implements Pick<
  GProperties,
  | 'deleteAllProperties'
  | 'deleteProperty'
  | 'getKeys'
  | 'getProperties'
  | 'getProperty'
  | 'setProperties'
  | 'setProperty'
> {
  readonly store = new Map<string, string>();
  constructor(
    private readonly t: Tracker,
    readonly scope: string,
  ) {}
  private self(): GProperties {
    return this as unknown as GProperties;
  }
  private put(key: string, value: unknown): void {
    const v = String(value);
    if (Buffer.byteLength(key) + Buffer.byteLength(v) > 9 * 1024) throw new Error('Argument too large: value');
    this.store.set(String(key), v);
    const total = [...this.store].reduce((s, [k, x]) => s + Buffer.byteLength(k) + Buffer.byteLength(x), 0);
    if (total > 500 * 1024) {
      this.store.delete(String(key));
      throw new Error('You have exceeded the property storage quota. Please remove some properties and try again.');
    }
  }
  deleteAllProperties(): GProperties {
    this.t.hit(`${this.scope}.deleteAllProperties`);
    this.store.clear();
    return this.self();
  }
  deleteProperty(key: string): GProperties {
    this.t.hit(`${this.scope}.deleteProperty`);
    this.store.delete(key);
    return this.self();
  }
  getKeys(): string[] {
    this.t.hit(`${this.scope}.getKeys`);
    return [...this.store.keys()];
  }
  getProperties(): { [key: string]: string } {
    this.t.hit(`${this.scope}.getProperties`);
    return Object.fromEntries(this.store);
  }
  getProperty(key: string): string | null {
    this.t.hit(`${this.scope}.getProperty`);
    return this.store.get(key) ?? null;
  }
  setProperties(properties: { [key: string]: string }, deleteAllOthers?: boolean): GProperties {
    this.t.hit(`${this.scope}.setProperties`);
    if (deleteAllOthers) this.store.clear();
    for (const [k, v] of Object.entries(properties)) this.put(k, v);
    return this.self();
  }
  setProperty(key: string, value: string): GProperties {
    this.t.hit(`${this.scope}.setProperty`);
    this.put(key, value);
    return this.self();
  }
}

const PROPERTIES_SERVICE_METHODS = [
  'getDocumentProperties',
  'getScriptProperties',
  'getUserProperties',
] as const satisfies readonly (keyof GoogleAppsScript.Properties.PropertiesService)[];

export class FakePropertiesService implements Pick<
  GoogleAppsScript.Properties.PropertiesService,
  (typeof PROPERTIES_SERVICE_METHODS)[number]
> {
  readonly document: FakeProperties;
  readonly script: FakeProperties;
  readonly user: FakeProperties;
  constructor(private readonly t: Tracker) {
    this.document = new FakeProperties(t, 'DocumentProperties');
    this.script = new FakeProperties(t, 'ScriptProperties');
    this.user = new FakeProperties(t, 'UserProperties');
  }
  getDocumentProperties(): GProperties {
    return this.document as unknown as GProperties;
  }
  getScriptProperties(): GProperties {
    return this.script as unknown as GProperties;
  }
  getUserProperties(): GProperties {
    return this.user as unknown as GProperties;
  }
}
countCalls(FakePropertiesService, 'PropertiesService', PROPERTIES_SERVICE_METHODS, { tracker: (self) => self['t'] });

// ---------------------------------------------------------------- CacheService

const CACHE_METHODS = [
  'get',
  'put',
  'remove',
  'getAll',
  'putAll',
  'removeAll',
] as const satisfies readonly (keyof GCache)[];

export class FakeCache implements Pick<GCache, (typeof CACHE_METHODS)[number]> {
  readonly store = new Map<string, string>();
  constructor(private readonly t: Tracker) {}
  get(key: string): string | null {
    return this.store.get(key) ?? null;
  }
  put(key: string, value: string, _expirationInSeconds?: number): void {
    if (Buffer.byteLength(String(value)) > 100 * 1024) throw new Error('Argument too large: value');
    this.store.set(key, String(value));
  }
  remove(key: string): void {
    this.store.delete(key);
  }
  getAll(keys: string[]): { [key: string]: string } {
    return Object.fromEntries(keys.filter((k) => this.store.has(k)).map((k) => [k, this.store.get(k)!]));
  }
  putAll(values: { [key: string]: string }, _expirationInSeconds?: number): void {
    for (const [k, v] of Object.entries(values)) this.store.set(k, String(v));
  }
  removeAll(keys: string[]): void {
    for (const k of keys) this.store.delete(k);
  }
}
countCalls(FakeCache, 'Cache', CACHE_METHODS, { tracker: (self) => self['t'] });

const CACHE_SERVICE_METHODS = [
  'getDocumentCache',
  'getScriptCache',
  'getUserCache',
] as const satisfies readonly (keyof GoogleAppsScript.Cache.CacheService)[];

export class FakeCacheService implements Pick<
  GoogleAppsScript.Cache.CacheService,
  (typeof CACHE_SERVICE_METHODS)[number]
> {
  readonly document: FakeCache;
  readonly script: FakeCache;
  readonly user: FakeCache;
  constructor(private readonly t: Tracker) {
    this.document = new FakeCache(t);
    this.script = new FakeCache(t);
    this.user = new FakeCache(t);
  }
  getDocumentCache(): GCache {
    return this.document as unknown as GCache;
  }
  getScriptCache(): GCache {
    return this.script as unknown as GCache;
  }
  getUserCache(): GCache {
    return this.user as unknown as GCache;
  }
}
countCalls(FakeCacheService, 'CacheService', CACHE_SERVICE_METHODS, { tracker: (self) => self['t'] });

// ---------------------------------------------------------------- Session

/** The scope that Session.getActiveUser() and getEffectiveUser() need (Class Session, "Authorization"). */
export const USERINFO_EMAIL_SCOPE = 'https://www.googleapis.com/auth/userinfo.email';

/**
 * Session. With explicit `oauthScopes` in the manifest, Apps Script grants exactly those scopes;
 * getActiveUser()/getEffectiveUser() need userinfo.email (developers.google.com/apps-script/reference/base/session)
 * and without it throw "You do not have permission to call Session.getActiveUser. Required
 * permissions: https://www.googleapis.com/auth/userinfo.email" (the text reported in
 * github.com/hijonathan/google-scripts/issues/14 and enuchi/React-Google-Apps-Script/issues/147).
 * The scopes are read from the built manifest on every call, so a manifest without the scope fails.
 */
const SESSION_METHODS = [
  'getActiveUser',
  'getEffectiveUser',
  'getScriptTimeZone',
  'getActiveUserLocale',
  'getTemporaryActiveUserKey',
] as const satisfies readonly (keyof GoogleAppsScript.Base.Session)[];

export class FakeSession implements Pick<GoogleAppsScript.Base.Session, (typeof SESSION_METHODS)[number]> {
  private effectiveOverride: string | undefined;
  constructor(
    private readonly t: Tracker,
    /** The user at the keyboard; '' when Google does not reveal it (consumer accounts, other domains). */
    public activeUser: string,
    effectiveUser: string | undefined,
    public timeZone: string,
    /** The scopes the project was authorized for (the built manifest's oauthScopes). */
    private readonly scopes: () => readonly string[],
    /** Who the script runs as when neither user is given: the owner. */
    private readonly owner: string = '',
  ) {
    this.effectiveOverride = effectiveUser;
  }
  /**
   * The user under whose authority the script runs: in a menu or dialog execution the user who
   * clicked (Google's "run as" table), so by default the active user, else the owner.
   */
  get effectiveUser(): string {
    return this.effectiveOverride ?? (this.activeUser || this.owner);
  }
  set effectiveUser(email: string) {
    this.effectiveOverride = email;
  }
  private requireEmailScope(method: string): void {
    if (!this.scopes().includes(USERINFO_EMAIL_SCOPE)) {
      throw new Error(
        `You do not have permission to call Session.${method}. Required permissions: ${USERINFO_EMAIL_SCOPE}`,
      );
    }
  }
  getActiveUser(): GUser {
    this.requireEmailScope('getActiveUser');
    // A simple trigger does not know who is at the keyboard.
    return fakeUser(this.t.mode === 'simpleTrigger' ? '' : this.activeUser);
  }
  getEffectiveUser(): GUser {
    this.requireEmailScope('getEffectiveUser');
    return fakeUser(this.t.mode === 'simpleTrigger' ? '' : this.effectiveUser);
  }
  getScriptTimeZone(): string {
    return this.timeZone;
  }
  getActiveUserLocale(): string {
    return 'sv';
  }
  getTemporaryActiveUserKey(): string {
    return 'temporary-key-' + this.activeUser.replace(/\W/g, '');
  }
}
countCalls(FakeSession, 'Session', SESSION_METHODS, { tracker: (self) => self['t'] });

// ---------------------------------------------------------------- Utilities

/** Every element an integer in -128..127 (a loop: `some` with a callback is 5 times slower on a PDF's bytes). */
function signedBytes(data: unknown[]): boolean {
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (!Number.isInteger(b) || (b as number) < -128 || (b as number) > 127) return false;
  }
  return true;
}

function bytesOf(data: unknown, what: string): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Array.isArray(data) && !signedBytes(data)) {
    // Byte[] is Java's signed byte: 0..255 or fractions are no bytes.
    throw new Error(`Invalid argument: ${what}`);
  }
  if (Array.isArray(data) || ArrayBuffer.isView(data)) return fromBytes(data as ArrayLike<number>);
  throw new Error(`Invalid argument: ${what}`);
}

const UTILITIES_METHODS = [
  'formatDate',
  'formatString',
  'newBlob',
  'base64Encode',
  'base64EncodeWebSafe',
  'base64Decode',
  'base64DecodeWebSafe',
  'sleep',
  'getUuid',
  'computeDigest',
  'parseCsv',
  'parseDate',
  'zip',
  'unzip',
] as const satisfies readonly (keyof GoogleAppsScript.Utilities.Utilities)[];

export class FakeUtilities implements Pick<GoogleAppsScript.Utilities.Utilities, (typeof UTILITIES_METHODS)[number]> {
  readonly Charset = { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' } as unknown as typeof GoogleAppsScript.Utilities.Charset;
  readonly DigestAlgorithm = {
    MD5: 'MD5',
    SHA_1: 'SHA_1',
    SHA_256: 'SHA_256',
    SHA_512: 'SHA_512',
  } as unknown as typeof GoogleAppsScript.Utilities.DigestAlgorithm;
  /** Milliseconds passed to sleep(), in order (the fake does not wait). */
  readonly sleeps: number[] = [];
  private uuids = 0;
  constructor(private readonly t: Tracker) {}

  formatDate(date: GoogleAppsScript.Base.Date, timeZone: string, format: string): string {
    if (!isDate(date))
      throw new Error(
        "Exception: The parameters (String,String,String) don't match the method signature for Utilities.formatDate.",
      );
    return formatDateJava(date as unknown as Date, timeZone, format);
  }
  formatString(template: string, ...args: any[]): string {
    let i = 0;
    return template.replace(/%([sd%])/g, (_, k: string) =>
      k === '%' ? '%' : k === 'd' ? String(Math.trunc(Number(args[i++]))) : String(args[i++]),
    );
  }
  newBlob(data: any, contentType?: string, name?: string): GBlob {
    return new FakeBlob(this.t, bytesOf(data, 'data'), contentType ?? null, name ?? null) as unknown as GBlob;
  }
  base64Encode(data: any): string {
    return bytesOf(data, 'data').toString('base64');
  }
  base64EncodeWebSafe(data: any): string {
    return bytesOf(data, 'data').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }
  base64Decode(encoded: string): number[] {
    return toSignedBytes(Buffer.from(encoded, 'base64'));
  }
  base64DecodeWebSafe(encoded: string): number[] {
    return toSignedBytes(Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  }
  sleep(milliseconds: number): void {
    this.sleeps.push(milliseconds);
  }
  getUuid(): string {
    this.uuids++;
    return randomUUID();
  }
  computeDigest(algorithm: GoogleAppsScript.Utilities.DigestAlgorithm, value: any): number[] {
    const alg = ({ MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_512: 'sha512' } as Record<string, string>)[
      String(algorithm)
    ];
    if (!alg) throw new Error(`Fake Utilities: digest ${String(algorithm)} is not implemented`);
    return toSignedBytes(createHash(alg).update(bytesOf(value, 'value')).digest());
  }
  parseCsv(csv: string, delimiter = ','): string[][] {
    const rows: string[][] = [];
    let row: string[] = [],
      field = '',
      quoted = false;
    for (let i = 0; i < csv.length; i++) {
      const ch = csv[i];
      if (quoted) {
        if (ch === '"' && csv[i + 1] === '"') ((field += '"'), i++);
        else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === delimiter) (row.push(field), (field = ''));
      else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && csv[i + 1] === '\n') i++;
        (row.push(field), rows.push(row), (row = []), (field = ''));
      } else field += ch;
    }
    if (field !== '' || row.length) (row.push(field), rows.push(row));
    return rows;
  }
  /**
   * "Creates a new Blob object that is a zip file containing the data from the Blobs passed in"
   * (developers.google.com/apps-script/reference/utilities/utilities#zip(BlobSource,String)):
   * one entry per blob, named by the blob's name ('/' makes folders), content type application/zip.
   * A blob without a name, or two of the same name, cannot be an entry: the fake refuses them.
   */
  zip(blobs: GoogleAppsScript.Base.BlobSource[], name?: string): GBlob {
    if (!Array.isArray(blobs))
      throw new Error("Exception: The parameters (String) don't match the method signature for Utilities.zip.");
    const entries: Record<string, Uint8Array> = {};
    for (const source of blobs) {
      const blob = (source as unknown as FakeBlob).getBlob
        ? ((source as unknown as FakeBlob).getBlob() as unknown as FakeBlob)
        : (source as unknown as FakeBlob);
      if (!(blob instanceof FakeBlob)) throw new Error('Exception: Invalid argument: blobs');
      if (!blob.name) throw new Error('Exception: Blob object must have non-null name for this operation.');
      if (entries[blob.name]) throw new Error(`Exception: duplicate entry: ${blob.name}`);
      entries[blob.name] = new Uint8Array(blob.data);
    }
    // A fixed entry time, so the same blobs give the same bytes.
    const zipped = zipSync(entries, { mtime: new Date('2000-01-01T00:00:00Z') });
    return new FakeBlob(this.t, Buffer.from(zipped), 'application/zip', name ?? null) as unknown as GBlob;
  }
  /** The blobs of a zip file, named by their entries. */
  unzip(blob: GoogleAppsScript.Base.BlobSource): GBlob[] {
    const b = blob as unknown as FakeBlob;
    const files = unzipSync(new Uint8Array(b.data));
    return Object.entries(files).map(
      ([n, bytes]) => new FakeBlob(this.t, Buffer.from(bytes), null, n) as unknown as GBlob,
    );
  }
  /** Only 'yyyy-MM-dd' and 'yyyy-MM-dd HH:mm(:ss)' patterns. */
  parseDate(date: string, timeZone: string, format: string): Date {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(date.trim());
    if (!m || !/^yyyy-MM-dd/.test(format)) throw new Error(`Fake Utilities: cannot parse "${date}" with "${format}"`);
    return zonedInstant(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), timeZone);
  }
}
countCalls(FakeUtilities, 'Utilities', UTILITIES_METHODS, { tracker: (self) => self['t'] });

// ---------------------------------------------------------------- ScriptApp

export interface RecordedTrigger {
  id: string;
  handler: string;
  kind: 'clock' | 'spreadsheet';
  after?: number; // ms, for .after()
  at?: Date;
  everyMinutes?: number;
  everyHours?: number;
  everyDays?: number;
  event?: string; // onOpen, onEdit, onChange, onFormSubmit
  deleted: boolean;
}

const TRIGGER_METHODS = ['getHandlerFunction', 'getUniqueId', 'getEventType', 'getTriggerSource'] as const;

class FakeTrigger {
  constructor(
    private readonly t: Tracker,
    readonly rec: RecordedTrigger,
  ) {}
  getHandlerFunction(): string {
    return this.rec.handler;
  }
  getUniqueId(): string {
    return this.rec.id;
  }
  getEventType(): string {
    return this.rec.kind === 'clock' ? 'CLOCK' : (this.rec.event ?? '').replace(/^on/, 'ON_').toUpperCase();
  }
  getTriggerSource(): string {
    return this.rec.kind === 'clock' ? 'CLOCK' : 'SPREADSHEETS';
  }
}
countCalls(FakeTrigger, 'Trigger', TRIGGER_METHODS, { tracker: (self) => self['t'] });

const CLOCK_TRIGGER_BUILDER_METHODS = ['after', 'at', 'everyMinutes', 'everyHours', 'everyDays', 'create'] as const;

class FakeClockTriggerBuilder {
  constructor(
    private readonly t: Tracker,
    private readonly app: FakeScriptApp,
    private readonly rec: RecordedTrigger,
  ) {}
  after(durationMilliseconds: number): this {
    this.rec.after = durationMilliseconds;
    return this;
  }
  at(date: Date): this {
    this.rec.at = new Date(Date.prototype.getTime.call(date));
    return this;
  }
  everyMinutes(n: number): this {
    this.rec.everyMinutes = n;
    return this;
  }
  everyHours(n: number): this {
    this.rec.everyHours = n;
    return this;
  }
  everyDays(n: number): this {
    this.rec.everyDays = n;
    return this;
  }
  create(): FakeTrigger {
    return this.app.register(this.rec);
  }
}
countCalls(FakeClockTriggerBuilder, 'ClockTriggerBuilder', CLOCK_TRIGGER_BUILDER_METHODS, {
  tracker: (self) => self['t'],
});

const SPREADSHEET_TRIGGER_BUILDER_METHODS = ['create'] as const;

class FakeSpreadsheetTriggerBuilder {
  constructor(
    private readonly t: Tracker,
    private readonly app: FakeScriptApp,
    private readonly rec: RecordedTrigger,
  ) {}
  private on(event: string): this {
    this.t.hit(`SpreadsheetTriggerBuilder.${event}`);
    this.rec.event = event;
    return this;
  }
  onOpen(): this {
    return this.on('onOpen');
  }
  onEdit(): this {
    return this.on('onEdit');
  }
  onChange(): this {
    return this.on('onChange');
  }
  onFormSubmit(): this {
    return this.on('onFormSubmit');
  }
  create(): FakeTrigger {
    return this.app.register(this.rec);
  }
}
countCalls(FakeSpreadsheetTriggerBuilder, 'SpreadsheetTriggerBuilder', SPREADSHEET_TRIGGER_BUILDER_METHODS, {
  tracker: (self) => self['t'],
});

const SCRIPT_APP_METHODS = [
  'getOAuthToken',
  'getScriptId',
  'newTrigger',
  'getProjectTriggers',
  'deleteTrigger',
] as const;

export class FakeScriptApp {
  readonly AuthMode = { NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' };
  readonly TriggerSource = { SPREADSHEETS: 'SPREADSHEETS', CLOCK: 'CLOCK' };
  readonly EventType = { CLOCK: 'CLOCK', ON_OPEN: 'ON_OPEN', ON_EDIT: 'ON_EDIT', ON_CHANGE: 'ON_CHANGE' };
  /** Triggers created (deleted ones stay, marked). */
  readonly triggers: RecordedTrigger[] = [];
  constructor(
    private readonly t: Tracker,
    readonly scriptId: string,
  ) {}
  register(rec: RecordedTrigger): FakeTrigger {
    this.triggers.push(rec);
    return new FakeTrigger(this.t, rec);
  }
  getOAuthToken(): string {
    return 'fake-oauth-token';
  }
  getScriptId(): string {
    return this.scriptId;
  }
  newTrigger(functionName: string) {
    const rec: RecordedTrigger = {
      id: `trigger-${this.triggers.length + 1}`,
      handler: functionName,
      kind: 'clock',
      deleted: false,
    };
    return {
      timeBased: () => {
        this.t.hit('TriggerBuilder.timeBased');
        return new FakeClockTriggerBuilder(this.t, this, rec);
      },
      forSpreadsheet: (_ss: unknown) => {
        this.t.hit('TriggerBuilder.forSpreadsheet');
        rec.kind = 'spreadsheet';
        return new FakeSpreadsheetTriggerBuilder(this.t, this, rec);
      },
    };
  }
  getProjectTriggers(): FakeTrigger[] {
    return this.triggers.filter((r) => !r.deleted).map((r) => new FakeTrigger(this.t, r));
  }
  deleteTrigger(trigger: FakeTrigger): void {
    const rec = this.triggers.find((r) => r.id === trigger.rec.id);
    if (!rec || rec.deleted) throw new Error('Trigger not found');
    rec.deleted = true;
  }
}
countCalls(FakeScriptApp, 'ScriptApp', SCRIPT_APP_METHODS, { tracker: (self) => self['t'] });

// ---------------------------------------------------------------- UrlFetchApp

export interface FetchResult {
  status: number;
  body: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}
export type FetchHandler = (url: string, params: Record<string, any>) => FetchResult | undefined;

export interface RecordedFetch {
  url: string;
  params: Record<string, any>;
  status: number;
}

const HTTP_RESPONSE_METHODS = ['getResponseCode', 'getContentText', 'getBlob', 'getContent', 'getHeaders'] as const;

class FakeHttpResponse {
  constructor(
    private readonly t: Tracker,
    private readonly r: FetchResult,
  ) {}
  getResponseCode(): number {
    return this.r.status;
  }
  getContentText(): string {
    return Buffer.isBuffer(this.r.body) ? this.r.body.toString('utf8') : this.r.body;
  }
  getBlob(): GBlob {
    return new FakeBlob(
      this.t,
      Buffer.isBuffer(this.r.body) ? this.r.body : Buffer.from(this.r.body, 'utf8'),
      this.r.contentType ?? 'text/plain',
      this.r.headers?.['x-file-name'] ?? null,
    ) as unknown as GBlob;
  }
  getContent(): number[] {
    return toSignedBytes(Buffer.isBuffer(this.r.body) ? this.r.body : Buffer.from(this.r.body, 'utf8'));
  }
  getHeaders(): Record<string, string> {
    return { 'Content-Type': this.r.contentType ?? 'text/plain', ...(this.r.headers ?? {}) };
  }
}
countCalls(FakeHttpResponse, 'HTTPResponse', HTTP_RESPONSE_METHODS, { tracker: (self) => self['t'] });

/**
 * UrlFetchApp. It answers the spreadsheet's PDF export URL
 * (https://docs.google.com/spreadsheets/d/<id>/export?format=pdf&gid=<sheetId>…, with
 * "Authorization: Bearer <ScriptApp.getOAuthToken()>") with a fake PDF holding the sheet's
 * values, one row a line, cells joined by " | ". Other URLs go to `handler`, else 404.
 */
const URL_FETCH_APP_METHODS = ['fetch'] as const;

export class FakeUrlFetchApp {
  readonly fetches: RecordedFetch[] = [];
  handler: FetchHandler | null = null;
  constructor(
    private readonly t: Tracker,
    private readonly spreadsheet: FakeSpreadsheet,
  ) {}
  fetch(url: string, params: Record<string, any> = {}): FakeHttpResponse {
    const result = this.handler?.(url, params) ?? this.exportPdf(url, params) ?? { status: 404, body: 'Not Found' };
    this.fetches.push({ url, params, status: result.status });
    if (result.status >= 400 && params.muteHttpExceptions !== true) {
      throw new Error(
        `Request failed for ${url} returned code ${result.status}. Truncated server response: ${String(result.body).slice(0, 100)}`,
      );
    }
    return new FakeHttpResponse(this.t, result);
  }
  private exportPdf(url: string, params: Record<string, any>): FetchResult | undefined {
    const m = /^https:\/\/docs\.google\.com\/spreadsheets\/d\/([^/]+)\/export\?(.*)$/.exec(url);
    if (!m || m[1] !== this.spreadsheet.options.id) return undefined;
    const headers = (params.headers ?? {}) as Record<string, string>;
    const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
    if (auth !== 'Bearer fake-oauth-token') return { status: 401, body: 'Unauthorized' };
    const q = new URLSearchParams(m[2]);
    if (q.get('format') !== 'pdf') return { status: 400, body: 'Bad Request' };
    const gid = q.get('gid');
    const sheet =
      gid === null ? this.spreadsheet.sheets[0] : this.spreadsheet.sheets.find((s) => String(s.sheetId) === gid);
    if (!sheet) return { status: 400, body: 'Bad Request' };
    const tz = this.spreadsheet.options.timeZone;
    const text = sheet
      .values()
      .map((r) => r.map((v) => (isDate(v) ? isoInZone(v, tz) : String(v))).join(' | '))
      .join('\n');
    const body = `%PDF-1.4\n%FAKE-PDF export of sheet "${sheet.name}"\n${text}\n%%EOF\n`;
    return { status: 200, body, contentType: 'application/pdf', headers: { 'x-file-name': `${sheet.name}.pdf` } };
  }
}
countCalls(FakeUrlFetchApp, 'UrlFetchApp', URL_FETCH_APP_METHODS, {
  tracker: (self) => self['t'],
  target: (_self, method, [first]) => (['fetch'].includes(method) ? String(first) : undefined),
});

// ---------------------------------------------------------------- Logger

const LOGGER_METHODS = ['log', 'getLog', 'clear'] as const;

export class FakeLogger {
  readonly lines: string[] = [];
  constructor(private readonly t: Tracker) {}
  log(format: unknown, ...values: unknown[]): this {
    let i = 0;
    const text = typeof format === 'string' ? format.replace(/%s/g, () => String(values[i++])) : JSON.stringify(format);
    this.lines.push(text);
    return this;
  }
  getLog(): string {
    return this.lines.join('\n');
  }
  clear(): void {
    this.lines.length = 0;
  }
}
countCalls(FakeLogger, 'Logger', LOGGER_METHODS, { tracker: (self) => self['t'] });
