/**
 * The sample workbook examples/exempel.xlsx: realistic but fictional data for two years
 * (2024–2025), generated deterministically from a seeded PRNG so that the committed file can be
 * checked against this generator. People, addresses and e-mail domains are invented
 * (*.exempel.se); the municipalities, their org. numbers and fixed costs are the agreement's.
 */
import { JOURNEYS, MEMBERS, NO, SETTING, STEPS, TAB, YES, type SettingKey } from '../src/workbook/schema';
import { CalendarDate, type CellValue } from '../src/workbook/port';
import { memberRows, settingsRows, tabSetups } from '../src/workbook/setup';
import { XlsxWorkbook } from '../src/cli/xlsx';
import { luhnCheckDigit } from '../src/core/luhn';
import { ascii, POPULATION, withLuhn } from '../tests/fixtures/members';
import { prng } from '../tests/fixtures/random';

const SEED = 20240513;

/** Invented postal codes and street addresses of the social services. */
const POSTAL: Record<string, string> = {
  Arjeplog: '938 21',
  Arvidsjaur: '933 81',
  Boden: '961 86',
  Gällivare: '982 81',
  Haparanda: '953 85',
  Jokkmokk: '962 85',
  Kalix: '952 81',
  Kiruna: '981 85',
  Luleå: '971 85',
  Pajala: '984 85',
  Piteå: '941 85',
  Älvsbyn: '942 85',
  Överkalix: '956 85',
  Övertorneå: '957 85',
};

const FIRST = [
  'Anna',
  'Maria',
  'Erik',
  'Lars',
  'Karin',
  'Johan',
  'Sara',
  'Emma',
  'Per',
  'Lena',
  'Nils',
  'Elin',
  'Olof',
  'Ida',
  'Jonas',
  'Frida',
  'Mikael',
  'Hanna',
  'Anders',
  'Linnea',
  'Sofia',
  'Magnus',
  'Ingrid',
  'Petra',
  'Åsa',
  'Björn',
  'Märta',
  'Örjan',
  'Jenny',
  'Kristina',
  'Tove',
  'Pekka',
  'Aino',
  'Mattias',
];
const LAST = [
  'Lindqvist',
  'Nilsson',
  'Johansson',
  'Lundberg',
  'Forsberg',
  'Berglund',
  'Öberg',
  'Holmström',
  'Sundqvist',
  'Åström',
  'Lindberg',
  'Isaksson',
  'Nordström',
  'Wikström',
  'Hedman',
  'Marklund',
  'Burman',
  'Lundström',
  'Strand',
  'Granström',
  'Palo',
  'Niemi',
  'Keinänen',
  'Lantto',
  'Kuoksu',
  'Stenlund',
  'Sandberg',
  'Björklund',
  'Ahlqvist',
  'Enbom',
];

/** Spellings administrators really type; the product matches them forgivingly (SPEC §2.2). */
const VARIANTS: Record<string, string[]> = {
  Luleå: ['Lulea', 'LULEÅ', 'Luleå kommun'],
  Piteå: ['PITEÅ', 'Pitea'],
  Boden: ['Bodens kommun', 'boden'],
  Haparanda: ['Haparanda stad'],
  Kiruna: [' Kiruna ', 'Kiruna kommun'],
  Gällivare: ['Gallivare'],
  Övertorneå: ['Overtornea'],
  Älvsbyn: ['Alvsbyn'],
};

interface SampleCourse {
  id: string;
  journey: string;
  step: string;
  name: string;
  start: string;
  end: string;
  recorded: boolean;
  venue: number | null;
}

const J = {
  bou: JOURNEYS[0], // Barn och unga – myndighetsutövning
  fhu: JOURNEYS[1], // Funktionshinder – utförare
  mob: JOURNEYS[2], // Missbruk och beroende – myndighetsutövning
  aou: JOURNEYS[3], // Äldreomsorg – utförare
  fhm: JOURNEYS[4], // Funktionshinder – myndighetsutövning
};
const [BAS, FORDJ, SPETS, CHEF] = STEPS;

