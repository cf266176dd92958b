/**
 * ISO 20022 camt.054, BankToCustomerDebitCreditNotification, versions 001.02–001.08: the
 * notification of booked entries that Swedish banks give for incoming payments to a bankgiro.
 *
 *   Document / BkToCstmrDbtCdtNtfctn / Ntfctn (1..n) / Ntry (0..n): an entry with Amt, CdtDbtInd,
 *     Sts, BookgDt, AcctSvcrRef, NtryRef;
 *   Ntry / NtryDtls (0..n) / TxDtls (0..n): a payment of the entry (a batch entry has several) with
 *     Refs/AcctSvcrRef, Amt or AmtDtls/TxAmt/Amt, RltdPties/Dbtr(/Pty)/Nm, RmtInf/Strd/CdtrRefInf/Ref
 *     and RmtInf/Ustrd.
 *
 * Only credit entries (CRDT) are payments; debit entries, and pending or informational ones,
 * are skipped. Each host parses the XML with its own parser (xml.ts); the mapping is this one.
 */
import { isIsoDate } from '../dates';
import { Dec, toOre, type Decimal } from '../money';
import { fileErrors, type BankFileResult, type BankPayment } from './types';
import type { XmlElement, XmlParser } from './xml';

type Node = XmlElement;

function children(node: Node | undefined, name: string): Node[] {
  return node === undefined ? [] : node.children(name);
}

/** The first element along a path of child names. */
function at(node: Node | undefined, ...path: string[]): Node | undefined {
  let n: Node | undefined = node;
  for (const name of path) {
    n = children(n, name)[0];
    if (n === undefined) return undefined;
  }
  return n;
}

function text(node: Node | undefined): string {
  return node === undefined ? '' : node.text();
}

const textAt = (node: Node | undefined, ...path: string[]) => text(at(node, ...path));

function attribute(node: Node | undefined, name: string): string {
  return node === undefined ? '' : node.attribute(name);
}

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3}\.\d{3}\.\d{2})$/;
const SUPPORTED = /^camt\.054\.001\.0[2-8]$/;

function amountOf(node: Node | undefined): { amount: Decimal | null; raw: string; currency: string } {
  const raw = text(node);
  const currency = attribute(node, 'Ccy');
  if (!/^\d{1,18}(\.\d{1,5})?$/.test(raw)) return { amount: null, raw, currency };
  return { amount: toOre(new Dec(raw)), raw, currency };
}

function dateOf(node: Node | undefined): string {
  const d = textAt(node, 'Dt') || textAt(node, 'DtTm').slice(0, 10);
  return isIsoDate(d) ? d : '';
}

/** The payer: Dbtr/Nm (001.02–001.07) or Dbtr/Pty/Nm (001.08), else the ultimate debtor. */
function payerOf(tx: Node): string {
  const parties = at(tx, 'RltdPties');
  for (const role of ['Dbtr', 'UltmtDbtr']) {
    const name = textAt(parties, role, 'Nm') || textAt(parties, role, 'Pty', 'Nm');
    if (name) return name;
  }
  return '';
}

/** The structured creditor reference (with or without the SCOR type), and the free text. */
function remittance(tx: Node): { reference: string; message: string } {
  const info = children(tx, 'RmtInf');
  const references: string[] = [];
  const texts: string[] = [];
  for (const rmt of info) {
    for (const strd of children(rmt, 'Strd')) {
      for (const cri of children(strd, 'CdtrRefInf')) {
        const ref = textAt(cri, 'Ref');
        if (ref) references.push(ref);
      }
      for (const add of children(strd, 'AddtlRmtInf')) if (text(add)) texts.push(text(add));
    }
    for (const u of children(rmt, 'Ustrd')) if (text(u)) texts.push(text(u));
  }
  // A second structured reference is kept as text: it may still name an invoice.
  return { reference: references[0] ?? '', message: [...references.slice(1), ...texts].join(' ') };
}

function messageType(ns: string, rootName: string, rootChild: string): string {
  const m = NAMESPACE.exec(ns);
  if (m) return `ISO 20022-meddelandet ${m[1]}`;
  return rootChild ? `XML med <${rootName}> och <${rootChild}>` : `XML med rotelementet <${rootName}>`;
}

type Amount = ReturnType<typeof amountOf>;

/** The notification and its version, or why the file is no camt.054 the tool reads. */
function notificationOf(xml: string, parse: XmlParser): { notification: Node; version: string } | { errors: string[] } {
  const parsed = parse(xml);
  if ('errorLine' in parsed) {
    const line = parsed.errorLine > 0 ? ` (fel på rad ${parsed.errorLine})` : '';
    return {
      errors: [`Filen är inte giltig XML${line}. Den kan vara avkortad eller skadad; hämta den på nytt från banken.`],
    };
  }
  const { root, namespace: ns } = parsed;
  const rootName = root.name;
  const notification = rootName === 'Document' ? at(root, 'BkToCstmrDbtCdtNtfctn') : undefined;
  const version = NAMESPACE.exec(ns)?.[1] ?? '';
  if (!notification || (version !== '' && !version.startsWith('camt.054.'))) {
    const rootChild = root.childNames()[0] ?? '';
    return {
      errors: [
        `Filen är ${messageType(ns, rootName, rootChild)}, inte en camt.054-avisering om insättningar (BankToCustomerDebitCreditNotification). Hämta filen med inbetalningar i formatet camt.054 från banken.`,
      ],
    };
  }
  if (version !== '' && !SUPPORTED.test(version)) {
    return { errors: [`Filen är ${version}; verktyget läser camt.054 i versionerna 001.02–001.08.`] };
  }
  return { notification, version };
}

