/**
 * Deterministic workbooks for benchmarks and the call-count test: the seed tabs of SPEC §2 with
 * the 14 members, courses, several Närvaro tabs, a trainer log and an empty register, sized by
 * the number of attendance rows (courses and trainer rows in proportion).
 *
 * Cells are the port's values (CalendarDate for dates); `toHostDates` turns them into the Date
 * objects a host returns, and `writeXlsx` saves them as the .xlsx Google Sheets would download.
 */
import { CalendarDate, type CellValue } from '../src/workbook/port';
import { isValidOrgNumber } from '../src/core/luhn';
import { zonedInstant } from '../tests/gas/fakes/values';
import {
  ATTENDANCE_HEADERS,
  COURSE_HEADERS,
  INVOICE_HEADERS,
  JOURNEYS,
  LINE_HEADERS,
  LOG_HEADERS,
  MEMBERS,
  SETTING,
  STEPS,
  TAB,
  TRAINER_HEADERS,
} from '../src/workbook/schema';
import { ascii, membersTab, POPULATION, settingsTabWith, withLuhn } from '../tests/fixtures/members';
import { prng } from '../tests/fixtures/random';
import { camt054, type CamtEntry, type CamtTx } from '../tests/fixtures/bankFiles';

export interface GeneratedTab {
  name: string;
  rows: CellValue[][]; // header first
}

export interface GeneratedWorkbook {
  tabs: GeneratedTab[];
  attendanceRows: number;
  attendanceTabs: string[];
  courses: number;
  trainerRows: number;
  /** The run that bills everything in it: a December run pays the trainer pot out too. */
  run: { month: string; invoiceDate: string };
}

/** Participants per course; trainers per course. */
const PARTICIPANTS_PER_COURSE = 25;
const TRAINERS_PER_COURSE = 2;

const FIRST = [
  'Anna',
  'Åsa',
  'Björn',
  'Örjan',
  'Elin',
  'Johan',
  'Märta',
  'Nils',
  'Sara',
  'Per',
  'Ingrid',
  'Lars',
  'Ebba',
  'Östen',
  'Karin',
  'Mikael',
];
const LAST = [
  'Lindström',
  'Öberg',
  'Nilsson',
  'Åkesson',
  'Pettersson',
  'Kuoppa',
  'Sandberg',
  'Eriksson',
  'Hägg',
  'Lantto',
  'Wikström',
  'Bäckman',
];
const DAY_LENGTHS = [1, 1, 1, 1.5, 2, 2, 3];

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const date = (ms: number) => new CalendarDate(iso(ms));

/** Typed the way administrators type names: mostly canonical, sometimes forgivingly. */
function typedName(name: string, r: number): string {
  if (r < 0.9) return name;
  if (r < 0.94) return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (r < 0.97) return `${name} kommun`;
  return ` ${name.toLowerCase()} `;
}

