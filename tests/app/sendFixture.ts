/**
 * A billed workbook for the sending tests: the tabs as setup creates them, the 14 members with
 * socialchef and e-mail, one course, attendance for every member, and the December 2024 run
 * written the way the billing run writes it (invoice sheets, stamps, Fakturarader, Fakturor).
 */
import { planRun } from '../../src/core/plan';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { CalendarDate, type CellValue, type WorkbookPort } from '../../src/workbook/port';
import { readWorkbook } from '../../src/workbook/read';
import { MEMBERS, TAB } from '../../src/workbook/schema';
import { tabSetups } from '../../src/workbook/setup';
import { writeRun } from '../../src/workbook/write';

export const ADMIN = 'admin@nbkommuner.example';

export function emailOf(name: string): string {
  const ascii = name.toLowerCase().replace(/å|ä/g, 'a').replace(/ö/g, 'o');
  return `socialchef@${ascii}.example`;
}

export interface FixtureOptions {
  /** Settings to set (Inställning → Värde). */
  settings?: Record<string, CellValue>;
  /** Per municipality: fields of the Kommuner row to replace. */
  municipalities?: Record<string, Partial<{ Socialchef: string; 'E-post': string; Kommun: string }>>;
  /** Only these members attend (default all 14). */
  attending?: string[];
  /** Participant names (the first row of each municipality). */
  participant?: (municipality: string) => string;
  /** Trainer days per municipality (Utbildarlogg rows dated 2024-10-14). */
  trainers?: Record<string, number>;
}

/** Creates every tab and fills in the data; does not bill. */
export function setUpWorkbook(port: WorkbookPort, options: FixtureOptions = {}): void {
  for (const [tab, setup] of Object.entries(tabSetups())) {
    if (!port.tabNames().includes(tab)) port.createTab(tab, setup);
  }
  const settings: Record<string, CellValue> = {
    Organisationsnummer: '222000-1875',
    Adress: 'Box 947, 971 28 Luleå',
    Bankgiro: '5050-1055',
    Kontaktperson: 'Åsa Öberg',
    Svarsadress: 'faktura@nbkommuner.example',
    ...options.settings,
  };
  const settingRows = port.read(TAB.settings);
  const values = settingRows.slice(1).map((r) => [String(r[0]) in settings ? settings[String(r[0])] : r[1]]);
  port.write(TAB.settings, 2, 2, values);
  const extra = Object.keys(settings).filter((k) => !settingRows.some((r) => r[0] === k));
  if (extra.length)
    port.write(
      TAB.settings,
      settingRows.length + 1,
      1,
      extra.map((k) => [k, settings[k]]),
    );

  const municipalities = MEMBERS.map((m) => {
    const o = options.municipalities?.[m.name] ?? {};
    return [
      o.Kommun ?? m.name,
      m.orgNumber,
      '',
      m.fixedCost,
      o.Socialchef ?? `Socialchef i ${m.name}`,
      o['E-post'] ?? emailOf(m.name),
      `Socialförvaltningen, ${m.name}`,
      `Ref ${m.name}`,
    ];
  });
  port.write(TAB.municipalities, 2, 1, municipalities);
  port.write(TAB.courses, 2, 1, [
    [
      'BOU-B2',
      'Barn och unga – myndighetsutövning',
      'Bas',
      'Barnets bästa – grund',
      new CalendarDate('2024-10-01'),
      new CalendarDate('2024-11-30'),
      'Nej',
      '',
    ],
  ]);
  const attending = options.attending ?? MEMBERS.map((m) => m.name);
  const participant = options.participant ?? ((name: string) => `Ärla Åkesson ${name}`);
  const rows: CellValue[][] = [];
  attending.forEach((name, i) => {
    rows.push([new CalendarDate('2024-10-14'), 'BOU-B2', participant(name), name, 2, '']);
    rows.push([new CalendarDate('2024-11-11'), 'BOU-B2', `Örjan Älv ${i}`, name, 1.5, '']);
  });
  port.write(TAB.attendance, 2, 1, rows);
  const trainers = Object.entries(options.trainers ?? {});
  if (trainers.length) {
    port.write(
      TAB.trainers,
      2,
      1,
      trainers.map(([name, days]) => [new CalendarDate('2024-10-14'), 'BOU-B2', `Utbildare i ${name}`, name, days, '']),
    );
  }
}

/** Bills a run the way Kör fakturering writes it. Returns the invoice numbers. */
export function bill(port: WorkbookPort, month = '2024-12', invoiceDate = '2024-12-20'): string[] {
  const snapshot = readWorkbook(port);
  const errors = snapshot.issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new Error(`fixture has errors: ${JSON.stringify(errors)}`);
  const plan = planRun({ ...snapshot.input, run: { month, invoiceDate } });
  writeRun(port, snapshot, plan);
  return plan.invoices.map((i) => i.number);
}

export function billedWorkbook(options: FixtureOptions = {}): { wb: MemoryWorkbook; numbers: string[] } {
  const wb = new MemoryWorkbook();
  setUpWorkbook(wb, options);
  const numbers = bill(wb);
  return { wb, numbers };
}

/** The Fakturor rows as objects keyed by header. */
export function registerRows(port: WorkbookPort): Record<string, CellValue>[] {
  const [header, ...rows] = port.read(TAB.invoices);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

/** Changes one cell of a municipality's Kommuner row (as an administrator would after billing). */
export function setMunicipalityCell(port: WorkbookPort, name: string, header: string, value: CellValue): void {
  const rows = port.read(TAB.municipalities);
  const col = rows[0].indexOf(header);
  const row = rows.findIndex((r) => r[0] === name);
  if (col < 0 || row < 1) throw new Error(`no ${header} for ${name}`);
  port.write(TAB.municipalities, row + 1, col + 1, [[value]]);
}
