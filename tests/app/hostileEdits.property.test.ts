/**
 * Property test (issue: the verified ledger): random edits of a billed workbook, the ways an
 * administrator edits one by hand — add a row, copy a billed row with its stamp, clear a stamp, type
 * a note into it, raise Dagar on a billed row or delete it, delete or renumber a Fakturor row,
 * delete the Fakturor tab, delete a Fakturarader line, merge over a stamp column — then billing
 * again. Whatever the edits, a run either refuses with an error that names a tab and row and
 * writes nothing, or it writes and every attendance day is billed exactly once across the
 * register, every invoice's Belopp is the sum of its lines, the ledger reads without a break, no
 * fixed cost is billed twice, and no number is handed out a second time. The same for a paid
 * Utbildarlogg (copy, clear, type into, raise, delete a paid row, delete a payout line, merge over
 * Utbetalning): after the next December every trainer row is paid exactly once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { Dec, sum, type Decimal } from '../../src/core/money';
import type { Issue } from '../../src/core/types';
import { cellText, parseNumber } from '../../src/workbook/cells';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { CalendarDate, type CellValue } from '../../src/workbook/port';
import { readWorkbook } from '../../src/workbook/read';
import { LINE_TYPE } from '../../src/workbook/schema';
import { baseWorkbook, withoutLog } from '../workbook/fixtures';

const MAY = { month: '2024-05', invoiceDate: '2024-05-31' };
const DECEMBER = { month: '2024-12', invoiceDate: '2024-12-20' };
const NEXT_MAY = { month: '2025-05', invoiceDate: '2025-05-30' };
const ATTENDANCE = ['Närvaro 2024', 'Närvaro Kalix'];
type Tabs = Record<string, CellValue[][]>;

const EDITS = [
  'addRow',
  'copyBilledRow',
  'clearStamp',
  'raiseDays',
  'deleteInvoice',
  'renumberInvoice',
  'deleteLine',
  'mergeOverStamp',
  'typeStamp',
  'deleteBilledRow',
  'deleteRegister',
] as const;
type Edit = { kind: (typeof EDITS)[number]; pick: number; amount: number };

const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom(...EDITS),
  pick: fc.nat({ max: 1000 }),
  amount: fc.integer({ min: 1, max: 3 }),
});

const column = (rows: CellValue[][], header: string) => rows[0].indexOf(header);

/** Sheet rows (index into rows) of an attendance tab that carry a stamp. */
function stampedRows(rows: CellValue[][]): number[] {
  const c = column(rows, 'Fakturanummer');
  return rows.flatMap((r, i) => (i > 0 && cellText(r[c]) !== '' ? [i] : []));
}

/** The billed workbook's tabs after one edit; a merge is returned to be applied to the port. */
function applyEdit(
  tabs: Tabs,
  edit: Edit,
): { row: number; col: number; rows: number; cols: number; tab: string } | null {
  const pickOf = <T>(list: readonly T[]): T | undefined =>
    list.length === 0 ? undefined : list[edit.pick % list.length];
  const tab = pickOf(ATTENDANCE.filter((t) => stampedRows(tabs[t]).length > 0));
  const rows = tab ? tabs[tab] : [];
  const row = tab ? pickOf(stampedRows(rows)) : undefined;
  const invoices = tabs['Fakturor'] ?? [];
  const lines = tabs['Fakturarader'] ?? [];
  switch (edit.kind) {
    case 'addRow':
      // New attendance, as an administrator adds it every month: billed by the next run.
      if (row !== undefined) {
        const copy = [...rows[row]];
        copy[column(rows, 'Fakturanummer')] = '';
        copy[column(rows, 'Dagar')] = edit.amount;
        rows.push(copy);
      }
      return null;
    case 'copyBilledRow':
      if (row !== undefined) rows.push([...rows[row]]);
      return null;
    case 'clearStamp':
      if (row !== undefined) rows[row][column(rows, 'Fakturanummer')] = '';
      return null;
    case 'raiseDays':
      if (row !== undefined) {
        const c = column(rows, 'Dagar');
        rows[row][c] = Number(parseNumber(rows[row][c])!.plus(edit.amount));
      }
      return null;
    case 'deleteInvoice':
      if (invoices.length > 1) invoices.splice(1 + (edit.pick % (invoices.length - 1)), 1);
      return null;
    case 'renumberInvoice':
      if (invoices.length > 1) {
        const r = 1 + (edit.pick % (invoices.length - 1));
        invoices[r][0] =
          edit.amount === 1
            ? cellText(invoices[1 + ((r + 1) % (invoices.length - 1))][0])
            : `YR-2024-${String(90 + edit.amount).padStart(4, '0')}`;
      }
      return null;
    case 'deleteLine':
      if (lines.length > 1) lines.splice(1 + (edit.pick % (lines.length - 1)), 1);
      return null;
    case 'typeStamp':
      if (row !== undefined) rows[row][column(rows, 'Fakturanummer')] = 'Fakturerad manuellt';
      return null;
    case 'deleteBilledRow':
      if (row !== undefined) rows.splice(row, 1);
      return null;
    case 'deleteRegister':
      if (edit.amount === 1) delete tabs['Fakturor'];
      return null;
    case 'mergeOverStamp': {
      if (!tab) return null;
      // A billed row, or (every other pick) any row: an unbilled one is what the next run stamps.
      const at = edit.pick % 2 === 0 ? row : 1 + (Math.floor(edit.pick / 2) % (rows.length - 1));
      if (at === undefined) return null;
      const stamp = column(rows, 'Fakturanummer') + 1;
      // Down over the next row, or across from Dagar (when it stands just left of the stamp).
      const across = edit.amount === 1 && column(rows, 'Dagar') + 1 === stamp - 1;
      if (across) return { tab, row: at + 1, col: stamp - 1, rows: 1, cols: 2 };
      return at + 1 < rows.length ? { tab, row: at + 1, col: stamp, rows: 2, cols: 1 } : null;
    }
  }
}