export function generateWorkbook(attendanceRows: number, seed = 20251219): GeneratedWorkbook {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

  const sellerOrg = withLuhn('222000119');
  if (!isValidOrgNumber(sellerOrg)) throw new Error(`generated an invalid org number ${sellerOrg}`);
  const settings = settingsTabWith({
    [SETTING.orgNumber]: sellerOrg,
    [SETTING.address]: 'Box 947, 971 28 Luleå',
    [SETTING.bankgiro]: '5050-1055',
    [SETTING.contactPerson]: 'Karin Öberg',
    [SETTING.replyTo]: 'yrkesresan@example.se',
  });
  const municipalities = membersTab((m) => ({
    Befolkning: POPULATION[m.name],
    Socialchef: `Socialchef ${m.name}`,
    'E-post': `socialchef@${ascii(m.name)}.example.se`,
    Fakturaadress: `${m.name} kommun, Box 1, 900 00 ${m.name}`,
    Fakturareferens: `Ref ${m.name.slice(0, 3).toUpperCase()}-1`,
  }));
  const totalPopulation = MEMBERS.reduce((s, m) => s + POPULATION[m.name], 0);
  const pickMunicipality = (): string => {
    let x = rnd() * totalPopulation;
    for (const m of MEMBERS) {
      x -= POPULATION[m.name];
      if (x < 0) return m.name;
    }
    return MEMBERS[MEMBERS.length - 1].name;
  };

  // Courses spread over the agreement so far, in date order; attendance follows its course.
  const courseCount = Math.max(8, Math.ceil(attendanceRows / PARTICIPANTS_PER_COURSE));
  const first = Date.UTC(2023, 7, 21); // 2023-08-21
  const last = Date.UTC(2025, 11, 10); // 2025-12-10
  const courses: CellValue[][] = [[...COURSE_HEADERS]];
  const courseInfo: { id: string; start: number; length: number }[] = [];
  for (let i = 0; i < courseCount; i++) {
    const j = i % JOURNEYS.length;
    const s = Math.floor(i / JOURNEYS.length) % STEPS.length;
    const id = `${['BOU', 'FHU', 'MOB', 'ÄO', 'FHM'][j]}-${['B', 'F', 'S', 'A'][s]}${i + 1}`;
    const start = first + Math.floor(((last - first) / DAY_MS) * (i / courseCount)) * DAY_MS;
    const length = pick(DAY_LENGTHS);
    const end = start + (Math.ceil(length) - 1) * DAY_MS;
    const recorded = j === 1 && s === 0; // Funktionshinder – utförare, Bas: recorded, free
    courses.push([
      id,
      JOURNEYS[j],
      STEPS[s],
      `${STEPS[s]} ${JOURNEYS[j].split(' – ')[0].toLowerCase()} ${i + 1}`,
      date(start),
      date(end),
      recorded ? 'Ja' : '',
      i % 7 === 3 ? 1200 : '',
    ]);
    courseInfo.push({ id, start, length });
  }

  // Attendance, split into tabs by period the way administrators keep them.
  const periods: { name: string; until: number }[] = [
    { name: `${TAB.attendancePrefix} 2023`, until: Date.UTC(2023, 11, 31) },
    { name: `${TAB.attendancePrefix} 2024`, until: Date.UTC(2024, 11, 31) },
    { name: `${TAB.attendancePrefix} 2025 vår`, until: Date.UTC(2025, 5, 30) },
    { name: `${TAB.attendancePrefix} 2025 höst`, until: Date.UTC(2025, 11, 31) },
  ];
  const attendanceTabs = periods.map((p) => ({ name: p.name, rows: [[...ATTENDANCE_HEADERS]] as CellValue[][] }));
  for (let n = 0; n < attendanceRows; n++) {
    const course = courseInfo[Math.floor((n / attendanceRows) * courseCount)];
    const days = rnd() < 0.1 ? Math.max(0.5, course.length - 0.5) : course.length;
    const tab = attendanceTabs[periods.findIndex((p) => course.start <= p.until)];
    tab.rows.push([
      date(course.start),
      course.id,
      `${pick(FIRST)} ${pick(LAST)} ${n + 1}`,
      typedName(pickMunicipality(), rnd()),
      days,
      '',
    ]);
  }

  const trainers: CellValue[][] = [[...TRAINER_HEADERS]];
  for (const course of courseInfo) {
    for (let t = 0; t < TRAINERS_PER_COURSE; t++) {
      trainers.push([
        date(course.start),
        course.id,
        `${pick(FIRST)} ${pick(LAST)}`,
        typedName(pickMunicipality(), rnd()),
        course.length,
        '',
      ]);
    }
  }

  const tabs: GeneratedTab[] = [
    { name: TAB.settings, rows: settings },
    { name: TAB.municipalities, rows: municipalities },
    { name: TAB.courses, rows: courses },
    ...attendanceTabs.filter((t) => t.rows.length > 1),
    { name: TAB.trainers, rows: trainers },
    { name: TAB.invoices, rows: [[...INVOICE_HEADERS]] },
    { name: TAB.lines, rows: [[...LINE_HEADERS]] },
    { name: TAB.log, rows: [[...LOG_HEADERS]] },
  ];
  return {
    tabs,
    attendanceRows,
    attendanceTabs: attendanceTabs.filter((t) => t.rows.length > 1).map((t) => t.name),
    courses: courseCount,
    trainerRows: trainers.length - 1,
    run: { month: '2025-12', invoiceDate: '2025-12-19' },
  };
}

