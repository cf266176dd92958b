/**
 * A billing run as pure data (SPEC §3): what to invoice, number, stamp and pay out.
 *
 * Planning is a row of stages over one shared state: each stage adds lines to the municipalities'
 * invoice drafts (variable lines, fixed lines, the trainer pot), then numbering turns the drafts
 * into invoices and stamps. A new rule is a new stage in STAGES, not a branch in an existing one.
 */
import { lastDayOfMonth, isIsoDate } from './dates';
import { courseIndex, dayFee, feeComponents } from './fees';
import { agreementMonths, fixedAmounts } from './fixedCost';
import { fixedYears, isBilledStamp, isCreditNote, liveInvoiceNumbers } from './ledgerState';
import { formatKronor } from './format';
import { sum, toOre, ZERO, type Decimal } from './money';
import { normalizeName, swedishCompare } from './names';
import { dueDate, formatInvoiceNumber, nextSequence, uniqueOcrReference } from './numbering';
import { allocatePot, committedNumbers, linePotPart, potBalance } from './pot';
import type {
  AttendanceRow,
  FixedLine,
  InvoiceLine,
  IsoDate,
  PlannedInvoice,
  RunInput,
  RunPlan,
  Stamp,
  TrainerPotLine,
  TrainerRow,
  VariableLine,
} from './types';

/** The run id `<month>/<n>` the next run of `month` gets. */
export function nextRunId(ledger: RunInput['ledger'], month: string): string {
  // Credit notes belong to no run (their Period is the credited invoice's).
  const runs = new Set(ledger.invoices.filter((i) => i.period === month && !isCreditNote(i)).map((i) => i.run));
  return `${month}/${runs.size + 1}`;
}

/**
 * Attendance rows not yet billed (SPEC §3.2): unless the stamp names a live invoice (ledgerState.ts
 * liveInvoiceNumbers) — blank, a stamp of an interrupted run, or of a credited invoice.
 */
export function isUnbilled(row: AttendanceRow, live: ReadonlySet<string>): boolean {
  return !isBilledStamp(row.invoiceNumber, live);
}

/** Trainer rows not yet paid: the same rule for Utbetalning. */
export function isUnpaid(row: TrainerRow, live: ReadonlySet<string>): boolean {
  return !isBilledStamp(row.payoutInvoice, live);
}

/** One municipality's invoice before it is numbered: its lines and the rows they bill or pay. */
export interface Draft {
  municipality: string;
  variable: VariableLine[];
  fixed: FixedLine[];
  pot: TrainerPotLine[];
  attendance: AttendanceRow[];
  trainerRows: TrainerRow[];
}

/** What the stages share: the run's facts, read once, and what the stages have added so far. */
export interface Planning {
  readonly input: RunInput;
  readonly cutOff: IsoDate;
  readonly year: number;
  readonly committed: ReadonlySet<string>;
  /** Committed invoices that are neither credit notes nor credited: their stamps count as billed. */
  readonly live: ReadonlySet<string>;
  /** The municipality's draft, created on first use. */
  draft(municipality: string): Draft;
  readonly drafts: ReadonlyMap<string, Draft>;
  readonly pot: RunPlan['pot'];
  readonly notes: string[];
}

/** A stage adds lines to drafts (and may update the pot and notes). */
export type Stage = (p: Planning) => void;

function startPlanning(input: RunInput): Planning {
  const drafts = new Map<string, Draft>();
  return {
    input,
    cutOff: lastDayOfMonth(input.run.month),
    year: Number(input.run.month.slice(0, 4)),
    committed: committedNumbers(input.ledger),
    live: liveInvoiceNumbers(input.ledger),
    draft(municipality) {
      let d = drafts.get(municipality);
      if (!d)
        drafts.set(
          municipality,
          (d = { municipality, variable: [], fixed: [], pot: [], attendance: [], trainerRows: [] }),
        );
      return d;
    },
    drafts,
    pot: { balanceBefore: potBalance(input.ledger), collected: ZERO, paidOut: ZERO, carriedOver: ZERO },
    notes: [],
  };
}

