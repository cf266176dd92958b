/**
 * The register as a ledger whose invariants are checked on every read (as beancount checks its
 * entries): a list of small named checks over plain data, each returning the breaks it finds as
 * findings about the record and field (the workbook floor names the tab, row and column). With any of them, nothing is billed,
 * credited or sent; Kontrollera data lists them all.
 *
 * Stamps and lines whose number is missing from the register are orphans of an interrupted run only
 * when they are newer than every committed number of their series (an interrupted run writes its
 * invoice rows last, in one write, and numbers from the end of the series). Anything else means
 * the register or a stamp was edited, and is an error — never a reason to bill again.
 *
 * Rows stamped with a credited invoice are released (SPEC §8): they may be edited freely and the
 * stamp/line reconciliation does not apply to them.
 */
import { isCreditNote, releasedNumbers } from './ledgerState';
import { normalizeName } from './names';
import { formatKronor } from './format';
import { parseInvoiceNumber } from './numbering';
import { Dec, sum, toOre, type Decimal } from './money';
import type { Finding, Ledger, Message, Names, RegisteredInvoice, SourceRef, Subject } from './types';

/** An attendance or trainer row with its stamp exactly as typed. */
export interface StampedRow {
  ref: SourceRef;
  courseId: string;
  municipality: string;
  days: Decimal;
  /** The stamp cell's text as found ('' when blank). */
  stamp: string;
}

/** What the checks look at, as the workbook floor read it. */
export interface LedgerFacts {
  ledger: Ledger;
  /** The register of invoices exists (its tab was found). */
  registerExists: boolean;
  /** Register lines whose number is no registered invoice. */
  orphanLines: { ref: SourceRef; invoiceNumber: string }[];
  /**
   * Invoice sheets the tool drew (workbook floor: isDrawnInvoiceSheet) whose number is no
   * registered invoice, by tab name. Absent: none.
   */
  orphanSheets?: readonly { tab: string; invoiceNumber: string }[];
  attendance: readonly StampedRow[];
  trainers: readonly StampedRow[];
  vatPercent: Decimal;
  /**
   * Numbers the audit log says were committed (named by a billing run or credit note that ended
   * Klar), with the log's row: such a number missing from the register was deleted, even at the
   * end of its series. Absent or empty: the end of the series is read as an interrupted run.
   */
  logged?: readonly { number: string; ref: SourceRef }[];
}

export interface LedgerCheck {
  name: string;
  run(facts: LedgerFacts, derived: Derived): Finding[];
}

const RESTORE =
  'Återställ registret (Arkiv › Versionshistorik) eller rätta med Kreditera faktura; ingenting faktureras, krediteras eller skickas förrän det stämmer.';

/** What every check needs, derived once. */
export interface Derived {
  byNumber: Map<string, RegisteredInvoice>;
  credited: Set<string>;
  /** Highest committed sequence per series `prefix-year`. */
  newest: Map<string, number>;
  /** Highest sequence per series that the audit log says was committed, with its log row. */
  logged: Map<string, { sequence: number; ref: SourceRef }>;
}

function seriesKey(prefix: string, year: number): string {
  return `${prefix}-${year}`;
}

/**
 * Invoices whose rows are released: credited by a credit note (ledgerState's one rule), or
 * carrying a Krediterad av (the mirror a credit writes on the credited invoice).
 */
export function creditedNumbers(ledger: Ledger): Set<string> {
  const out = releasedNumbers(ledger);
  for (const inv of ledger.invoices) if ((inv.creditedBy ?? '').trim()) out.add(inv.number);
  return out;
}

/** A credit note stamps no rows (SPEC §8): its lines are not reconciled with stamps. */
function isCreditNoteNumber(number: string, derived: Derived): boolean {
  const doc = derived.byNumber.get(number);
  return doc !== undefined && isCreditNote(doc);
}

export function derive(ledger: Ledger, logged: LedgerFacts['logged'] = []): Derived {
  const byNumber = new Map(ledger.invoices.map((i) => [i.number, i]));
  const newest = new Map<string, number>();
  for (const inv of ledger.invoices) {
    const p = parseInvoiceNumber(inv.number);
    if (!p) continue;
    const key = seriesKey(p.prefix, p.year);
    newest.set(key, Math.max(newest.get(key) ?? 0, p.sequence));
  }
  const fromLog = new Map<string, { sequence: number; ref: SourceRef }>();
  for (const l of logged) {
    const p = parseInvoiceNumber(l.number);
    if (!p) continue;
    const key = seriesKey(p.prefix, p.year);
    if ((fromLog.get(key)?.sequence ?? 0) < p.sequence) fromLog.set(key, { sequence: p.sequence, ref: l.ref });
  }
  return { byNumber, credited: creditedNumbers(ledger), newest, logged: fromLog };
}

