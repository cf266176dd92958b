/** Närvaro tabs (every tab whose name starts with Närvaro): one row per participant and course day(s). */
import type { AttendanceRow } from '../../core/types';
import { REQUIRED_COLUMNS, TAB } from '../schema';
import { readDayRows, type DayTab, type Resolvers } from './dayRows';
import type { IssueList, TabData } from './tab';

export const ATTENDANCE_STAMP = 'Fakturanummer';

const ATTENDANCE: DayTab = {
  required: REQUIRED_COLUMNS[TAB.attendancePrefix],
  personHeader: 'Deltagare',
  missingPerson: 'Deltagarens namn saknas; det behövs i fakturans specifikation.',
  courseRequired: true,
  stampHeader: ATTENDANCE_STAMP,
};

export function readAttendance(t: TabData, resolvers: Resolvers, issues: IssueList): AttendanceRow[] {
  return readDayRows(t, ATTENDANCE, resolvers, issues).map((r) => ({
    ref: r.ref,
    date: r.date,
    courseId: r.courseId,
    participant: r.person,
    municipality: r.municipality,
    days: r.days,
    invoiceNumber: r.stamp,
  }));
}
