/**
 * The register as a ledger whose invariants are checked on every read (as beancount checks its
 * entries): a list of small named checks over plain data, each returning the breaks it finds as
 * errors that name the tab, the row and the number. With any of them, nothing is billed,
 * credited or sent; Kontrollera data lists them all.
 *
 * Stamps and lines whose number is missing from Fakturor are orphans of an interrupted run only
 * when they are newer than every committed number of their series (an interrupted run writes its
 * Fakturor rows last, in one write, and numbers from the end of the series). Anything else means
 * the register or a stamp was edited, and is an error — never a reason to bill again.
 *
 * Rows stamped with a credited invoice are released (SPEC §8): they may be edited freely and the
 * stamp/line reconciliation does not apply to them.
 */
import { normalizeName } from './names';
import { parseInvoiceNumber } from './numbering';
import { Dec, sum, toOre, type Decimal } from './money';
import type { Issue, Ledger, RegisteredInvoice, SourceRef } from './types';

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
  /** Fakturor exists as a tab. */
  registerExists: boolean;
  /** Fakturarader rows whose number is not in Fakturor. */
  orphanLines: { ref: SourceRef; invoiceNumber: string }[];
  attendance: readonly StampedRow[];
  attendanceStamp: string; // 'Fakturanummer'
  trainers: readonly StampedRow[];
  trainerStamp: string; // 'Utbetalning'
  vatPercent: Decimal;
}

export interface LedgerCheck {
  name: string;
  run(facts: LedgerFacts, derived: Derived): Issue[];
}

export const INVOICES_TAB = 'Fakturor';
export const LINES_TAB = 'Fakturarader';

const RESTORE = 'Återställ registret (Arkiv › Versionshistorik) eller rätta med Kreditera faktura; ingenting faktureras, krediteras eller skickas förrän det stämmer.';

/** What every check needs, derived once. */
export interface Derived {
  byNumber: Map<string, RegisteredInvoice>;
  credited: Set<string>;
  /** Highest committed sequence per series `prefix-year`. */
  newest: Map<string, number>;
}

function seriesKey(prefix: string, year: number): string {
  return `${prefix}-${year}`;
}

/** Invoices that a credit note has credited: named by a Krediterar, or carrying a Krediterad av. */
export function creditedNumbers(ledger: Ledger): Set<string> {
  const out = new Set<string>();
  for (const inv of ledger.invoices) {
    const row = inv as RegisteredInvoice & { credits?: string; creditedBy?: string };
    if ((row.credits ?? '').trim()) out.add(row.credits!.trim());
    if ((row.creditedBy ?? '').trim()) out.add(inv.number);
  }
  return out;
}

/** A credit note stamps no rows (SPEC §8): its lines are not reconciled with stamps. */
function isCreditNoteNumber(number: string, derived: Derived): boolean {
  return (derived.byNumber.get(number)?.credits ?? '').trim() !== '';
}

export function derive(ledger: Ledger): Derived {
  const byNumber = new Map(ledger.invoices.map((i) => [i.number, i]));
  const newest = new Map<string, number>();
  for (const inv of ledger.invoices) {
    const p = parseInvoiceNumber(inv.number);
    if (!p) continue;
    const key = seriesKey(p.prefix, p.year);
    newest.set(key, Math.max(newest.get(key) ?? 0, p.sequence));
  }
  return { byNumber, credited: creditedNumbers(ledger), newest };
}

/** How a number missing from Fakturor is to be read. */
export type Missing = 'orphan' | 'edited' | 'not a number';

export function classifyMissing(number: string, derived: Derived): Missing {
  const p = parseInvoiceNumber(number);
  if (!p) return 'not a number';
  const newest = derived.newest.get(seriesKey(p.prefix, p.year)) ?? 0;
  return p.sequence > newest ? 'orphan' : 'edited';
}

function newestOf(number: string, derived: Derived): string {
  const p = parseInvoiceNumber(number)!;
  const n = derived.newest.get(seriesKey(p.prefix, p.year)) ?? 0;
  return `${p.prefix}-${String(p.year).padStart(4, '0')}-${String(n).padStart(4, '0')}`;
}

