/**
 * Merged cells over the columns the tool writes (issue: the verified ledger). A host keeps only a
 * merge's top-left cell: a stamp written under a merge lands in another row (that row is billed
 * again next time) or in another column (Dagar overwritten by an invoice number). Such merges are
 * refused before anything is written, naming tab, row and column.
 */
import { columnLetters } from '../cells';
import type { CellBlock, WorkbookPort } from '../port';
import type { TabLayout } from './layout';
import type { IssueList } from './tab';

/** A tab the tool writes into, and the columns (schema headers) it writes there. */
export interface WrittenColumns {
  layout: TabLayout;
  /** Headers of the columns the tool writes; the ones missing from the tab are left out. */
  headers: readonly string[];
  /** What the tool writes there, for the message ('fakturanumret', 'registrets rader'). */
  what: string;
}

export function a1OfBlock(b: CellBlock): string {
  const from = `${columnLetters(b.col)}${b.row}`;
  return b.rows * b.cols === 1 ? from : `${from}:${columnLetters(b.col + b.cols - 1)}${b.row + b.rows - 1}`;
}

/** One port.merges per tab that exists; an error per merge that covers a written column. */
export function checkMerges(port: WorkbookPort, tabs: readonly WrittenColumns[], issues: IssueList): void {
  for (const { layout, headers, what } of tabs) {
    if (!layout.exists) continue;
    const columns = headers.flatMap((h) =>
      layout.columns[h] === undefined ? [] : [{ header: h, col: layout.columns[h] }],
    );
    if (columns.length === 0) continue;
    for (const m of port.merges(layout.tab)) {
      if (m.rows * m.cols <= 1) continue;
      const covered = columns.find((c) => c.col >= m.col && c.col < m.col + m.cols);
      if (!covered) continue;
      const a1 = a1OfBlock(m);
      issues.error(
        layout.tab,
        m.row,
        covered.header,
        a1,
        `Cellerna ${a1} i fliken ${layout.tab} är sammanfogade över kolumnen ${covered.header}, där verktyget skriver ${what}. ` +
          'I sammanfogade celler hamnar det som skrivs i den översta vänstra cellen, alltså på fel rad eller i fel kolumn. ' +
          'Dela upp de sammanfogade cellerna och kontrollera radernas värden innan du fortsätter.',
      );
    }
  }
}
