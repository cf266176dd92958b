/**
 * The documents the e-invoice tests send through the official validation: a May invoice, a
 * December invoice with a trainer-pot payout, a net-negative December invoice, a credit note of
 * each, and the VAT categories S (25 %), E and O, a GLN buyer and F-skatt. Planned with the real
 * engine (planRun) from the core test builders.
 */
import { Dec } from '../../src/core/money';
import { planRun } from '../../src/core/plan';
import type { PlannedInvoice, RunInput, Settings } from '../../src/core/types';
import type { EInvoiceBuyer, EInvoiceDocument, EInvoiceInput, EInvoiceSettings } from '../../src/workbook/einvoice/ubl';
import { applyPlan, attendance, course, d, defaultSettings, members, runInput, trainer } from '../core/builders';

export const COURSES = [
  course('BOU-B1', { name: 'Barn och unga – bas & <fördjupning>' }),
  course('ALD-F1', { name: 'Äldreomsorg', venueOverride: d(1200) }, 3),
];

export type FullSettings = Settings & EInvoiceSettings;

export function eSettings(overrides: Partial<FullSettings> = {}): FullSettings {
  return {
    ...defaultSettings({ contactPerson: 'Åsa Öberg, 0920-123 45', replyTo: 'yrkesresan@nbk.example' }),
    vatCategory: 'E',
    vatExemption: 'Momsfri',
    vatNumber: '',
    fSkatt: false,
    ...overrides,
  };
}

export function buyerOf(input: RunInput, name: string, overrides: Partial<EInvoiceBuyer> = {}): EInvoiceBuyer {
  const m = input.municipalities.find((x) => x.name === name)!;
  return {
    ...m,
    legalName: `${name} kommun`,
    peppolId: '',
    invoiceAddress: `${name} kommun, Fakturaservice, Box 12, 971 85 ${name}`,
    invoiceReference: `ANS-${m.orgNumber.slice(-4)}`,
    ...overrides,
  };
}

export function asDocument(inv: PlannedInvoice): EInvoiceDocument {
  return { type: 'invoice', ...inv };
}

/** The credit note of an invoice: its lines negated (SPEC §7/§8), dated `date`. */
export function creditNoteOf(inv: EInvoiceDocument, number: string, date: string): EInvoiceDocument {
  const lines = inv.lines.map((l) =>
    l.kind === 'variable'
      ? { ...l, quantity: l.quantity.neg(), amount: l.amount.neg() }
      : { ...l, amount: l.amount.neg() },
  );
  return {
    type: 'creditNote',
    number,
    invoiceDate: date,
    dueDate: date,
    period: inv.period,
    ocr: `${number.replace(/\D/g, '')}0`,
    lines,
    net: inv.net.neg(),
    vat: inv.vat.neg(),
    total: inv.total.neg(),
    credits: { number: inv.number, invoiceDate: inv.invoiceDate },
    reason: 'Fel antal deltagardagar',
  };
}

/** A May and a December run of 2024 for Luleå, Boden and Piteå; Piteå only trains in December. */
export function plannedRuns(settings = eSettings()) {
  const base = runInput({
    settings,
    municipalities: members(),
    courses: COURSES,
    attendance: [
      attendance('2024-03-12', 'BOU-B1', 'Luleå', 28),
      attendance('2024-04-02', 'ALD-F1', 'Luleå', 2.5),
      attendance('2024-05-20', 'BOU-B1', 'Boden', 3),
      attendance('2024-10-01', 'BOU-B1', 'Luleå', 4),
      attendance('2024-11-12', 'ALD-F1', 'Boden', 10),
    ],
    trainers: [trainer('2024-03-12', 'BOU-B1', 'Piteå', 6), trainer('2024-10-01', 'BOU-B1', 'Boden', 2)],
    run: { month: '2024-05', invoiceDate: '2024-05-31' },
  });
  const may = planRun(base);
  const afterMay = applyPlan(base, may);
  const decInput = { ...afterMay, run: { month: '2024-12', invoiceDate: '2024-12-20' } };
  const december = planRun(decInput);
  return { input: decInput, may, december };
}

export interface NamedInput {
  name: string;
  input: EInvoiceInput;
}

/** Every document of the suite, each with the input it was built from. */
export function suiteDocuments(): NamedInput[] {
  const out: NamedInput[] = [];
  const add = (name: string, settings: FullSettings, doc: EInvoiceDocument, buyer: EInvoiceBuyer) =>
    out.push({ name, input: { document: doc, settings, buyer, courses: COURSES } });

  const e = eSettings();
  const { input, may, december } = plannedRuns(e);
  const byName = (plan: typeof may, name: string) => asDocument(plan.invoices.find((i) => i.municipality === name)!);
  const mayLulea = byName(may, 'Luleå');
  const decBoden = byName(december, 'Boden'); // fees and a payout, net positive
  const decPitea = byName(december, 'Piteå'); // only a payout: net negative
  if (
    !decBoden.lines.some((l) => l.kind === 'trainerPot') ||
    !decBoden.total.isPositive() ||
    !decPitea.total.isNegative()
  ) {
    throw new Error('fixture: December should have a positive invoice with a payout and a negative one');
  }
  add('maj Luleå (E)', e, mayLulea, buyerOf(input, 'Luleå'));
  add('december Boden med utbetalning (E)', e, decBoden, buyerOf(input, 'Boden'));
  add('december Piteå att erhålla (E)', e, decPitea, buyerOf(input, 'Piteå'));
  add('kredit maj Luleå (E)', e, creditNoteOf(mayLulea, 'YR-2024-0031', '2024-06-10'), buyerOf(input, 'Luleå'));
  add('kredit december Boden (E)', e, creditNoteOf(decBoden, 'YR-2025-0001', '2025-01-10'), buyerOf(input, 'Boden'));
  add('kredit december Piteå (E)', e, creditNoteOf(decPitea, 'YR-2025-0002', '2025-01-10'), buyerOf(input, 'Piteå'));

  const s = eSettings({ vatCategory: 'S', vatPercent: new Dec(25), fSkatt: true });
  const vatRuns = plannedRuns(s);
  const sMay = byName(vatRuns.may, 'Luleå');
  const sDec = byName(vatRuns.december, 'Piteå');
  add('maj Luleå moms 25 % (S) med F-skatt', s, sMay, buyerOf(vatRuns.input, 'Luleå'));
  add('december Piteå att erhålla moms 25 % (S)', s, sDec, buyerOf(vatRuns.input, 'Piteå'));
  add(
    'kredit maj Luleå moms 25 % (S)',
    s,
    creditNoteOf(sMay, 'YR-2024-0040', '2024-06-11'),
    buyerOf(vatRuns.input, 'Luleå'),
  );

  const o = eSettings({ vatCategory: 'O', vatExemption: 'Utanför momsens tillämpningsområde' });
  const oRuns = plannedRuns(o);
  add('december Boden utanför momsen (O)', o, byName(oRuns.december, 'Boden'), buyerOf(oRuns.input, 'Boden'));

  add('maj Pajala med GLN', e, byName(may, 'Pajala'), buyerOf(input, 'Pajala', { peppolId: '0088:7350000000016' }));
  return out;
}
