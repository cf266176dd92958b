/** The follow-up's figures, as both hosts lay them out. */
import type { Decimal } from '../../core/money';
import type { AttendanceRow, Course, Ledger, Municipality, TrainerRow } from '../../core/types';

/** What the follow-up needs of the workbook's records (a subset of RunInput). */
export interface ReportInput {
  municipalities: Municipality[];
  courses: Course[];
  attendance: AttendanceRow[];
  trainers: TrainerRow[];
  ledger: Ledger;
}

/** Label used for a course whose Yrkesresa or Steg is blank in Kurser. */
export const UNSPECIFIED = '(ej angiven)';

export interface Figures {
  participants: number; // distinct people
  participantDays: Decimal;
  trainerDays: Decimal;
}

export interface MunicipalityFigures extends Figures {
  municipality: string;
  population: Decimal | null; // null when Befolkning is blank
  perThousand: Decimal | null; // participant-days per 1 000 inhabitants, 2 decimals
  invoicedVariable: Decimal; // Σ Rörlig lines
  invoicedFixed: Decimal; // Σ Fast kostnad lines
  trainerPot: Decimal; // Σ Utbildarpott lines (negative: paid to the municipality)
  invoicedNet: Decimal; // Σ all lines, before VAT
}

export interface StepFigures extends Figures {
  step: string;
}

export interface JourneyFigures extends Figures {
  journey: string;
  steps: StepFigures[]; // only steps with activity
}

/** One year, or all years together (year = null). */
export interface ReportPeriod {
  year: number | null;
  municipalities: MunicipalityFigures[]; // every municipality, in Swedish order
  total: MunicipalityFigures; // municipality = '' ; distinct participants over the whole region
  journeys: JourneyFigures[]; // only journeys with activity, in the order of the plan
  journeyTotal: Figures;
}

export interface SkippedCounts {
  attendance: number; // Närvaro rows not counted
  trainers: number; // Utbildarlogg rows not counted
  lines: number; // register lines without a committed invoice (orphans of an interrupted run)
}

export interface FollowUpReport {
  years: number[]; // ascending
  municipalities: string[]; // Swedish order
  journeys: string[]; // every Yrkesresa with activity in any year, in the order of the plan
  periods: ReportPeriod[]; // one per year, ascending
  allYears: ReportPeriod;
  skipped: SkippedCounts;
}