/** Variable lines: every unbilled row up to the cut-off, whatever its age, per (municipality, course), in Kurser order. */
export const variableLines: Stage = (p) => {
  const { settings, courses } = p.input;
  const courseById = courseIndex(courses);
  const courseOrder = new Map<string, number>();
  courses.forEach((c, i) => {
    if (!courseOrder.has(c.id)) courseOrder.set(c.id, i);
  });
  // The day fee once per course, not once per row.
  const fees = new Map<string, Decimal | null>();
  const feeOf = (courseId: string): Decimal | null => {
    let fee = fees.get(courseId);
    if (fee === undefined) {
      const course = courseById.get(courseId);
      fees.set(courseId, (fee = course ? dayFee(settings, course) : null));
    }
    return fee;
  };

  type Group = { municipality: string; courseId: string; rows: AttendanceRow[] };
  const groups: Group[] = []; // in order of first row, as a Map keyed by the pair would keep them
  const byMunicipality = new Map<string, Map<string, Group>>();
  for (const row of p.input.attendance) {
    if (!isUnbilled(row, p.live) || !(row.date <= p.cutOff)) continue;
    const fee = feeOf(row.courseId);
    // A recorded course costs nothing: no line, and the row stays unstamped.
    if (fee === null || fee.isZero()) continue;
    let byCourse = byMunicipality.get(row.municipality);
    if (!byCourse) byMunicipality.set(row.municipality, (byCourse = new Map()));
    let g = byCourse.get(row.courseId);
    if (!g) {
      byCourse.set(row.courseId, (g = { municipality: row.municipality, courseId: row.courseId, rows: [] }));
      groups.push(g);
    }
    g.rows.push(row);
  }
  const ordered = [...groups].sort((a, b) => (courseOrder.get(a.courseId) ?? 0) - (courseOrder.get(b.courseId) ?? 0));
  for (const g of ordered) {
    const course = courseById.get(g.courseId)!;
    const unitPrice = feeOf(course.id)!;
    let quantity = ZERO;
    for (const r of g.rows) quantity = quantity.plus(r.days);
    const line: VariableLine = {
      kind: 'variable',
      courseId: course.id,
      quantity,
      unitPrice,
      components: feeComponents(settings, course),
      amount: toOre(quantity.times(unitPrice)),
    };
    const d = p.draft(g.municipality);
    d.variable.push(line);
    d.attendance.push(...g.rows);
    p.pot.collected = p.pot.collected.plus(linePotPart(line));
  }
};

/**
 * Fixed lines (SPEC §3.4): year Y once, in the first run of Y whose cut-off reaches the agreement.
 * A year counts as billed while its net over the register (credit notes included) is above 0;
 * a year a credit note has released is billed again by the next run of any month, in Y or later,
 * with the shares and settings in force now. A year never billed is billed only by its own runs.
 */
export const fixedLines: Stage = (p) => {
  const { settings, municipalities, ledger } = p.input;
  const { billed, released } = fixedYears(ledger);
  const ownYear =
    agreementMonths(settings, p.year) > 0 && isIsoDate(settings.agreementFrom) && p.cutOff >= settings.agreementFrom
      ? p.year
      : null;
  const amountsOf = new Map<number, Map<string, Decimal>>();
  const amountOf = (year: number, name: string): Decimal => {
    let amounts = amountsOf.get(year);
    if (!amounts) amountsOf.set(year, (amounts = fixedAmounts(settings, municipalities, year)));
    return amounts.get(name) ?? ZERO;
  };
  for (const m of municipalities) {
    const key = normalizeName(m.name);
    const years = new Set([...(released.get(key) ?? [])].filter((y) => y <= p.year));
    if (ownYear !== null) years.add(ownYear);
    for (const year of [...years].sort((a, b) => a - b)) {
      const months = agreementMonths(settings, year);
      const amount = amountOf(year, m.name);
      if (months === 0 || !amount.gt(0) || billed.get(key)?.has(year)) continue;
      p.draft(m.name).fixed.push({ kind: 'fixed', year, months, amount });
    }
  }
};