/**
 * How a number missing from the register is to be read: past the end of its series an orphan of
 * an interrupted run, unless the audit log says it was committed ('logged': its row was deleted).
 */
export type Missing = 'orphan' | 'edited' | 'logged' | 'not a number';

export function classifyMissing(number: string, derived: Derived): Missing {
  const p = parseInvoiceNumber(number);
  if (!p) return 'not a number';
  const key = seriesKey(p.prefix, p.year);
  const newest = derived.newest.get(key) ?? 0;
  if (p.sequence <= newest) return 'edited';
  return p.sequence <= (derived.logged.get(key)?.sequence ?? 0) ? 'logged' : 'orphan';
}

/** Why a missing number is no orphan, in words: newer numbers in the register, or the log's row. */
function notAnOrphan(number: string, kind: 'edited' | 'logged', derived: Derived): string {
  if (kind === 'edited') return `fast nyare nummer (${newestOf(number, derived)}) finns där`;
  const p = parseInvoiceNumber(number)!;
  const row = derived.logged.get(seriesKey(p.prefix, p.year))!.ref.row;
  return `fast loggen över körningar visar att den skapades (loggens rad ${row})`;
}

function newestOf(number: string, derived: Derived): string {
  const p = parseInvoiceNumber(number)!;
  const n = derived.newest.get(seriesKey(p.prefix, p.year)) ?? 0;
  return `${p.prefix}-${String(p.year).padStart(4, '0')}-${String(n).padStart(4, '0')}`;
}

const error = (about: Subject, value: string, message: Message, check: string): Finding => ({
  severity: 'error',
  about,
  value,
  message,
  check,
});

/** The record's source, when it has one (a finding without it names the tab only). */
const at = (ref: SourceRef | undefined): { ref?: SourceRef } => (ref ? { ref } : {});

/** The two kinds of stamped rows: attendance rows stamped with their invoice, trainer rows with their payout's. */
type StampKind = 'attendance' | 'trainer';

/** The stamp column of a kind of row, or its municipality. */
function stampSubject(kind: StampKind, ref: SourceRef, field: 'stamp' | 'municipality'): Subject {
  if (kind === 'attendance') return { kind, ref, field: field === 'stamp' ? 'invoiceNumber' : 'municipality' };
  return { kind, ref, field: field === 'stamp' ? 'payoutInvoice' : 'municipality' };
}

/** The stamp column's name as the administrator sees it. */
function stampName(kind: StampKind, n: Names): string {
  return kind === 'attendance' ? n.field('attendance', 'invoiceNumber') : n.field('trainer', 'payoutInvoice');
}

// ---------------------------------------------------------------------------------------------
// The checks

/** Belopp = the sum of the invoice's register lines + VAT. */
const totals: LedgerCheck = {
  name: 'Belopp = raderna + moms',
  run({ ledger, vatPercent, logged = [] }) {
    const lines = new Map<string, Decimal[]>();
    for (const l of ledger.lines) {
      const list = lines.get(l.invoiceNumber);
      if (list) list.push(l.line.amount);
      else lines.set(l.invoiceNumber, [l.line.amount]);
    }
    // The rate of a past run is not stored: any Swedish rate, or the current one, is accepted.
    const rates = [vatPercent, new Dec(0), new Dec(6), new Dec(12), new Dec(25)];
    const findings: Finding[] = [];
    // A register kept without its lines (older than the line register, or typed in) has nothing
    // to compare with, which the administrator should know, but no reason to stop — unless the
    // audit log says the tool made the invoice, which it never does without writing its lines.
    const made = new Set(logged.map((l) => l.number));
    const withoutLines = ledger.lines.length === 0 ? ledger.invoices.filter((i) => !made.has(i.number)) : [];
    if (withoutLines.length > 0) {
      findings.push({
        severity: 'warning',
        about: { kind: 'records', of: 'line' },
        message: (n) =>
          `${n.tab('line')} har inga rader för fakturorna i ${n.tab('invoice')}, så fakturornas belopp och utbildarpotten kan inte kontrolleras mot dem.`,
        check: this.name,
      });
    }
    const unchecked = new Set(withoutLines);
    for (const inv of ledger.invoices) {
      if (unchecked.has(inv)) continue;
      const amounts = lines.get(inv.number) ?? [];
      const net = sum(amounts);
      if (rates.some((r) => net.plus(toOre(net.times(r).div(100))).equals(inv.total))) continue;
      findings.push(
        error(
          { kind: 'invoice', ...at(inv.ref), field: 'total' },
          inv.total.toFixed(2),
          (n) =>
            amounts.length === 0
              ? `Fakturan ${inv.number} har inga rader i ${n.tab('line')}: raderna har tagits bort. ${RESTORE}`
              : `Beloppet för ${inv.number} är ${formatKronor(inv.total)} men dess ${amounts.length} ${amounts.length === 1 ? 'rad' : 'rader'} i ${n.tab('line')} summerar ${formatKronor(net)} (plus moms): en rad har ändrats eller tagits bort. ${RESTORE}`,
          this.name,
        ),
      );
    }
    return findings;
  },
};