const error = (tab: string, row: number | undefined, column: string, value: string, message: string, check: string): Issue => {
  const issue: Issue = { severity: 'error', tab, column, value, message, check };
  if (row !== undefined) issue.row = row;
  return issue;
};

// ---------------------------------------------------------------------------------------------
// The checks

/** Belopp = the sum of the invoice's Fakturarader lines + VAT. */
const totals: LedgerCheck = {
  name: 'Belopp = raderna + moms',
  run({ ledger, vatPercent }) {
    const lines = new Map<string, Decimal[]>();
    for (const l of ledger.lines) {
      const list = lines.get(l.invoiceNumber);
      if (list) list.push(l.line.amount);
      else lines.set(l.invoiceNumber, [l.line.amount]);
    }
    // The rate of a past run is not stored: any Swedish rate, or the current one, is accepted.
    const rates = [vatPercent, new Dec(0), new Dec(6), new Dec(12), new Dec(25)];
    const issues: Issue[] = [];
    if (ledger.lines.length === 0 && ledger.invoices.length > 0) {
      // A register kept without its lines (older than Fakturarader, or typed in): nothing to
      // compare with, which the administrator should know, but no reason to stop.
      return [
        {
          severity: 'warning',
          tab: LINES_TAB,
          message: `${LINES_TAB} har inga rader för fakturorna i ${INVOICES_TAB}, så fakturornas belopp och utbildarpotten kan inte kontrolleras mot dem.`,
          check: this.name,
        },
      ];
    }
    for (const inv of ledger.invoices) {
      const amounts = lines.get(inv.number) ?? [];
      const net = sum(amounts);
      if (rates.some((r) => net.plus(toOre(net.times(r).div(100))).equals(inv.total))) continue;
      issues.push(
        error(
          INVOICES_TAB,
          inv.ref?.row,
          'Belopp',
          inv.total.toFixed(2),
          amounts.length === 0
            ? `Fakturan ${inv.number} har inga rader i ${LINES_TAB}: raderna har tagits bort. ${RESTORE}`
            : `Beloppet för ${inv.number} är ${inv.total.toFixed(2)} kr men dess ${amounts.length} ${amounts.length === 1 ? 'rad' : 'rader'} i ${LINES_TAB} summerar ${net.toFixed(2)} kr (plus moms): en rad har ändrats eller tagits bort. ${RESTORE}`,
          this.name,
        ),
      );
    }
    return issues;
  },
};

/** Numbers are the tool's, unique (read/register.ts reports repeats) and gap-free per prefix and year. */
const numbering: LedgerCheck = {
  name: 'Löpnummer utan luckor',
  run({ ledger }) {
    const issues: Issue[] = [];
    const series = new Map<string, { prefix: string; year: number; rows: Map<number, number | undefined> }>();
    for (const inv of ledger.invoices) {
      const p = parseInvoiceNumber(inv.number);
      if (!p) {
        issues.push(
          error(INVOICES_TAB, inv.ref?.row, 'Fakturanummer', inv.number, `"${inv.number}" är inget fakturanummer som verktyget skriver (PREFIX-ÅÅÅÅ-NNNN). ${RESTORE}`, this.name),
        );
        continue;
      }
      const key = seriesKey(p.prefix, p.year);
      let s = series.get(key);
      if (!s) series.set(key, (s = { prefix: p.prefix, year: p.year, rows: new Map() }));
      s.rows.set(p.sequence, inv.ref?.row);
    }
    // From the first number the register holds: a register may continue a series begun before it.
    for (const s of series.values()) {
      const max = Math.max(...s.rows.keys());
      for (let k = Math.min(...s.rows.keys()) + 1; k < max; k++) {
        if (s.rows.has(k)) continue;
        let next = k + 1;
        while (!s.rows.has(next)) next++;
        const missing = `${s.prefix}-${String(s.year).padStart(4, '0')}-${String(k).padStart(4, '0')}`;
        const following = `${s.prefix}-${String(s.year).padStart(4, '0')}-${String(next).padStart(4, '0')}`;
        issues.push(
          error(
            INVOICES_TAB,
            s.rows.get(next),
            'Fakturanummer',
            following,
            `Fakturanummer ${missing} saknas i ${INVOICES_TAB} före ${following}: numren följer på varandra utan luckor, så en rad har tagits bort eller numrerats om. ${RESTORE}`,
            this.name,
          ),
        );
        k = next;
      }
    }
    return issues;
  },
};

