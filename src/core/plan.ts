/** A billing run as pure data (SPEC §3): what to invoice, number, stamp and pay out. */
import { isIsoDate, lastDayOfMonth } from './dates';
import { courseIndex, dayFee, feeComponents } from './fees';
import { agreementMonths, billedFixedYears, fixedAmounts, fixedCostIssues } from './fixedCost';
import { formatKronor } from './format';
import { isValidOrgNumber } from './luhn';
import { toOre, ZERO, type Decimal } from './money';
import { normalizeName, swedishCompare } from './names';
import { dueDate, formatInvoiceNumber, nextSequence, ocrReference } from './numbering';
import { allocatePot, committedNumbers, linePotPart, potBalance } from './pot';
import type {
  AttendanceRow,
  FixedLine,
  InvoiceLine,
  Issue,
  PlannedInvoice,
  RegisteredInvoice,
  RegisteredLine,
  RunInput,
  RunPlan,
  Stamp,
  TrainerPotLine,
  TrainerRow,
  VariableLine,
} from './types';

export const RUN_TAB = 'Körning';
export const SETTINGS_TAB = 'Inställningar';

/** 'YYYY-05' or 'YYYY-12'. */
export function isRunMonth(month: string): boolean {
  return typeof month === 'string' && /^\d{4}-(05|12)$/.test(month);
}

/** The run id `<month>/<n>` the next run of `month` gets. */
export function nextRunId(ledger: RunInput['ledger'], month: string): string {
  const runs = new Set(ledger.invoices.filter((i) => i.period === month).map((i) => i.run));
  return `${month}/${runs.size + 1}`;
}

/** Attendance rows not yet billed: blank Fakturanummer, or a stamp of an uncommitted (interrupted) run. */
export function isUnbilled(row: AttendanceRow, committed: ReadonlySet<string>): boolean {
  return row.invoiceNumber.trim() === '' || !committed.has(row.invoiceNumber.trim());
}

/** Trainer rows not yet paid: blank Utbetalning, or a stamp of an uncommitted run. */
export function isUnpaid(row: TrainerRow, committed: ReadonlySet<string>): boolean {
  return row.payoutInvoice.trim() === '' || !committed.has(row.payoutInvoice.trim());
}

interface Draft {
  municipality: string;
  variable: VariableLine[];
  fixed: FixedLine[];
  pot: TrainerPotLine[];
  attendance: AttendanceRow[];
  trainerRows: TrainerRow[];
}

