/**
 * The command line's arguments (SPEC §7). Parsing is pure: it returns either a command or a
 * Swedish usage error, which main turns into exit status 1.
 */
import { swedishTime } from '../app/clock';
import { isIsoDate } from '../core/dates';

export type Command =
  | { kind: 'help' }
  | {
      kind: 'bill';
      workbook: string;
      month: string;
      date: string | null; // null: today in Europe/Stockholm
      dryRun: boolean;
      send: boolean;
      out: string;
    }
  | {
      kind: 'credit';
      workbook: string;
      invoice: string;
      date: string | null; // null: today in Europe/Stockholm
      reason: string; // '' when none was given
      dryRun: boolean;
      send: boolean;
      out: string;
    }
  | { kind: 'check'; workbook: string }
  | { kind: 'report'; workbook: string; out: string }
  | {
      kind: 'export';
      workbook: string;
      from: string | null;
      to: string | null;
      out: string;
      /** Also hide the invoice sheets of closed years (app/closedYears.ts). */
      hideClosedYears: boolean;
    }
  | { kind: 'import'; workbook: string; file: string; tab: string | null; dryRun: boolean; out: string }
  | { kind: 'payments'; workbook: string; file: string; dryRun: boolean; out: string }
  | {
      kind: 'remind';
      workbook: string;
      date: string | null; // null: today in Europe/Stockholm
      dryRun: boolean;
      send: boolean;
      out: string;
    };

export type Parsed = { ok: true; command: Command } | { ok: false; error: string };

export const HELP = `yrkesresan – fakturering för Yrkesresan på en arbetsbok (.xlsx)

Användning:
  yrkesresan bill --workbook FIL.xlsx --month ÅÅÅÅ-MM [--date ÅÅÅÅ-MM-DD] [--dry-run] [--send] --out KATALOG
  yrkesresan check --workbook FIL.xlsx
  yrkesresan credit --workbook FIL.xlsx --invoice NUMMER [--date ÅÅÅÅ-MM-DD] [--reason TEXT] [--dry-run] [--send] --out KATALOG
  yrkesresan payments --workbook FIL.xlsx --file BANKFIL [--dry-run] --out KATALOG
  yrkesresan remind --workbook FIL.xlsx [--date ÅÅÅÅ-MM-DD] [--dry-run] [--send] --out KATALOG
  yrkesresan report --workbook FIL.xlsx --out KATALOG
  yrkesresan import --workbook FIL.xlsx --file EXPORT.csv|EXPORT.xlsx [--tab NAMN] [--dry-run] --out KATALOG
  yrkesresan export --workbook FIL.xlsx [--from ÅÅÅÅ-MM-DD] [--to ÅÅÅÅ-MM-DD] [--hide-closed-years] --out KATALOG
  yrkesresan --help

Kommandon:
  bill    Kör fakturering för månaden (ÅÅÅÅ-05 eller ÅÅÅÅ-12) precis som menyn "Kör fakturering":
          arbetsboken uppdateras (Fakturanummer, Utbetalning, Fakturor, Fakturarader och en
          fakturaflik per faktura) och i KATALOG skrivs invoices.json samt en PDF per faktura
          i KATALOG/pdf/.
  credit  Krediterar en faktura i sin helhet precis som menyn "Kreditera faktura": en
          kreditfaktura med fakturans rader negerade skrivs i Fakturor och Fakturarader, fakturan
          får Status Krediterad, och dess rader faktureras på nytt vid nästa körning. I KATALOG
          skrivs invoices.json och kreditfakturans PDF (och med --send ett e-postmeddelande).
  payments
          Läser in betalningar från bankens fil (camt.054 eller BgMax) precis som menyn
          "Betalningar och påminnelser": varje betalning blir en rad i Inbetalningar, matchas mot
          fakturornas OCR (eller ett fakturanummer i meddelandet), och fakturornas Betalt,
          Betaldatum och Status uppdateras. Fakturanummer som skrivits i kolumnen Faktura för
          omatchade betalningar tillämpas. En fil som redan lästs in ändrar ingenting.
          Skriver KATALOG/payments.json.
  remind  Listar fakturorna som är förfallna på datumet och, med --send, skriver en påminnelse
          per faktura (med fakturans PDF) i KATALOG/mail/ och datumet i Påmind. En faktura
          påminns högst en gång per 14 dagar. Skriver KATALOG/reminders.json.
  check   Kontrollerar arbetsboken och listar alla fel och varningar. Ändrar ingenting.
  report  Skriver en uppföljning av arbetsboken till KATALOG.
  import  Läser in närvaro från en rapport exporterad ur Totara (CSV eller Excel) till en
          Närvaro-flik (standard "Närvaro import") och skriver KATALOG/import.json. Dubbletter,
          frånvaro, okända kurser och okända kommuner hoppas över.
  export  Skriver bokföringen för perioden som SIE 4-fil (KATALOG/sie/yrkesresan.se) med en
          verifikation per faktura och kreditfaktura daterad i perioden och en per matchad
          inbetalning bokförd i perioden. --from och --to (båda inräknade) är valfria.
          Med --hide-closed-years döljs också fakturaflikarna för avslutade år (år före i år
          där alla fakturor är skickade och betalda eller krediterade), som menyn
          "Skapa/uppdatera flikar" erbjuder; inget tas bort.

Flaggor för bill:
  --workbook FIL   arbetsboken (.xlsx); uppdateras på plats
  --month MÅNAD    faktureringsmånad, ÅÅÅÅ-05 eller ÅÅÅÅ-12
  --date DATUM     fakturadatum (standard: dagens datum i Sverige)
  --dry-run        förhandsgranskning: invoices.json och PDF:er skrivs, arbetsboken lämnas orörd
  --send           skriver också ett e-postmeddelande (.eml) per faktura i KATALOG/mail/ och
                   markerar fakturorna som skickade i Fakturor
  --out KATALOG    katalog för invoices.json, pdf/ och mail/

Flaggor för credit:
  --invoice NUMMER fakturanumret som krediteras
  --date DATUM     kreditfakturans datum (standard: dagens datum i Sverige)
  --reason TEXT    orsaken, som skrivs på kreditfakturan och i e-postmeddelandet
  --dry-run, --send, --out som för bill

Flaggor för payments:
  --file BANKFIL   bankens fil med inbetalningar till bankgirot (camt.054 eller BgMax)
  --dry-run        förhandsgranskning: payments.json skrivs, arbetsboken lämnas orörd

Flaggor för remind:
  --date DATUM     dagen som förfallna fakturor räknas på (standard: dagens datum i Sverige);
                   nytt förfallodatum = datum + 10 dagar
  --send           skriver påminnelserna (.eml) i KATALOG/mail/ och datumet i Påmind
  --dry-run        förhandsgranskning: reminders.json (och med --send e-posten) skrivs,
                   arbetsboken lämnas orörd

Slutstatus:
  0  klart (varningar kan ha visats)
  1  felaktigt kommando, fil som inte kan läsas eller skrivas, arbetsboken används av en annan
     körning, eller ett e-postmeddelande som inte kunde skapas (faktureringen är då ändå sparad)
  2  fel i arbetsbokens data; ingenting har skrivits och arbetsboken är oförändrad
`;

