/**
 * Recomputes the custom functions (SPEC §5) after the data they read has changed: at the end of
 * a billing run, a credit note and Kontrollera data. Sheets recomputes a custom function only
 * when its arguments or its formula change, so every formula that calls one of ours is blanked
 * and written back. Per tab one getFormulas; per run of such cells in a column one write to
 * blank and one to restore, with a single flush in between.
 *
 * The administrators' formulas must never be lost: every blanked block is written back in a
 * `finally`, each on its own (one failing restore does not keep the others from theirs), and a
 * failure is reported, naming the cells and the formulas that could not be put back.
 */
import { errorReason } from '../app/send/sending';
import { swedishError } from './googleErrors';
import { columnLetters } from '../workbook/cells';
import { customFormulaRuns, type FormulaRun } from '../workbook/customFormulaCells';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface FormulaRefresh {
  /** Formulas rewritten. */
  count: number;
  /** '' when all went well; else what went wrong, in Swedish, for the administrator. */
  failure: string;
}

interface Block {
  sheet: Sheet;
  tab: string;
  run: FormulaRun;
}

function a1(block: Block): string {
  const col = columnLetters(block.run.col);
  return `${block.tab}!${col}${block.run.row}:${col}${block.run.row + block.run.formulas.length - 1}`;
}

/** The blocks of our formulas in the given tabs: one getFormulas per tab. */
function findBlocks(tabs: readonly string[]): Block[] {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const blocks: Block[] = [];
  for (const tab of tabs) {
    const sheet = ss.getSheetByName(tab);
    if (!sheet) continue;
    for (const run of customFormulaRuns(sheet.getDataRange().getFormulas())) blocks.push({ sheet, tab, run });
  }
  return blocks;
}

/** Writes every block's formulas back; the blocks that could not be restored, with why. */
function restore(blanked: readonly Block[]): string[] {
  const lost: string[] = [];
  for (const b of blanked) {
    try {
      b.sheet.getRange(b.run.row, b.run.col, b.run.formulas.length, 1).setFormulas(b.run.formulas);
    } catch (e) {
      lost.push(`${a1(b)} (${b.run.formulas.map((r) => r[0]).join(' ; ')}): ${errorReason(swedishError(e))}`);
    }
  }
  return lost;
}

/** Rewrites every formula that calls one of our functions in the given tabs. */
export function refreshFormulas(tabs: readonly string[]): FormulaRefresh {
  if (tabs.length === 0) return { count: 0, failure: '' };
  let blocks: Block[];
  try {
    blocks = findBlocks(tabs);
  } catch (e) {
    return {
      count: 0,
      failure: `Yrkesresans formler kunde inte räknas om: ${errorReason(swedishError(e))}. Välj Kontrollera data för att försöka igen.`,
    };
  }
  if (blocks.length === 0) return { count: 0, failure: '' };
  const blanked: Block[] = [];
  let problem = '';
  let lost: string[] = [];
  try {
    for (const b of blocks) {
      const range = b.sheet.getRange(b.run.row, b.run.col, b.run.formulas.length, 1);
      blanked.push(b); // before the write: a write that fails half-way may have blanked some cells
      range.setValues(b.run.formulas.map(() => ['']));
    }
    SpreadsheetApp.flush();
  } catch (e) {
    problem = errorReason(swedishError(e));
  } finally {
    lost = restore(blanked);
  }
  if (lost.length > 0) {
    return {
      count: 0,
      failure: `Några formler med Yrkesresans funktioner kunde inte skrivas tillbaka. Skriv in dem igen: ${lost.join('; ')}.`,
    };
  }
  if (problem)
    return {
      count: 0,
      failure: `Yrkesresans formler kunde inte räknas om (${problem}); de står kvar som förut. Välj Kontrollera data för att försöka igen.`,
    };
  return { count: blocks.reduce((n, b) => n + b.run.formulas.length, 0), failure: '' };
}