/** Plans a run. The input is assumed valid (see validateRun). */
export function planRun(input: RunInput): RunPlan {
  const { settings, municipalities, courses, ledger, run } = input;
  const cutOff = lastDayOfMonth(run.month);
  const year = Number(run.month.slice(0, 4));
  const december = run.month.slice(5, 7) === '12';
  const committed = committedNumbers(ledger);
  const courseById = courseIndex(courses);
  const courseOrder = new Map<string, number>();
  courses.forEach((c, i) => {
    if (!courseOrder.has(c.id)) courseOrder.set(c.id, i);
  });

  const drafts = new Map<string, Draft>();
  const draft = (municipality: string): Draft => {
    let d = drafts.get(municipality);
    if (!d) drafts.set(municipality, (d = { municipality, variable: [], fixed: [], pot: [], attendance: [], trainerRows: [] }));
    return d;
  };

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

  // Variable lines: every unbilled row up to the cut-off, whatever its age, per (municipality, course).
  type Group = { municipality: string; courseId: string; rows: AttendanceRow[] };
  const groups: Group[] = []; // in order of first row, as a Map keyed by the pair would keep them
  const byMunicipality = new Map<string, Map<string, Group>>();
  for (const row of input.attendance) {
    if (!isUnbilled(row, committed) || !(row.date <= cutOff)) continue;
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
  const orderedGroups = [...groups].sort(
    (a, b) => (courseOrder.get(a.courseId) ?? 0) - (courseOrder.get(b.courseId) ?? 0),
  );
  let collected = ZERO;
  for (const g of orderedGroups) {
    const course = courseById.get(g.courseId)!;
    const components = feeComponents(settings, course);
    const unitPrice = feeOf(course.id)!;
    let quantity = ZERO;
    for (const r of g.rows) quantity = quantity.plus(r.days);
    const line: VariableLine = { kind: 'variable', courseId: course.id, quantity, unitPrice, components, amount: toOre(quantity.times(unitPrice)) };
    const d = draft(g.municipality);
    d.variable.push(line);
    d.attendance.push(...g.rows);
    collected = collected.plus(linePotPart(line));
  }

  // Fixed lines: year Y once, in the first run of Y whose cut-off reaches the agreement.
  const months = agreementMonths(settings, year);
  if (months > 0 && isIsoDate(settings.agreementFrom) && cutOff >= settings.agreementFrom) {
    const billed = new Map<string, Set<number>>();
    for (const [name, years] of billedFixedYears(ledger)) {
      const key = normalizeName(name);
      billed.set(key, new Set([...(billed.get(key) ?? []), ...years]));
    }
    const amounts = fixedAmounts(settings, municipalities, year);
    for (const m of municipalities) {
      const amount = amounts.get(m.name) ?? ZERO;
      if (!amount.gt(0) || billed.get(normalizeName(m.name))?.has(year)) continue;
      draft(m.name).fixed.push({ kind: 'fixed', year, months, amount });
    }
  }

  // Trainer pot: December pays the whole pot out over unpaid trainer days.
  const balanceBefore = potBalance(ledger);
  let paidOut = ZERO;
  let carriedOver = ZERO;
  const notes: string[] = [];
  if (december) {
    const pot = balanceBefore.plus(collected);
    const days = new Map<string, Decimal>();
    const rowsOf = new Map<string, TrainerRow[]>();
    for (const row of input.trainers) {
      if (!isUnpaid(row, committed) || !(row.date <= cutOff) || !row.days.gt(0)) continue;
      days.set(row.municipality, (days.get(row.municipality) ?? ZERO).plus(row.days));
      const list = rowsOf.get(row.municipality);
      if (list) list.push(row);
      else rowsOf.set(row.municipality, [row]);
    }
    if (days.size === 0) {
      carriedOver = pot;
      notes.push(`Inga obetalda utbildardagar: utbildarpotten på ${formatKronor(pot)} sparas till nästa december.`);
    } else if (!pot.gt(0)) {
      carriedOver = pot;
      notes.push(`Utbildarpotten är ${formatKronor(pot)}: inget betalas ut, och de obetalda utbildardagarna väntar till nästa december.`);
    } else {
      const shares = allocatePot(pot, days);
      const paidTo: string[] = [];
      for (const [municipality, share] of shares) {
        if (!share.gt(0)) continue; // a 0,00 kr share: no line, rows stay unpaid
        const d = draft(municipality);
        d.pot.push({ kind: 'trainerPot', year, trainerDays: days.get(municipality)!, amount: share.negated() });
        d.trainerRows.push(...rowsOf.get(municipality)!);
        paidOut = paidOut.plus(share);
        paidTo.push(municipality);
      }
      carriedOver = pot.minus(paidOut);
      notes.push(
        `Utbildarpotten på ${formatKronor(pot)} betalas ut till ${paidTo.length} ${paidTo.length === 1 ? 'kommun' : 'kommuner'} ` +
          `i proportion till utbildardagarna.`,
      );
    }
  }

  // Invoices: numbered gap-free in Swedish order of municipality.
  const invoiceYear = Number(run.invoiceDate.slice(0, 4));
  let sequence = nextSequence(ledger, settings.invoicePrefix, invoiceYear);
  const due = dueDate(run.invoiceDate, settings.paymentDays);
  const invoices: PlannedInvoice[] = [];
  const attendanceStamps: Stamp[] = [];
  const trainerStamps: Stamp[] = [];
  for (const d of [...drafts.values()].sort((a, b) => swedishCompare(a.municipality, b.municipality))) {
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
      ocr: ocrReference(number, settings.ocrLengthDigit),
      lines,
      net,
      vat,
      total,
      credit: total.lt(0),
      attendance: d.attendance,
      trainerRows: d.trainerRows,
    });
    for (const r of d.attendance) attendanceStamps.push({ ref: r.ref, number });
    for (const r of d.trainerRows) trainerStamps.push({ ref: r.ref, number });
  }

  return {
    month: run.month,
    invoiceDate: run.invoiceDate,
    cutOff,
    runId: nextRunId(ledger, run.month),
    invoices,
    attendanceStamps,
    trainerStamps,
    pot: { balanceBefore, collected, paidOut, carriedOver },
    notes,
  };
}

