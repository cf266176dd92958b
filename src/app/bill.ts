/** The billing run, written once for both hosts: read → validate → plan → write. */
import { planRun } from '../core/plan';
import { daysNotYetHeld, unwritablePlan, validateRun } from '../core/validate';
import type { Issue, PlannedInvoice, RunInput, RunPlan, RunRequest } from '../core/types';
import { isEmail } from '../workbook/cells';
import { eInvoiceBuyerIssues, eInvoiceSettingIssues } from '../workbook/einvoice/checks';
import type { SheetDocument, WorkbookPort } from '../workbook/port';
import { readWorkbook, type WorkbookLayout, type WorkbookSnapshot } from '../workbook/read';
import { TAB } from '../workbook/schema';
import { invoiceSheetName } from '../workbook/invoiceSheet';
import { locateAll } from '../workbook/locate';
import { undrawableFindings } from '../workbook/pdf/drawable';
import { invoiceSheets, sheetConflicts, writeRun } from '../workbook/write';
import { formatKronor } from '../core/format';
import { sum } from '../core/money';
import { buyersOf, coursesOf, recordText } from './documentRecord';
import { appendLog, errorsDetails, LOG_ACTION, LOG_RESULT, thrownText } from './log';

export interface BillOptions {
  /** E-mail of the person running it; checked against the Administratörer setting when given. */
  user?: string;
  /** The run will also send: addresses needed for sending are validated as errors. */
  forSending?: boolean;
  /**
   * runBilling only: called with the plan after validation and before anything is written (also
   * when the plan has no invoices). It may throw to abort the run with nothing written, e.g. when
   * the plan is not the one a user previewed.
   */
  confirm?: (plan: RunPlan) => void;
  /**
   * Who is named in Logg (runBilling only); default `user`. A run that writes, and a run that is
   * refused, append a row to Logg; a run with nothing new changes nothing at all.
   */
  logUser?: string;
}

export interface BillOutcome {
  plan: RunPlan | null; // null when there are errors
  issues: Issue[]; // every error and warning
  written: boolean; // true only when the run was written to the workbook
  sheets: string[]; // names of the invoice sheets written (preview: that would be written)
  /** What was read (null when the workbook could not be read far enough to plan). */
  input: RunInput | null;
  /**
   * Each planned invoice with its sheet name and laid-out document (empty when there are errors).
   * Laid out on first access when nothing was written (a preview), since only some callers need it.
   */
  readonly documents: { sheet: string; invoice: PlannedInvoice; doc: SheetDocument }[];
  /** Where things are in the workbook as read before the run. */
  layout: WorkbookLayout;
}

/** True when `user` may bill and send: Administratörer is blank, or lists the user. */
export function mayAdminister(administrators: readonly string[], user: string | undefined): boolean {
  if (administrators.length === 0 || user === undefined) return true;
  return administrators.includes(user.trim().toLowerCase());
}

export function notAdministratorIssue(user: string): Issue {
  return {
    severity: 'error',
    tab: TAB.settings,
    column: 'Värde',
    value: user,
    message: `Endast administratörer (inställningen Administratörer) får fakturera och skicka. ${user || 'Du'} finns inte i listan; be en administratör lägga till dig eller köra faktureringen.`,
  };
}

function issueKey(i: Issue): string {
  return [i.severity, i.tab, i.row ?? '', i.column ?? '', i.value ?? '', i.message].join('\u0000');
}

/** Errors first, then warnings; each issue once. */
export function orderIssues(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const key = issueKey(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...unique.filter((i) => i.severity === 'error'), ...unique.filter((i) => i.severity === 'warning')];
}

interface Prepared {
  snapshot: WorkbookSnapshot;
  input: RunInput;
  plan: RunPlan | null;
  issues: Issue[];
}

function prepare(port: WorkbookPort, run: RunRequest, options: BillOptions): Prepared {
  const snapshot = readWorkbook(port);
  const input: RunInput = { ...snapshot.input, run };
  const issues = [...snapshot.issues];
  if (options.user !== undefined && !mayAdminister(input.settings.administrators, options.user)) {
    issues.push(notAdministratorIssue(options.user));
  }
  issues.push(...locateAll(validateRun(input), snapshot.layout));
  issues.push(...eInvoiceSettingIssues(input.settings, snapshot.layout.settingRows));
  if (issues.some((i) => i.severity === 'error')) return { snapshot, input, plan: null, issues: orderIssues(issues) };
  const plan = planRun(input);
  issues.push(...locateAll(daysNotYetHeld(plan), snapshot.layout));
  issues.push(...locateAll(unwritablePlan(plan, input.municipalities), snapshot.layout));
  // Every invoice is also an e-invoice: its municipality's row must make one that passes (SPEC §9).
  const invoiced = new Set(plan.invoices.map((i) => i.municipality));
  issues.push(
    ...eInvoiceBuyerIssues(
      input.municipalities.filter((m) => invoiced.has(m.name)),
      snapshot.layout.municipalityColumns,
    ),
  );
  issues.push(...locateAll(undrawableFindings(printedBy(plan, input)), snapshot.layout));
  issues.push(...sheetConflicts(snapshot.layout, plan.invoices));
  if (issues.some((i) => i.severity === 'error')) return { snapshot, input, plan: null, issues: orderIssues(issues) };
  if (options.forSending) {
    for (const inv of plan.invoices) {
      const m = input.municipalities.find((x) => x.name === inv.municipality);
      if (m && !isEmail(m.email)) {
        issues.push({
          severity: 'error',
          tab: m.ref.tab,
          row: m.ref.row,
          column: 'E-post',
          value: m.email,
          message: `${m.name} saknar en giltig e-postadress, så fakturan ${inv.number} kan inte skickas. Fyll i E-post i fliken Kommuner.`,
        });
      }
    }
    if (issues.some((i) => i.severity === 'error')) return { snapshot, input, plan: null, issues: orderIssues(issues) };
  }
  return { snapshot, input, plan, issues: orderIssues(issues) };
}

