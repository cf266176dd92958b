// The Kontroll tab of Kontrollera data, built without a host: rows, cell addresses, links, summary.
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/core/types';
import {
  CONTROL_COLUMNS,
  LINK_COLUMN,
  actualTab,
  checkSummary,
  controlDocument,
  controlLinks,
  hyperlinkFormula,
  issueCell,
} from '../../src/workbook/controlSheet';
import { columnLetters } from '../../src/workbook/cells';

const KOMMUN: Issue = {
  severity: 'error',
  tab: 'Närvaro 2024',
  row: 9,
  column: 'Kommun',
  value: 'Stockholm',
  message: 'Okänd kommun.',
};
const TOM: Issue = { severity: 'warning', tab: 'Kurser', message: 'Tom flik.' };
const HEADER = [['Datum', 'Kurs-ID', 'Namn', 'Kommun', 'Dagar', 'Fakturanummer']];

describe('cell addresses', () => {
  it('names columns as Sheets does', () => {
    expect([1, 4, 26, 27, 52, 703].map(columnLetters)).toEqual(['A', 'D', 'Z', 'AA', 'AZ', 'AAA']);
  });

  it('finds the column by its header, forgivingly, and falls back to column A and row 1', () => {
    expect(issueCell(KOMMUN, HEADER)).toBe('D9');
    expect(issueCell({ ...KOMMUN, column: ' kommun ' }, HEADER)).toBe('D9');
    expect(issueCell({ ...KOMMUN, column: 'Saknas' }, HEADER)).toBe('A9');
    expect(issueCell(KOMMUN, undefined)).toBe('A9');
    expect(issueCell(TOM, HEADER)).toBe('A1');
    expect(issueCell({ ...KOMMUN, row: 0 }, HEADER)).toBe('D1');
  });

  it('finds a tab named in another case', () => {
    expect(actualTab(['kommuner', 'Kurser'], 'Kommuner')).toBe('kommuner');
    expect(actualTab(['Kommuner', 'kommuner'], 'kommuner')).toBe('kommuner');
    expect(actualTab(['Kurser'], 'Kommuner')).toBeNull();
  });
});

describe('links', () => {
  it('are built from numbers only, and refuse anything else', () => {
    expect(hyperlinkFormula(123, 'D9')).toBe('=HYPERLINK("#gid=123&range=D9","Visa cellen")');
    expect(() => hyperlinkFormula(1.5, 'D9')).toThrow(/Ogiltig länk/);
    expect(() => hyperlinkFormula(1, 'D9");IMPORTXML("x')).toThrow(/Ogiltig länk/);
  });

  it('give one cell per issue, blank for a tab that is not there, asking the host once per tab', () => {
    const asked: string[] = [];
    const links = controlLinks(
      [KOMMUN, { ...KOMMUN, row: 10, column: 'Dagar' }, { ...TOM, tab: 'Borta' }, TOM],
      ['Närvaro 2024', 'kurser'],
      (tab) => {
        asked.push(tab);
        return tab === 'kurser' ? { sheetId: null, rows: [] } : { sheetId: 7, rows: HEADER };
      },
    );
    expect(links).toEqual([
      ['=HYPERLINK("#gid=7&range=D9","Visa cellen")'],
      ['=HYPERLINK("#gid=7&range=E10","Visa cellen")'],
      [''],
      [''],
    ]);
    expect(asked).toEqual(['Närvaro 2024', 'kurser']);
  });
});

describe('the document', () => {
  it('has the header, one row per issue with the link column left for the host, or a line saying all is well', () => {
    expect(LINK_COLUMN).toBe(CONTROL_COLUMNS.length);
    const clean = controlDocument([]);
    expect(clean.rows.map((r) => r.map((c) => c?.value ?? ''))).toEqual([
      [...CONTROL_COLUMNS],
      ['Inga fel och inga varningar.', '', '', '', '', '', ''],
    ]);
    const doc = controlDocument([KOMMUN, TOM]);
    expect(doc.columnWidths).toHaveLength(CONTROL_COLUMNS.length);
    expect(doc.rows.slice(1).map((r) => r.map((c) => c?.value ?? ''))).toEqual([
      ['Fel', 'Närvaro 2024', 9, 'Kommun', 'Stockholm', 'Okänd kommun.', ''],
      ['Varning', 'Kurser', '', '', '', 'Tom flik.', ''],
    ]);
    expect(doc.rows[1][0]?.bold).toBe(true);
    expect(doc.rows[2][0]?.bold).toBe(false);
  });
});

describe('the summary', () => {
  it('counts errors and warnings, and the formulas recomputed', () => {
    expect(checkSummary([])).toBe('Inga fel och inga varningar. Arbetsboken kan faktureras.');
    expect(checkSummary([TOM])).toBe('0 fel och 1 varning. Se fliken Kontroll: varje rad har en länk till cellen.');
    expect(checkSummary([KOMMUN, TOM, TOM])).toBe(
      '1 fel och 2 varningar. Se fliken Kontroll: varje rad har en länk till cellen. Fel måste rättas innan fakturering.',
    );
    expect(checkSummary([], 1)).toBe(
      'Inga fel och inga varningar. Arbetsboken kan faktureras. 1 formel med Yrkesresans funktioner räknades om.',
    );
    expect(checkSummary([TOM], 5)).toMatch(/ 5 formler med Yrkesresans funktioner räknades om\.$/);
  });
});
