/**
 * The vouchers of the bookkeeping export (SPEC §11), derived from the register alone: the lines
 * of Fakturarader as billed (their fee components, never today's settings) and the matched
 * payments. Pure; the SIE writer (./sie) turns the result into the file.
 *
 * An invoice or credit note voucher: debit Konto kundfordringar with the total; credit
 * Konto kursavgifter with the variable lines less their trainer-pot component, Konto utbildarpott
 * with that component, Konto fast kostnad with the fixed lines; debit Konto utbildarpott with the
 * payouts; credit Konto utgående moms with the VAT (total − lines). Transactions are summed per
 * account and side, in that order, zero amounts left out. A credit note's lines are its invoice's
 * negated, so its voucher is exactly minus the invoice's, transaction by transaction.
 * A payment voucher: debit Konto bank, credit Konto kundfordringar.
 */
import { sum, ZERO, type Decimal } from './money';
import { committedLines, linePotPart } from './pot';
import type { SieAccount, SieTransaction, SieVoucher } from './sie';
import type { BookkeepingAccounts, Finding, IsoDate, Ledger, RegisteredInvoice, SettingField } from './types';

/** A matched payment as the bookkeeping needs it (a row of Inbetalningar). */
export interface BookedPayment {
  date: IsoDate; // Bokföringsdag
  amount: Decimal; // Belopp
  invoice: string; // Faktura: the matched document's number
  bankReference: string; // Bankreferens
}

export interface Period {
  from: IsoDate | null; // inclusive; null = from the first document
  to: IsoDate | null; // inclusive; null = up to the last
}

export type AccountRole = keyof BookkeepingAccounts;

/** #KONTO names: what each account holds in this product's books. */
export const ACCOUNT_NAMES: Record<AccountRole, string> = {
  receivables: 'Kundfordringar',
  courseFees: 'Kursavgifter Yrkesresan',
  pot: 'Utbildarpott Yrkesresan',
  fixed: 'Fast kostnad projektledare Yrkesresan',
  bank: 'Bank',
  vat: 'Utgående moms',
};

const ROLE_ORDER: readonly AccountRole[] = ['receivables', 'courseFees', 'pot', 'fixed', 'bank', 'vat'];

/**
 * Which account numbers are accepted: 4 digits as in the BAS and Kommun-Bas charts (first digit
 * 1–8, the account class), optionally followed by up to two more digits, the sub-accounts that
 * many municipal charts built on Kommun-Bas use (e.g. 151001).
 */
export const ACCOUNT_PATTERN = /^[1-8][0-9]{3}([0-9]{1,2})?$/;

/** Every account setting present and a valid account number (SPEC §2.1): errors about the settings, before anything is written. */
export function accountFindings(accounts: BookkeepingAccounts): Finding[] {
  const found: Finding[] = [];
  for (const role of ROLE_ORDER) {
    const value = accounts[role].trim();
    const field = `accounts.${role}` as SettingField;
    if (value === '') {
      found.push({
        severity: 'error',
        about: { kind: 'setting', fields: [field] },
        value: '',
        message: (n) => `Inställningen ${n.setting(field)} saknas: bokföringsexporten behöver ett kontonummer.`,
      });
    } else if (!ACCOUNT_PATTERN.test(value)) {
      found.push({
        severity: 'error',
        about: { kind: 'setting', fields: [field] },
        value,
        message: (n) =>
          `Inställningen ${n.setting(field)} "${value}" är inget giltigt kontonummer: skriv 4 siffror som i BAS- och Kommun-Bas-kontoplanen (t.ex. 1510), eller 5–6 siffror för ett underkonto.`,
      });
    }
  }
  return found;
}

export function inPeriod(date: IsoDate, period: Period): boolean {
  return (period.from === null || date >= period.from) && (period.to === null || date <= period.to);
}

/** The documents (invoices and credit notes) dated in the period, by date then number. */
export function documentsInPeriod(ledger: Ledger, period: Period): RegisteredInvoice[] {
  return ledger.invoices
    .filter((i) => inPeriod(i.invoiceDate, period))
    .sort((a, b) =>
      a.invoiceDate < b.invoiceDate
        ? -1
        : a.invoiceDate > b.invoiceDate
          ? 1
          : a.number < b.number
            ? -1
            : a.number > b.number
              ? 1
              : 0,
    );
}

interface Posting {
  role: AccountRole;
  amount: Decimal;
}