const COURSES: SampleCourse[] = [
  {
    id: 'FHU-B-INSP',
    journey: J.fhu,
    step: BAS,
    name: 'Grundkurs funktionshinder (inspelad)',
    start: '2024-01-08',
    end: '2025-12-19',
    recorded: true,
    venue: null,
  },
  {
    id: 'BOU-B1-24',
    journey: J.bou,
    step: BAS,
    name: 'Barnavårdsutredning – grunder',
    start: '2024-02-06',
    end: '2024-02-07',
    recorded: false,
    venue: null,
  },
  {
    id: 'AOU-B1-24',
    journey: J.aou,
    step: BAS,
    name: 'Bemötande i äldreomsorgen',
    start: '2024-02-20',
    end: '2024-02-20',
    recorded: false,
    venue: null,
  },
  {
    id: 'MOB-B1-24',
    journey: J.mob,
    step: BAS,
    name: 'Missbruk och beroende – introduktion',
    start: '2024-03-12',
    end: '2024-03-13',
    recorded: false,
    venue: null,
  },
  {
    id: 'FHM-B1-24',
    journey: J.fhm,
    step: BAS,
    name: 'LSS-handläggning – grunder',
    start: '2024-04-09',
    end: '2024-04-10',
    recorded: false,
    venue: null,
  },
  {
    id: 'BOU-F1-24',
    journey: J.bou,
    step: FORDJ,
    name: 'Samtal med barn',
    start: '2024-05-14',
    end: '2024-05-15',
    recorded: false,
    venue: null,
  },
  {
    id: 'FHU-F1-24',
    journey: J.fhu,
    step: FORDJ,
    name: 'Lågaffektivt bemötande',
    start: '2024-09-10',
    end: '2024-09-11',
    recorded: false,
    venue: null,
  },
  {
    id: 'AOU-F1-24',
    journey: J.aou,
    step: FORDJ,
    name: 'Demensvård i praktiken',
    start: '2024-09-24',
    end: '2024-09-25',
    recorded: false,
    venue: null,
  },
  {
    id: 'MOB-F1-24',
    journey: J.mob,
    step: FORDJ,
    name: 'Motiverande samtal',
    start: '2024-10-08',
    end: '2024-10-10',
    recorded: false,
    venue: 1200,
  },
  {
    id: 'BOU-C1-24',
    journey: J.bou,
    step: CHEF,
    name: 'Att leda myndighetsutövning',
    start: '2024-11-05',
    end: '2024-11-05',
    recorded: false,
    venue: null,
  },
  {
    id: 'FHM-F1-24',
    journey: J.fhm,
    step: FORDJ,
    name: 'Utredning enligt LSS',
    start: '2024-11-19',
    end: '2024-11-20',
    recorded: false,
    venue: null,
  },
  {
    id: 'BOU-B1-25',
    journey: J.bou,
    step: BAS,
    name: 'Barnavårdsutredning – grunder',
    start: '2025-01-28',
    end: '2025-01-29',
    recorded: false,
    venue: null,
  },
  {
    id: 'AOU-B1-25',
    journey: J.aou,
    step: BAS,
    name: 'Bemötande i äldreomsorgen',
    start: '2025-02-11',
    end: '2025-02-11',
    recorded: false,
    venue: null,
  },
  {
    id: 'MOB-B1-25',
    journey: J.mob,
    step: BAS,
    name: 'Missbruk och beroende – introduktion',
    start: '2025-03-11',
    end: '2025-03-12',
    recorded: false,
    venue: null,
  },
  {
    id: 'FHU-S1-25',
    journey: J.fhu,
    step: SPETS,
    name: 'Komplexa behov och samsjuklighet',
    start: '2025-04-01',
    end: '2025-04-02',
    recorded: false,
    venue: null,
  },
  {
    id: 'BOU-S1-25',
    journey: J.bou,
    step: SPETS,
    name: 'Barn som far illa – fördjupad analys',
    start: '2025-05-06',
    end: '2025-05-07',
    recorded: false,
    venue: null,
  },
  {
    id: 'FHM-B1-25',
    journey: J.fhm,
    step: BAS,
    name: 'LSS-handläggning – grunder',
    start: '2025-05-20',
    end: '2025-05-21',
    recorded: false,
    venue: null,
  },
  {
    id: 'AOU-F1-25',
    journey: J.aou,
    step: FORDJ,
    name: 'Demensvård i praktiken',
    start: '2025-09-16',
    end: '2025-09-17',
    recorded: false,
    venue: null,
  },
  {
    id: 'MOB-S1-25',
    journey: J.mob,
    step: SPETS,
    name: 'Spelberoende',
    start: '2025-10-07',
    end: '2025-10-08',
    recorded: false,
    venue: null,
  },
  {
    id: 'FHU-C1-25',
    journey: J.fhu,
    step: CHEF,
    name: 'Arbetsledning i LSS-verksamhet',
    start: '2025-10-21',
    end: '2025-10-21',
    recorded: false,
    venue: null,
  },
  {
    id: 'BOU-F1-25',
    journey: J.bou,
    step: FORDJ,
    name: 'Samtal med barn',
    start: '2025-11-11',
    end: '2025-11-12',
    recorded: false,
    venue: null,
  },
  {
    id: 'AOU-C1-25',
    journey: J.aou,
    step: CHEF,
    name: 'Att leda i äldreomsorgen',
    start: '2025-12-02',
    end: '2025-12-02',
    recorded: false,
    venue: null,
  },
];