/** Numbers are the tool's, unique (read/register.ts reports repeats) and gap-free per prefix and year. */
const numbering: LedgerCheck = {
  name: 'Löpnummer utan luckor',
  run({ ledger }) {
    const findings: Finding[] = [];
    const series = new Map<string, { prefix: string; year: number; refs: Map<number, SourceRef | undefined> }>();
    for (const inv of ledger.invoices) {
      const p = parseInvoiceNumber(inv.number);
      if (!p) {
        findings.push(
          error(
            { kind: 'invoice', ...at(inv.ref), field: 'number' },
            inv.number,
            `"${inv.number}" är inget fakturanummer som verktyget skriver (PREFIX-ÅÅÅÅ-NNNN). ${RESTORE}`,
            this.name,
          ),
        );
        continue;
      }
      const key = seriesKey(p.prefix, p.year);
      let s = series.get(key);
      if (!s) series.set(key, (s = { prefix: p.prefix, year: p.year, refs: new Map() }));
      s.refs.set(p.sequence, inv.ref);
    }
    // From the first number the register holds: a register may continue a series begun before it.
    for (const s of series.values()) {
      const max = Math.max(...s.refs.keys());
      for (let k = Math.min(...s.refs.keys()) + 1; k < max; k++) {
        if (s.refs.has(k)) continue;
        let next = k + 1;
        while (!s.refs.has(next)) next++;
        const missing = `${s.prefix}-${String(s.year).padStart(4, '0')}-${String(k).padStart(4, '0')}`;
        const following = `${s.prefix}-${String(s.year).padStart(4, '0')}-${String(next).padStart(4, '0')}`;
        findings.push(
          error(
            { kind: 'invoice', ...at(s.refs.get(next)), field: 'number' },
            following,
            (n) =>
              `${n.field('invoice', 'number')} ${missing} saknas i ${n.tab('invoice')} före ${following}: numren följer på varandra utan luckor, så en rad har tagits bort eller numrerats om. ${RESTORE}`,
            this.name,
          ),
        );
        k = next;
      }
    }
    return findings;
  },
};

/** Without the register, stamps and lines have nothing to be checked against: the tab was deleted. */
const registerPresent: LedgerCheck = {
  name: 'Registret finns',
  run({ registerExists, orphanLines, attendance, trainers }) {
    if (registerExists) return [];
    const stamped = [...attendance, ...trainers].filter((r) => parseInvoiceNumber(r.stamp) !== null).length;
    if (stamped === 0 && orphanLines.length === 0) return [];
    return [
      error(
        { kind: 'invoice', field: 'number' },
        '',
        (n) =>
          `Fliken ${n.tab('invoice')} saknas, men ${stamped} rader bär fakturanummer och ${orphanLines.length} rader finns i ${n.tab('line')}: registret har tagits bort. ` +
          `Återställ fliken (Arkiv › Versionshistorik); ingenting faktureras igen förrän den finns.`,
        this.name,
      ),
    ];
  },
};

/**
 * Every number the audit log says was committed is in the register. A Fakturor row deleted with
 * its lines and stamps leaves nothing else to show it: at the end of its series the next run would
 * hand its number out again, at the start its rows would be billed again with no gap to see.
 * (A number missing between two of the register's is a gap, which `numbering` reports.)
 */