/** The postings of one document, in the order of the module comment, before summing per account. */
function documentPostings(invoice: RegisteredInvoice, lines: ReturnType<typeof committedLines>): Posting[] {
  let courseFees = ZERO;
  let potIn = ZERO;
  let fixed = ZERO;
  let potOut = ZERO;
  for (const { line } of lines) {
    if (line.kind === 'variable') {
      const pot = linePotPart(line);
      potIn = potIn.plus(pot);
      courseFees = courseFees.plus(line.amount.minus(pot));
    } else if (line.kind === 'fixed') {
      fixed = fixed.plus(line.amount);
    } else {
      potOut = potOut.plus(line.amount); // negative: paid to the municipality
    }
  }
  const net = sum(lines.map((l) => l.line.amount));
  const vat = invoice.total.minus(net);
  return [
    { role: 'receivables', amount: invoice.total },
    { role: 'courseFees', amount: courseFees.negated() },
    { role: 'pot', amount: potIn.negated() },
    { role: 'fixed', amount: fixed.negated() },
    { role: 'pot', amount: potOut.negated() },
    { role: 'vat', amount: vat.negated() },
  ];
}

/**
 * Postings to transactions: several roles may share one account number (a chart with one revenue
 * account); same account and same side are summed, zero amounts dropped.
 */
function transactions(postings: Posting[], accounts: BookkeepingAccounts): SieTransaction[] {
  const out: SieTransaction[] = [];
  const index = new Map<string, number>();
  for (const p of postings) {
    if (p.amount.isZero()) continue;
    const account = accounts[p.role].trim();
    const key = `${account}${p.amount.isNegative() ? '-' : '+'}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, out.length);
      out.push({ account, amount: p.amount });
    } else {
      out[at] = { account, amount: out[at].amount.plus(p.amount) };
    }
  }
  return out;
}

export interface Bookkeeping {
  vouchers: SieVoucher[];
  accounts: SieAccount[]; // every account used, with its name, in account-number order
  documents: RegisteredInvoice[]; // the documents booked, in voucher order
  payments: BookedPayment[]; // the payments booked, in voucher order
}

/** The vouchers of the period: every document dated in it, then every matched payment booked in it, each by date. */
export function bookkeeping(
  ledger: Ledger,
  payments: readonly BookedPayment[],
  accounts: BookkeepingAccounts,
  period: Period,
): Bookkeeping {
  const documents = documentsInPeriod(ledger, period);
  const linesByNumber = new Map<string, ReturnType<typeof committedLines>>();
  for (const l of committedLines(ledger)) {
    const list = linesByNumber.get(l.invoiceNumber);
    if (list) list.push(l);
    else linesByNumber.set(l.invoiceNumber, [l]);
  }
  const municipalityOf = new Map(ledger.invoices.map((i) => [i.number, i.municipality]));
  const vouchers: SieVoucher[] = [];
  const used = new Map<string, AccountRole>();
  const note = (ts: SieTransaction[], roles: AccountRole[]) => {
    for (const role of roles) {
      const account = accounts[role].trim();
      if (ts.some((t) => t.account === account) && !used.has(account)) used.set(account, role);
    }
  };
  for (const invoice of documents) {
    const ts = transactions(documentPostings(invoice, linesByNumber.get(invoice.number) ?? []), accounts);
    note(ts, ROLE_ORDER.slice());
    vouchers.push({ date: invoice.invoiceDate, text: `${invoice.number} ${invoice.municipality}`, transactions: ts });
  }
  const booked = payments
    .filter((p) => inPeriod(p.date, period) && !p.amount.isZero())
    .slice()
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const p of booked) {
    const ts = transactions(
      [
        { role: 'bank', amount: p.amount },
        { role: 'receivables', amount: p.amount.negated() },
      ],
      accounts,
    );
    note(ts, ['bank', 'receivables']);
    const municipality = municipalityOf.get(p.invoice);
    vouchers.push({
      date: p.date,
      text: `Inbetalning ${p.invoice}${municipality ? ` ${municipality}` : ''}`,
      transactions: ts,
    });
  }
  const accountList = [...used]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([number, role]) => ({ number, name: accountName(number, accounts, role) }));
  return { vouchers, accounts: accountList, documents, payments: booked };
}

/** The #KONTO name: the role's, or the roles' joined when several settings name the same account. */
function accountName(number: string, accounts: BookkeepingAccounts, first: AccountRole): string {
  const roles = ROLE_ORDER.filter((r) => accounts[r].trim() === number);
  return roles.length > 1 ? roles.map((r) => ACCOUNT_NAMES[r]).join(' / ') : ACCOUNT_NAMES[first];
}
