import { describe, expect, it } from 'vitest';
import { MemoryWorkbook } from '../../src/workbook/memoryPort';
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
