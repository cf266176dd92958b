// A workbook for the follow-up: the 14 members with Befolkning, five courses (one recorded, one
// with its own venue cost) over three Yrkesresor, attendance in 2024 and 2025 spread over two
// tabs, and a trainer log; billed by May and December runs so that the register is real.
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { CalendarDate, type CellValue } from '../../src/workbook/port';
import { ATTENDANCE_HEADERS, COURSE_HEADERS, TRAINER_HEADERS } from '../../src/workbook/schema';
import { membersTab, POPULATION, settingsTabWith } from '../fixtures/members';

const d = (iso: string) => new CalendarDate(iso);

export const BOU = 'Barn och unga – myndighetsutövning';
export const FU = 'Funktionshinder – utförare';
export const AO = 'Äldreomsorg – utförare';

function settings(): CellValue[][] {
  return settingsTabWith({ Organisationsnummer: '802000-1239', Bankgiro: '5050-1055' });
}

function municipalities(): CellValue[][] {
  return membersTab((m) => ({
    Befolkning: POPULATION[m.name],
    Socialchef: 'Chef',
    'E-post': `chef@${m.orgNumber.replace('-', '')}.exempel.se`,
    Fakturaadress: 'Box 1',
    Fakturareferens: 'Ref',
  }));
}

function courses(): CellValue[][] {
  return [
    [...COURSE_HEADERS],
    ['BOU-B1', BOU, 'Bas', 'Utredning', '', '', 'Nej', ''],
    ['BOU-F1', BOU, 'Fördjupning', 'Samtal med barn', '', '', 'Nej', ''],
    ['FU-B1', FU, 'Bas', 'Grundkurs (inspelad)', '', '', 'Ja', ''],
    ['AO-B1', AO, 'Bas', 'Demensvård', '', '', 'Nej', 800],
    ['AO-AC', AO, 'Arbetsledare och chefer', 'Ledarskap', '', '', 'Nej', ''],
  ];
}

type Att = [string, string, string, string, number | string];

/** Attendance: [Datum, Kurs-ID, Deltagare, Kommun, Dagar]. */
export const ATTENDANCE_2024: Att[] = [
  ['2024-02-12', 'BOU-B1', 'Lisa Lind', 'Luleå', 2],
  ['2024-02-12', 'BOU-B1', 'Per Persson', 'Lulea', 2],
  ['2024-02-12', 'BOU-B1', 'Eva Ek', 'Luleå kommun', 2],
  ['2024-03-05', 'BOU-B1', 'Kalle Kula', 'Kiruna', 1.5],
  ['2024-04-02', 'AO-B1', 'Stina Sten', 'Boden', 1],
  ['2024-04-03', 'FU-B1', 'Olle Ost', 'Boden', 1],
  ['2024-05-20', 'AO-B1', 'Stina Sten', 'Boden', 1], // same person, same course, another day
  ['2024-09-10', 'BOU-F1', 'Lisa Lind', 'Luleå', 2], // Lisa again in the autumn
  ['2024-09-10', 'BOU-F1', '=IMPORTXML("http://x";"//a")', 'Piteå', 2],
  ['2024-10-01', 'AO-AC', 'Åsa Öberg', 'Överkalix', 3],
  ['2024-10-01', 'AO-AC', 'Asa Oberg', 'Övertorneå', 3],
  ['2024-11-06', 'BOU-B1', 'Maja Må', 'Kalix', 0.5],
];

export const ATTENDANCE_2025: Att[] = [
  ['2025-01-20', 'BOU-F1', 'Kalle Kula', 'Kiruna', 2],
  ['2025-02-03', 'AO-B1', 'Stina Sten', 'Boden', 2],
  ['2025-03-03', 'AO-B1', 'Nils Nord', 'Boden', 2],
  ['2025-04-14', 'FU-B1', 'Olle Ost', 'Boden', 1],
  ['2025-09-01', 'BOU-B1', 'Lisa Lind', 'Luleå', 1],
  ['2025-10-15', 'AO-AC', 'Pia Pil', 'Piteå', 2.5],
  ['2025-11-11', 'BOU-F1', 'Maja Må', 'Kalix', 1],
];

const row = ([date, course, who, kommun, days]: Att): CellValue[] => [d(date), course, who, kommun, days, ''];

export const TRAINERS: [string, string, string, string, number][] = [
  ['2024-02-12', 'BOU-B1', 'Tina Tränare', 'Luleå', 2],
  ['2024-09-10', 'BOU-F1', 'Kim Kunnig', 'Kiruna', 2],
  ['2025-03-03', 'AO-B1', 'Tina Tränare', 'Luleå', 1],
  ['2025-10-15', 'AO-AC', 'Bo Bred', 'Boden', 3],
];

export function reportWorkbook(): MemoryWorkbook {
  return new MemoryWorkbook({
    Inställningar: settings(),
    Kommuner: municipalities(),
    Kurser: courses(),
    // Two attendance tabs: the reader takes every tab whose name starts with Närvaro.
    'Närvaro 2024': [[...ATTENDANCE_HEADERS], ...ATTENDANCE_2024.map(row)],
    'Närvaro 2025': [[...ATTENDANCE_HEADERS], ...ATTENDANCE_2025.map(row)],
    Utbildarlogg: [[...TRAINER_HEADERS], ...TRAINERS.map(([date, c, who, k, days]) => [d(date), c, who, k, days, ''])],
  });
}

/** The billing runs of the two years; the December 2025 run is invoiced in January 2026. */
export const RUNS = [
  { month: '2024-05', invoiceDate: '2024-05-31' },
  { month: '2024-12', invoiceDate: '2024-12-20' },
  { month: '2025-05', invoiceDate: '2025-05-30' },
  { month: '2025-12', invoiceDate: '2026-01-08' },
];
