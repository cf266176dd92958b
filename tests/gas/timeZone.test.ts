// The spreadsheet's own time zone (File › Settings) through the built dist/gas/Code.js: a date
// cell is an instant at midnight in that zone, which may differ from the script's
// (appsscript.json), so the port converts dates in Spreadsheet.getSpreadsheetTimeZone(), and
// "today" is Utilities.formatDate(now, getSpreadsheetTimeZone(), 'yyyy-MM-dd').
import { describe, expect, it } from 'vitest';
import { createGasEnvironment, isoInZone, zonedInstant, type GasEnvironment } from './fakes';
import { callCustomFunction, frozenClock, loadBundle, plain, type GasContext } from './harness';
import { standardTabs, toGasTabs } from '../fixtures/workbook';

const REQUEST = { month: '2024-12', invoiceDate: '2024-12-20' };

function world(zone: string, now?: number): { env: GasEnvironment; ctx: GasContext } {
  // Dates typed into this spreadsheet are midnight in its own zone; the script keeps Stockholm.
  const env = createGasEnvironment({
    tabs: toGasTabs(standardTabs(), zone),
    timeZone: zone,
    scriptTimeZone: 'Europe/Stockholm',
  });
  const ctx = loadBundle(env, now === undefined ? {} : { globals: { Date: frozenClock(now) } });
  return { env, ctx };
}

/** Fakturadatum and Förfallodatum of every register row, as the spreadsheet shows them in its zone. */
function registerDates(env: GasEnvironment, zone: string): string[][] {
  const [header, ...rows] = env.spreadsheet.read('Fakturor');
  const col = (h: string) => header.indexOf(h);
  return rows.map((r) => [r[col('Fakturadatum')], r[col('Förfallodatum')]].map((d) => isoInZone(d as Date, zone)));
}

describe('Dates in the spreadsheet’s time zone', () => {
  it('a spreadsheet set to London shows the invoice dates of a run as asked, not a day early', () => {
    const stockholm = world('Europe/Stockholm');
    expect(plain<any>(stockholm.ctx.billingConfirm(REQUEST)).written).toBe(true);
    const london = world('Europe/London');
    expect(plain<any>(london.ctx.billingConfirm(REQUEST)).written).toBe(true);
    const dates = registerDates(london.env, 'Europe/London');
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every(([invoiceDate]) => invoiceDate === '2024-12-20')).toBe(true);
    expect(dates).toEqual(registerDates(stockholm.env, 'Europe/Stockholm'));
  });

  it('a spreadsheet set to Helsinki reads typed dates as typed: its run is the Stockholm one, line for line', () => {
    const summary = (ctx: GasContext) => {
      const p = plain<any>(ctx.billingPreview(REQUEST));
      return JSON.stringify({ invoices: p.invoices, warnings: p.warnings, errors: p.errors });
    };
    expect(summary(world('Europe/Helsinki').ctx)).toBe(summary(world('Europe/Stockholm').ctx));
  });

  it('a custom function reads its date arguments in the spreadsheet’s zone: a Helsinki date cell is that day', () => {
    // Luleå has one participant day on 30 November 2024. A date cell of a Helsinki spreadsheet
    // holds midnight in Helsinki, 23:00 on the 29th in Stockholm (the script's zone).
    const luleaOn = (zone: string) => {
      const { env, ctx } = world(zone);
      const day = zonedInstant(2024, 11, 30, 0, 0, 0, zone);
      return callCustomFunction(env, ctx, 'DELTAGARDAGAR', 'Luleå', day, day);
    };
    expect(luleaOn('Europe/Stockholm')).toBe(1);
    expect(luleaOn('Europe/Helsinki')).toBe(1);
  });

  it('"today" around midnight is the spreadsheet’s date, not the script’s', () => {
    // 23:30 in London on 19 December is 00:30 on the 20th in Stockholm (the script's zone).
    const now = Date.UTC(2024, 11, 19, 23, 30);
    const london = plain<any>(world('Europe/London', now).ctx.billingPreview({ month: '2024-12' }));
    expect(london.invoiceDate).toBe('2024-12-19');
    const stockholm = plain<any>(world('Europe/Stockholm', now).ctx.billingPreview({ month: '2024-12' }));
    expect(stockholm.invoiceDate).toBe('2024-12-20');
  });
});
