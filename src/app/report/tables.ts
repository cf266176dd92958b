/** The tables and charts of the follow-up: the same for the tab and for the command line's files. */
import { ZERO, type Decimal } from '../../core/money';
import type { ChartRequest, ColumnKind, ReportTable, ReportValue } from '../../workbook/reportSheet';
import type { FollowUpReport, MunicipalityFigures, ReportPeriod } from './model';

const ALL_YEARS = 'Alla år';
const SUM = 'Summa';

function yearLabel(p: ReportPeriod): string | number {
  return p.year === null ? ALL_YEARS : p.year;
}

/** Each year, then all years together: the columns of the narrow tables, the blocks of the detail ones. */
function periodsOf(report: FollowUpReport): ReportPeriod[] {
  return [...report.periods, report.allYears];
}

/** Participant-days per label, one column per year and one for all years, with a sum row (a chart's data). */
function daysPerYear(
  report: FollowUpReport,
  table: { id: string; title: string; labelHeader: string },
  labels: string[],
  days: (p: ReportPeriod, label: string, i: number) => Decimal,
  total: (p: ReportPeriod) => Decimal,
): ReportTable {
  const periods = periodsOf(report);
  const rows: ReportValue[][] = labels.map((label, i) => [label, ...periods.map((p) => days(p, label, i))]);
  rows.push([SUM, ...periods.map(total)]);
  return {
    id: table.id,
    title: table.title,
    header: [table.labelHeader, ...report.years.map(String), ALL_YEARS],
    kinds: ['text', ...periods.map((): ColumnKind => 'quantity')],
    rows,
    totalRows: [rows.length - 1],
  };
}

function daysByMunicipality(report: FollowUpReport): ReportTable {
  return daysPerYear(
    report,
    { id: 'deltagardagar-per-kommun', title: 'Deltagardagar per kommun och år', labelHeader: 'Kommun' },
    report.municipalities,
    (p, _, i) => p.municipalities[i].participantDays,
    (p) => p.total.participantDays,
  );
}

function daysByJourney(report: FollowUpReport): ReportTable {
  return daysPerYear(
    report,
    { id: 'deltagardagar-per-yrkesresa', title: 'Deltagardagar per Yrkesresa och år', labelHeader: 'Yrkesresa' },
    report.journeys,
    (p, journey) => p.journeys.find((j) => j.journey === journey)?.participantDays ?? ZERO,
    (p) => p.journeyTotal.participantDays,
  );
}

/** Participant-days per 1 000 inhabitants; null when no municipality has Befolkning. */
function perThousandByMunicipality(report: FollowUpReport): ReportTable | null {
  const all = report.allYears;
  if (!all.municipalities.some((m) => m.population)) return null;
  const periods = periodsOf(report);
  const rows: ReportValue[][] = report.municipalities.map((m, i) => [
    m,
    ...periods.map((p) => p.municipalities[i].perThousand),
    all.municipalities[i].population,
  ]);
  rows.push([SUM, ...periods.map((p) => p.total.perThousand), all.total.population]);
  return {
    id: 'deltagardagar-per-1000-invanare',
    title: 'Deltagardagar per 1 000 invånare',
    header: ['Kommun', ...report.years.map(String), ALL_YEARS, 'Befolkning'],
    kinds: ['text', ...periods.map((): ColumnKind => 'decimal2'), 'integer'],
    rows,
    totalRows: [rows.length - 1],
  };
}

function municipalityRow(label: string, year: string | number, f: MunicipalityFigures): ReportValue[] {
  return [
    label,
    year,
    f.participants,
    f.participantDays,
    f.perThousand,
    f.trainerDays,
    f.invoicedVariable,
    f.invoicedFixed,
    f.trainerPot,
    f.invoicedNet,
  ];
}

/** Every figure per municipality and year, with a sum per year and the years together. */
function municipalityDetail(report: FollowUpReport): ReportTable {
  const rows: ReportValue[][] = [];
  const totalRows: number[] = [];
  for (const p of periodsOf(report)) {
    for (const f of p.municipalities) rows.push(municipalityRow(f.municipality, yearLabel(p), f));
    totalRows.push(rows.length);
    rows.push(municipalityRow(SUM, yearLabel(p), p.total));
  }
  return {
    id: 'kommuner-per-ar',
    title: 'Per kommun och år',
    header: [
      'Kommun',
      'År',
      'Deltagare',
      'Deltagardagar',
      'Deltagardagar per 1 000 invånare',
      'Utbildardagar',
      'Fakturerat rörligt',
      'Fakturerat fast kostnad',
      'Utbildarpott (utbetalt)',
      'Fakturerat netto',
    ],
    kinds: ['text', 'year', 'integer', 'quantity', 'decimal2', 'quantity', 'money', 'money', 'money', 'money'],
    rows,
    totalRows,
  };
}

/** Participants, participant-days and trainer days per Yrkesresa, Steg and year. */
function journeyDetail(report: FollowUpReport): ReportTable {
  const rows: ReportValue[][] = [];
  const totalRows: number[] = [];
  for (const p of periodsOf(report)) {
    const year = yearLabel(p);
    for (const j of p.journeys) {
      for (const s of j.steps) rows.push([j.journey, s.step, year, s.participants, s.participantDays, s.trainerDays]);
      totalRows.push(rows.length);
      rows.push([j.journey, SUM, year, j.participants, j.participantDays, j.trainerDays]);
    }
    totalRows.push(rows.length);
    const t = p.journeyTotal;
    rows.push([SUM, '', year, t.participants, t.participantDays, t.trainerDays]);
  }
  return {
    id: 'yrkesresor-per-ar',
    title: 'Per Yrkesresa, steg och år',
    header: ['Yrkesresa', 'Steg', 'År', 'Deltagare', 'Deltagardagar', 'Utbildardagar'],
    kinds: ['text', 'text', 'year', 'integer', 'quantity', 'quantity'],
    rows,
    totalRows,
  };
}

export function reportTables(report: FollowUpReport): ReportTable[] {
  const tables = [daysByMunicipality(report)];
  const perThousand = perThousandByMunicipality(report);
  if (perThousand) tables.push(perThousand);
  // The narrow tables with a chart beside them first, the wide detail tables below.
  tables.push(daysByJourney(report), municipalityDetail(report), journeyDetail(report));
  return tables;
}

/** How each narrow table is charted (a table without an entry gets no chart). */
const CHART_STYLE: Record<string, Pick<ChartRequest, 'kind' | 'valueTitle' | 'transpose'>> = {
  'deltagardagar-per-kommun': { kind: 'column', valueTitle: 'Deltagardagar', transpose: false },
  'deltagardagar-per-yrkesresa': { kind: 'line', valueTitle: 'Deltagardagar', transpose: true },
  'deltagardagar-per-1000-invanare': {
    kind: 'column',
    valueTitle: 'Deltagardagar per 1 000 invånare',
    transpose: false,
  },
};

/** One chart per charted table, titled like it, over its year columns. */
export function reportCharts(report: FollowUpReport, tables: ReportTable[]): ChartRequest[] {
  return tables
    .filter((t) => CHART_STYLE[t.id])
    .map((t) => ({ id: t.id, tableId: t.id, title: t.title, ...CHART_STYLE[t.id], dataColumns: report.years.length }));
}