/** Midnight of a calendar date in a time zone, as the Date a host's getValues returns (the fakes' own conversion). */
export function zonedMidnight(isoDate: string, timeZone: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number);
  return zonedInstant(y, m, d, 0, 0, 0, timeZone);
}

/** The tab's cells with dates as host Date objects (Apps Script: midnight Europe/Stockholm). */
export function toHostDates(
  rows: CellValue[][],
  timeZone = 'Europe/Stockholm',
): (string | number | boolean | Date)[][] {
  const cache = new Map<string, Date>();
  return rows.map((row) =>
    row.map((v) => {
      if (!(v instanceof CalendarDate)) return v;
      let d = cache.get(v.iso);
      if (!d) cache.set(v.iso, (d = zonedMidnight(v.iso, timeZone)));
      return new Date(d.getTime());
    }),
  );
}

/** Saves the workbook as .xlsx with ExcelJS: dates as UTC midnight with format yyyy-mm-dd. */
export async function writeXlsx(workbook: GeneratedWorkbook, path: string): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  for (const tab of workbook.tabs) {
    const ws = wb.addWorksheet(tab.name);
    for (const row of tab.rows) {
      const added = ws.addRow(
        row.map((v) => (v instanceof CalendarDate ? new Date(`${v.iso}T00:00:00Z`) : v === '' ? null : v)),
      );
      // A date format on the date cells only, as Sheets exports them (a column format would
      // turn the numbers of Inställningar into dates).
      row.forEach((v, i) => {
        if (v instanceof CalendarDate) added.getCell(i + 1).numFmt = 'yyyy-mm-dd';
      });
    }
  }
  await wb.xlsx.writeFile(path);
}

// ---- the other menu actions' inputs beyond the workbook, sized by a number of rows ----

/** A Totara CSV export of `rows` new participants on the workbook's courses (SPEC §12). */
export function totaraCsv(workbook: GeneratedWorkbook, rows: number, seed = 20260101): string {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const courses = workbook.tabs.find((t) => t.name === TAB.courses)!.rows.slice(1);
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = [
    `"User's Fullname","User's Email","User's Organisation Name","Course Name","Session Start Date","Status"`,
  ];
  for (let i = 0; i < rows; i++) {
    const course = courses[i % courses.length];
    const member = MEMBERS[Math.floor(rnd() * MEMBERS.length)].name;
    const status = rnd() < 0.9 ? 'Fully attended' : 'Partially attended';
    const person = `${pick(FIRST)} ${pick(LAST)} import ${i + 1}`;
    lines.push(
      [
        quote(person),
        `deltagare${i + 1}@${ascii(member)}.example.se`,
        quote(`${member} kommun`),
        String(course[0]),
        (course[4] as CalendarDate).iso,
        quote(status),
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

export interface RegisterInvoice {
  number: string;
  ocr: string;
  total: number;
}

/**
 * A camt.054 file of `count` incoming payments to the bankgiro: small part payments against the
 * given invoices' OCR numbers (one in ten an unmatched payment with a free-text message), fifty
 * transactions per booked entry as banks batch them.
 */
export function camtPayments(invoices: RegisterInvoice[], count: number, bookingDate = '2026-01-20'): string {
  const entries: CamtEntry[] = [];
  for (let i = 0; i < count; i += 50) {
    const txs: CamtTx[] = [];
    for (let j = i; j < Math.min(count, i + 50); j++) {
      const inv = invoices[j % invoices.length];
      txs.push(
        j % 10 === 9
          ? { amount: '10.00', ustrd: `Betalning ${j + 1}`, acctSvcrRef: `BANK-${j + 1}` }
          : { amount: '1.00', ref: inv.ocr, acctSvcrRef: `BANK-${j + 1}`, payer: 'Kommunens ekonomienhet' },
      );
    }
    entries.push({ bookingDate, txs });
  }
  return camt054(entries, '08');
}
