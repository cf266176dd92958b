/**
 * Menu "Uppföljning": regenerates the Uppföljning tab from the workbook (one read per tab), then
 * embeds its charts: old charts are removed first, so running it again never piles them up.
 * The tab is the tool's own output; it is redrawn completely every time.
 */
import { readFollowUp } from '../app/report';
import { REPORT_TAB, type ChartSpec } from '../workbook/reportSheet';
import { activePort, alert, withDocumentLock } from './host';
import { spreadsheetToday } from './sheets';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

function insertChart(sheet: Sheet, chart: ChartSpec): void {
  const { row, col, rows, cols } = chart.range;
  const builder = sheet
    .newChart()
    .setChartType(chart.kind === 'line' ? Charts.ChartType.LINE : Charts.ChartType.COLUMN)
    .addRange(sheet.getRange(row, col, rows, cols))
    .setNumHeaders(1)
    .setTransposeRowsAndColumns(chart.transpose)
    .setPosition(chart.anchor.row, chart.anchor.col, 0, 0)
    .setOption('title', chart.title)
    .setOption('legend', { position: 'bottom' })
    .setOption('vAxis', { title: chart.valueTitle, minValue: 0 })
    .setOption('width', chart.width)
    .setOption('height', chart.height);
  if (chart.kind === 'line') builder.setOption('pointSize', 5);
  sheet.insertChart(builder.build());
}

export const FOLLOW_UP_BUSY = 'En annan körning pågår just nu i kalkylarket. Försök med Uppföljning igen om en stund.';

/** Under the document lock: two redraws at once would pile up charts, and a billing run is read whole or not at all. */
export function openFollowUp(): void {
  try {
    withDocumentLock(redraw, FOLLOW_UP_BUSY);
  } catch (e) {
    if ((e as Error)?.message !== FOLLOW_UP_BUSY) throw e;
    alert('Uppföljning', FOLLOW_UP_BUSY);
  }
}

function redraw(): void {
  const port = activePort();
  const { layout } = readFollowUp(port, { generatedOn: spreadsheetToday() });
  port.drawTab(REPORT_TAB, layout.doc);

  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = ss.getSheetByName(REPORT_TAB);
  if (!sheet) throw new Error(`Fliken ${REPORT_TAB} kunde inte skapas.`);
  for (const old of sheet.getCharts()) sheet.removeChart(old);
  for (const chart of layout.charts) insertChart(sheet, chart);
  sheet.activate();
}