/** Domain rules that span records: fixed-cost sums, org numbers where needed, duplicates and dates outside course dates (warnings), the run month. */
export function validateRun(input: RunInput): Issue[] {
  const { settings, run } = input;
  const issues: Issue[] = [];

  if (!isRunMonth(run.month)) {
    issues.push({
      severity: 'error',
      tab: RUN_TAB,
      column: 'Månad',
      value: run.month,
      message: `Körningens månad måste vara maj eller december (ÅÅÅÅ-05 eller ÅÅÅÅ-12), inte "${run.month}".`,
    });
  }
  if (!isIsoDate(run.invoiceDate)) {
    issues.push({
      severity: 'error',
      tab: RUN_TAB,
      column: 'Fakturadatum',
      value: run.invoiceDate,
      message: `Fakturadatumet "${run.invoiceDate}" är inte ett giltigt datum (ÅÅÅÅ-MM-DD).`,
    });
  }

  const setting = (value: string, message: string): void => {
    issues.push({ severity: 'error', tab: SETTINGS_TAB, column: 'Värde', value, message });
  };
  if (settings.orgNumber.trim() === '') {
    setting('', 'Inställningen Organisationsnummer saknas: förbundets organisationsnummer krävs för att fakturera.');
  } else if (!isValidOrgNumber(settings.orgNumber)) {
    setting(
      settings.orgNumber,
      `Inställningen Organisationsnummer "${settings.orgNumber}" är inte ett giltigt organisationsnummer (NNNNNN-NNNN med rätt kontrollsiffra).`,
    );
  }
  if (settings.bankgiro.trim() === '') {
    setting('', 'Inställningen Bankgiro saknas: ett bankgironummer krävs för att fakturera.');
  }
  if (settings.invoicePrefix.trim() === '') {
    setting('', 'Inställningen Fakturaprefix saknas: fakturanumren byggs av prefix, år och löpnummer.');
  }
  if (!Number.isInteger(settings.paymentDays) || settings.paymentDays < 0) {
    setting(String(settings.paymentDays), `Inställningen Betalningsvillkor (dagar) måste vara ett heltal 0 eller större, inte ${settings.paymentDays}.`);
  }
  const nonNegative: Array<[string, Decimal]> = [
    ['Lokal och fika (kr/dag)', settings.fees.venue],
    ['Utbildarpott (kr/dag)', settings.fees.pot],
    ['Kursmaterial (kr/dag)', settings.fees.material],
    ['Buffert (kr/dag)', settings.fees.buffer],
    ['Fast kostnad (kr/år)', settings.fixedCostPerYear],
    ['Moms (%)', settings.vatPercent],
  ];
  for (const [name, value] of nonNegative) {
    if (value.lt(0)) setting(value.toString(), `Inställningen ${name} får inte vara negativ (${value.toString()}).`);
  }
  if (!isIsoDate(settings.agreementFrom) || !isIsoDate(settings.agreementTo)) {
    setting(
      `${settings.agreementFrom}–${settings.agreementTo}`,
      `Inställningarna Avtal från och Avtal till måste vara datum (ÅÅÅÅ-MM-DD).`,
    );
  } else if (settings.agreementTo < settings.agreementFrom) {
    setting(
      settings.agreementTo,
      `Inställningen Avtal till (${settings.agreementTo}) ligger före Avtal från (${settings.agreementFrom}).`,
    );
  }

  issues.push(...fixedCostIssues(settings, input.municipalities));

  for (const m of input.municipalities) {
    const org = m.orgNumber.trim();
    if (org === '') {
      issues.push({
        severity: 'warning',
        tab: 'Kommuner',
        row: m.ref.row,
        column: 'Organisationsnummer',
        value: '',
        message: `Organisationsnummer saknas för ${m.name}; det skrivs ut på kommunens fakturor.`,
      });
    } else if (!isValidOrgNumber(org)) {
      issues.push({
        severity: 'error',
        tab: 'Kommuner',
        row: m.ref.row,
        column: 'Organisationsnummer',
        value: m.orgNumber,
        message: `Organisationsnumret "${m.orgNumber}" för ${m.name} är inte giltigt (NNNNNN-NNNN med rätt kontrollsiffra).`,
      });
    }
  }

  // Probable duplicates: same date, course, person and municipality (nested maps: no composite
  // key string per row).
  const seen = new Map<string, Map<string, Map<string, Map<string, AttendanceRow>>>>();
  const level = <V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> => {
    let next = map.get(key);
    if (!next) map.set(key, (next = new Map()));
    return next;
  };
  for (const row of input.attendance) {
    const people = level(level(seen, row.date), row.courseId);
    const person = row.participant.trim().toLowerCase();
    const byMunicipality = level(people, person);
    const first = byMunicipality.get(row.municipality);
    if (!first) {
      byMunicipality.set(row.municipality, row);
      continue;
    }
    issues.push({
      severity: 'warning',
      tab: row.ref.tab,
      row: row.ref.row,
      column: 'Deltagare',
      value: row.participant,
      message:
        `Trolig dubblett: ${row.participant.trim()} (${row.municipality}) på ${row.courseId} ${row.date} finns både i ` +
        `${first.ref.tab} rad ${first.ref.row} och ${row.ref.tab} rad ${row.ref.row}.`,
    });
  }

  // Dates outside the course's dates.
  const courseById = courseIndex(input.courses);
  const outside = (ref: { tab: string; row: number }, date: string, courseId: string): void => {
    const c = courseById.get(courseId);
    if (!c || !isIsoDate(date)) return;
    if ((c.start !== null && date < c.start) || (c.end !== null && date > c.end)) {
      issues.push({
        severity: 'warning',
        tab: ref.tab,
        row: ref.row,
        column: 'Datum',
        value: date,
        message: `Datum ${date} ligger utanför kursens datum för ${c.id} (${c.start ?? '…'} – ${c.end ?? '…'}).`,
      });
    }
  };
  for (const r of input.attendance) outside(r.ref, r.date, r.courseId);
  for (const r of input.trainers) outside(r.ref, r.date, r.courseId);

  return issues;
}

/** The register rows a plan adds (Fakturor and Fakturarader), in invoice and line order. */
export function ledgerEntries(plan: RunPlan): { invoices: RegisteredInvoice[]; lines: RegisteredLine[] } {
  const invoices: RegisteredInvoice[] = [];
  const lines: RegisteredLine[] = [];
  for (const inv of plan.invoices) {
    invoices.push({
      number: inv.number,
      invoiceDate: inv.invoiceDate,
      dueDate: inv.dueDate,
      period: inv.period,
      municipality: inv.municipality,
      total: inv.total,
      ocr: inv.ocr,
      status: 'Skapad',
      sent: '',
      recipient: '',
      run: plan.runId,
    });
    for (const line of inv.lines) lines.push({ invoiceNumber: inv.number, line });
  }
  return { invoices, lines };
}