type Spec = Record<string, 'value' | 'flag'>;

type Name = 'bill' | 'credit' | 'check' | 'report' | 'import' | 'export' | 'payments' | 'remind';
const NAMES: readonly Name[] = ['bill', 'credit', 'check', 'report', 'import', 'export', 'payments', 'remind'];

const SPECS: Record<Name, Spec> = {
  payments: { workbook: 'value', file: 'value', out: 'value', 'dry-run': 'flag' },
  remind: { workbook: 'value', date: 'value', out: 'value', 'dry-run': 'flag', send: 'flag' },
  import: { workbook: 'value', file: 'value', tab: 'value', out: 'value', 'dry-run': 'flag' },
  export: { workbook: 'value', from: 'value', to: 'value', out: 'value', 'hide-closed-years': 'flag' },
  bill: { workbook: 'value', month: 'value', date: 'value', out: 'value', 'dry-run': 'flag', send: 'flag' },
  credit: {
    workbook: 'value',
    invoice: 'value',
    date: 'value',
    reason: 'value',
    out: 'value',
    'dry-run': 'flag',
    send: 'flag',
  },
  check: { workbook: 'value' },
  report: { workbook: 'value', out: 'value' },
};

function fail(error: string): Parsed {
  return { ok: false, error };
}

/** The flags given to a command: values by key, and the on/off flags set. */
interface Given {
  values: Record<string, string>;
  flags: Set<string>;
  workbook: string;
  out: string | null;
}

/** Stage 1: the flags after the command's name, against its spec. */
function readFlags(name: Name, rest: string[]): { values: Record<string, string>; flags: Set<string> } | Parsed {
  const spec = SPECS[name];
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) return fail(`Oväntat argument "${arg}".`);
    const eq = arg.indexOf('=');
    const key = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[key];
    if (!kind) return fail(`Okänd flagga "--${key}" för ${name}.`);
    if (kind === 'flag') {
      if (eq >= 0) return fail(`Flaggan --${key} tar inget värde.`);
      flags.add(key);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < rest.length && !rest[i + 1].startsWith('--')) value = rest[++i];
    if (value === undefined || value === '') return fail(`Flaggan --${key} behöver ett värde.`);
    if (key in values) return fail(`Flaggan --${key} är angiven två gånger.`);
    values[key] = value;
  }
  return { values, flags };
}

const NO_OUT = 'Ange en katalog för resultatet med --out KATALOG.';

/** A date flag that is absent (null), or why its value is no date. */
function dateFlag(value: string | undefined): { date: string | null } | Parsed {
  const date = value ?? null;
  if (date !== null && !isIsoDate(date)) return fail(`Ogiltigt datum "${date}": skriv ÅÅÅÅ-MM-DD.`);
  return { date };
}

