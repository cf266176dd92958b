/**
 * Every menu action of SPEC §6 that moves data, through the built dist/gas/Code.js in node:vm with
 * the fakes, one after the other in the same spreadsheet as an administrator would use them,
 * each with its service calls counted (bench/gas.ts `counted`):
 *
 *   billing    billingPreview, then billingConfirm with the preview's fingerprint (December 2025);
 *   sending    sendingList, then sendingSend of every invoice (a PDF each through MailApp);
 *   credit     creditList, creditPreview and creditConfirm of the largest invoice;
 *   reminders  remindersList and remindersSend on 2026-02-15 (every unpaid invoice overdue);
 *   payments   paymentsPreview and paymentsConfirm of a camt.054 file of `rows` payments;
 *   import     importOptions, importPreview and importConfirm of a Totara CSV of `rows` rows;
 *   export     exportPreview and exportDownload of 2025 (every invoice, `rows` attendance rows).
 *
 * "rows" sizes each action's data: the attendance rows billed (and so the specification rows of
 * the credited invoice and of every PDF sent), the payments in the bank file, the rows of the
 * export. The number of invoices (14, one per municipality) does not change with it.
 */
import { camtPayments, generateWorkbook, totaraCsv, type GeneratedWorkbook, type RegisterInvoice } from './generate';
import { counted, gasWorld, type CountedCall } from './gas';

export const ACTIONS = ['billing', 'sending', 'credit', 'reminders', 'payments', 'import', 'export'] as const;
export type Action = (typeof ACTIONS)[number];

/** The menu caption of each action (SPEC §6). */
export const ACTION_CAPTION: Record<Action, string> = {
  billing: 'Kör fakturering',
  sending: 'Skicka fakturor',
  credit: 'Kreditera faktura',
  reminders: 'Betalningar och påminnelser: påminnelser',
  payments: 'Betalningar och påminnelser: bankfil',
  import: 'Importera närvaro',
  export: 'Exportera e-fakturor och bokföring',
};

export interface ActionRun {
  /** Each server call of the dialog, in order (billingPreview, billingConfirm …). */
  parts: { name: string; call: CountedCall }[];
  /** Every server call of the action's dialog, summed (the confirming call is the one that counts against the limit). */
  all: CountedCall;
  /** The call that does the work (billingConfirm, sendingSend, …): one execution, the 6-minute limit's unit. */
  confirm: CountedCall;
  /** What it did, to check that it really ran (invoices sent, payments read …). */
  outcome: string;
  ok: boolean;
}

export interface ActionsThroughBundle {
  rows: number;
  workbook: GeneratedWorkbook;
  actions: Record<Action, ActionRun>;
  /** Rows of the credited invoice's specification (its attendance rows). */
  creditedRows: number;
}

function sum(parts: CountedCall[]): CountedCall {
  const calls: Record<string, number> = {};
  const readsByTab: Record<string, number> = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.calls)) calls[k] = (calls[k] ?? 0) + v;
    for (const [k, v] of Object.entries(p.readsByTab)) readsByTab[k] = (readsByTab[k] ?? 0) + v;
  }
  const total = (k: 'cellsRead' | 'cellsWritten' | 'formatCells' | 'cpuMs') => parts.reduce((s, p) => s + p[k], 0);
  return {
    calls,
    readsByTab,
    cellsRead: total('cellsRead'),
    cellsWritten: total('cellsWritten'),
    formatCells: total('formatCells'),
    cpuMs: total('cpuMs'),
  };
}

