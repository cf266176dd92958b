/**
 * Where a core finding is in the workbook: the core speaks of records, fields and settings, and
 * only this floor knows the tab, row and column the administrator sees for each.
 */
import type { Finding, Issue, Names, RecordKind, RecordKinds, SettingField, Subject } from '../core/types';
import {
  ATTENDANCE_HEADERS,
  COURSE_HEADERS,
  INVOICE_HEADERS,
  LINE_HEADERS,
  MUNICIPALITY_HEADERS,
  RUN,
  SETTING,
  TAB,
  TRAINER_HEADERS,
  type SettingKey,
} from './schema';

type Header<K extends RecordKind> = {
  municipality: (typeof MUNICIPALITY_HEADERS)[number];
  course: (typeof COURSE_HEADERS)[number];
  attendance: (typeof ATTENDANCE_HEADERS)[number];
  trainer: (typeof TRAINER_HEADERS)[number];
  invoice: (typeof INVOICE_HEADERS)[number];
  line: (typeof LINE_HEADERS)[number];
}[K];

/** The column each record field is read from. */
const COLUMN: { [K in RecordKind]: Partial<Record<keyof RecordKinds[K], Header<K>>> } = {
  municipality: {
    name: 'Kommun',
    orgNumber: 'Organisationsnummer',
    population: 'Befolkning',
    fixedCost: 'Fast kostnad (kr/år)',
    socialChief: 'Socialchef',
    email: 'E-post',
    invoiceAddress: 'Fakturaadress',
    invoiceReference: 'Fakturareferens',
    legalName: 'Juridiskt namn',
    peppolId: 'Peppol-ID',
    payoutAccount: 'Utbetalningskonto',
  },
  course: {
    id: 'Kurs-ID',
    journey: 'Yrkesresa',
    step: 'Steg',
    name: 'Kursnamn',
    start: 'Startdatum',
    end: 'Slutdatum',
    recorded: 'Inspelad',
    venueOverride: 'Lokal och fika (kr/dag)',
  },
  attendance: {
    date: 'Datum',
    courseId: 'Kurs-ID',
    participant: 'Deltagare',
    municipality: 'Kommun',
    days: 'Dagar',
    invoiceNumber: 'Fakturanummer',
  },
  trainer: {
    date: 'Datum',
    courseId: 'Kurs-ID',
    trainer: 'Utbildare',
    municipality: 'Kommun',
    days: 'Dagar',
    payoutInvoice: 'Utbetalning',
  },
  invoice: {
    number: 'Fakturanummer',
    invoiceDate: 'Fakturadatum',
    dueDate: 'Förfallodatum',
    period: 'Period',
    municipality: 'Kommun',
    total: 'Belopp',
    ocr: 'OCR',
    status: 'Status',
    sent: 'Skickad',
    recipient: 'Mottagare',
    run: 'Körning',
    credits: 'Krediterar',
    creditedBy: 'Krediterad av',
    paid: 'Betalt',
    paidDate: 'Betaldatum',
    reminded: 'Påmind',
  },
  line: {
    invoiceNumber: 'Fakturanummer',
    courseId: 'Kurs-ID',
    year: 'År',
    quantity: 'Antal',
    trainerDays: 'Antal',
    unitPrice: 'À-pris',
    months: 'Månader',
    amount: 'Belopp',
  },
};

/** The tab of each kind when a finding has no record (attendance tabs are many: the record's own tab names it). */
const KIND_TAB: Record<RecordKind, string> = {
  municipality: TAB.municipalities,
  course: TAB.courses,
  attendance: TAB.attendance,
  trainer: TAB.trainers,
  invoice: TAB.invoices,
  line: TAB.lines,
};

/** The Inställningar key of each setting. */
const SETTING_KEY: Record<SettingField, SettingKey> = {
  association: SETTING.association,
  orgNumber: SETTING.orgNumber,
  address: SETTING.address,
  bankgiro: SETTING.bankgiro,
  paymentDays: SETTING.paymentDays,
  plausibleDaysPerRow: SETTING.plausibleDays,
  'fees.venue': SETTING.venue,
  'fees.pot': SETTING.pot,
  'fees.material': SETTING.material,
  'fees.buffer': SETTING.buffer,
  fixedCostPerYear: SETTING.fixedCost,
  agreementFrom: SETTING.agreementFrom,
  agreementTo: SETTING.agreementTo,
  invoicePrefix: SETTING.invoicePrefix,
  vatPercent: SETTING.vat,
  ocrLengthDigit: SETTING.ocrLengthDigit,
  administrators: SETTING.administrators,
  contactPerson: SETTING.contactPerson,
  replyTo: SETTING.replyTo,
  'accounts.receivables': SETTING.accountReceivables,
  'accounts.courseFees': SETTING.accountCourseFees,
  'accounts.pot': SETTING.accountPot,
  'accounts.fixed': SETTING.accountFixed,
  'accounts.bank': SETTING.accountBank,
  'accounts.vat': SETTING.accountVat,
  vatCategory: SETTING.vatCategory,
  vatExemption: SETTING.vatExemption,
  vatNumber: SETTING.vatNumber,
  fSkatt: SETTING.fSkatt,
};

export const NAMES: Names = {
  field: (kind, field) => COLUMN[kind][field] ?? field,
  tab: (kind) => KIND_TAB[kind],
  setting: (field) => SETTING_KEY[field],
};

/** Where the findings point; `settingRows` is the sheet row of each setting key as read (layout.settingRows). */
export interface Places {
  settingRows: Record<string, number>;
}

function place(about: Subject, places: Places): Pick<Issue, 'tab' | 'row' | 'column'> {
  switch (about.kind) {
    case 'run':
      return { tab: RUN.tab, column: RUN.columns[about.field] };
    case 'records':
      return { tab: KIND_TAB[about.of] };
    case 'setting': {
      const row = about.fields.map((f) => places.settingRows[SETTING_KEY[f]]).find((r) => r !== undefined);
      return { tab: TAB.settings, ...(row === undefined ? {} : { row }), column: 'Värde' };
    }
    case 'municipality':
      // Kommuner is one tab: named as the schema spells it.
      return {
        tab: TAB.municipalities,
        ...(about.ref ? { row: about.ref.row } : {}),
        column: NAMES.field(about.kind, about.field),
      };
    default: {
      const column = (NAMES.field as (kind: RecordKind, field: string) => string)(about.kind, about.field);
      return about.ref ? { tab: about.ref.tab, row: about.ref.row, column } : { tab: KIND_TAB[about.kind], column };
    }
  }
}

/** A finding as the administrator sees it: tab, row and column, and the message with the sheet's names. */
export function locate(finding: Finding, places: Places = { settingRows: {} }): Issue {
  const { tab, row, column } = place(finding.about, places);
  const message = typeof finding.message === 'string' ? finding.message : finding.message(NAMES);
  return {
    severity: finding.severity,
    tab,
    ...(row === undefined ? {} : { row }),
    ...(column === undefined ? {} : { column }),
    ...(finding.value === undefined ? {} : { value: finding.value }),
    message,
    ...(finding.check === undefined ? {} : { check: finding.check }),
  };
}

export function locateAll(findings: readonly Finding[], places?: Places): Issue[] {
  return findings.map((f) => locate(f, places));
}
