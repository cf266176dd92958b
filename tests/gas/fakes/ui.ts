// The spreadsheet's Ui (menus, alerts, prompts, dialogs) and HtmlService, recording what the
// product shows. Responses to alerts and prompts are scripted with respond(); by default an
// alert answers OK (or YES when it asks yes/no) and a prompt answers OK with ''.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Tracker } from './env';
import { countCalls } from './counting';
import { FakeBlob } from './blob';

type GUi = GoogleAppsScript.Base.Ui;
type GMenu = GoogleAppsScript.Base.Menu;
type GButton = GoogleAppsScript.Base.Button;
type GButtonSet = GoogleAppsScript.Base.ButtonSet;
type GPromptResponse = GoogleAppsScript.Base.PromptResponse;
type GHtmlOutput = GoogleAppsScript.HTML.HtmlOutput;
type GHtmlTemplate = GoogleAppsScript.HTML.HtmlTemplate;
type GBlob = GoogleAppsScript.Base.Blob;

export const Button = { CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' } as const;
export const ButtonSet = {
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
} as const;
export type ButtonName = keyof typeof Button;

export type MenuEntry =
  | { kind: 'item'; caption: string; functionName: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; caption: string; items: MenuEntry[] };

export interface RecordedMenu {
  caption: string;
  items: MenuEntry[];
}

export interface RecordedAlert {
  kind: 'alert' | 'prompt';
  title: string;
  prompt: string;
  buttons: string; // a ButtonSet name; 'OK' when none was given
  response: ButtonName;
  text?: string; // a prompt's answer
}

export interface RecordedDialog {
  kind: 'modal' | 'modeless' | 'sidebar';
  title: string; // the title argument, or the HtmlOutput's title for a sidebar
  output: FakeHtmlOutput;
  content: string;
  width: number;
  height: number;
}

const MENU_METHODS = ['addItem', 'addSeparator', 'addSubMenu', 'addToUi'] as const satisfies readonly (keyof GMenu)[];

export class FakeMenu implements GMenu {
  readonly items: MenuEntry[] = [];
  added = false;
  constructor(
    private readonly t: Tracker,
    private readonly ui: FakeUi,
    readonly caption: string,
  ) {}
  addItem(caption: string, functionName: string): GMenu {
    if (typeof caption !== 'string' || typeof functionName !== 'string')
      throw new Error('addItem(caption, functionName) takes two strings');
    this.items.push({ kind: 'item', caption, functionName });
    return this;
  }
  addSeparator(): GMenu {
    this.items.push({ kind: 'separator' });
    return this;
  }
  addSubMenu(menu: GMenu): GMenu {
    const m = menu as FakeMenu;
    this.items.push({ kind: 'submenu', caption: m.caption, items: m.items });
    return this;
  }
  addToUi(): void {
    this.added = true;
    // Adding a menu of the same name again replaces it, as in Sheets.
    const i = this.ui.menus.findIndex((m) => m.caption === this.caption);
    const rec = { caption: this.caption, items: this.items };
    if (i >= 0) this.ui.menus[i] = rec;
    else this.ui.menus.push(rec);
  }
}
countCalls(FakeMenu, 'Menu', MENU_METHODS, { tracker: (self) => self['t'] });

const UI_METHODS = [
  'alert',
  'prompt',
  'createMenu',
  'createAddonMenu',
  'showModalDialog',
  'showModelessDialog',
  'showSidebar',
] as const satisfies readonly (keyof GUi)[];

export class FakeUi implements Pick<GUi, (typeof UI_METHODS)[number]> {
  readonly Button = Button as unknown as typeof GoogleAppsScript.Base.Button;
  readonly ButtonSet = ButtonSet as unknown as typeof GoogleAppsScript.Base.ButtonSet;
  /** Menus added to the UI, in order. */
  readonly menus: RecordedMenu[] = [];
  /** Alerts and prompts, in order, with the answer given. */
  readonly alerts: RecordedAlert[] = [];
  /** Dialogs and sidebars shown, in order. */
  readonly dialogs: RecordedDialog[] = [];
  private responses: { button: ButtonName; text?: string }[] = [];

  constructor(private readonly t: Tracker) {}

  /** Scripts the answer of the next alert or prompt (queued in order). */
  respond(button: ButtonName, text?: string): void {
    this.responses.push({ button, text });
  }

  /** The menu of that caption (throws when absent). */
  menu(caption: string): RecordedMenu {
    const m = this.menus.find((x) => x.caption === caption);
    if (!m) throw new Error(`No menu "${caption}" (menus: ${this.menus.map((x) => x.caption).join(', ') || 'none'})`);
    return m;
  }

  /** The last dialog shown (throws when none). */
  lastDialog(): RecordedDialog {
    const d = this.dialogs[this.dialogs.length - 1];
    if (!d) throw new Error('No dialog was shown');
    return d;
  }

  /** The last alert (throws when none). */
  lastAlert(): RecordedAlert {
    const a = this.alerts[this.alerts.length - 1];
    if (!a) throw new Error('No alert was shown');
    return a;
  }

  private answer(buttons: string, kind: 'alert' | 'prompt'): { button: ButtonName; text?: string } {
    const scripted = this.responses.shift();
    if (scripted) return scripted;
    if (kind === 'prompt') return { button: buttons.startsWith('YES') ? 'YES' : 'OK', text: '' };
    return { button: buttons.startsWith('YES') ? 'YES' : 'OK' };
  }

  private args(a: unknown, b: unknown, c: unknown): { title: string; prompt: string; buttons: string } {
    if (c !== undefined) return { title: String(a), prompt: String(b), buttons: String(c) };
    if (b !== undefined) return { title: '', prompt: String(a), buttons: String(b) };
    return { title: '', prompt: String(a), buttons: 'OK' };
  }

  alert(a: string, b?: any, c?: any): GButton {
    const { title, prompt, buttons } = this.args(a, b, c);
    if (!(buttons in ButtonSet)) throw new Error(`Ui.alert: not a ButtonSet: ${buttons}`);
    const { button } = this.answer(buttons, 'alert');
    this.alerts.push({ kind: 'alert', title, prompt, buttons, response: button });
    return button as unknown as GButton;
  }

  prompt(a: string, b?: any, c?: any): GPromptResponse {
    const { title, prompt, buttons } = this.args(a, b, c);
    if (!(buttons in ButtonSet)) throw new Error(`Ui.prompt: not a ButtonSet: ${buttons}`);
    const { button, text = '' } = this.answer(buttons, 'prompt');
    this.alerts.push({ kind: 'prompt', title, prompt, buttons, response: button, text });
    const t = this.t;
    return {
      getResponseText: () => (t.hit('PromptResponse.getResponseText'), text),
      getSelectedButton: () => (t.hit('PromptResponse.getSelectedButton'), button as unknown as GButton),
    };
  }

  createMenu(caption: string): GMenu {
    return new FakeMenu(this.t, this, caption);
  }

  createAddonMenu(): GMenu {
    return new FakeMenu(this.t, this, 'Add-on');
  }

  private show(kind: RecordedDialog['kind'], output: GHtmlOutput, title: string | undefined): void {
    if (!(output instanceof FakeHtmlOutput))
      throw new Error(`Ui: not an HtmlOutput from HtmlService: ${String(output)}`);
    this.dialogs.push({
      kind,
      title: title ?? output.title,
      output,
      content: output.content,
      width: output.width,
      height: output.height,
    });
  }

  showModalDialog(userInterface: any, title: string): void {
    this.show('modal', userInterface, title);
  }
  showModelessDialog(userInterface: any, title: string): void {
    this.show('modeless', userInterface, title);
  }
  showSidebar(userInterface: any): void {
    this.show('sidebar', userInterface, undefined);
  }
}
countCalls(FakeUi, 'Ui', UI_METHODS, { tracker: (self) => self['t'] });

const HTML_OUTPUT_METHODS = [
  'append',
  'appendUntrusted',
  'clear',
  'getAs',
  'getBlob',
  'getContent',
  'getHeight',
  'getTitle',
  'getWidth',
  'setContent',
  'setHeight',
  'setSandboxMode',
  'setTitle',
  'setWidth',
  'setXFrameOptionsMode',
  'addMetaTag',
  'setFaviconUrl',
] as const satisfies readonly (keyof GHtmlOutput)[];

export class FakeHtmlOutput implements Pick<GHtmlOutput, (typeof HTML_OUTPUT_METHODS)[number]> {
  title = '';
  width = 600;
  height = 400;
  readonly metaTags: { name: string; content: string }[] = [];
  constructor(
    private readonly t: Tracker,
    public content: string,
  ) {}
  private self(): GHtmlOutput {
    return this as unknown as GHtmlOutput;
  }
  append(addedContent: string): GHtmlOutput {
    this.content += addedContent;
    return this.self();
  }
  appendUntrusted(addedContent: string): GHtmlOutput {
    this.content += escapeHtml(addedContent);
    return this.self();
  }
  clear(): GHtmlOutput {
    this.content = '';
    return this.self();
  }
  getAs(contentType: string): GBlob {
    return new FakeBlob(this.t, this.content, 'text/html', this.title || null).getAs(contentType);
  }
  getBlob(): GBlob {
    return new FakeBlob(this.t, this.content, 'text/html', this.title || null) as unknown as GBlob;
  }
  getContent(): string {
    return this.content;
  }
  getHeight(): number {
    return this.height;
  }
  getTitle(): string {
    return this.title;
  }
  getWidth(): number {
    return this.width;
  }
  setContent(content: string): GHtmlOutput {
    this.content = content;
    return this.self();
  }
  setHeight(height: number): GHtmlOutput {
    this.height = height;
    return this.self();
  }
  setWidth(width: number): GHtmlOutput {
    this.width = width;
    return this.self();
  }
  setTitle(title: string): GHtmlOutput {
    this.title = title;
    return this.self();
  }
  setSandboxMode(_mode: GoogleAppsScript.HTML.SandboxMode): GHtmlOutput {
    return this.self();
  }
  setXFrameOptionsMode(_mode: GoogleAppsScript.HTML.XFrameOptionsMode): GHtmlOutput {
    return this.self();
  }
  addMetaTag(name: string, content: string): GHtmlOutput {
    this.metaTags.push({ name, content });
    return this.self();
  }
  setFaviconUrl(_iconUrl: string): GHtmlOutput {
    return this.self();
  }
}
countCalls(FakeHtmlOutput, 'HtmlOutput', HTML_OUTPUT_METHODS, { tracker: (self) => self['t'] });

export function escapeHtml(s: string): string {
  return String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/**
 * An HtmlTemplate with Apps Script scriptlets: <? code ?>, <?= printed, escaped ?>,
 * <?!= printed raw ?>. Properties set on the template are variables of the scriptlets.
 */
const HTML_TEMPLATE_METHODS = [
  'evaluate',
  'getRawContent',
  'getCode',
] as const satisfies readonly (keyof GHtmlTemplate)[];

export class FakeHtmlTemplate implements Pick<GHtmlTemplate, (typeof HTML_TEMPLATE_METHODS)[number]> {
  [variable: string]: unknown;
  constructor(
    private readonly t: Tracker,
    private readonly raw: string,
  ) {}
  getRawContent(): string {
    return this.raw;
  }
  getCode(): string {
    return compileTemplate(this.raw);
  }
  evaluate(): GHtmlOutput {
    const vars: Record<string, unknown> = {};
    for (const k of Object.keys(this)) if (k !== 't' && k !== 'raw') vars[k] = this[k];
    // Scriptlets may use `with`, so the template function is sloppy-mode code.
    const fn = new Function(
      '__vars',
      '__esc',
      `var __out = ''; with (__vars) { ${compileTemplate(this.raw)} } return __out;`,
    );
    return new FakeHtmlOutput(this.t, fn(vars, escapeHtml) as string) as unknown as GHtmlOutput;
  }
}
countCalls(FakeHtmlTemplate, 'HtmlTemplate', HTML_TEMPLATE_METHODS, { tracker: (self) => self['t'] });

function compileTemplate(raw: string): string {
  let code = '';
  let i = 0;
  while (i < raw.length) {
    const start = raw.indexOf('<?', i);
    const text = raw.slice(i, start < 0 ? undefined : start);
    if (text) code += `__out += ${JSON.stringify(text)};\n`;
    if (start < 0) break;
    const end = raw.indexOf('?>', start);
    if (end < 0) throw new Error('HtmlTemplate: unterminated scriptlet');
    const inner = raw.slice(start + 2, end);
    if (inner.startsWith('!=')) code += `__out += String(${inner.slice(2)});\n`;
    else if (inner.startsWith('=')) code += `__out += __esc(String(${inner.slice(1)}));\n`;
    else code += inner + '\n';
    i = end + 2;
  }
  return code;
}

const HTML_SERVICE_METHODS = [
  'createHtmlOutput',
  'createHtmlOutputFromFile',
  'createTemplate',
  'createTemplateFromFile',
  'getUserAgent',
] as const satisfies readonly (keyof GoogleAppsScript.HTML.HtmlService)[];

export class FakeHtmlService implements Pick<GoogleAppsScript.HTML.HtmlService, (typeof HTML_SERVICE_METHODS)[number]> {
  readonly SandboxMode = {
    EMULATED: 'EMULATED',
    IFRAME: 'IFRAME',
    NATIVE: 'NATIVE',
  } as unknown as typeof GoogleAppsScript.HTML.SandboxMode;
  readonly XFrameOptionsMode = {
    ALLOWALL: 'ALLOWALL',
    DEFAULT: 'DEFAULT',
  } as unknown as typeof GoogleAppsScript.HTML.XFrameOptionsMode;
  constructor(
    private readonly t: Tracker,
    private readonly htmlDir: string,
  ) {}
  private file(filename: string): string {
    const name = filename.endsWith('.html') ? filename : `${filename}.html`;
    const path = join(this.htmlDir, name);
    if (!existsSync(path)) throw new Error(`No HTML file named ${filename} was found.`);
    return readFileSync(path, 'utf8');
  }
  createHtmlOutput(html?: any): GHtmlOutput {
    const content = html === undefined ? '' : typeof html === 'string' ? html : (html as GBlob).getDataAsString();
    return new FakeHtmlOutput(this.t, content) as unknown as GHtmlOutput;
  }
  createHtmlOutputFromFile(filename: string): GHtmlOutput {
    return new FakeHtmlOutput(this.t, this.file(filename)) as unknown as GHtmlOutput;
  }
  createTemplate(html: any): GHtmlTemplate {
    return new FakeHtmlTemplate(
      this.t,
      typeof html === 'string' ? html : (html as GBlob).getDataAsString(),
    ) as unknown as GHtmlTemplate;
  }
  createTemplateFromFile(filename: string): GHtmlTemplate {
    return new FakeHtmlTemplate(this.t, this.file(filename)) as unknown as GHtmlTemplate;
  }
  getUserAgent(): string {
    return 'Mozilla/5.0 (fake Apps Script)';
  }
}
countCalls(FakeHtmlService, 'HtmlService', HTML_SERVICE_METHODS, {
  tracker: (self) => self['t'],
  target: (_self, method, [first]) =>
    ['createHtmlOutputFromFile', 'createTemplateFromFile'].includes(method) ? String(first) : undefined,
});
