// Which cells hold formulas that call our custom functions, grouped in runs per column.
import { describe, expect, it } from 'vitest';
import { callsCustomFunction, customFormulaRuns, formulaTabs } from '../../src/workbook/customFormulaCells';

describe('callsCustomFunction', () => {
  it('recognises our five functions in any case and position, and nothing else', () => {
    for (const f of [
      '=FASTKOSTNAD(A2)',
      '=dagavgift()',
      '=1+DELTAGARDAGAR("Luleå")',
      '=SUM(RORLIGKOSTNAD(A2:A4))',
      '=UTBILDARPOTT (2024)',
    ]) {
      expect(callsCustomFunction(f), f).toBe(true);
    }
    for (const f of [
      '',
      '=SUM(B2:B4)',
      '=MY_FASTKOSTNAD(A2)',
      '=X.DAGAVGIFT()',
      'FASTKOSTNAD',
      '=FASTKOSTNADER(1)',
      null,
      undefined,
    ]) {
      expect(callsCustomFunction(f), String(f)).toBe(false);
    }
  });
});

describe('customFormulaRuns', () => {
  it('groups consecutive cells of a column, column by column, 1-based', () => {
    const formulas = [
      ['', '', ''],
      ['', '=FASTKOSTNAD(A2)', ''],
      ['', '=FASTKOSTNAD(A3)', ''],
      ['=dagavgift()', '=SUM(B2:B3)', '=UTBILDARPOTT(2024)'],
      ['', '=FASTKOSTNAD(A5)', ''],
    ];
    expect(customFormulaRuns(formulas)).toEqual([
      { row: 4, col: 1, formulas: [['=dagavgift()']] },
      { row: 2, col: 2, formulas: [['=FASTKOSTNAD(A2)'], ['=FASTKOSTNAD(A3)']] },
      { row: 5, col: 2, formulas: [['=FASTKOSTNAD(A5)']] },
      { row: 4, col: 3, formulas: [['=UTBILDARPOTT(2024)']] },
    ]);
  });

  it('finds nothing in an empty tab or one without our functions', () => {
    expect(customFormulaRuns([])).toEqual([]);
    expect(customFormulaRuns([['=SUM(A1:A2)', 'text']])).toEqual([]);
  });
});

describe('formulaTabs', () => {
  it('leaves out the tabs the product draws with values only: invoice sheets, Kontroll, Uppföljning', () => {
    expect(
      formulaTabs([
        'Översikt',
        'Kommuner',
        'YR-2024-0001 Arjeplog',
        'NORRBOTTENS-KOMMUNER-2024-0012',
        'Kontroll',
        'Uppföljning',
        'Närvaro 2024',
      ]),
    ).toEqual(['Översikt', 'Kommuner', 'Närvaro 2024']);
  });
});