/** Runs the seven actions on a generated workbook of `rows` attendance rows. */
export function actionsThroughBundle(rows: number, root: string): ActionsThroughBundle {
  const wb = generateWorkbook(rows);
  const { env, ctx } = gasWorld(wb, root);
  const actions = {} as Record<Action, ActionRun>;
  const step = (action: Action, fns: [string, () => unknown][], check: (results: any[]) => [boolean, string]) => {
    // The checks only read fields of the results, which works on the vm realm's objects as they are
    // (a JSON copy of each, inside the counted call, was a second copy of megabytes of PDFs and files).
    const results: any[] = [];
    const parts = fns.map(([name, fn]) => ({ name, call: counted(env, () => void results.push(fn())) }));
    const [ok, outcome] = check(results);
    const calls = parts.map((p) => p.call);
    actions[action] = { parts, all: sum(calls), confirm: calls[calls.length - 1], outcome, ok };
  };

  let fingerprint = '';
  step(
    'billing',
    [
      [
        'billingPreview',
        () => {
          const p = ctx.billingPreview({ ...wb.run });
          fingerprint = String(p.fingerprint ?? '');
          return p;
        },
      ],
      ['billingConfirm', () => ctx.billingConfirm({ ...wb.run, fingerprint })],
    ],
    ([, c]) => [c.written === true && c.invoices.length === 14, `${c.invoices?.length ?? 0} fakturor`],
  );

  const register = (): (RegisterInvoice & { municipality: string })[] => {
    const [header, ...body] = env.spreadsheet.read('Fakturor');
    const at = (h: string) => header.indexOf(h);
    return body.map((r) => ({
      number: String(r[at('Fakturanummer')]),
      ocr: String(r[at('OCR')]),
      total: Number(r[at('Belopp')]),
      municipality: String(r[at('Kommun')]),
    }));
  };
  const billed = register();

  step(
    'sending',
    [
      ['sendingList', () => ctx.sendingList()],
      ['sendingSend', () => ctx.sendingSend({ numbers: billed.map((i) => i.number) })],
    ],
    ([, r]) => [r.sent === billed.length, `${r.sent ?? 0} skickade`],
  );

  // The largest invoice: the municipality with the most attendance rows.
  const largest = [...billed].sort((a, b) => b.total - a.total)[0];
  // Its specification: the attendance rows billing stamped with its number.
  const creditedRows = wb.attendanceTabs
    .flatMap((t) => env.spreadsheet.read(t).slice(1))
    .filter((r) => r[5] === largest.number).length;
  let creditFingerprint = '';
  const creditRequest = { invoice: largest.number, date: '2026-01-10', reason: 'Fel antal dagar' };
  step(
    'credit',
    [
      ['creditList', () => ctx.creditList()],
      [
        'creditPreview',
        () => {
          const p = ctx.creditPreview(creditRequest);
          creditFingerprint = String(p.fingerprint ?? '');
          return p;
        },
      ],
      ['creditConfirm', () => ctx.creditConfirm({ ...creditRequest, fingerprint: creditFingerprint })],
    ],
    ([, , r]) => [r.written === true, `${largest.number} krediterad`],
  );

  const unpaid = billed.filter((i) => i.number !== largest.number);
  step(
    'reminders',
    [
      ['remindersList', () => ctx.remindersList({ date: '2026-02-15' })],
      ['remindersSend', () => ctx.remindersSend({ date: '2026-02-15', numbers: unpaid.map((i) => i.number) })],
    ],
    ([list, r]) => [r.sent === unpaid.length && list.reminders.length === unpaid.length, `${r.sent ?? 0} påminnelser`],
  );

  const camt = camtPayments(unpaid, rows);
  const upload = { name: 'camt054.xml', base64: Buffer.from(camt, 'utf8').toString('base64') };
  step(
    'payments',
    [
      ['paymentsPreview', () => ctx.paymentsPreview(upload)],
      ['paymentsConfirm', () => ctx.paymentsConfirm(upload)],
    ],
    ([, r]) => [r.written === true && r.payments.length === rows, `${r.payments?.length ?? 0} betalningar`],
  );

  const csv = totaraCsv(wb, rows);
  const file = { text: csv, file: 'totara.csv' };
  step(
    'import',
    [
      ['importOptions', () => ctx.importOptions()],
      ['importPreview', () => ctx.importPreview(file)],
      ['importConfirm', () => ctx.importConfirm(file)],
    ],
    ([, , r]) => [r.written === true && r.rows.length === rows, `${r.rows?.length ?? 0} rader importerade`],
  );

  const period = { from: '2025-01-01', to: '2025-12-31' };
  step(
    'export',
    [
      ['exportPreview', () => ctx.exportPreview(period)],
      ['exportDownload', () => ctx.exportDownload(period)],
    ],
    ([, r]) => [r.ok === true && typeof r.base64 === 'string', `${r.summary?.documents ?? 0} verifikationer`],
  );

  return { rows, workbook: wb, actions, creditedRows };
}
