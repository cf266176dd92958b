/** What a read leaves behind besides the records: where everything is, for write.ts to put things back. */
import type { Issue, RunInput } from '../../core/types';
import type { CellValue } from '../port';

/** Where a tab's columns and rows are, as read. Plain data (no Map) so hosts may pass it around. */
export interface TabLayout {
  tab: string; // the tab's actual name
  exists: boolean;
  width: number; // columns of the used range
  lastRow: number; // last non-empty sheet row (0 = nothing at all, 1 = header only)
  columns: Record<string, number>; // schema header → 1-based column; absent when missing
}

/** An attendance tab or Utbildarlogg: where the run's stamps go. */
export interface StampTabLayout extends TabLayout {
  stampHeader: string; // 'Fakturanummer' | 'Utbetalning'
  stampValues: CellValue[]; // the stamp column as read; index 0 = sheet row 2 ('' when the column is missing)
}

/** Fakturor or Fakturarader. */
export interface RegisterLayout extends TabLayout {
  /** Last sheet row that belongs to a committed invoice (1 = none). New rows go below it. */
  committedLastRow: number;
  /** The tab's cells as read (to keep extra columns of overwritten orphan rows). */
  data: CellValue[][];
}

export interface WorkbookLayout {
  tabNames: string[];
  attendance: StampTabLayout[];
  trainers: StampTabLayout;
  invoices: RegisterLayout;
  lines: RegisterLayout;
  /** Invoice numbers in Fakturor: everything else found in stamps or Fakturarader is an orphan. */
  registered: string[];
  /** Sheet row of each registered invoice in Fakturor. */
  invoiceRows: Record<string, number>;
  /** Sheet row of each setting present in Inställningar, by its key as in the schema. */
  settingRows: Record<string, number>;
  /** The schema headers found in Kommuner (a column that is missing reads as blank). */
  municipalityColumns: string[];
  /**
   * Tabs named like an invoice sheet whose number is not in Fakturor and that are the tool's
   * drawing of that number (isDrawnInvoiceSheet): left by an interrupted run, or by a deleted
   * register row, which the ledger checks tell apart.
   */
  orphanSheets: readonly { tab: string; invoiceNumber: string }[];
}

export interface WorkbookSnapshot {
  input: Omit<RunInput, 'run'>;
  issues: Issue[];
  layout: WorkbookLayout;
}
