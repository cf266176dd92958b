// One column table per tab: the columns a reader requires, the headers setup creates and the
// formats new rows are written with are one declaration (schema.ts's headers, setup.ts's column
// table). A required column that setup does not create, or a format for a column the tab does not
// have, fails here.
import { describe, expect, it } from 'vitest';
import { REQUIRED_COLUMNS, TAB } from '../../src/workbook/schema';
import { columnFormats, tabSetups } from '../../src/workbook/setup';
import { INVOICE_FORMATS, LINE_FORMATS } from '../../src/workbook/write';

const setups = tabSetups();
const headersOf = (tab: string): string[] =>
  (setups[tab === TAB.attendancePrefix ? TAB.attendance : tab]?.columns ?? []).map((c) => c.header);

describe('one column table per tab', () => {
  it.each(Object.entries(REQUIRED_COLUMNS))('%s: every required column is one that setup creates', (tab, required) => {
    expect(headersOf(tab).length).toBeGreaterThan(0);
    expect(required.filter((h) => !headersOf(tab).includes(h))).toEqual([]);
  });
  it('writing new register rows uses the formats setup declares', () => {
    expect(LINE_FORMATS).toEqual(columnFormats(TAB.lines));
    expect(INVOICE_FORMATS).toEqual(columnFormats(TAB.invoices));
    expect(Object.keys(INVOICE_FORMATS).filter((h) => !headersOf(TAB.invoices).includes(h))).toEqual([]);
  });
});
