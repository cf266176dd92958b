/**
 * Domain rules that span records (SPEC §3), as a list of small named checks run by one function.
 * A new rule is a new check in a list, not a branch in an existing one. Each check returns
 * Findings in the core's own terms (record, field, setting); the workbook floor locates them.
 */
import { isIsoDate } from './dates';
import { courseIndex } from './fees';
import { fixedCostIssues } from './fixedCost';
import { formatKronor } from './format';
import { isValidBankgiro } from './identifiers';
import { isValidOrgNumber } from './luhn';
import { Dec, type Decimal } from './money';
import { parseInvoiceNumber } from './numbering';
import type {
  AttendanceRow,
  Finding,
  IsoDate,
  Names,
  RunInput,
  RunPlan,
  RunRequest,
  SettingField,
  SourceRef,
} from './types';

/** What the record checks see: the workbook's records, without a run. */
export type Records = Omit<RunInput, 'run'>;

export type RecordCheck = (records: Records) => Finding[];
export type RunCheck = (run: RunRequest) => Finding[];

/** 'YYYY-05' or 'YYYY-12'. */
export function isRunMonth(month: string): boolean {
  return typeof month === 'string' && /^\d{4}-(05|12)$/.test(month);
}

const runMonth: RunCheck = (run) =>
  isRunMonth(run.month)
    ? []
    : [
        {
          severity: 'error',
          about: { kind: 'run', field: 'month' },
          value: run.month,
          message: `Körningens månad måste vara maj eller december (ÅÅÅÅ-05 eller ÅÅÅÅ-12), inte "${run.month}".`,
        },
      ];

const invoiceDate: RunCheck = (run) =>
  isIsoDate(run.invoiceDate)
    ? []
    : [
        {
          severity: 'error',
          about: { kind: 'run', field: 'invoiceDate' },
          value: run.invoiceDate,
          message: `Fakturadatumet "${run.invoiceDate}" är inte ett giltigt datum (ÅÅÅÅ-MM-DD).`,
        },
      ];

/** A settings error about `fields` (the first of them found in the sheet locates it). */
function settingError(fields: readonly SettingField[], value: string, message: (n: Names) => string): Finding {
  return { severity: 'error', about: { kind: 'setting', fields }, value, message };
}

/** The settings billing cannot do without. */
const requiredSettings: RecordCheck = ({ settings }) => {
  const found: Finding[] = [];
  const label = (f: SettingField) => (n: Names) => `Inställningen ${n.setting(f)}`;
  if (settings.orgNumber.trim() === '') {
    found.push(
      settingError(
        ['orgNumber'],
        '',
        (n) => `${label('orgNumber')(n)} saknas: förbundets organisationsnummer krävs för att fakturera.`,
      ),
    );
  } else if (!isValidOrgNumber(settings.orgNumber)) {
    found.push(
      settingError(
        ['orgNumber'],
        settings.orgNumber,
        (n) =>
          `${label('orgNumber')(n)} "${settings.orgNumber}" är inte ett giltigt organisationsnummer (NNNNNN-NNNN med rätt kontrollsiffra).`,
      ),
    );
  }
  if (settings.bankgiro.trim() === '') {
    found.push(
      settingError(
        ['bankgiro'],
        '',
        (n) => `${label('bankgiro')(n)} saknas: ett bankgironummer krävs för att fakturera.`,
      ),
    );
  } else if (!isValidBankgiro(settings.bankgiro)) {
    found.push(
      settingError(
        ['bankgiro'],
        settings.bankgiro,
        (n) =>
          `${label('bankgiro')(n)} "${settings.bankgiro}" är inget giltigt bankgironummer: skriv 7 eller 8 siffror som NNN-NNNN eller NNNN-NNNN, där den sista siffran är kontrollsiffran.`,
      ),
    );
  }
  if (settings.invoicePrefix.trim() === '') {
    found.push(
      settingError(
        ['invoicePrefix'],
        '',
        (n) => `${label('invoicePrefix')(n)} saknas: fakturanumren byggs av prefix, år och löpnummer.`,
      ),
    );
  }
  return found;
};

