/**
 * Test-data builders for the domain model: SPEC §2.1 default settings, the 14 member
 * municipalities of the agreement, courses, attendance and trainer rows, and a helper that
 * commits a run plan the way the workbook floor does (register rows + stamps).
 */
import { Dec, type Decimal } from '../../src/core/money';
import { committedLines } from '../../src/core/pot';
import type {
  AttendanceRow,
  Course,
  Ledger,
  Municipality,
  RegisteredInvoice,
  RegisteredLine,
  RunInput,
  RunPlan,
  Settings,
  TrainerRow,
} from '../../src/core/types';

export const d = (x: string | number): Decimal => new Dec(x);

export function defaultSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    association: 'Norrbottens Kommuner',
    orgNumber: '222000-1875',
    address: 'Box 947, 971 28 Luleå',
    bankgiro: '5050-1055',
    paymentDays: 30,
    fees: { venue: d(1000), pot: d(400), material: d(100), buffer: d(50) },
    fixedCostPerYear: d(950000),
    agreementFrom: '2023-07-01',
    agreementTo: '2028-06-30',
    invoicePrefix: 'YR',
    vatPercent: d(0),
    ocrLengthDigit: true,
    administrators: [],
    contactPerson: '',
    replyTo: '',
    accounts: { receivables: '1510', courseFees: '3510', pot: '2990', fixed: '3520', bank: '1930', vat: '2611' },
    vatCategory: 'E',
    vatExemption: 'Momsfri',
    vatNumber: '',
    fSkatt: false,
    plausibleDaysPerRow: 30,
    ...overrides,
  };
}

/** The agreement's 14 members: name, org. number, fixed cost (kr/år), an approximate population. */
export const MEMBERS: ReadonlyArray<readonly [string, string, number, number]> = [
  ['Arjeplog', '212000-2668', 10323, 2700],
  ['Arvidsjaur', '212000-2650', 23437, 6100],
  ['Boden', '212000-2767', 106723, 28000],
  ['Gällivare', '212000-2726', 66478, 17400],
  ['Haparanda', '212000-2775', 36590, 9600],
  ['Jokkmokk', '212000-2676', 18489, 4900],
  ['Kalix', '212000-2692', 60024, 15700],
  ['Kiruna', '212000-2783', 86211, 22500],
  ['Luleå', '212000-2742', 298992, 79000],
  ['Pajala', '212000-2718', 22829, 6000],
  ['Piteå', '212000-2759', 160699, 42000],
  ['Älvsbyn', '212000-2734', 30561, 8000],
  ['Överkalix', '212000-2684', 12555, 3200],
  ['Övertorneå', '212000-2700', 16089, 4200],
];

export function municipality(name: string, overrides: Partial<Municipality> = {}, row = 2): Municipality {
  return {
    ref: { tab: 'Kommuner', row },
    name,
    orgNumber: '',
    population: null,
    fixedCost: null,
    socialChief: '',
    email: '',
    invoiceAddress: '',
    invoiceReference: '',
    legalName: '',
    peppolId: '',
    payoutAccount: '',
    ...overrides,
  };
}

export function members(opts: { fixedCosts?: boolean; population?: boolean } = {}): Municipality[] {
  const { fixedCosts = true, population = true } = opts;
  return MEMBERS.map(([name, org, cost, pop], i) =>
    municipality(
      name,
      {
        orgNumber: org,
        fixedCost: fixedCosts ? d(cost) : null,
        population: population ? d(pop) : null,
        socialChief: `Socialchef ${name}`,
        email: `socialchef@${name.toLowerCase()}.example`,
      },
      i + 2,
    ),
  );
}

export function course(id: string, overrides: Partial<Course> = {}, row = 2): Course {
  return {
    ref: { tab: 'Kurser', row },
    id,
    journey: 'Barn och unga – myndighetsutövning',
    step: 'Bas',
    name: `Kurs ${id}`,
    start: null,
    end: null,
    recorded: false,
    venueOverride: null,
    ...overrides,
  };
}