/** Without Fakturor, stamps and lines have nothing to be checked against: the tab was deleted. */
const registerPresent: LedgerCheck = {
  name: 'Fakturor finns',
  run({ registerExists, orphanLines, attendance, trainers }) {
    if (registerExists) return [];
    const stamped = [...attendance, ...trainers].filter((r) => parseInvoiceNumber(r.stamp) !== null).length;
    if (stamped === 0 && orphanLines.length === 0) return [];
    return [
      error(
        INVOICES_TAB,
        undefined,
        'Fakturanummer',
        '',
        `Fliken ${INVOICES_TAB} saknas, men ${stamped} rader bär fakturanummer och ${orphanLines.length} rader finns i ${LINES_TAB}: registret har tagits bort. ` +
          `Återställ fliken (Arkiv › Versionshistorik); ingenting faktureras igen förrän den finns.`,
        this.name,
      ),
    ];
  },
};

/** Fakturarader rows of unknown invoices are orphans only at the end of the series. */
const orphanLines: LedgerCheck = {
  name: 'Fakturarader utan faktura',
  run({ orphanLines: orphans }, derived) {
    const issues: Issue[] = [];
    for (const o of orphans) {
      const kind = classifyMissing(o.invoiceNumber, derived);
      if (kind === 'orphan') continue;
      issues.push(
        error(
          LINES_TAB,
          o.ref.row,
          'Fakturanummer',
          o.invoiceNumber,
          kind === 'not a number'
            ? `"${o.invoiceNumber}" är inget fakturanummer i ${INVOICES_TAB}. ${RESTORE}`
            : `Fakturan ${o.invoiceNumber} finns inte i ${INVOICES_TAB}, fast nyare nummer (${newestOf(o.invoiceNumber, derived)}) finns där: raden i ${INVOICES_TAB} har tagits bort eller numrerats om. ${RESTORE}`,
          this.name,
        ),
      );
    }
    return issues;
  },
};

/** A stamp that names no invoice of the register: an orphan at the end of its series, else an error. */
function stampProblems(rows: readonly StampedRow[], column: string, derived: Derived, name: string, registerExists: boolean): Issue[] {
  const issues: Issue[] = [];
  for (const r of rows) {
    const stamp = r.stamp.trim();
    if (stamp === '' || derived.byNumber.has(stamp)) continue;
    const kind = classifyMissing(stamp, derived);
    if (kind === 'orphan' || (kind === 'edited' && !registerExists)) continue; // registerPresent says it once
    issues.push(
      error(
        r.ref.tab,
        r.ref.row,
        column,
        stamp,
        kind === 'not a number'
          ? `${column} innehåller "${stamp}", som inte är ett fakturanummer i ${INVOICES_TAB}. Verktyget skriver aldrig över det: töm cellen om raden ska faktureras, eller flytta raden till en annan flik om den redan är fakturerad på annat sätt.`
          : `Fakturan ${stamp} finns inte i ${INVOICES_TAB}, fast nyare nummer (${newestOf(stamp, derived)}) finns där: registret har ändrats för hand, och raden faktureras inte igen. ${RESTORE}`,
        name,
      ),
    );
  }
  return issues;
}

