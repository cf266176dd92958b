/** Inställningar: each setting by its key, blank or missing ones from the defaults, bad values reported. */
import { Dec, type Decimal } from '../../core/money';
import type { FeeComponents, Settings, VatCategory } from '../../core/types';
import { cellText, isBlank, isEmail, parseDate, parseNumber, parseYesNo } from '../cells';
import type { CellValue } from '../port';
import { SETTING, SETTING_DEFAULTS, SETTINGS_HEADERS, headerKey, type SettingKey } from '../schema';
import { cell, checkColumns, type IssueList, type TabData } from './tab';

function defaultOf(key: SettingKey): string | number {
  return SETTING_DEFAULTS.find((s) => s.key === key)!.value;
}

export function readSettings(t: TabData, issues: IssueList): { settings: Settings; rows: Record<string, number> } {
  const found = new Map<string, { value: CellValue; row: number }>();
  if (t.layout.exists && checkColumns(t, SETTINGS_HEADERS, issues)) {
    const known = new Set(SETTING_DEFAULTS.map((s) => headerKey(s.key)));
    for (const r of t.rows) {
      const name = cellText(cell(t, r, 'Inställning'));
      const key = headerKey(name);
      if (!key) continue;
      const earlier = found.get(key);
      if (earlier) {
        issues.warning(t.layout.tab, r.row, 'Inställning', name, `Inställningen "${name}" finns redan på rad ${earlier.row}; värdet där används. Ta bort den ena raden.`);
      } else if (!known.has(key)) {
        issues.warning(t.layout.tab, r.row, 'Inställning', name, `Okänd inställning "${name}"; den används inte. Kontrollera stavningen.`);
      } else {
        found.set(key, { value: cell(t, r, 'Värde'), row: r.row });
      }
    }
  }
  const tab = t.layout.tab;
  const raw = (key: SettingKey): { value: CellValue; row?: number } => {
    const f = found.get(headerKey(key));
    if (!f || isBlank(f.value)) return { value: defaultOf(key), row: f?.row };
    return f;
  };
  const bad = (key: SettingKey, value: CellValue, row: number | undefined, what: string) =>
    issues.error(tab, row, 'Värde', cellText(value), `Inställningen "${key}" har ett ogiltigt värde. ${what}`);

  const text = (key: SettingKey): string => cellText(raw(key).value);
  const decimal = (key: SettingKey, what: string, ok: (d: Decimal) => boolean): Decimal => {
    const { value, row } = raw(key);
    const d = parseNumber(value);
    if (d === null || !ok(d)) {
      bad(key, value, row, what);
      return new Dec(String(defaultOf(key)));
    }
    return d;
  };
  const date = (key: SettingKey): string => {
    const { value, row } = raw(key);
    const d = parseDate(value);
    if (d === null) {
      bad(key, value, row, 'Skriv ett datum som ÅÅÅÅ-MM-DD.');
      return String(defaultOf(key));
    }
    return d;
  };
  const nonNegative = (d: Decimal) => d.gte(0);
  const amount = 'Ange ett belopp i kronor, 0 eller mer.';

  const days = decimal(SETTING.paymentDays, 'Ange ett helt antal dagar, 0 eller mer.', (d) => d.gte(0) && d.isInteger());
  // A percent cell ("25 %") holds 0.25: refused, since 0.25 % VAT is never meant.
  const vat = decimal(SETTING.vat, 'Ange momssatsen som ett tal i procent, t.ex. 0 eller 25 (inte som procentformat: 25 % lagras som 0,25).', (d) => d.isZero() || (d.gte(1) && d.lte(100)));

  const prefix = text(SETTING.invoicePrefix);
  let invoicePrefix = prefix;
  // At most 20 characters keeps the whole number ("<prefix>-YYYY-NNNN") inside a sheet name's 31,
  // so "<number> <municipality>" stays unique however the municipality is cut (SPEC §2.7).
  if (!/^[A-Za-zÅÄÖåäö0-9_-]{1,20}$/.test(prefix)) {
    const { value, row } = raw(SETTING.invoicePrefix);
    bad(SETTING.invoicePrefix, value, row, 'Använd 1–20 bokstäver eller siffror (även - och _), utan mellanslag, t.ex. YR.');
    invoicePrefix = String(defaultOf(SETTING.invoicePrefix));
  }

  const adminRaw = raw(SETTING.administrators);
  const administrators = cellText(adminRaw.value)
    .split(/[,;\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  for (const a of administrators) {
    if (!isEmail(a)) bad(SETTING.administrators, adminRaw.value, adminRaw.row, `"${a}" är ingen e-postadress. Skriv adresserna åtskilda med kommatecken.`);
  }
  const replyTo = text(SETTING.replyTo);
  if (replyTo !== '' && !isEmail(replyTo)) {
    const { value, row } = raw(SETTING.replyTo);
    bad(SETTING.replyTo, value, row, 'Skriv en e-postadress eller lämna tomt.');
  }
  const yesNo = (key: SettingKey, fallback: boolean): boolean => {
    const { value, row } = raw(key);
    const answer = parseYesNo(value, fallback);
    if (answer === null) bad(key, value, row, 'Skriv Ja eller Nej.');
    return answer ?? fallback;
  };
  const ocrLengthDigit = yesNo(SETTING.ocrLengthDigit, true);
  const fSkatt = yesNo(SETTING.fSkatt, false);

  // A missing or blank Momskategori follows Moms (%): S above 0, else the default E.
  const typedCategory = found.get(headerKey(SETTING.vatCategory));
  let vatCategory: VatCategory = vat.gt(0) ? 'S' : 'E';
  if (typedCategory && !isBlank(typedCategory.value)) {
    const c = cellText(typedCategory.value).toUpperCase();
    if (c === 'S' || c === 'E' || c === 'O') vatCategory = c;
    else
      bad(
        SETTING.vatCategory,
        typedCategory.value,
        typedCategory.row,
        'Skriv S (momspliktig), E (momsbefriad) eller O (utanför momsens tillämpningsområde).',
      );
  }

  const fees: FeeComponents = {
    venue: decimal(SETTING.venue, amount, nonNegative),
    pot: decimal(SETTING.pot, amount, nonNegative),
    material: decimal(SETTING.material, amount, nonNegative),
    buffer: decimal(SETTING.buffer, amount, nonNegative),
  };
  const agreementFrom = date(SETTING.agreementFrom);
  const agreementTo = date(SETTING.agreementTo);
  const rows: Record<string, number> = {};
  for (const { key } of SETTING_DEFAULTS) {
    const f = found.get(headerKey(key));
    if (f) rows[key] = f.row;
  }
  const settings: Settings = {
    association: text(SETTING.association),
    orgNumber: text(SETTING.orgNumber),
    address: text(SETTING.address),
    bankgiro: text(SETTING.bankgiro),
    paymentDays: days.toNumber(),
    fees,
    fixedCostPerYear: decimal(SETTING.fixedCost, amount, nonNegative),
    agreementFrom,
    agreementTo,
    invoicePrefix,
    vatPercent: vat,
    ocrLengthDigit,
    administrators,
    contactPerson: text(SETTING.contactPerson),
    replyTo,
    accounts: {
      receivables: text(SETTING.accountReceivables),
      courseFees: text(SETTING.accountCourseFees),
      pot: text(SETTING.accountPot),
      fixed: text(SETTING.accountFixed),
      bank: text(SETTING.accountBank),
      vat: text(SETTING.accountVat),
    },
    vatCategory,
    vatExemption: text(SETTING.vatExemption),
    vatNumber: text(SETTING.vatNumber),
    fSkatt,
  };
  return { settings, rows };
}