function parseExport({ values, flags, workbook, out }: Given): Parsed {
  const from = values.from ?? null;
  const to = values.to ?? null;
  for (const [flag, date] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (date !== null && !isIsoDate(date)) return fail(`Ogiltigt datum "${date}" för --${flag}: skriv ÅÅÅÅ-MM-DD.`);
  }
  if (from !== null && to !== null && from > to)
    return fail(`Perioden är tom: --from ${from} ligger efter --to ${to}.`);
  if (!out) return fail(NO_OUT);
  return {
    ok: true,
    command: { kind: 'export', workbook, from, to, out, hideClosedYears: flags.has('hide-closed-years') },
  };
}

function parseImport({ values, flags, workbook, out }: Given): Parsed {
  const file = values.file;
  if (!file) return fail('Ange exportfilen från Totara med --file EXPORT.csv eller --file EXPORT.xlsx.');
  const tab = values.tab ?? null;
  if (tab !== null && !/^närvaro/i.test(tab.normalize('NFC').trim())) {
    return fail(`Fliken "${tab}" är ingen närvaroflik: namnet måste börja med Närvaro (t.ex. "Närvaro import").`);
  }
  if (!out) return fail(NO_OUT);
  return { ok: true, command: { kind: 'import', workbook, file, tab, dryRun: flags.has('dry-run'), out } };
}

function parsePayments({ values, flags, workbook, out }: Given): Parsed {
  const file = values.file;
  if (!file) return fail('Ange bankens fil med --file BANKFIL (camt.054 eller BgMax).');
  if (!out) return fail(NO_OUT);
  return { ok: true, command: { kind: 'payments', workbook, file, dryRun: flags.has('dry-run'), out } };
}

function parseRemind({ values, flags, workbook, out }: Given): Parsed {
  const d = dateFlag(values.date);
  if ('ok' in d) return d;
  if (!out) return fail(NO_OUT);
  return {
    ok: true,
    command: { kind: 'remind', workbook, date: d.date, dryRun: flags.has('dry-run'), send: flags.has('send'), out },
  };
}

function parseBill({ values, flags, workbook, out }: Given): Parsed {
  const month = values.month;
  if (!month) return fail('Ange faktureringsmånaden med --month ÅÅÅÅ-MM.');
  if (!/^\d{4}-(05|12)$/.test(month)) {
    return fail(`Ogiltig månad "${month}": fakturering görs för maj eller december, ÅÅÅÅ-05 eller ÅÅÅÅ-12.`);
  }
  const d = dateFlag(values.date);
  if ('ok' in d) return d;
  if (!out) return fail(NO_OUT);
  return {
    ok: true,
    command: {
      kind: 'bill',
      workbook,
      month,
      date: d.date,
      dryRun: flags.has('dry-run'),
      send: flags.has('send'),
      out,
    },
  };
}

function parseCredit({ values, flags, workbook, out }: Given): Parsed {
  const invoice = values.invoice?.trim() ?? '';
  if (!invoice) return fail('Ange fakturan som ska krediteras med --invoice NUMMER.');
  const d = dateFlag(values.date);
  if ('ok' in d) return d;
  if (!out) return fail(NO_OUT);
  const reason = values.reason ?? '';
  return {
    ok: true,
    command: {
      kind: 'credit',
      workbook,
      invoice,
      date: d.date,
      reason,
      dryRun: flags.has('dry-run'),
      send: flags.has('send'),
      out,
    },
  };
}

/** Stage 2: each command's own flags checked and made its command. */
const COMMANDS: Record<Name, (given: Given) => Parsed> = {
  check: ({ workbook }) => ({ ok: true, command: { kind: 'check', workbook } }),
  export: parseExport,
  report: ({ workbook, out }) =>
    out ? { ok: true, command: { kind: 'report', workbook, out } } : fail('Ange en katalog med --out KATALOG.'),
  import: parseImport,
  credit: parseCredit,
  payments: parsePayments,
  remind: parseRemind,
  bill: parseBill,
};

/** The command line: the command's name → its flags → the command. */
export function parseArgs(argv: string[]): Parsed {
  if (argv.length === 0)
    return fail('Ange ett kommando: bill, credit, payments, remind, check, report, import eller export.');
  if (argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help')
    return { ok: true, command: { kind: 'help' } };
  const [name, ...rest] = argv;
  if (!(NAMES as readonly string[]).includes(name)) {
    return fail(`Okänt kommando "${name}". Använd bill, credit, payments, remind, check, report, import eller export.`);
  }
  const read = readFlags(name as Name, rest);
  if ('ok' in read) return read;
  const workbook = read.values.workbook;
  if (!workbook) return fail('Ange arbetsboken med --workbook FIL.xlsx.');
  return COMMANDS[name as Name]({ ...read, workbook, out: read.values.out ?? null });
}

/** Today's date in Sweden, 'YYYY-MM-DD'. */
export function todayInStockholm(now: Date = new Date()): string {
  return swedishTime(now, 'day');
}
