// A small but complete workbook as the administrators keep it: settings, the 14 members,
// four courses (one recorded, one with its own venue cost), attendance over two tabs and a
// trainer log, in 2024.
import { CalendarDate, type CellValue } from '../../src/workbook/port';
import { ATTENDANCE_HEADERS, COURSE_HEADERS, TRAINER_HEADERS } from '../../src/workbook/schema';
import { ascii, membersTab, settingsTabWith } from '../fixtures/members';

export const d = (iso: string) => new CalendarDate(iso);

export const SELLER_ORG = '802000-1239';
export const BANKGIRO = '5050-1055';

export function settingsTab(overrides: Record<string, CellValue> = {}): CellValue[][] {
  return settingsTabWith({
    Organisationsnummer: SELLER_ORG,
    Bankgiro: BANKGIRO,
    Adress: 'Box 947, 971 28 Luleå',
    Kontaktperson: 'Anna Andersson',
    ...overrides,
  });
}

export function municipalitiesTab(): CellValue[][] {
  return membersTab((m) => ({
    Socialchef: `Socialchef ${m.name}`,
    'E-post': `socialchef@${ascii(m.name)}.se`,
    Fakturaadress: `${m.name} kommun, Fakturor, Box 1`,
    Fakturareferens: 'Ref 123',
  }));
}

export function coursesTab(): CellValue[][] {
  return [
    [...COURSE_HEADERS],
    [
      'BOU-B1',
      'Barn och unga – myndighetsutövning',
      'Bas',
      'Utredning av barn',
      d('2024-01-01'),
      d('2024-12-31'),
      'Nej',
      '',
    ],
    [
      'BOU-B2',
      'Barn och unga – myndighetsutövning',
      'Fördjupning',
      'Samtal med barn',
      d('2024-01-01'),
      d('2024-12-31'),
      '',
      '',
    ],
    ['FU-B1', 'Funktionshinder – utförare', 'Bas', 'Grundkurs (inspelad)', '', '', 'Ja', ''],
    ['ALD-F1', 'Äldreomsorg – utförare', 'Fördjupning', 'Demensvård', '', '', 'Nej', 800],
  ];
}

/** Närvaro 2024: Luleå 3 × 2 days BOU-B1 (March), Kiruna 1,5 days BOU-B1, Boden ALD-F1; autumn rows. */
export function attendanceTab(): CellValue[][] {
  return [
    [...ATTENDANCE_HEADERS],
    [d('2024-03-12'), 'BOU-B1', 'Lisa Lind', 'Luleå', 2, ''],
    [d('2024-03-12'), 'BOU-B1', 'Per Persson', 'Lulea', 2, ''],
    [d('2024-03-12'), 'bou-b1', 'Eva Ek', 'Luleå kommun', 2, ''],
    [d('2024-03-12'), 'BOU-B1', 'Kalle Kula', 'Kiruna', 1.5, ''],
    [d('2024-04-02'), 'ALD-F1', 'Stina Sten', 'Boden', 1, ''],
    [d('2024-04-03'), 'FU-B1', 'Olle Ost', 'Boden', 1, ''],
    [d('2024-09-10'), 'BOU-B2', 'Lisa Lind', 'Luleå', 2, ''],
    [d('2024-09-10'), 'BOU-B2', '=IMPORTXML("http://x";"//a")', 'Piteå', 2, ''],
  ];
}

/** A second attendance tab, with text dates and Swedish numbers, columns in another order. */
export function attendanceTab2(): CellValue[][] {
  return [
    ['Kommun', 'Deltagare', 'Datum', 'Kurs-ID', 'Dagar', 'Fakturanummer', 'Anteckning'],
    ['Kalix', 'Maja Må', '2024-05-06', 'BOU-B1', '0,5', '', 'sen anmälan'],
    ['Kalix', 'Maja Må', '2024-11-06', 'BOU-B2', '1', '', ''],
  ];
}

export function trainersTab(): CellValue[][] {
  return [
    [...TRAINER_HEADERS],
    [d('2024-03-12'), 'BOU-B1', 'Tina Tränare', 'Luleå', 2, ''],
    [d('2024-09-10'), 'BOU-B2', 'Tina Tränare', 'Luleå', 2, ''],
    [d('2024-09-10'), 'BOU-B2', 'Kim Kunnig', 'Kiruna', 2, ''],
  ];
}

export function baseWorkbook(): Record<string, CellValue[][]> {
  return {
    Inställningar: settingsTab(),
    Kommuner: municipalitiesTab(),
    Kurser: coursesTab(),
    'Närvaro 2024': attendanceTab(),
    'Närvaro Kalix': attendanceTab2(),
    Utbildarlogg: trainersTab(),
  };
}

/** Mutations of a memory workbook other than the audit log's (Logg is appended to by every action). */
export function outsideLog(wb: { mutations(): { op: string; tab: string }[] }) {
  return wb.mutations().filter((c) => c.tab !== 'Logg');
}

/** A snapshot without the audit log, whose rows carry the time of each action. */
export function withoutLog<T>(snapshot: Record<string, T>): Record<string, T> {
  const { Logg: _log, ...rest } = snapshot;
  return rest;
}

/** Åtgärd and Resultat of every Logg row, in order. */
export function logRows(wb: { tabNames(): string[]; read(tab: string): unknown[][] }): string[][] {
  if (!wb.tabNames().includes('Logg')) return [];
  return wb
    .read('Logg')
    .slice(1)
    .map((r) => [String(r[2]), String(r[4])]);
}
