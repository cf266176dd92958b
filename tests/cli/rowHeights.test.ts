import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { wrappedLines, wrappedRowHeights } from '../../src/cli/rowHeights';
import { XlsxWorkbook } from '../../src/cli/xlsx';
import type { SheetDocument } from '../../src/workbook/port';

const LONG = 'Kursavgift MOB-B1-24 Missbruk och beroende – introduktion, deltagardagar';

describe('row heights of wrapped cells in the .xlsx', () => {
  it('counts the lines a text needs at a width, explicit breaks included', () => {
    expect(wrappedLines('kort', 200, 10)).toBe(1);
    expect(wrappedLines(LONG, 200, 10)).toBe(3);
    expect(wrappedLines(`${LONG}\nrad två`, 400, 10)).toBe(3);
  });

  it('gives a taller row only where wrapped text needs more than one line, over merged columns', () => {
    const doc: SheetDocument = {
      columnWidths: [200, 200, 60],
      rows: [
        [{ value: LONG, wrap: true }, null, null], // merged over 400 px: 2 lines
        [{ value: LONG, wrap: true }, { value: 1 }, null], // 200 px: 3 lines
        [{ value: LONG }, null, null], // not wrapped: left alone
        [{ value: 'kort', wrap: true }, null, null],
      ],
      merges: [{ row: 1, col: 1, rows: 1, cols: 2 }],
    };
    const heights = wrappedRowHeights(doc);
    expect([...heights.keys()]).toEqual([1, 2]);
    expect(heights.get(2)!).toBeGreaterThan(heights.get(1)!);
    expect(heights.get(1)!).toBeGreaterThanOrEqual(2 * 10 * 1.2);
  });

  it('gives a large heading the height of its font, so it does not run into the row below', () => {
    const doc: SheetDocument = {
      columnWidths: [300],
      rows: [
        [{ value: 'Faktura', bold: true, size: 18 }],
        [{ value: 'Norrbottens Kommuner', bold: true }],
        [{ value: 'Specifikation', size: 14 }],
      ],
    };
    const heights = wrappedRowHeights(doc);
    expect([...heights.keys()]).toEqual([1, 3]);
    expect(heights.get(1)!).toBeGreaterThanOrEqual(18 * 1.2);
    expect(heights.get(3)!).toBeGreaterThanOrEqual(14 * 1.2);
  });

  it('a drawn sheet saved as .xlsx carries those heights, and single-line rows keep the default', async () => {
    const port = XlsxWorkbook.empty();
    port.drawTab('YR-2025-0001 Arjeplog', {
      columnWidths: [200, 60],
      rows: [
        [{ value: 'Faktura', bold: true }, null],
        [{ value: LONG, wrap: true }, { value: 1 }],
      ],
    });
    const raw = new ExcelJS.Workbook();
    const bytes = await port.toBuffer();
    // ExcelJS's load() is typed for an ArrayBuffer.
    await raw.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const ws = raw.getWorksheet('YR-2025-0001 Arjeplog')!;
    expect(ws.getRow(2).height).toBe(
      wrappedRowHeights({ columnWidths: [200, 60], rows: [[], [{ value: LONG, wrap: true }, null]] }).get(2),
    );
    expect(ws.getRow(2).height).toBeGreaterThan(30);
    expect(ws.getRow(1).height ?? 15).toBeLessThanOrEqual(15);
    // The tall row's number stands on its first line, beside the description's first line.
    expect(ws.getCell('B2').alignment?.vertical).toBe('top');
    expect(ws.getCell('A2').alignment).toMatchObject({ vertical: 'top', wrapText: true });
  });
});