/** An error that names its tab and row, or only its tab when that tab is gone (a deleted Fakturor). */
const located = (tabs: readonly string[]) => (i: Issue) =>
  i.severity === 'error' && i.tab !== '' && (i.row !== undefined || !tabs.includes(i.tab));

/**
 * Whether the run was refused; if so, that it wrote nothing but the audit log and that at least
 * one of its errors says where.
 */
function refusedCleanly(wb: MemoryWorkbook, o: ReturnType<typeof runBilling>, before: unknown): boolean {
  const errors = o.issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) return false;
  expect(o.written).toBe(false);
  expect(errors.some(located(wb.tabNames())), JSON.stringify(errors.map((e) => e.message))).toBe(true);
  expect(withoutLog(wb.snapshot())).toEqual(before);
  return true;
}

/** Σ quantity of the register's variable lines per municipality and course (registered invoices only). */
function billedDays(wb: MemoryWorkbook): Map<string, Decimal> {
  const invoices = wb.read('Fakturor');
  const lines = wb.read('Fakturarader');
  const municipalityOf = new Map(
    invoices
      .slice(1)
      .map((r) => [cellText(r[column(invoices, 'Fakturanummer')]), cellText(r[column(invoices, 'Kommun')])]),
  );
  const out = new Map<string, Decimal>();
  for (const l of lines.slice(1)) {
    if (cellText(l[column(lines, 'Typ')]) !== LINE_TYPE.variable) continue;
    const m = municipalityOf.get(cellText(l[column(lines, 'Fakturanummer')]));
    if (m === undefined) continue;
    const key = `${m}|${cellText(l[column(lines, 'Kurs-ID')])}`;
    out.set(key, (out.get(key) ?? new Dec(0)).plus(parseNumber(l[column(lines, 'Antal')])!));
  }
  return out;
}

/** Σ Dagar of the attendance rows as read, per municipality and course (a recorded course is never billed). */
function attendedDays(wb: MemoryWorkbook, cutOff: string): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  const { attendance, courses } = readWorkbook(wb).input;
  const recorded = new Set(courses.filter((c) => c.recorded).map((c) => c.id));
  for (const r of attendance) {
    if (r.date > cutOff || recorded.has(r.courseId)) continue;
    const key = `${r.municipality}|${r.courseId}`;
    out.set(key, sum([out.get(key) ?? new Dec(0), r.days]));
  }
  return out;
}