/** Payment terms beyond a year are a typing error (and a due date past any calendar a cell can show). */
export const MAX_PAYMENT_DAYS = 365;
/** Days on one row above this cannot be course days at all: an error, so that no absurd amount reaches a cell or file. */
export const MAX_DAYS_PER_ROW = 10_000;

/** A price or cost typed in the workbook above this (kr) is a typing error, far above any real fee. */
export const MAX_AMOUNT = 1_000_000_000;
/** The largest amount a cell holds to the öre: 2^53 − 1 öre, the integers a double keeps exactly. */
export const MAX_CELL_AMOUNT = new Dec(Number.MAX_SAFE_INTEGER).div(100);

/** Whole payment days, and amounts and VAT that are not negative, and amounts not beyond MAX_AMOUNT. */
const settingRanges: RecordCheck = ({ settings }) => {
  const found: Finding[] = [];
  if (!Number.isInteger(settings.paymentDays) || settings.paymentDays < 0 || settings.paymentDays > MAX_PAYMENT_DAYS) {
    found.push(
      settingError(
        ['paymentDays'],
        String(settings.paymentDays),
        (n) =>
          `Inställningen ${n.setting('paymentDays')} måste vara ett heltal från 0 till ${MAX_PAYMENT_DAYS}, inte ${settings.paymentDays}.`,
      ),
    );
  }
  const nonNegative: Array<[SettingField, Decimal]> = [
    ['fees.venue', settings.fees.venue],
    ['fees.pot', settings.fees.pot],
    ['fees.material', settings.fees.material],
    ['fees.buffer', settings.fees.buffer],
    ['fixedCostPerYear', settings.fixedCostPerYear],
    ['vatPercent', settings.vatPercent],
  ];
  for (const [field, value] of nonNegative) {
    if (value.lt(0)) {
      found.push(
        settingError(
          [field],
          value.toString(),
          (n) => `Inställningen ${n.setting(field)} får inte vara negativ (${value.toString()}).`,
        ),
      );
    } else if (field !== 'vatPercent' && value.gt(MAX_AMOUNT)) {
      found.push(settingError([field], value.toString(), (n) => tooLarge(`Inställningen ${n.setting(field)}`, value)));
    }
  }
  return found;
};

function tooLarge(what: string, value: Decimal): string {
  return `${what} är ${value.toString()} kr, vilket inte kan vara ett verkligt belopp (högst ${formatKronor(new Dec(MAX_AMOUNT))}). Rätta beloppet.`;
}

/** A municipality's own fixed cost and a course's own venue cost, bounded like the settings' amounts. */
const amountBounds: RecordCheck = ({ municipalities, courses }) => {
  const found: Finding[] = [];
  for (const m of municipalities) {
    if (m.fixedCost && m.fixedCost.gt(MAX_AMOUNT)) {
      const value = m.fixedCost;
      found.push({
        severity: 'error',
        about: { kind: 'municipality', ref: m.ref, field: 'fixedCost' },
        value: value.toString(),
        message: (n) => tooLarge(`${n.field('municipality', 'fixedCost')} för ${m.name}`, value),
      });
    }
  }
  for (const c of courses) {
    if (c.venueOverride && c.venueOverride.gt(MAX_AMOUNT)) {
      const value = c.venueOverride;
      found.push({
        severity: 'error',
        about: { kind: 'course', ref: c.ref, field: 'venueOverride' },
        value: value.toString(),
        message: (n) => tooLarge(`${n.field('course', 'venueOverride')} för ${c.id}`, value),
      });
    }
  }
  return found;
};

/**
 * The last guard before anything is written: every amount of a planned invoice must fit a cell to
 * the öre (no rounding, no Infinity reaching a cell or a file), one error per invoice about its
 * municipality's row; and every due date must be a date of the calendar cells show (year ≤ 9999).
 */
