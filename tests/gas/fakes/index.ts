// createGasEnvironment(): a fresh, in-memory Apps Script world for one test. See README.md in
// this folder for the API.
import { FakeXmlService } from './xml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tracker } from './env';
import { FakeSpreadsheet, FakeSpreadsheetApp, type SeedValue } from './spreadsheet';
import { FakeHtmlService, FakeUi } from './ui';
import {
  FakeCacheService,
  FakeLockService,
  FakeLogger,
  FakeMailApp,
  FakePropertiesService,
  FakeScriptApp,
  FakeSession,
  FakeUrlFetchApp,
  FakeUtilities,
} from './services';

export * from './env';
export * from './values';
export * from './spreadsheet';
export * from './ui';
export * from './blob';
export * from './services';
export * from './xml';

export interface GasEnvironmentOptions {
  /** Tabs to create, in order (values stored as given; strings are not parsed). */
  tabs?: Record<string, SeedValue[][]>;
  /** Session.getActiveUser().getEmail(); '' = not revealed. Default 'admin@norrbotten.example'. */
  activeUser?: string;
  /** Session.getEffectiveUser(); default the active user, or the owner when that is ''. */
  effectiveUser?: string;
  /** Spreadsheet owner; default 'agare@norrbotten.example'. */
  owner?: string;
  /** Further editors of the spreadsheet; default [active user]. */
  editors?: string[];
  /** A consumer account: Protection.setDomainEdit throws. Default false. */
  consumer?: boolean;
  /** MailApp.getRemainingDailyQuota() at start. Default 100. */
  mailQuota?: number;
  /** Where createHtmlOutputFromFile reads NAME.html. Default dist/gas of this repository. */
  htmlDir?: string;
  /** The spreadsheet's time zone (File › Settings). Default 'Europe/Stockholm'. */
  timeZone?: string;
  /** The script's time zone (appsscript.json `timeZone`, Session.getScriptTimeZone()). Default `timeZone`. */
  scriptTimeZone?: string;
  spreadsheetId?: string;
  spreadsheetName?: string;
  /**
   * The manifest whose `oauthScopes` the project was authorized for. Default dist/gas/appsscript.json
   * (the built one), read on every Session call: Session refuses to name users without userinfo.email.
   */
  manifestPath?: string;
  /** The authorized scopes, instead of reading the manifest. */
  oauthScopes?: string[];
}

/** The `oauthScopes` of a manifest file ([] when it lists none). */
export function manifestScopes(path: string): string[] {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { oauthScopes?: unknown };
  return Array.isArray(manifest.oauthScopes) ? manifest.oauthScopes.map(String) : [];
}

export interface GasGlobals {
  SpreadsheetApp: FakeSpreadsheetApp;
  HtmlService: FakeHtmlService;
  MailApp: FakeMailApp;
  LockService: FakeLockService;
  PropertiesService: FakePropertiesService;
  CacheService: FakeCacheService;
  Session: FakeSession;
  Utilities: FakeUtilities;
  ScriptApp: FakeScriptApp;
  UrlFetchApp: FakeUrlFetchApp;
  Logger: FakeLogger;
  XmlService: FakeXmlService;
}

export interface GasEnvironment {
  /** The services, to put into a vm context (loadBundle does). */
  globals: GasGlobals;
  /** The active spreadsheet (seed/read helpers are not counted as calls). */
  spreadsheet: FakeSpreadsheet;
  /** Menus, alerts, prompts, dialogs; respond() scripts answers. */
  ui: FakeUi;
  /** MailApp: sent messages, quota, failFor(). */
  mail: FakeMailApp;
  /** Document/script/user locks; set lock.document.heldElsewhere = true to simulate another run. */
  locks: FakeLockService;
  properties: FakePropertiesService;
  session: FakeSession;
  utilities: FakeUtilities;
  scriptApp: FakeScriptApp;
  urlFetch: FakeUrlFetchApp;
  logger: FakeLogger;
  /** Call counts by kind ('Range.getValues', 'Spreadsheet.getSheetByName', …); live object. */
  calls: Record<string, number>;
  /** The tracker: log of calls in order, count(), countMatching(), reset(), runAs(). */
  tracker: Tracker;
  /** The n-th call of `kind` from now throws (see Tracker.failAt). */
  failAt(kind: string, n: number, error?: Error | string): void;
  /** Runs fn as a custom function would run: spreadsheet writes, Ui, MailApp… are refused. */
  asCustomFunction<T>(fn: () => T): T;
  /** Runs fn as a simple trigger (onOpen) would run: no services that need authorization. */
  asSimpleTrigger<T>(fn: () => T): T;
}

export function createGasEnvironment(options: GasEnvironmentOptions = {}): GasEnvironment {
  const t = new Tracker();
  const timeZone = options.timeZone ?? 'Europe/Stockholm';
  const activeUser = options.activeUser ?? 'admin@norrbotten.example';
  const owner = options.owner ?? 'agare@norrbotten.example';
  const distGas = join(import.meta.dirname, '../../../dist/gas');
  const manifestPath = options.manifestPath ?? join(distGas, 'appsscript.json');
  const scopes = options.oauthScopes ? () => options.oauthScopes! : () => manifestScopes(manifestPath);
  const spreadsheet = new FakeSpreadsheet(t, {
    id: options.spreadsheetId ?? '1FakeSpreadsheetIdForYrkesresan',
    name: options.spreadsheetName ?? 'Yrkesresan fakturering',
    timeZone,
    locale: 'sv_SE',
    owner,
    editors: options.editors ?? (activeUser ? [activeUser] : []),
    consumer: options.consumer ?? false,
  });
  // Protections are enforced for the user the script runs as: in a menu or dialog execution, the
  // user who clicked (Session's effective user).
  spreadsheet.userSource = () => globals.Session.effectiveUser;
  if (options.tabs) spreadsheet.seedAll(options.tabs);
  else spreadsheet.addSheet('Blad1');
  const ui = new FakeUi(t);
  const globals: GasGlobals = {
    SpreadsheetApp: new FakeSpreadsheetApp(t, spreadsheet, () => ui as unknown as GoogleAppsScript.Base.Ui),
    HtmlService: new FakeHtmlService(t, options.htmlDir ?? distGas),
    MailApp: new FakeMailApp(t, options.mailQuota ?? 100),
    LockService: new FakeLockService(t),
    PropertiesService: new FakePropertiesService(t),
    CacheService: new FakeCacheService(t),
    Session: new FakeSession(t, activeUser, options.effectiveUser, options.scriptTimeZone ?? timeZone, scopes, owner),
    Utilities: new FakeUtilities(t),
    ScriptApp: new FakeScriptApp(t, '1FakeScriptId'),
    UrlFetchApp: new FakeUrlFetchApp(t, spreadsheet),
    Logger: new FakeLogger(t),
    XmlService: new FakeXmlService(t),
  };
  return {
    globals,
    spreadsheet,
    ui,
    mail: globals.MailApp,
    locks: globals.LockService,
    properties: globals.PropertiesService,
    session: globals.Session,
    utilities: globals.Utilities,
    scriptApp: globals.ScriptApp,
    urlFetch: globals.UrlFetchApp,
    logger: globals.Logger,
    calls: t.calls,
    tracker: t,
    failAt: (kind, n, error) => t.failAt(kind, n, error),
    asCustomFunction: (fn) => t.runAs('customFunction', fn),
    asSimpleTrigger: (fn) => t.runAs('simpleTrigger', fn),
  };
}