/** Rows stamped with an invoice belong to its municipality. */
function municipalityProblems(rows: readonly StampedRow[], column: string, derived: Derived, name: string): Issue[] {
  const issues: Issue[] = [];
  for (const r of rows) {
    const inv = derived.byNumber.get(r.stamp.trim());
    if (!inv || derived.credited.has(inv.number)) continue;
    if (normalizeName(inv.municipality) === normalizeName(r.municipality)) continue;
    issues.push(
      error(
        r.ref.tab,
        r.ref.row,
        'Kommun',
        r.municipality,
        `Raden bär ${column} ${inv.number}, som är fakturerad till ${inv.municipality}, inte ${r.municipality}: en fakturerad rad har kopierats eller ändrats. ${RESTORE}`,
        name,
      ),
    );
  }
  return issues;
}

function rowList(rows: readonly StampedRow[]): string {
  if (rows.length === 0) return 'inga rader';
  const shown = rows.slice(0, 8).map((r) => `${r.ref.tab} rad ${r.ref.row}`);
  return shown.join(', ') + (rows.length > shown.length ? ` och ${rows.length - shown.length} till` : '');
}

/** Per invoice and course, the Dagar of its stamped attendance rows = the line's quantity. */
const attendanceStamps: LedgerCheck = {
  name: 'Närvarostämplar = fakturarader',
  run(facts, derived) {
    const issues = [
      ...stampProblems(facts.attendance, facts.attendanceStamp, derived, this.name, facts.registerExists),
      ...municipalityProblems(facts.attendance, facts.attendanceStamp, derived, this.name),
    ];
    const rowsOf = new Map<string, StampedRow[]>();
    for (const r of facts.attendance) {
      const stamp = r.stamp.trim();
      if (!derived.byNumber.has(stamp) || derived.credited.has(stamp)) continue;
      const key = `${stamp}\u0000${r.courseId}`;
      const list = rowsOf.get(key);
      if (list) list.push(r);
      else rowsOf.set(key, [r]);
    }
    const lined = new Set<string>();
    for (const l of facts.ledger.lines) {
      if (l.line.kind !== 'variable' || derived.credited.has(l.invoiceNumber) || !derived.byNumber.has(l.invoiceNumber) || isCreditNoteNumber(l.invoiceNumber, derived)) continue;
      const key = `${l.invoiceNumber}\u0000${l.line.courseId}`;
      lined.add(key);
      const rows = rowsOf.get(key) ?? [];
      const days = sum(rows.map((r) => r.days));
      if (days.equals(l.line.quantity)) continue;
      issues.push(
        error(
          LINES_TAB,
          l.ref?.row,
          'Antal',
          l.line.quantity.toString(),
          `Fakturan ${l.invoiceNumber} tar betalt för ${l.line.quantity.toString()} deltagardagar på ${l.line.courseId}, men närvaroraderna med ${facts.attendanceStamp} ${l.invoiceNumber} ` +
            `och kursen summerar ${days.toString()} dagar (${rowList(rows)}): ${days.lt(l.line.quantity) ? 'en stämpel har tömts eller en rad tagits bort' : 'en fakturerad rad har kopierats eller fått fler dagar'}. ` +
            `Rätta raderna så att de stämmer med fakturan, eller kreditera fakturan och fakturera igen.`,
          this.name,
        ),
      );
    }
    for (const [key, rows] of rowsOf) {
      if (lined.has(key)) continue;
      const [number, course] = key.split('\u0000');
      for (const r of rows) {
        issues.push(
          error(
            r.ref.tab,
            r.ref.row,
            facts.attendanceStamp,
            number,
            `Raden bär ${facts.attendanceStamp} ${number}, men fakturan har ingen rad för kursen ${course || '(ingen)'} i ${LINES_TAB}: raden har ändrats efter faktureringen. ` +
              `Återställ raden, eller kreditera fakturan och fakturera igen.`,
            this.name,
          ),
        );
      }
    }
    return issues;
  },
};