export function unwritablePlan(plan: RunPlan, municipalities: readonly { name: string; ref: SourceRef }[]): Finding[] {
  const found: Finding[] = [];
  const lateDue = plan.invoices.find((inv) => !isIsoDate(inv.dueDate));
  if (lateDue) {
    found.push({
      severity: 'error',
      about: { kind: 'run', field: 'invoiceDate' },
      value: plan.invoiceDate,
      message: `Med fakturadatumet ${plan.invoiceDate} hamnar förfallodagen efter år 9999, som ett kalkylark inte kan visa. Rätta fakturadatumet.`,
    });
  }
  for (const inv of plan.invoices) {
    const amounts = [
      inv.total,
      inv.net,
      inv.vat,
      ...inv.lines.flatMap((l) =>
        l.kind === 'variable'
          ? [
              l.amount,
              l.unitPrice,
              l.quantity,
              l.components.venue,
              l.components.pot,
              l.components.material,
              l.components.buffer,
            ]
          : [l.amount],
      ),
    ];
    const worst = amounts.find((a) => !a.isFinite() || a.abs().gt(MAX_CELL_AMOUNT));
    if (!worst) continue;
    const m = municipalities.find((x) => x.name === inv.municipality);
    found.push({
      severity: 'error',
      about: { kind: 'municipality', ref: m?.ref, field: 'name' },
      value: inv.municipality,
      message: `Fakturan till ${inv.municipality} skulle få beloppet ${worst.toString()}, som inte kan skrivas exakt i en cell (högst ${formatKronor(MAX_CELL_AMOUNT)}). Kontrollera Dagar och avgifterna för ${inv.municipality}.`,
    });
  }
  return found;
}

/** The agreement is a period: two dates, the end not before the start. */
const agreementDates: RecordCheck = ({ settings }) => {
  const { agreementFrom: from, agreementTo: to } = settings;
  const both: SettingField[] = ['agreementFrom', 'agreementTo'];
  if (!isIsoDate(from) || !isIsoDate(to)) {
    return [
      settingError(
        both,
        `${from}–${to}`,
        (n) =>
          `Inställningarna ${n.setting('agreementFrom')} och ${n.setting('agreementTo')} måste vara datum (ÅÅÅÅ-MM-DD).`,
      ),
    ];
  }
  if (to < from) {
    return [
      settingError(
        both,
        to,
        (n) => `Inställningen ${n.setting('agreementTo')} (${to}) ligger före ${n.setting('agreementFrom')} (${from}).`,
      ),
    ];
  }
  return [];
};

const fixedCostShares: RecordCheck = ({ settings, municipalities }) => fixedCostIssues(settings, municipalities);

/** An org number is printed on the municipality's invoices: warn when blank, refuse when invalid. */
const municipalityOrgNumbers: RecordCheck = ({ municipalities }) => {
  const found: Finding[] = [];
  for (const m of municipalities) {
    const org = m.orgNumber.trim();
    const about = { kind: 'municipality', ref: m.ref, field: 'orgNumber' } as const;
    if (org === '') {
      found.push({
        severity: 'warning',
        about,
        value: '',
        message: (n) =>
          `${n.field('municipality', 'orgNumber')} saknas för ${m.name}; det skrivs ut på kommunens fakturor.`,
      });
    } else if (!isValidOrgNumber(org)) {
      found.push({
        severity: 'error',
        about,
        value: m.orgNumber,
        message: `Organisationsnumret "${m.orgNumber}" för ${m.name} är inte giltigt (NNNNNN-NNNN med rätt kontrollsiffra).`,
      });
    }
  }
  return found;
};

/**
 * A filled Utbetalningskonto is the bankgiro a payout of the pot is paid to and is printed on the
 * document the association pays (SPEC §2.2, §3.6): refused when it fails the bankgiro rule, as the
 * seller's own (a blank one is allowed: the document then names no account).
 */
