/** Utbildarlogg: the trainers' days, whose pot is paid out in December; a Kurs-ID is optional here. */
import type { TrainerRow } from '../../core/types';
import { REQUIRED_COLUMNS, TAB } from '../schema';
import { readDayRows, type DayTab, type Resolvers } from './dayRows';
import type { IssueList, TabData } from './tab';

export const TRAINER_STAMP = 'Utbetalning';

const TRAINERS: DayTab = {
  required: REQUIRED_COLUMNS[TAB.trainers],
  personHeader: 'Utbildare',
  courseRequired: false,
  stampHeader: TRAINER_STAMP,
};

export function readTrainers(t: TabData, resolvers: Resolvers, issues: IssueList): TrainerRow[] {
  return readDayRows(t, TRAINERS, resolvers, issues).map((r) => ({
    ref: r.ref,
    date: r.date,
    courseId: r.courseId,
    trainer: r.person,
    municipality: r.municipality,
    days: r.days,
    payoutInvoice: r.stamp,
  }));
}