let rowCounter = 1;

export function attendance(
  date: string,
  courseId: string,
  municipality: string,
  days: string | number,
  overrides: Partial<AttendanceRow> = {},
): AttendanceRow {
  rowCounter++;
  return {
    ref: { tab: 'Närvaro', row: rowCounter },
    date,
    courseId,
    participant: `Deltagare ${rowCounter}`,
    municipality,
    days: d(days),
    invoiceNumber: '',
    ...overrides,
  };
}

export function trainer(
  date: string,
  courseId: string,
  municipality: string,
  days: string | number,
  overrides: Partial<TrainerRow> = {},
): TrainerRow {
  rowCounter++;
  return {
    ref: { tab: 'Utbildarlogg', row: rowCounter },
    date,
    courseId,
    trainer: `Utbildare ${rowCounter}`,
    municipality,
    days: d(days),
    payoutInvoice: '',
    ...overrides,
  };
}

export const emptyLedger = (): Ledger => ({ invoices: [], lines: [] });

export function runInput(overrides: Partial<RunInput> = {}): RunInput {
  return {
    settings: defaultSettings(),
    municipalities: members(),
    courses: [],
    attendance: [],
    trainers: [],
    ledger: emptyLedger(),
    run: { month: '2024-05', invoiceDate: '2024-05-31' },
    ...overrides,
  };
}

const refKey = (ref: { tab: string; row: number }): string => `${ref.tab}\u0000${ref.row}`;

/** The input after the plan is written: register rows added and stamps applied (SPEC §2.6 commit). */
export function applyPlan(input: RunInput, plan: RunPlan): RunInput {
  const entries = ledgerEntries(plan);
  const aStamps = new Map(plan.attendanceStamps.map((s) => [refKey(s.ref), s.number]));
  const tStamps = new Map(plan.trainerStamps.map((s) => [refKey(s.ref), s.number]));
  return {
    ...input,
    attendance: input.attendance.map((r) =>
      aStamps.has(refKey(r.ref)) ? { ...r, invoiceNumber: aStamps.get(refKey(r.ref))! } : r,
    ),
    trainers: input.trainers.map((r) =>
      tStamps.has(refKey(r.ref)) ? { ...r, payoutInvoice: tStamps.get(refKey(r.ref))! } : r,
    ),
    ledger: {
      invoices: [...input.ledger.invoices, ...entries.invoices],
      // The writer overwrites orphan Fakturarader rows of an interrupted run.
      lines: [...committedLines(input.ledger), ...entries.lines],
    },
  };
}

/**
 * The input after a run that was interrupted before its commit point: stamps and Fakturarader
 * rows are written, the Fakturor rows are not (SPEC §2.6 write order).
 */
export function applyInterrupted(input: RunInput, plan: RunPlan): RunInput {
  const done = applyPlan(input, plan);
  return {
    ...done,
    ledger: { invoices: input.ledger.invoices, lines: [...committedLines(input.ledger), ...ledgerEntries(plan).lines] },
  };
}

/** The register rows a plan adds (Fakturor and Fakturarader), in invoice and line order, as the workbook floor writes them. */
export function ledgerEntries(plan: RunPlan): { invoices: RegisteredInvoice[]; lines: RegisteredLine[] } {
  const invoices: RegisteredInvoice[] = [];
  const lines: RegisteredLine[] = [];
  for (const inv of plan.invoices) {
    invoices.push({
      number: inv.number,
      invoiceDate: inv.invoiceDate,
      dueDate: inv.dueDate,
      period: inv.period,
      municipality: inv.municipality,
      total: inv.total,
      ocr: inv.ocr,
      status: 'Skapad',
      sent: '',
      recipient: '',
      run: plan.runId,
      credits: '',
      creditedBy: '',
    });
    for (const line of inv.lines) lines.push({ invoiceNumber: inv.number, line });
  }
  return { invoices, lines };
}