const municipalityPayoutAccounts: RecordCheck = ({ municipalities }) =>
  municipalities.flatMap((m): Finding[] => {
    const account = (m.payoutAccount ?? '').trim();
    if (account === '' || isValidBankgiro(account)) return [];
    return [
      {
        severity: 'error',
        about: { kind: 'municipality', ref: m.ref, field: 'payoutAccount' },
        value: m.payoutAccount,
        message: (n) =>
          `${n.field('municipality', 'payoutAccount')} "${account}" för ${m.name} är inget giltigt bankgironummer: ` +
          'skriv 7 eller 8 siffror som NNN-NNNN eller NNNN-NNNN, där den sista siffran är kontrollsiffran, eller lämna cellen tom.',
      },
    ];
  });

/**
 * Probable duplicates: same date, course, person and municipality (nested maps: no composite key
 * string per row).
 */
const probableDuplicates: RecordCheck = ({ attendance }) => {
  const found: Finding[] = [];
  const seen = new Map<string, Map<string, Map<string, Map<string, AttendanceRow>>>>();
  const level = <V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> => {
    let next = map.get(key);
    if (!next) map.set(key, (next = new Map()));
    return next;
  };
  for (const row of attendance) {
    const people = level(level(seen, row.date), row.courseId);
    const byMunicipality = level(people, row.participant.trim().toLowerCase());
    const first = byMunicipality.get(row.municipality);
    if (!first) {
      byMunicipality.set(row.municipality, row);
      continue;
    }
    found.push({
      severity: 'warning',
      about: { kind: 'attendance', ref: row.ref, field: 'participant' },
      value: row.participant,
      message:
        `Trolig dubblett: ${row.participant.trim()} (${row.municipality}) på ${row.courseId} ${row.date} finns både i ` +
        `${first.ref.tab} rad ${first.ref.row} och ${row.ref.tab} rad ${row.ref.row}.`,
    });
  }
  return found;
};

/** Attendance and trainer days outside their course's dates (warnings). */
const datesOutsideCourses: RecordCheck = ({ courses, attendance, trainers }) => {
  const found: Finding[] = [];
  const courseById = courseIndex(courses);
  const outside = (about: { kind: 'attendance' | 'trainer'; ref: SourceRef }, date: string, courseId: string): void => {
    const c = courseById.get(courseId);
    if (!c || !isIsoDate(date)) return;
    if ((c.start !== null && date < c.start) || (c.end !== null && date > c.end)) {
      found.push({
        severity: 'warning',
        about: { ...about, field: 'date' },
        value: date,
        message: (n) =>
          `${n.field(about.kind, 'date')} ${date} ligger utanför kursens datum för ${c.id} (${c.start ?? '…'} – ${c.end ?? '…'}).`,
      });
    }
  };
  for (const r of attendance) outside({ kind: 'attendance', ref: r.ref }, r.date, r.courseId);
  for (const r of trainers) outside({ kind: 'trainer', ref: r.ref }, r.date, r.courseId);
  return found;
};

/** Dagar above a plausible bound (a warning) or beyond any course (an error), per attendance and trainer row. */
const plausibleDays: RecordCheck = ({ settings, attendance, trainers }) => {
  const plausible = settings.plausibleDaysPerRow;
  const found: Finding[] = [];
  const check = (kind: 'attendance' | 'trainer', ref: SourceRef, days: Decimal): void => {
    if (days.lte(plausible)) return;
    const impossible = days.gt(MAX_DAYS_PER_ROW);
    found.push({
      severity: impossible ? 'error' : 'warning',
      about: { kind, ref, field: 'days' },
      value: days.toString(),
      message: (n) =>
        impossible
          ? `${n.field(kind, 'days')} ${days.toString()} på en rad kan inte vara kursdagar (högst ${MAX_DAYS_PER_ROW}). Rätta antalet.`
          : `${n.field(kind, 'days')} ${days.toString()} på en rad är ovanligt många (mer än ${plausible}, inställningen ${n.setting('plausibleDaysPerRow')}). Kontrollera att antalet stämmer.`,
    });
  };
  for (const r of attendance) check('attendance', r.ref, r.days);
  for (const r of trainers) check('trainer', r.ref, r.days);
  return found;
};