/** What the run's documents print: the settings, their buyers, courses and rows (each text checked once). */
function printedBy(plan: RunPlan, input: RunInput): Parameters<typeof undrawableFindings>[0] {
  const invoiced = new Set(plan.invoices.map((i) => i.municipality));
  const courseIds = new Set(
    plan.invoices.flatMap((i) => i.lines.flatMap((l) => (l.kind === 'variable' ? [l.courseId] : []))),
  );
  return {
    settings: input.settings,
    municipalities: input.municipalities.filter((m) => invoiced.has(m.name)),
    courses: input.courses.filter((c) => courseIds.has(c.id)),
    attendance: plan.invoices.flatMap((i) => i.attendance),
    trainers: plan.invoices.flatMap((i) => i.trainerRows),
  };
}

/** An outcome whose documents are laid out only when asked for (the layout is most of a run's work). */
function outcome(p: Prepared, written: boolean): BillOutcome {
  const plan = p.plan;
  let documents: BillOutcome['documents'] | undefined;
  return {
    plan,
    issues: p.issues,
    written,
    sheets: plan ? plan.invoices.map(invoiceSheetName) : [],
    input: p.input,
    get documents() {
      return (documents ??= plan ? invoiceSheets(plan, p.input) : []);
    },
    layout: p.snapshot.layout,
  };
}

/** Reads and plans; writes nothing. */
export function previewBilling(port: WorkbookPort, run: RunRequest, options: BillOptions = {}): BillOutcome {
  return outcome(prepare(port, run, options), false);
}

/** Logg's Detaljer of a billing run: the run, and what it made. */
export function billingDetails(run: RunRequest, plan: RunPlan | null): string {
  const head = `Månad ${run.month}, fakturadatum ${run.invoiceDate}`;
  if (!plan) return head;
  const n = plan.invoices.length;
  const numbers =
    n === 0
      ? ''
      : n === 1
        ? ` (${plan.invoices[0].number})`
        : ` (${plan.invoices[0].number} – ${plan.invoices[n - 1].number})`;
  return (
    `${head}, körning ${plan.runId}: ${n} ${n === 1 ? 'faktura' : 'fakturor'}${numbers}, ` +
    `summa ${formatKronor(sum(plan.invoices.map((i) => i.total)))}; ` +
    `utbildarpotten in ${formatKronor(plan.pot.collected)}, utbetalt ${formatKronor(plan.pot.paidOut)}, ` +
    `kvar ${formatKronor(plan.pot.carriedOver)}; ` +
    `${plan.attendanceStamps.length} närvarorader och ${plan.trainerStamps.length} utbildarrader stämplade.`
  );
}

/** Reads, plans and, when there is no error, writes the run in its crash-consistent order. */
export function runBilling(port: WorkbookPort, run: RunRequest, options: BillOptions = {}): BillOutcome {
  const user = options.logUser ?? options.user ?? '';
  const log = (details: string, result: string) =>
    appendLog(port, { action: LOG_ACTION.billing, user, details, result });
  const p = prepare(port, run, options);
  if (!p.plan) {
    log(errorsDetails(billingDetails(run, null), p.issues), LOG_RESULT.refused);
    return outcome(p, false);
  }
  if (options.confirm) {
    try {
      options.confirm(p.plan);
    } catch (e) {
      log(`${billingDetails(run, null)}: ${thrownText(e)}`, LOG_RESULT.refused);
      throw e;
    }
  }
  if (p.plan.invoices.length === 0) return outcome(p, false);
  let written: ReturnType<typeof writeRun>;
  try {
    written = writeRun(port, p.snapshot, p.plan);
  } catch (e) {
    log(`${billingDetails(run, p.plan)} Avbröts: ${thrownText(e)}`, LOG_RESULT.failed);
    throw e;
  }
  // The seller's and buyers' details as drawn on the sheets: a deleted sheet is drawn again from them (documentRecord.ts).
  const buyers = buyersOf(p.input.municipalities, p.plan.invoices);
  log(
    billingDetails(run, p.plan) + recordText(p.input.settings, buyers, coursesOf(p.input.courses, p.plan.invoices)),
    LOG_RESULT.done,
  );
  return {
    plan: p.plan,
    issues: p.issues,
    written: true,
    sheets: written.map((w) => w.sheet),
    input: p.input,
    documents: written,
    layout: p.snapshot.layout,
  };
}
