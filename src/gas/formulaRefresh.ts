/**
 * Recomputes the custom functions (SPEC §5) after the data they read has changed: at the end of
 * a billing run and of Kontrollera data. Sheets recomputes a custom function only when its
 * arguments or its formula change, so every formula that calls one of ours is blanked and
 * written back. Per tab one getFormulas; per run of such cells in a column one write to blank
 * and one to restore, with a single flush in between.
 */
import { customFormulaRuns, type FormulaRun } from '../workbook/customFormulaCells';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/**
 * Rewrites every formula that calls one of our functions in the given tabs. Returns how many
 * formulas were rewritten. A host that cannot read formulas is left alone: this follows the real
 * work and must never fail it.
 */
export function refreshFormulas(tabs: readonly string[]): number {
  if (tabs.length === 0) return 0;
  try {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const runs: { sheet: Sheet; run: FormulaRun }[] = [];
    for (const tab of tabs) {
      const sheet = ss.getSheetByName(tab);
      if (!sheet) continue;
      const range = sheet.getDataRange();
      if (typeof range.getFormulas !== 'function') return 0;
      for (const run of customFormulaRuns(range.getFormulas())) runs.push({ sheet, run });
    }
    if (runs.length === 0) return 0;
    const block = ({ sheet, run }: (typeof runs)[number]) => sheet.getRange(run.row, run.col, run.formulas.length, 1);
    for (const r of runs) block(r).setValues(r.run.formulas.map(() => ['']));
    if (typeof SpreadsheetApp.flush === 'function') SpreadsheetApp.flush();
    for (const r of runs) {
      const range = block(r);
      // Written with setValues, a string that starts with = is a formula too, on hosts without setFormulas.
      if (typeof range.setFormulas === 'function') range.setFormulas(r.run.formulas);
      else range.setValues(r.run.formulas);
    }
    return runs.reduce((n, r) => n + r.run.formulas.length, 0);
  } catch {
    return 0;
  }
}