/**
 * A Fakturaprefix that differs from a prefix of the register only in case ("yr" after "YR"):
 * its numbers would look like the old ones, and its invoice sheets' names would differ from the
 * old sheets' only in case, which Google Sheets and Excel take for the same name.
 */
const prefixCase: RecordCheck = ({ settings, ledger }) => {
  const prefix = settings.invoicePrefix.trim();
  const key = (text: string) => text.normalize('NFC').toLowerCase();
  for (const inv of ledger.invoices) {
    const earlier = parseInvoiceNumber(inv.number)?.prefix;
    if (earlier === undefined || earlier === prefix || key(earlier) !== key(prefix)) continue;
    return [
      settingError(
        ['invoicePrefix'],
        prefix,
        (n) =>
          `Inställningen ${n.setting('invoicePrefix')} "${prefix}" skiljer sig från prefixet ${earlier} i ${n.tab('invoice')} (till exempel ${inv.number}) bara i stora och små bokstäver: fakturaflikarnas namn skulle krocka med de gamla. Skriv ${earlier}, eller ett prefix med andra bokstäver.`,
      ),
    ];
  }
  return [];
};

/** The checks of the run request, in the order their findings are reported. */
export const RUN_CHECKS: readonly RunCheck[] = [runMonth, invoiceDate];

/** The checks of the workbook's records, in the order their findings are reported. */
export const RECORD_CHECKS: readonly RecordCheck[] = [
  requiredSettings,
  settingRanges,
  agreementDates,
  fixedCostShares,
  municipalityOrgNumbers,
  municipalityPayoutAccounts,
  probableDuplicates,
  datesOutsideCourses,
  plausibleDays,
  amountBounds,
  prefixCase,
];

/** Every record check: the workbook's own problems, whatever run is asked for (Kontrollera data). */
export function validateRecords(records: Records): Finding[] {
  return RECORD_CHECKS.flatMap((check) => check(records));
}

/** The run request's checks, then every record check. */
export function validateRun(input: RunInput): Finding[] {
  return [...RUN_CHECKS.flatMap((check) => check(input.run)), ...validateRecords(input)];
}

/**
 * Rows a run bills that are dated after its invoice date: course days that have not been held yet
 * (SPEC §4, a warning). The administrator checks them before confirming; they are billed as planned.
 */
export function daysNotYetHeld(plan: RunPlan): Finding[] {
  return plan.invoices.flatMap((invoice) =>
    invoice.attendance
      .filter((row) => row.date > plan.invoiceDate)
      .map((row): Finding => ({
        severity: 'warning',
        about: { kind: 'attendance', ref: row.ref, field: 'date' },
        value: row.date,
        message: (n) =>
          `${n.field('attendance', 'date')} ${row.date} ligger efter fakturadatumet ${plan.invoiceDate}: kursdagen har inte hållits ännu men faktureras nu på ${invoice.number}. Kontrollera att den blir av.`,
      })),
  );
}

/** Unbilled attendance dated after today (Kontrollera data): a course day the next run may bill before it is held. */
export function unheldUnbilledDays(
  attendance: readonly AttendanceRow[],
  billed: (row: AttendanceRow) => boolean,
  today: IsoDate,
): Finding[] {
  return attendance
    .filter((row) => row.date > today && !billed(row))
    .map((row): Finding => ({
      severity: 'warning',
      about: { kind: 'attendance', ref: row.ref, field: 'date' },
      value: row.date,
      message: (n) =>
        `${n.field('attendance', 'date')} ${row.date} ligger efter dagens datum ${today}: kursdagen har inte hållits ännu. Kontrollera att den blir av innan den faktureras.`,
    }));
}
