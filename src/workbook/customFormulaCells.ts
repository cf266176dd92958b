/**
 * Finds the cells whose formulas call one of our custom functions (SPEC §5). Sheets recomputes a
 * custom function only when its arguments or its formula change, not when the tabs it reads
 * change, so the host rewrites these cells to make Sheets compute them afresh. Pure: the host
 * reads the formulas and writes them back.
 */

import { parseInvoiceNumber } from '../core/numbering';
import { REPORT_TAB } from './reportSheet';
import { TAB } from './schema';

/** A formula that calls one of our custom functions. */
export const CUSTOM_FUNCTION_CALL =
  /(^|[^A-Za-z0-9_.])(FASTKOSTNAD|DAGAVGIFT|DELTAGARDAGAR|RORLIGKOSTNAD|UTBILDARPOTT)\s*\(/i;

/** Consecutive cells of one column that call our functions: one write each to blank and to restore. */
export interface FormulaRun {
  row: number; // 1-based, within the range read
  col: number;
  formulas: string[][]; // one column
}

export function callsCustomFunction(formula: string | null | undefined): boolean {
  return CUSTOM_FUNCTION_CALL.test(formula ?? '');
}

/** The runs of such cells in a tab's formulas (as getFormulas returns them), column by column. */
export function customFormulaRuns(formulas: readonly (readonly string[])[]): FormulaRun[] {
  const runs: FormulaRun[] = [];
  const height = formulas.length;
  const width = height > 0 ? formulas[0].length : 0;
  for (let c = 0; c < width; c++) {
    for (let r = 0; r < height;) {
      if (!callsCustomFunction(formulas[r][c])) {
        r++;
        continue;
      }
      const start = r;
      while (r < height && callsCustomFunction(formulas[r][c])) r++;
      runs.push({ row: start + 1, col: c + 1, formulas: formulas.slice(start, r).map((f) => [f[c]]) });
    }
  }
  return runs;
}

/**
 * False for the tabs the product draws with values only: invoice sheets ('<number> <municipality>'),
 * Kontroll and Uppföljning. Their formulas need not be read.
 */
export function mayHoldFormulas(tab: string): boolean {
  if (tab === TAB.control || tab === REPORT_TAB) return false;
  const firstWord = tab.trim().split(' ')[0];
  return parseInvoiceNumber(firstWord) === null;
}

/** The tabs among `tabs` whose formulas are worth reading. */
export function formulaTabs(tabs: readonly string[]): string[] {
  return tabs.filter(mayHoldFormulas);
}
