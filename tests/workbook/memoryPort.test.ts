import { describe, expect, it } from 'vitest';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { describePortContract } from './portContract';

describePortContract('MemoryWorkbook', (tabs) => new MemoryWorkbook(tabs));

describe('MemoryWorkbook', () => {
  it('counts calls and fails on the n-th mutation only', () => {
    const wb = new MemoryWorkbook({ A: [['x']] });
    wb.failOnMutation(2);
    wb.write('A', 2, 1, [['y']]);
    wb.read('A');
    expect(() => wb.write('A', 3, 1, [['z']])).toThrow('Simulerat avbrott');
    wb.write('A', 3, 1, [['w']]);
    expect(wb.count('write')).toBe(3);
    expect(wb.count('read')).toBe(1);
    expect(wb.read('A')).toEqual([['x'], ['y'], ['w']]);
  });

  it('refuses a new tab name Excel would refuse, as the strictest host does', () => {
    const wb = new MemoryWorkbook({ A: [['x']] });
    const doc = { columnWidths: [100], rows: [[{ value: 'x' }]] };
    for (const name of [
      'YR-2024-0001 Bo/den',
      'YR-2024-0001 Bo:den',
      "YR-2024-0001 Boden'",
      'x'.repeat(32),
      '',
      'a' /* A in another case */,
    ]) {
      expect(() => wb.drawTab(name, doc), name).toThrow();
      expect(() => wb.createTab(name, { columns: [{ header: 'H' }] }), name).toThrow();
    }
    wb.drawTab("YR-2024-0001 Bod'en", doc);
    wb.drawTab('x'.repeat(31), doc);
    expect(wb.tabNames()).toEqual(['A', "YR-2024-0001 Bod'en", 'x'.repeat(31)]);
  });

  it('keeps only the top-left value of a merge, and a write into a merge lands there', () => {
    const wb = new MemoryWorkbook({
      A: [
        ['a', 'b'],
        ['c', 'd'],
      ],
    });
    wb.merge('A', { row: 1, col: 1, rows: 2, cols: 1 });
    expect(wb.read('A')).toEqual([
      ['a', 'b'],
      ['', 'd'],
    ]);
    wb.write('A', 2, 1, [['ny']]);
    expect(wb.read('A')).toEqual([
      ['ny', 'b'],
      ['', 'd'],
    ]);
    expect(wb.merges('A')).toEqual([{ row: 1, col: 1, rows: 2, cols: 1 }]);
    expect(() => wb.merge('A', { row: 2, col: 1, rows: 1, cols: 2 })).toThrow();
  });

  it('refuses empty blocks and cells outside the sheet', () => {
    const wb = new MemoryWorkbook({ A: [['x']] });
    expect(() => wb.write('A', 1, 1, [])).toThrow();
    expect(() => wb.write('A', 0, 1, [['x']])).toThrow();
    expect(() => wb.write('Saknas', 1, 1, [['x']])).toThrow();
  });

  it('is independent of the arrays it was given and of its clones', () => {
    const rows = [['a', 'b']];
    const wb = new MemoryWorkbook({ A: rows });
    rows[0][0] = 'ändrad';
    const copy = wb.clone();
    copy.write('A', 1, 1, [['kopia']]);
    expect(wb.read('A')).toEqual([['a', 'b']]);
    expect(copy.read('A')).toEqual([['kopia', 'b']]);
  });
});