/** Invoices of the register whose Belopp is not the sum of their lines' Belopp, as 'number: total ≠ sum'. */
function totalsWithoutLines(wb: MemoryWorkbook): string[] {
  const invoices = wb.read('Fakturor');
  const lines = wb.read('Fakturarader');
  const sums = new Map<string, Decimal>();
  for (const l of lines.slice(1)) {
    const n = cellText(l[column(lines, 'Fakturanummer')]);
    sums.set(n, (sums.get(n) ?? new Dec(0)).plus(parseNumber(l[column(lines, 'Belopp')])!));
  }
  return invoices.slice(1).flatMap((r) => {
    const n = cellText(r[column(invoices, 'Fakturanummer')]);
    const total = parseNumber(r[column(invoices, 'Belopp')])!;
    const lined = sums.get(n) ?? new Dec(0);
    return total.equals(lined) ? [] : [`${n}: ${total.toString()} ≠ ${lined.toString()}`];
  });
}

/** The ledger's errors as the next reader finds them, as 'tab row: message'. */
const ledgerBreaks = (wb: MemoryWorkbook) =>
  readWorkbook(wb)
    .issues.filter((i) => i.severity === 'error' && i.check !== undefined)
    .map((i) => `${i.tab} ${i.row ?? ''}: ${i.message}`);

const asText = (m: Map<string, Decimal>) =>
  Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v.toString()]));