/** Per invoice, the Dagar of the trainer rows paid on it = its payout line's trainer days. */
const trainerStamps: LedgerCheck = {
  name: 'Utbetalningsstämplar = utbetalningsrader',
  run(facts, derived) {
    const issues = [
      ...stampProblems(facts.trainers, facts.trainerStamp, derived, this.name, facts.registerExists),
      ...municipalityProblems(facts.trainers, facts.trainerStamp, derived, this.name),
    ];
    const rowsOf = new Map<string, StampedRow[]>();
    for (const r of facts.trainers) {
      const stamp = r.stamp.trim();
      if (!derived.byNumber.has(stamp) || derived.credited.has(stamp)) continue;
      const list = rowsOf.get(stamp);
      if (list) list.push(r);
      else rowsOf.set(stamp, [r]);
    }
    const paid = new Set<string>();
    for (const l of facts.ledger.lines) {
      if (l.line.kind !== 'trainerPot' || derived.credited.has(l.invoiceNumber) || !derived.byNumber.has(l.invoiceNumber) || isCreditNoteNumber(l.invoiceNumber, derived)) continue;
      paid.add(l.invoiceNumber);
      const rows = rowsOf.get(l.invoiceNumber) ?? [];
      const days = sum(rows.map((r) => r.days));
      if (days.equals(l.line.trainerDays)) continue;
      issues.push(
        error(
          LINES_TAB,
          l.ref?.row,
          'Antal',
          l.line.trainerDays.toString(),
          `Fakturan ${l.invoiceNumber} betalar ut utbildarpott för ${l.line.trainerDays.toString()} utbildardagar, men raderna i Utbildarlogg med ${facts.trainerStamp} ${l.invoiceNumber} ` +
            `summerar ${days.toString()} dagar (${rowList(rows)}): ${days.lt(l.line.trainerDays) ? 'en stämpel har tömts eller en rad tagits bort' : 'en utbetald rad har kopierats eller fått fler dagar'}. ` +
            `Rätta raderna så att de stämmer med fakturan, eller kreditera fakturan.`,
          this.name,
        ),
      );
    }
    for (const [number, rows] of rowsOf) {
      if (paid.has(number)) continue;
      for (const r of rows) {
        issues.push(
          error(
            r.ref.tab,
            r.ref.row,
            facts.trainerStamp,
            number,
            `Raden bär ${facts.trainerStamp} ${number}, men fakturan har ingen utbetalning ur utbildarpotten i ${LINES_TAB}. Töm cellen om raden inte är utbetald, eller återställ den.`,
            this.name,
          ),
        );
      }
    }
    return issues;
  },
};

/** Every invariant, in the order they are reported. */
/**
 * Every document's OCR names it alone, so that a payment is matched to one document. A repeat
 * (a register from before references were made unique across prefixes) is a warning: nothing
 * wrong is billed, but such a payment is left unmatched for the administrator to allocate.
 */
const uniqueOcrs: LedgerCheck = {
  name: 'OCR-nummer unika',
  run({ ledger }) {
    const first = new Map<string, string>();
    const issues: Issue[] = [];
    for (const inv of ledger.invoices) {
      if (inv.ocr === '') continue;
      const earlier = first.get(inv.ocr);
      if (earlier === undefined) {
        first.set(inv.ocr, inv.number);
        continue;
      }
      issues.push({
        severity: 'warning',
        tab: INVOICES_TAB,
        ...(inv.ref ? { row: inv.ref.row } : {}),
        column: 'OCR',
        value: inv.ocr,
        message: `OCR-numret ${inv.ocr} står både på ${earlier} och ${inv.number}: en betalning med det kan inte kopplas till en av dem och lämnas omatchad.`,
        check: this.name,
      });
    }
    return issues;
  },
};

export const LEDGER_CHECKS: readonly LedgerCheck[] = [registerPresent, numbering, totals, orphanLines, attendanceStamps, trainerStamps, uniqueOcrs];

/** Every break of the ledger's invariants. */
export function checkLedger(facts: LedgerFacts): Issue[] {
  const derived = derive(facts.ledger);
  return LEDGER_CHECKS.flatMap((c) => c.run(facts, derived));
}