const loggedInRegister: LedgerCheck = {
  name: 'Loggade nummer finns',
  run({ registerExists, logged = [] }, derived) {
    if (!registerExists) return []; // registerPresent says it
    const first = new Map<string, number>();
    for (const inv of derived.byNumber.values()) {
      const p = parseInvoiceNumber(inv.number);
      if (!p) continue;
      const key = seriesKey(p.prefix, p.year);
      first.set(key, Math.min(first.get(key) ?? p.sequence, p.sequence));
    }
    const missing = new Map<string, SourceRef>();
    for (const l of logged) {
      const p = parseInvoiceNumber(l.number);
      if (!p || derived.byNumber.has(l.number) || missing.has(l.number)) continue;
      const key = seriesKey(p.prefix, p.year);
      const [low, high] = [first.get(key), derived.newest.get(key)];
      if (low !== undefined && high !== undefined && p.sequence > low && p.sequence < high) continue;
      missing.set(l.number, l.ref);
    }
    return [...missing].map(([number, ref]) =>
      error(
        { kind: 'invoice', field: 'number' },
        number,
        (n) =>
          `${number} saknas i ${n.tab('invoice')}, fast loggen över körningar visar att den skapades (loggens rad ${ref.row}): raden har tagits bort, och fakturans rader skulle annars faktureras eller numret delas ut igen. ${RESTORE}`,
        this.name,
      ),
    );
  },
};

/** Register lines of unknown invoices are orphans only at the end of the series. */
const orphanLines: LedgerCheck = {
  name: 'Rader utan faktura',
  run({ orphanLines: orphans, registerExists }, derived) {
    const findings: Finding[] = [];
    for (const o of orphans) {
      const kind = classifyMissing(o.invoiceNumber, derived);
      if (kind === 'orphan' || (kind === 'logged' && !registerExists)) continue; // registerPresent says it once
      findings.push(
        error(
          { kind: 'line', ref: o.ref, field: 'invoiceNumber' },
          o.invoiceNumber,
          (n) =>
            kind === 'not a number'
              ? `"${o.invoiceNumber}" är inget fakturanummer i ${n.tab('invoice')}. ${RESTORE}`
              : `Fakturan ${o.invoiceNumber} finns inte i ${n.tab('invoice')}, ${notAnOrphan(o.invoiceNumber, kind, derived)}: raden i ${n.tab('invoice')} har tagits bort eller numrerats om. ${RESTORE}`,
          this.name,
        ),
      );
    }
    return findings;
  },
};

/** Invoice sheets of unknown invoices, like stamps and lines, are orphans only at the end of the series. */
const orphanSheets: LedgerCheck = {
  name: 'Fakturaflik utan faktura',
  run({ orphanSheets: sheets = [], registerExists }, derived) {
    if (!registerExists) return []; // registerPresent says it
    const findings: Finding[] = [];
    for (const s of sheets) {
      const kind = classifyMissing(s.invoiceNumber, derived);
      if (kind === 'orphan' || kind === 'not a number') continue;
      findings.push(
        error(
          { kind: 'invoice', ref: { tab: s.tab, row: 1 }, field: 'number' },
          s.invoiceNumber,
          (n) =>
            `Fakturafliken "${s.tab}" är faktura ${s.invoiceNumber}, som inte finns i ${n.tab('invoice')}, ${notAnOrphan(s.invoiceNumber, kind, derived)}: raden i ${n.tab('invoice')} har tagits bort eller numrerats om. ${RESTORE}`,
          this.name,
        ),
      );
    }
    return findings;
  },
};

/** A stamp that names no invoice of the register: an orphan at the end of its series, else an error. */
function stampProblems(
  rows: readonly StampedRow[],
  stampKind: StampKind,
  derived: Derived,
  name: string,
  registerExists: boolean,
): Finding[] {
  const findings: Finding[] = [];
  for (const r of rows) {
    const stamp = r.stamp.trim();
    if (stamp === '' || derived.byNumber.has(stamp)) continue;
    const kind = classifyMissing(stamp, derived);
    if (kind === 'orphan' || (kind !== 'not a number' && !registerExists)) continue; // registerPresent says it once
    findings.push(
      error(
        stampSubject(stampKind, r.ref, 'stamp'),
        stamp,
        (n) =>
          kind === 'not a number'
            ? `${stampName(stampKind, n)} innehåller "${stamp}", som inte är ett fakturanummer i ${n.tab('invoice')}. Verktyget skriver aldrig över det: töm cellen om raden ska faktureras, eller flytta raden till en annan flik om den redan är fakturerad på annat sätt.`
            : `Fakturan ${stamp} finns inte i ${n.tab('invoice')}, ${notAnOrphan(stamp, kind, derived)}: registret har ändrats för hand, och raden faktureras inte igen. ${RESTORE}`,
        name,
      ),
    );
  }
  return findings;
}

