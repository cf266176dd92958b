/**
 * The fingerprint of a planned run: what the billing dialog previewed, so that a confirmation
 * can refuse to write any other plan (the sheet may have changed in between).
 */
import { money2 } from '../core/money';
import type { CreditPlan } from '../core/credit';
import type { InvoiceLine, RunPlan } from '../core/types';

/**
 * A short, stable identification of everything a run would write: numbers, municipalities,
 * dates, lines, stamps and the run id. Two plans with the same fingerprint write the same.
 */
export function planFingerprint(plan: RunPlan): string {
  const parts: string[] = [plan.month, plan.invoiceDate, plan.cutOff, plan.runId];
  for (const inv of plan.invoices) {
    parts.push(`I|${inv.number}|${inv.municipality}|${inv.invoiceDate}|${inv.dueDate}|${inv.ocr}|${money2(inv.total)}`);
    for (const line of inv.lines) parts.push(`L|${lineKey(line)}`);
  }
  for (const s of plan.attendanceStamps) parts.push(`A|${s.ref.tab}|${s.ref.row}|${s.number}`);
  for (const s of plan.trainerStamps) parts.push(`T|${s.ref.tab}|${s.ref.row}|${s.number}`);
  parts.push(`P|${money2(plan.pot.collected)}|${money2(plan.pot.paidOut)}|${money2(plan.pot.carriedOver)}`);
  return hash(parts.join('\n'));
}

/**
 * The same for a planned credit (Kreditera faktura): what it credits, the credit note's number,
 * dates, OCR, reason, lines, total, the pot figures and the rows it releases.
 */
export function creditFingerprint(plan: CreditPlan): string {
  const n = plan.note;
  const parts: string[] = [
    plan.kind,
    plan.runId,
    plan.credited.number,
    plan.credited.invoiceDate,
    money2(plan.credited.total),
  ];
  parts.push(
    `N|${n.number}|${n.municipality}|${n.invoiceDate}|${n.dueDate}|${n.ocr}|${n.period}|${money2(n.total)}|${n.creditOf?.reason ?? ''}`,
  );
  for (const line of n.lines) parts.push(`L|${lineKey(line)}`);
  for (const a of plan.released.attendance) parts.push(`A|${a.ref.tab}|${a.ref.row}`);
  for (const t of plan.released.trainers) parts.push(`T|${t.ref.tab}|${t.ref.row}`);
  parts.push(`F|${plan.released.fixedYears.join(',')}`);
  const p = plan.pot;
  parts.push(`P|${money2(p.balanceBefore)}|${money2(p.collected)}|${money2(p.paidOut)}|${money2(p.balanceAfter)}`);
  return hash(parts.join('\n'));
}

function lineKey(line: InvoiceLine): string {
  switch (line.kind) {
    case 'variable':
      return `v|${line.courseId}|${line.quantity.toString()}|${money2(line.unitPrice)}|${money2(line.amount)}`;
    case 'fixed':
      return `f|${line.year}|${line.months}|${money2(line.amount)}`;
    case 'trainerPot':
      return `t|${line.year}|${line.trainerDays.toString()}|${money2(line.amount)}`;
  }
}

// cyrb53-style 53-bit string hash, written out twice with different seeds: 28 hex digits.
function hash(text: string): string {
  const run = (seed: number): string => {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
  };
  return run(1) + run(7);
}