interface Attendance {
  date: string;
  courseId: string;
  participant: string;
  municipality: string; // as typed
  days: number;
  comment: string;
}

interface Trainer {
  date: string;
  courseId: string;
  trainer: string;
  municipality: string;
  days: number;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function courseDays(c: SampleCourse): number {
  return (Date.parse(`${c.end}T00:00:00Z`) - Date.parse(`${c.start}T00:00:00Z`)) / 86_400_000 + 1;
}

/** The sample's rows, from the seed alone. */
export function sampleData(): { attendance: Attendance[]; trainers: Trainer[] } {
  const rnd = prng(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const names = MEMBERS.map((m) => m.name);
  const weights = names.map((n) => Math.sqrt(POPULATION[n]));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const weightedMunicipality = (): string => {
    let x = rnd() * totalWeight;
    for (let i = 0; i < names.length; i++) {
      x -= weights[i];
      if (x < 0) return names[i];
    }
    return names[names.length - 1];
  };
  const typed = (name: string): string => {
    const variants = VARIANTS[name];
    return variants && rnd() < 0.12 ? pick(variants) : name;
  };

  const attendance: Attendance[] = [];
  const trainers: Trainer[] = [];
  for (const course of COURSES) {
    const length = courseDays(course);
    const seen = new Set<string>();
    if (course.recorded) {
      // Watched on demand: one row per person, dated when they watched it.
      for (let i = 0; i < 14; i++) {
        const person = `${pick(FIRST)} ${pick(LAST)}`;
        if (seen.has(person)) continue;
        seen.add(person);
        const date = addDays(course.start, Math.floor(rnd() * 690));
        attendance.push({
          date,
          courseId: course.id,
          participant: person,
          municipality: typed(weightedMunicipality()),
          days: 1,
          comment: '',
        });
      }
      continue;
    }
    const count = 10 + Math.floor(rnd() * 12);
    for (let i = 0; i < count; i++) {
      const person = `${pick(FIRST)} ${pick(LAST)}`;
      if (seen.has(person)) continue;
      seen.add(person);
      let date = course.start;
      let days = length;
      let comment = '';
      const r = rnd();
      if (length > 1 && r < 0.12) {
        date = addDays(course.start, 1); // came the second day only
        days = length - 1;
        comment = 'Endast dag 2';
      } else if (r > 0.93) {
        days = length - 0.5; // left at lunch on the last day
        comment = 'Gick vid lunch sista dagen';
      }
      attendance.push({
        date,
        courseId: course.id,
        participant: person,
        municipality: typed(weightedMunicipality()),
        days,
        comment,
      });
    }
    const trainerCount = length > 1 && rnd() < 0.5 ? 2 : 1;
    const used = new Set<string>();
    for (let t = 0; t < trainerCount; t++) {
      const trainer = `${pick(FIRST)} ${pick(LAST)}`;
      if (used.has(trainer)) continue;
      used.add(trainer);
      trainers.push({
        date: course.start,
        courseId: course.id,
        trainer,
        municipality: weightedMunicipality(),
        days: length,
      });
    }
  }
  // Every spelling variant appears at least once, whatever the draws were.
  for (const [name, variants] of Object.entries(VARIANTS)) {
    const rows = attendance.filter((a) => a.municipality === name);
    variants.forEach((variant, i) => {
      if (!attendance.some((a) => a.municipality === variant) && rows[3 + i * 5])
        rows[3 + i * 5].municipality = variant;
    });
  }
  const byDate = <T extends { date: string; courseId: string }>(a: T, b: T) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.courseId < b.courseId ? -1 : a.courseId > b.courseId ? 1 : 0;
  attendance.sort(byDate);
  trainers.sort(byDate);
  return { attendance, trainers };
}

const date = (iso: string) => new CalendarDate(iso);

/** The seller's details, in place of the blank defaults. */
function sellerSettings(): Partial<Record<SettingKey, CellValue>> {
  // Eight digits, the last the mod-10 check digit (SPEC §2.1), printed NNNN-NNNN.
  const bankgiro = withLuhn('5550123').replace('-', '');
  return {
    [SETTING.orgNumber]: withLuhn('222000471'),
    [SETTING.address]: 'Exempelvägen 1, 972 31 Luleå',
    [SETTING.bankgiro]: `${bankgiro.slice(0, 4)}-${bankgiro.slice(4)}`,
    [SETTING.contactPerson]: 'Karin Exempelsson, 0920-00 00 00',
    [SETTING.replyTo]: 'yrkesresan@norrbottenskommuner.exempel.se',
  };
}

const CHIEFS = [
  'Eva',
  'Göran',
  'Helena',
  'Tomas',
  'Ulla',
  'Stefan',
  'Birgitta',
  'Roger',
  'Annika',
  'Kjell',
  'Marie',
  'Håkan',
  'Lotta',
  'Jan',
];
const CHIEF_LAST = ['Exempelsson', 'Provberg', 'Testström', 'Modellén', 'Fiktivsson', 'Påhittad', 'Mallqvist'];

function municipalityRows(): CellValue[][] {
  return memberRows((m, i) => ({
    Befolkning: POPULATION[m.name],
    Socialchef: `${CHIEFS[i]} ${CHIEF_LAST[i % CHIEF_LAST.length]}`,
    'E-post': `socialchef@${ascii(m.name)}.exempel.se`,
    Fakturaadress: `${m.legalName}, Socialförvaltningen, Box ${100 + i * 7}, ${POSTAL[m.name]} ${m.name}`,
    Fakturareferens: `Yrkesresan / ansvar ${5100 + i}`,
    // The bankgiro a payout of the trainer pot goes to: 7 digits and the mod-10 check digit.
    Utbetalningskonto: payoutBankgiro(i),
  }));
}

/** A made-up bankgiro NNNN-NNNN per member, valid by its check digit (SPEC §2.1, §2.2). */
function payoutBankgiro(i: number): string {
  const seven = `5551${String(100 + i * 37).padStart(3, '0')}`;
  const digits = `${seven}${luhnCheckDigit(seven)}`;
  return `${digits.slice(0, 4)}-${digits.slice(4)}`;
}

function courseRows(): CellValue[][] {
  return COURSES.map((c) => [
    c.id,
    c.journey,
    c.step,
    c.name,
    date(c.start),
    date(c.end),
    c.recorded ? YES : NO,
    c.venue ?? '',
  ]);
}

/** Builds the sample workbook in memory. */
export function makeSample(): XlsxWorkbook {
  const port = XlsxWorkbook.empty();
  const wb = port.workbook;
  // Fixed metadata so that two generations differ in nothing but ExcelJS's zip timestamps.
  wb.creator = 'Yrkesresan';
  wb.created = new Date(Date.UTC(2025, 0, 1));
  wb.modified = new Date(Date.UTC(2025, 0, 1));

  // The tabs exactly as "Skapa/uppdatera flikar" creates them, filled with the sample's rows.
  const setups = tabSetups();
  const { attendance, trainers } = sampleData();
  port.createTab(TAB.settings, { ...setups[TAB.settings], rows: settingsRows(sellerSettings()) });
  port.createTab(TAB.municipalities, { ...setups[TAB.municipalities], rows: municipalityRows() });
  port.createTab(TAB.courses, { ...setups[TAB.courses], rows: courseRows() });

  const attendanceRow = (a: Attendance): CellValue[] => [
    date(a.date),
    a.courseId,
    a.participant,
    a.municipality,
    a.days,
    '',
  ];
  const y2024 = attendance.filter((a) => a.date < '2025-01-01');
  const y2025 = attendance.filter((a) => a.date >= '2025-01-01');
  port.createTab(`${TAB.attendancePrefix} 2024`, { ...setups[TAB.attendance], rows: y2024.map(attendanceRow) });
  // The 2025 tab carries an extra column of the administrators' own: the tool must leave it be.
  port.createTab(`${TAB.attendancePrefix} 2025`, {
    ...setups[TAB.attendance],
    columns: [...setups[TAB.attendance].columns, { header: 'Kommentar', width: 220 }],
    rows: y2025.map((a) => [...attendanceRow(a), a.comment]),
  });
  port.createTab(TAB.trainers, {
    ...setups[TAB.trainers],
    rows: trainers.map((t) => [date(t.date), t.courseId, t.trainer, t.municipality, t.days, '']),
  });
  port.createTab(TAB.invoices, setups[TAB.invoices]);
  port.createTab(TAB.lines, setups[TAB.lines]);
  return port;
}