/** Trainer pot: December pays the whole pot out over unpaid trainer days; other months keep it. */
export const potPayout: Stage = (p) => {
  if (p.input.run.month.slice(5, 7) !== '12') return;
  const pot = p.pot.balanceBefore.plus(p.pot.collected);
  const days = new Map<string, Decimal>();
  const rowsOf = new Map<string, TrainerRow[]>();
  for (const row of p.input.trainers) {
    if (!isUnpaid(row, p.live) || !(row.date <= p.cutOff) || !row.days.gt(0)) continue;
    days.set(row.municipality, (days.get(row.municipality) ?? ZERO).plus(row.days));
    const list = rowsOf.get(row.municipality);
    if (list) list.push(row);
    else rowsOf.set(row.municipality, [row]);
  }
  if (days.size === 0) {
    p.pot.carriedOver = pot;
    p.notes.push(`Inga obetalda utbildardagar: utbildarpotten på ${formatKronor(pot)} sparas till nästa december.`);
    return;
  }
  if (!pot.gt(0)) {
    p.pot.carriedOver = pot;
    p.notes.push(
      `Utbildarpotten är ${formatKronor(pot)}: inget betalas ut, och de obetalda utbildardagarna väntar till nästa december.`,
    );
    return;
  }
  const lines: TrainerPotLine[] = [];
  for (const [municipality, share] of allocatePot(pot, days)) {
    if (!share.gt(0)) continue; // a 0,00 kr share: no line, rows stay unpaid
    const line: TrainerPotLine = {
      kind: 'trainerPot',
      year: p.year,
      trainerDays: days.get(municipality)!,
      amount: share.negated(),
    };
    p.draft(municipality).pot.push(line);
    p.draft(municipality).trainerRows.push(...rowsOf.get(municipality)!);
    p.pot.paidOut = p.pot.paidOut.plus(share);
    lines.push(line);
  }
  // Each line tells what it is a share of, as the register gives it back (potPayouts).
  const payout = { total: p.pot.paidOut, trainerDays: sum(lines.map((l) => l.trainerDays)) };
  for (const line of lines) line.payout = payout;
  const paidTo = lines.length;
  p.pot.carriedOver = pot.minus(p.pot.paidOut);
  p.notes.push(
    `Utbildarpotten på ${formatKronor(pot)} betalas ut till ${paidTo} ${paidTo === 1 ? 'kommun' : 'kommuner'} ` +
      `i proportion till utbildardagarna.`,
  );
};

/** The stages, in order: later stages may read what earlier ones added (the pot reads what variable lines collected). */
export const STAGES: readonly Stage[] = [variableLines, fixedLines, potPayout];

/** Numbering: drafts with lines become invoices, numbered gap-free in Swedish order of municipality, and their rows' stamps. */
export function numberInvoices(p: Planning): RunPlan {
  const { settings, ledger, run } = p.input;
  const invoiceYear = Number(run.invoiceDate.slice(0, 4));
  let sequence = nextSequence(ledger, settings.invoicePrefix, invoiceYear);
  const due = dueDate(run.invoiceDate, settings.paymentDays);
  const invoices: PlannedInvoice[] = [];
  const attendanceStamps: Stamp[] = [];
  const trainerStamps: Stamp[] = [];
  const takenOcrs = new Set(ledger.invoices.map((i) => i.ocr));
  for (const d of [...p.drafts.values()].sort((a, b) => swedishCompare(a.municipality, b.municipality))) {
    const lines: InvoiceLine[] = [...d.variable, ...d.fixed, ...d.pot];
    if (lines.length === 0) continue;
    const number = formatInvoiceNumber(settings.invoicePrefix, invoiceYear, sequence++);
    let net = ZERO;
    for (const l of lines) net = net.plus(l.amount);
    const vat = toOre(net.times(settings.vatPercent).div(100));
    const total = net.plus(vat);
    invoices.push({
      number,
      municipality: d.municipality,
      invoiceDate: run.invoiceDate,
      dueDate: due,
      period: run.month,
      ocr: uniqueOcrReference(number, settings.ocrLengthDigit, takenOcrs),
      lines,
      net,
      vat,
      total,
      credit: total.lt(0),
      attendance: d.attendance,
      trainerRows: d.trainerRows,
    });
    takenOcrs.add(invoices[invoices.length - 1].ocr);
    for (const r of d.attendance) attendanceStamps.push({ ref: r.ref, number });
    for (const r of d.trainerRows) trainerStamps.push({ ref: r.ref, number });
  }
  return {
    month: run.month,
    invoiceDate: run.invoiceDate,
    cutOff: p.cutOff,
    runId: nextRunId(ledger, run.month),
    invoices,
    attendanceStamps,
    trainerStamps,
    pot: { ...p.pot },
    notes: p.notes,
  };
}

/** Plans a run: every stage, then numbering. The input is assumed valid (see validateRun in validate.ts). */
export function planRun(input: RunInput): RunPlan {
  const p = startPlanning(input);
  for (const stage of STAGES) stage(p);
  return numberInvoices(p);
}