/** What the payments of an entry share: where it is, its bank reference, amount and booking day. */
interface EntryContext {
  place: string;
  entryRef: string;
  entryAmount: Amount;
  date: string;
  transactions: Node[];
}

/** A booked credit entry's shared facts, null when it is skipped (a debit, not booked yet), or an error. */
function entryContext(entry: Node, entryNo: number): EntryContext | null | { error: string } {
  const entryRef = textAt(entry, 'AcctSvcrRef') || textAt(entry, 'NtryRef');
  const place = `Post ${entryNo}${entryRef ? ` (${entryRef})` : ''}`;
  const indicator = textAt(entry, 'CdtDbtInd');
  if (indicator === 'DBIT') return null;
  if (indicator !== 'CRDT') return { error: `${place}: CdtDbtInd ska vara CRDT eller DBIT, inte "${indicator}".` };
  const status = textAt(entry, 'Sts') || textAt(entry, 'Sts', 'Cd');
  if (status === 'PDNG' || status === 'INFO') return null; // not booked yet
  const entryAmount = amountOf(at(entry, 'Amt'));
  if (entryAmount.amount === null) return { error: `${place}: beloppet "${entryAmount.raw}" är inget tal.` };
  const date = dateOf(at(entry, 'BookgDt')) || dateOf(at(entry, 'ValDt'));
  if (!date) return { error: `${place}: bokföringsdag (BookgDt) saknas eller är inget datum.` };
  const transactions = children(entry, 'NtryDtls').flatMap((d) => children(d, 'TxDtls'));
  return { place, entryRef, entryAmount, date, transactions };
}

/** An entry without transaction details is one payment. */
function entryPayment(entry: Node, c: EntryContext): BankPayment | { error: string } {
  if (c.entryAmount.currency && c.entryAmount.currency !== 'SEK')
    return { error: `${c.place}: valutan ${c.entryAmount.currency} stöds inte; bara SEK.` };
  if (!c.entryRef) return { error: `${c.place}: bankens referens (AcctSvcrRef eller NtryRef) saknas.` };
  return {
    bankReference: c.entryRef,
    date: c.date,
    amount: c.entryAmount.amount!,
    reference: '',
    message: textAt(entry, 'AddtlNtryInf'),
    payer: '',
    where: c.place,
  };
}

/** A credit transaction of an entry is a payment (a debit one is skipped: null). */
function transactionPayment(tx: Node, t: number, c: EntryContext): BankPayment | null | { error: string } {
  const many = c.transactions.length > 1;
  const txPlace = many ? `${c.place}, transaktion ${t + 1}` : c.place;
  if (textAt(tx, 'CdtDbtInd') === 'DBIT') return null;
  const txAmountNode = at(tx, 'Amt') ?? at(tx, 'AmtDtls', 'TxAmt', 'Amt') ?? at(tx, 'AmtDtls', 'InstdAmt', 'Amt');
  const amount = txAmountNode !== undefined ? amountOf(txAmountNode) : many ? null : c.entryAmount;
  if (amount === null) return { error: `${txPlace}: transaktionens belopp (Amt) saknas.` };
  if (amount.amount === null) return { error: `${txPlace}: beloppet "${amount.raw}" är inget tal.` };
  const currency = amount.currency || c.entryAmount.currency;
  if (currency && currency !== 'SEK') return { error: `${txPlace}: valutan ${currency} stöds inte; bara SEK.` };
  const own = textAt(tx, 'Refs', 'AcctSvcrRef');
  const bankReference = own || (c.entryRef ? (many ? `${c.entryRef}-${t + 1}` : c.entryRef) : '');
  if (!bankReference) return { error: `${txPlace}: bankens referens (AcctSvcrRef) saknas.` };
  const { reference, message } = remittance(tx);
  return { bankReference, date: c.date, amount: amount.amount, reference, message, payer: payerOf(tx), where: txPlace };
}

/** Reads a camt.054 file's credit payments: the document → its entries → their transactions. Every problem is a Swedish sentence naming its entry. */
export function parseCamt054(xml: string, parse: XmlParser): BankFileResult {
  const doc = notificationOf(xml, parse);
  if ('errors' in doc) return { ok: false, errors: doc.errors };
  const errors: string[] = [];
  const payments: BankPayment[] = [];
  const take = (r: BankPayment | null | { error: string }): void => {
    if (r === null) return;
    if ('error' in r) errors.push(r.error);
    else payments.push(r);
  };
  let entryNo = 0;
  for (const ntfctn of children(doc.notification, 'Ntfctn')) {
    for (const entry of children(ntfctn, 'Ntry')) {
      const c = entryContext(entry, ++entryNo);
      if (c === null || 'error' in c) {
        take(c);
        continue;
      }
      if (c.transactions.length === 0) take(entryPayment(entry, c));
      else c.transactions.forEach((tx, t) => take(transactionPayment(tx, t, c)));
    }
  }
  if (errors.length) return fileErrors(errors);
  return { ok: true, file: { format: 'camt.054', version: doc.version || 'camt.054', payments } };
}