describe('billing again after hand edits of a billed workbook', () => {
  const billed = new MemoryWorkbook(baseWorkbook());
  const first = runBilling(billed, MAY);

  it('starts from a May run that billed every municipality with attendance', () => {
    expect(first.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(first.written).toBe(true);
  });

  it('never bills a row twice, nor loses one, without an error that names it', () => {
    const issued = new Set(
      billed
        .read('Fakturor')
        .slice(1)
        .map((r) => cellText(r[0])),
    );
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 0, maxLength: 3 }), (edits) => {
        const tabs = billed.snapshot();
        const merges = edits.map((e) => applyEdit(tabs, e)).filter((m) => m !== null);
        const wb = new MemoryWorkbook(tabs);
        for (const m of merges) {
          try {
            wb.merge(m.tab, m);
          } catch {
            // Overlapping a merge already made: an administrator could not make it either.
          }
        }
        // December, then the next May: a run that writes must leave a workbook the next run bills right.
        for (const run of [DECEMBER, NEXT_MAY]) {
          const before = withoutLog(wb.snapshot());
          const registerBefore = new Set(
            (wb.tabNames().includes('Fakturor') ? wb.read('Fakturor') : []).slice(1).map((r) => cellText(r[0])),
          );
          const o = runBilling(wb, run);
          if (refusedCleanly(wb, o, before)) return;
          // Written (or nothing new): every day billed exactly once across the register.
          expect(asText(billedDays(wb))).toEqual(asText(attendedDays(wb, o.plan!.cutOff)));
          // No number handed out twice: a new invoice never takes a number issued before the edits.
          const fresh = wb
            .read('Fakturor')
            .slice(1)
            .map((r) => cellText(r[0]))
            .filter((n) => !registerBefore.has(n));
          for (const n of fresh) expect(issued.has(n), `${n} reused`).toBe(false);
          // Every invoice's Belopp is the sum of its Fakturarader lines (no VAT in this workbook).
          expect(totalsWithoutLines(wb)).toEqual([]);
          // A run that writes leaves a ledger without breaks (a stamp written under a merge would break it).
          expect(ledgerBreaks(wb)).toEqual([]);
          // Each municipality's fixed cost of a year at most once.
          const lines = wb.read('Fakturarader');
          const invoices = wb.read('Fakturor');
          const municipalityOf = new Map(
            invoices.slice(1).map((r) => [cellText(r[0]), cellText(r[column(invoices, 'Kommun')])]),
          );
          const fixed = lines
            .slice(1)
            .filter((l) => cellText(l[column(lines, 'Typ')]) === LINE_TYPE.fixed)
            .map((l) => `${municipalityOf.get(cellText(l[0]))}|${cellText(l[column(lines, 'År')])}`);
          expect(new Set(fixed).size).toBe(fixed.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('the newest Fakturor row deleted by hand', () => {
  it('is no interrupted run when Logg shows its run finished: its rows are not billed again and its number is not reused', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    expect(runBilling(wb, MAY).written).toBe(true);
    const tabs = wb.snapshot();
    const deleted = cellText(tabs['Fakturor'].pop()![0]);
    const edited = new MemoryWorkbook(tabs);
    const before = withoutLog(edited.snapshot());
    const o = runBilling(edited, DECEMBER);
    expect(o.written).toBe(false);
    const logRow = tabs['Logg'].findIndex((r) => String(r[3]).includes(deleted)) + 1;
    const found = o.issues.filter(
      (i) =>
        i.severity === 'error' &&
        i.value === deleted &&
        i.check !== 'Loggade nummer finns' &&
        i.check !== 'Fakturaflik utan faktura',
    );
    expect(found.length).toBeGreaterThan(0);
    for (const e of found) {
      expect(e.row).toBeGreaterThan(1);
      expect(e.message).toContain(
        `Fakturan ${deleted} finns inte i Fakturor, fast loggen över körningar visar att den skapades (loggens rad ${logRow})`,
      );
    }
    expect(withoutLog(edited.snapshot())).toEqual(before);
  });

  it.each([
    ['newest', -1],
    ['first', 1],
  ])(
    'the %s one deleted with its lines and stamps is an error naming the number and the log row; its rows are not billed again and its number is not handed out again',
    (_which, at) => {
      const wb = new MemoryWorkbook(baseWorkbook());
      expect(runBilling(wb, MAY).written).toBe(true);
      const tabs = wb.snapshot();
      const deleted = cellText(tabs['Fakturor'].splice(at, 1)[0][0]);
      tabs['Fakturarader'] = tabs['Fakturarader'].filter((r) => cellText(r[0]) !== deleted);
      for (const t of ATTENDANCE) {
        const c = column(tabs[t], 'Fakturanummer');
        for (const r of tabs[t]) if (cellText(r[c]) === deleted) r[c] = '';
      }
      const edited = new MemoryWorkbook(tabs);
      const before = withoutLog(edited.snapshot());
      const o = runBilling(edited, DECEMBER);
      expect(o.written).toBe(false);
      const logRow = tabs['Logg'].findIndex((r) => String(r[3]).includes(deleted)) + 1;
      const sheet = edited.tabNames().find((t) => t.startsWith(`${deleted} `))!;
      const because = `fast loggen över körningar visar att den skapades (loggens rad ${logRow})`;
      expect(o.issues.filter((i) => i.severity === 'error').map((i) => [i.tab, i.column, i.value, i.message])).toEqual([
        ['Fakturor', 'Fakturanummer', deleted, expect.stringContaining(`${deleted} saknas i Fakturor, ${because}`)],
        [
          sheet,
          'Fakturanummer',
          deleted,
          expect.stringContaining(`Fakturafliken "${sheet}" är faktura ${deleted}, som inte finns i Fakturor`),
        ],
      ]);
      expect(withoutLog(edited.snapshot())).toEqual(before);
    },
  );

  it('is still an orphan of an interrupted run when no finished run names it', () => {
    const probe = new MemoryWorkbook(baseWorkbook());
    runBilling(probe, MAY);
    // The write of the Fakturor rows (the commit point) fails: sheets, stamps and lines are there.
    const commit = probe.mutations().findIndex((c) => c.op === 'write' && c.tab === 'Fakturor' && c.row > 1) + 1;
    const wb = new MemoryWorkbook(baseWorkbook());
    wb.failOnMutation(commit);
    expect(() => runBilling(wb, MAY)).toThrow();
    expect(wb.read('Fakturarader').length).toBeGreaterThan(1);
    expect(wb.read('Fakturor')).toHaveLength(1);
    const again = runBilling(wb, MAY);
    expect(again.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(again.written).toBe(true);
  });
});

describe('paying the trainer pot again after hand edits of a paid Utbildarlogg', () => {
  const NEXT_DECEMBER = { month: '2025-12', invoiceDate: '2025-12-19' };
  const TRAINER_EDITS = [
    'copyPaidRow',
    'clearPayout',
    'typePayout',
    'raiseDays',
    'deletePaidRow',
    'deletePayoutLine',
    'mergeOverPayout',
  ] as const;
  type TrainerEdit = { kind: (typeof TRAINER_EDITS)[number]; pick: number };
  const trainerEditArb: fc.Arbitrary<TrainerEdit> = fc.record({
    kind: fc.constantFrom(...TRAINER_EDITS),
    pick: fc.nat({ max: 1000 }),
  });

  /** The tabs after one edit; a merge is returned to be applied to the port. */
  function applyTrainerEdit(
    tabs: Tabs,
    edit: TrainerEdit,
  ): { row: number; col: number; rows: number; cols: number } | null {
    const rows = tabs['Utbildarlogg'];
    const stamp = column(rows, 'Utbetalning');
    const paid = rows.flatMap((r, i) => (i > 0 && cellText(r[stamp]) !== '' ? [i] : []));
    const row = paid.length === 0 ? undefined : paid[edit.pick % paid.length];
    const lines = tabs['Fakturarader'];
    const payouts = lines.flatMap((l, i) =>
      i > 0 && cellText(l[column(lines, 'Typ')]) === LINE_TYPE.trainerPot ? [i] : [],
    );
    if (row === undefined) return null;
    switch (edit.kind) {
      case 'copyPaidRow':
        rows.push([...rows[row]]);
        return null;
      case 'clearPayout':
        rows[row][stamp] = '';
        return null;
      case 'typePayout':
        rows[row][stamp] = 'Utbetald manuellt';
        return null;
      case 'raiseDays': {
        const c = column(rows, 'Dagar');
        rows[row][c] = Number(parseNumber(rows[row][c])!.plus(1));
        return null;
      }
      case 'deletePaidRow':
        rows.splice(row, 1);
        return null;
      case 'deletePayoutLine':
        if (payouts.length > 0) lines.splice(payouts[edit.pick % payouts.length], 1);
        return null;
      case 'mergeOverPayout':
        return row + 1 < rows.length ? { row: row + 1, col: stamp + 1, rows: 2, cols: 1 } : null;
    }
  }

  /** Σ trainer days paid per municipality: the payout lines of the register's invoices. */
  function paidDays(wb: MemoryWorkbook): Record<string, string> {
    const invoices = wb.read('Fakturor');
    const lines = wb.read('Fakturarader');
    const municipalityOf = new Map(
      invoices.slice(1).map((r) => [cellText(r[0]), cellText(r[column(invoices, 'Kommun')])]),
    );
    const out = new Map<string, Decimal>();
    for (const l of lines.slice(1)) {
      if (cellText(l[column(lines, 'Typ')]) !== LINE_TYPE.trainerPot) continue;
      const m = municipalityOf.get(cellText(l[0]));
      if (m !== undefined) out.set(m, (out.get(m) ?? new Dec(0)).plus(parseNumber(l[column(lines, 'Antal')])!));
    }
    return asText(out);
  }

  /** Σ Dagar of every Utbildarlogg row per municipality, as read. */
  function trainerDays(wb: MemoryWorkbook): Record<string, string> {
    const out = new Map<string, Decimal>();
    for (const r of readWorkbook(wb).input.trainers)
      out.set(r.municipality, sum([out.get(r.municipality) ?? new Dec(0), r.days]));
    return asText(out);
  }

  const paidYear = new MemoryWorkbook(baseWorkbook());
  runBilling(paidYear, MAY);
  const december = runBilling(paidYear, DECEMBER);

  it('starts from a December run that paid every trainer row', () => {
    expect(december.written).toBe(true);
    expect(paidDays(paidYear)).toEqual(trainerDays(paidYear));
  });

  it('never pays a trainer row twice, nor leaves one unpaid, without an error that names it', () => {
    fc.assert(
      fc.property(fc.array(trainerEditArb, { minLength: 0, maxLength: 3 }), (edits) => {
        const tabs = paidYear.snapshot();
        const merges = edits.map((e) => applyTrainerEdit(tabs, e)).filter((m) => m !== null);
        // New attendance in 2025, so that December 2025 has a pot to pay out over unpaid rows.
        tabs['Närvaro 2025'] = [
          ['Datum', 'Kurs-ID', 'Deltagare', 'Kommun', 'Dagar', 'Fakturanummer'],
          [new CalendarDate('2025-10-01'), 'BOU-B1', 'Ny Deltagare', 'Luleå', 2, ''],
        ];
        const wb = new MemoryWorkbook(tabs);
        for (const m of merges) {
          try {
            wb.merge('Utbildarlogg', m);
          } catch {
            // Overlapping a merge already made.
          }
        }
        for (const run of [NEXT_MAY, NEXT_DECEMBER]) {
          const before = withoutLog(wb.snapshot());
          const o = runBilling(wb, run);
          if (refusedCleanly(wb, o, before)) return;
          expect(totalsWithoutLines(wb)).toEqual([]);
          expect(ledgerBreaks(wb)).toEqual([]);
        }
        // December 2025 paid its pot out over every row not paid before: each row is paid exactly once.
        expect(paidDays(wb)).toEqual(trainerDays(wb));
      }),
      { numRuns: 60 },
    );
  });
});
