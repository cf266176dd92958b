/**
 * Inställningar: each setting by its key, blank or missing ones from the defaults, bad values
 * reported. Read in stages: the rows by key (repeats and unknown keys warned about), then one
 * small reader per kind of value (text, amount, date, yes/no) and per group of settings.
 */
import { Dec, type Decimal } from '../../core/money';
import { MAX_DAYS_PER_ROW } from '../../core/validate';
import type { BookkeepingAccounts, FeeComponents, Settings, VatCategory } from '../../core/types';
import { cellText, isBlank, isEmail, parseDate, parseNumber, parseYesNo } from '../cells';
import type { CellValue } from '../port';
import { REQUIRED_COLUMNS, SETTING, SETTING_DEFAULTS, TAB, headerKey, type SettingKey } from '../schema';
import { cell, checkColumns, type IssueList, type TabData } from './tab';

type Found = Map<string, { value: CellValue; row: number }>;

function defaultOf(key: SettingKey): string | number {
  return SETTING_DEFAULTS.find((s) => s.key === key)!.value;
}

/** The Värde of each known setting by its key; repeated and unknown keys are warned about. */
function settingRows(t: TabData, issues: IssueList): Found {
  const found: Found = new Map();
  if (!t.layout.exists || !checkColumns(t, REQUIRED_COLUMNS[TAB.settings], issues)) return found;
  const known = new Set(SETTING_DEFAULTS.map((s) => headerKey(s.key)));
  for (const r of t.rows) {
    const name = cellText(cell(t, r, 'Inställning'));
    const key = headerKey(name);
    if (!key) continue;
    const earlier = found.get(key);
    if (earlier) {
      issues.warning(
        t.layout.tab,
        r.row,
        'Inställning',
        name,
        `Inställningen "${name}" finns redan på rad ${earlier.row}; värdet där används. Ta bort den ena raden.`,
      );
    } else if (!known.has(key)) {
      issues.warning(
        t.layout.tab,
        r.row,
        'Inställning',
        name,
        `Okänd inställning "${name}"; den används inte. Kontrollera stavningen.`,
      );
    } else {
      found.set(key, { value: cell(t, r, 'Värde'), row: r.row });
    }
  }
  return found;
}

const AMOUNT = 'Ange ett belopp i kronor, 0 eller mer.';
const nonNegative = (d: Decimal) => d.gte(0);

/** Typed values of the settings, each bad one reported at its row and replaced by its default. */
class SettingValues {
  constructor(
    private readonly found: Found,
    private readonly tab: string,
    private readonly issues: IssueList,
  ) {}

  /** The typed cell, or the default when the row is missing or blank (`row` kept when there is one). */
  raw(key: SettingKey): { value: CellValue; row?: number } {
    const f = this.found.get(headerKey(key));
    if (!f || isBlank(f.value)) return { value: defaultOf(key), row: f?.row };
    return f;
  }

  /** The cell as typed, blank included (Momskategori's default depends on Moms). */
  typed(key: SettingKey): { value: CellValue; row: number } | undefined {
    return this.found.get(headerKey(key));
  }

  bad(key: SettingKey, value: CellValue, row: number | undefined, what: string): void {
    this.issues.error(
      this.tab,
      row,
      'Värde',
      cellText(value),
      `Inställningen "${key}" har ett ogiltigt värde. ${what}`,
    );
  }

  text(key: SettingKey): string {
    return cellText(this.raw(key).value);
  }

  decimal(key: SettingKey, what: string, ok: (d: Decimal) => boolean): Decimal {
    const { value, row } = this.raw(key);
    const d = parseNumber(value);
    if (d !== null && ok(d)) return d;
    this.bad(key, value, row, what);
    return new Dec(String(defaultOf(key)));
  }

  date(key: SettingKey): string {
    const { value, row } = this.raw(key);
    const d = parseDate(value);
    if (d !== null) return d;
    this.bad(key, value, row, 'Skriv ett datum som ÅÅÅÅ-MM-DD.');
    return String(defaultOf(key));
  }

  yesNo(key: SettingKey, fallback: boolean): boolean {
    const { value, row } = this.raw(key);
    const answer = parseYesNo(value, fallback);
    if (answer === null) this.bad(key, value, row, 'Skriv Ja eller Nej.');
    return answer ?? fallback;
  }
}

/** The characters a Fakturaprefix may have (also how Logg's readers find a number in a text). */
export const PREFIX_CHARACTERS = '[A-Za-zÅÄÖåäö0-9_-]';
// At most 20 characters keeps the whole number ("<prefix>-YYYY-NNNN") inside a sheet name's 31,
// so "<number> <municipality>" stays unique however the municipality is cut (SPEC §2.7).
const PREFIX = new RegExp(`^${PREFIX_CHARACTERS}{1,20}$`);

function invoicePrefix(v: SettingValues): string {
  const prefix = v.text(SETTING.invoicePrefix);
  if (PREFIX.test(prefix)) return prefix;
  const { value, row } = v.raw(SETTING.invoicePrefix);
  v.bad(
    SETTING.invoicePrefix,
    value,
    row,
    'Använd 1–20 bokstäver eller siffror (även - och _), utan mellanslag, t.ex. YR.',
  );
  return String(defaultOf(SETTING.invoicePrefix));
}