/** Rows stamped with an invoice belong to its municipality. */
function municipalityProblems(
  rows: readonly StampedRow[],
  stampKind: StampKind,
  derived: Derived,
  name: string,
): Finding[] {
  const findings: Finding[] = [];
  for (const r of rows) {
    const inv = derived.byNumber.get(r.stamp.trim());
    if (!inv || derived.credited.has(inv.number)) continue;
    if (normalizeName(inv.municipality) === normalizeName(r.municipality)) continue;
    findings.push(
      error(
        stampSubject(stampKind, r.ref, 'municipality'),
        r.municipality,
        (n) =>
          `Raden bär ${stampName(stampKind, n)} ${inv.number}, som är fakturerad till ${inv.municipality}, inte ${r.municipality}: en fakturerad rad har kopierats eller ändrats. ${RESTORE}`,
        name,
      ),
    );
  }
  return findings;
}

function rowList(rows: readonly StampedRow[]): string {
  if (rows.length === 0) return 'inga rader';
  const shown = rows.slice(0, 8).map((r) => `${r.ref.tab} rad ${r.ref.row}`);
  return shown.join(', ') + (rows.length > shown.length ? ` och ${rows.length - shown.length} till` : '');
}

/** Stamped rows of uncredited registered invoices, grouped by a key of the row. */
function stampedGroups(
  rows: readonly StampedRow[],
  derived: Derived,
  key: (r: StampedRow, stamp: string) => string,
): Map<string, StampedRow[]> {
  const groups = new Map<string, StampedRow[]>();
  for (const r of rows) {
    const stamp = r.stamp.trim();
    if (!derived.byNumber.has(stamp) || derived.credited.has(stamp)) continue;
    const k = key(r, stamp);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/** Register lines of a kind that stamps rows: of a registered invoice that is neither credited nor a credit note. */
function reconciledLines(facts: LedgerFacts, derived: Derived, kind: 'variable' | 'trainerPot') {
  return facts.ledger.lines.filter(
    (l) =>
      l.line.kind === kind &&
      !derived.credited.has(l.invoiceNumber) &&
      derived.byNumber.has(l.invoiceNumber) &&
      !isCreditNoteNumber(l.invoiceNumber, derived),
  );
}

/** Per invoice and course, the Dagar of its stamped attendance rows = the line's quantity. */
const attendanceStamps: LedgerCheck = {
  name: 'Närvarostämplar = fakturarader',
  run(facts, derived) {
    const findings = [
      ...stampProblems(facts.attendance, 'attendance', derived, this.name, facts.registerExists),
      ...municipalityProblems(facts.attendance, 'attendance', derived, this.name),
    ];
    const rowsOf = stampedGroups(facts.attendance, derived, (r, stamp) => `${stamp}\u0000${r.courseId}`);
    const lined = new Set<string>();
    for (const l of reconciledLines(facts, derived, 'variable')) {
      if (l.line.kind !== 'variable') continue;
      const { quantity, courseId } = l.line;
      const key = `${l.invoiceNumber}\u0000${courseId}`;
      lined.add(key);
      const rows = rowsOf.get(key) ?? [];
      const days = sum(rows.map((r) => r.days));
      if (days.equals(quantity)) continue;
      findings.push(
        error(
          { kind: 'line', ...at(l.ref), field: 'quantity' },
          quantity.toString(),
          (n) =>
            `Fakturan ${l.invoiceNumber} tar betalt för ${quantity.toString()} deltagardagar på ${courseId}, men närvaroraderna med ${stampName('attendance', n)} ${l.invoiceNumber} ` +
            `och kursen summerar ${days.toString()} dagar (${rowList(rows)}): ${days.lt(quantity) ? 'en stämpel har tömts eller en rad tagits bort' : 'en fakturerad rad har kopierats eller fått fler dagar'}. ` +
            `Rätta raderna så att de stämmer med fakturan, eller kreditera fakturan och fakturera igen.`,
          this.name,
        ),
      );
    }
    for (const [key, rows] of rowsOf) {
      if (lined.has(key)) continue;
      const [number, course] = key.split('\u0000');
      for (const r of rows) {
        findings.push(
          error(
            stampSubject('attendance', r.ref, 'stamp'),
            number,
            (n) =>
              `Raden bär ${stampName('attendance', n)} ${number}, men fakturan har ingen rad för kursen ${course || '(ingen)'} i ${n.tab('line')}: raden har ändrats efter faktureringen. ` +
              `Återställ raden, eller kreditera fakturan och fakturera igen.`,
            this.name,
          ),
        );
      }
    }
    return findings;
  },
};

/** Per invoice, the Dagar of the trainer rows paid on it = its payout line's trainer days. */
const trainerStamps: LedgerCheck = {
  name: 'Utbetalningsstämplar = utbetalningsrader',
  run(facts, derived) {
    const findings = [
      ...stampProblems(facts.trainers, 'trainer', derived, this.name, facts.registerExists),
      ...municipalityProblems(facts.trainers, 'trainer', derived, this.name),
    ];
    const rowsOf = stampedGroups(facts.trainers, derived, (_r, stamp) => stamp);
    const paid = new Set<string>();
    for (const l of reconciledLines(facts, derived, 'trainerPot')) {
      if (l.line.kind !== 'trainerPot') continue;
      const { trainerDays } = l.line;
      paid.add(l.invoiceNumber);
      const rows = rowsOf.get(l.invoiceNumber) ?? [];
      const days = sum(rows.map((r) => r.days));
      if (days.equals(trainerDays)) continue;
      findings.push(
        error(
          { kind: 'line', ...at(l.ref), field: 'trainerDays' },
          trainerDays.toString(),
          (n) =>
            `Fakturan ${l.invoiceNumber} betalar ut utbildarpott för ${trainerDays.toString()} utbildardagar, men raderna i ${n.tab('trainer')} med ${stampName('trainer', n)} ${l.invoiceNumber} ` +
            `summerar ${days.toString()} dagar (${rowList(rows)}): ${days.lt(trainerDays) ? 'en stämpel har tömts eller en rad tagits bort' : 'en utbetald rad har kopierats eller fått fler dagar'}. ` +
            `Rätta raderna så att de stämmer med fakturan, eller kreditera fakturan.`,
          this.name,
        ),
      );
    }
    for (const [number, rows] of rowsOf) {
      if (paid.has(number)) continue;
      for (const r of rows) {
        findings.push(
          error(
            stampSubject('trainer', r.ref, 'stamp'),
            number,
            (n) =>
              `Raden bär ${stampName('trainer', n)} ${number}, men fakturan har ingen utbetalning ur utbildarpotten i ${n.tab('line')}. Töm cellen om raden inte är utbetald, eller återställ den.`,
            this.name,
          ),
        );
      }
    }
    return findings;
  },
};

/**
 * Every document's OCR names it alone, so that a payment is matched to one document. A repeat
 * (a register from before references were made unique across prefixes) is a warning: nothing
 * wrong is billed, but such a payment is left unmatched for the administrator to allocate.
 */
const uniqueOcrs: LedgerCheck = {
  name: 'OCR-nummer unika',
  run({ ledger }) {
    const first = new Map<string, string>();
    const findings: Finding[] = [];
    for (const inv of ledger.invoices) {
      if (inv.ocr === '') continue;
      const earlier = first.get(inv.ocr);
      if (earlier === undefined) {
        first.set(inv.ocr, inv.number);
        continue;
      }
      findings.push({
        severity: 'warning',
        about: { kind: 'invoice', ...at(inv.ref), field: 'ocr' },
        value: inv.ocr,
        message: `OCR-numret ${inv.ocr} står både på ${earlier} och ${inv.number}: en betalning med det kan inte kopplas till en av dem och lämnas omatchad.`,
        check: this.name,
      });
    }
    return findings;
  },
};

/** Every invariant, in the order they are reported. */
export const LEDGER_CHECKS: readonly LedgerCheck[] = [
  registerPresent,
  numbering,
  loggedInRegister,
  totals,
  orphanLines,
  orphanSheets,
  attendanceStamps,
  trainerStamps,
  uniqueOcrs,
];

/** Every break of the ledger's invariants, as findings about records and fields. */
export function checkLedger(facts: LedgerFacts): Finding[] {
  const derived = derive(facts.ledger, facts.logged);
  return LEDGER_CHECKS.flatMap((c) => c.run(facts, derived));
}