/** Lower-cased addresses, separated by commas, semicolons or spaces. */
function administrators(v: SettingValues): string[] {
  const { value, row } = v.raw(SETTING.administrators);
  const list = cellText(value)
    .split(/[,;\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  for (const a of list) {
    if (!isEmail(a))
      v.bad(
        SETTING.administrators,
        value,
        row,
        `"${a}" är ingen e-postadress. Skriv adresserna åtskilda med kommatecken.`,
      );
  }
  return list;
}

function replyTo(v: SettingValues): string {
  const address = v.text(SETTING.replyTo);
  if (address !== '' && !isEmail(address)) {
    const { value, row } = v.raw(SETTING.replyTo);
    v.bad(SETTING.replyTo, value, row, 'Skriv en e-postadress eller lämna tomt.');
  }
  return address;
}

/** A missing or blank Momskategori follows Moms (%): S above 0, else the default E. */
function vatCategory(v: SettingValues, vat: Decimal): VatCategory {
  const typed = v.typed(SETTING.vatCategory);
  if (!typed || isBlank(typed.value)) return vat.gt(0) ? 'S' : 'E';
  const c = cellText(typed.value).toUpperCase();
  if (c === 'S' || c === 'E' || c === 'O') return c;
  v.bad(
    SETTING.vatCategory,
    typed.value,
    typed.row,
    'Skriv S (momspliktig), E (momsbefriad) eller O (utanför momsens tillämpningsområde).',
  );
  return vat.gt(0) ? 'S' : 'E';
}

function fees(v: SettingValues): FeeComponents {
  return {
    venue: v.decimal(SETTING.venue, AMOUNT, nonNegative),
    pot: v.decimal(SETTING.pot, AMOUNT, nonNegative),
    material: v.decimal(SETTING.material, AMOUNT, nonNegative),
    buffer: v.decimal(SETTING.buffer, AMOUNT, nonNegative),
  };
}

function accounts(v: SettingValues): BookkeepingAccounts {
  return {
    receivables: v.text(SETTING.accountReceivables),
    courseFees: v.text(SETTING.accountCourseFees),
    pot: v.text(SETTING.accountPot),
    fixed: v.text(SETTING.accountFixed),
    bank: v.text(SETTING.accountBank),
    vat: v.text(SETTING.accountVat),
  };
}

/** The sheet row of each setting key found (for locating findings about settings). */
function rowsByKey(found: Found): Record<string, number> {
  const rows: Record<string, number> = {};
  for (const { key } of SETTING_DEFAULTS) {
    const f = found.get(headerKey(key));
    if (f) rows[key] = f.row;
  }
  return rows;
}

export function readSettings(t: TabData, issues: IssueList): { settings: Settings; rows: Record<string, number> } {
  const found = settingRows(t, issues);
  const v = new SettingValues(found, t.layout.tab, issues);
  // Read in this order, so that the errors keep the order administrators have seen them in.
  const days = v.decimal(
    SETTING.paymentDays,
    'Ange ett helt antal dagar, 0 eller mer.',
    (d) => d.gte(0) && d.isInteger(),
  );
  // A percent cell ("25 %") holds 0.25: refused, since 0.25 % VAT is never meant.
  const vat = v.decimal(
    SETTING.vat,
    'Ange momssatsen som ett tal i procent, t.ex. 0 eller 25 (inte som procentformat: 25 % lagras som 0,25).',
    (d) => d.isZero() || (d.gte(1) && d.lte(100)),
  );
  const prefix = invoicePrefix(v);
  const admins = administrators(v);
  const reply = replyTo(v);
  const ocrLengthDigit = v.yesNo(SETTING.ocrLengthDigit, true);
  const fSkatt = v.yesNo(SETTING.fSkatt, false);
  const category = vatCategory(v, vat);
  const feeComponents = fees(v);
  const agreementFrom = v.date(SETTING.agreementFrom);
  const agreementTo = v.date(SETTING.agreementTo);
  const plausibleDays = v.decimal(
    SETTING.plausibleDays,
    `Ange ett helt antal dagar från 1 till ${MAX_DAYS_PER_ROW}.`,
    (d) => d.isInteger() && d.gte(1) && d.lte(MAX_DAYS_PER_ROW),
  );
  const settings: Settings = {
    association: v.text(SETTING.association),
    orgNumber: v.text(SETTING.orgNumber),
    address: v.text(SETTING.address),
    bankgiro: v.text(SETTING.bankgiro),
    paymentDays: days.toNumber(),
    fees: feeComponents,
    fixedCostPerYear: v.decimal(SETTING.fixedCost, AMOUNT, nonNegative),
    agreementFrom,
    agreementTo,
    invoicePrefix: prefix,
    vatPercent: vat,
    ocrLengthDigit,
    administrators: admins,
    contactPerson: v.text(SETTING.contactPerson),
    replyTo: reply,
    accounts: accounts(v),
    vatCategory: category,
    vatExemption: v.text(SETTING.vatExemption),
    vatNumber: v.text(SETTING.vatNumber),
    fSkatt,
    plausibleDaysPerRow: plausibleDays.toNumber(),
  };
  return { settings, rows: rowsByKey(found) };
}
