// A port that reads each tab from its host once, and forgets a tab when it changes.
import { describe, expect, it } from 'vitest';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { ReadOncePort } from '../../src/workbook/readOncePort';

function setup() {
  const inner = new MemoryWorkbook({ A: [['h'], [1]], B: [['x']] });
  return { inner, port: new ReadOncePort(inner) };
}

describe('ReadOncePort', () => {
  it('reads a tab from the host once and hands out copies', () => {
    const { inner, port } = setup();
    const first = port.read('A');
    first[1][0] = 99;
    expect(port.read('A')).toEqual([['h'], [1]]);
    expect(inner.count('read')).toBe(1);
  });

  it('reads a tab again after writing to it, and only that tab', () => {
    const { inner, port } = setup();
    port.read('A');
    port.read('B');
    port.write('A', 2, 1, [[2]]);
    expect(port.read('A')).toEqual([['h'], [2]]);
    port.read('B');
    expect(inner.calls.filter((c) => c.op === 'read').map((c) => c.tab)).toEqual(['A', 'B', 'A']);
  });

  it('forgets a tab and the tab names when a tab is created, drawn or deleted', () => {
    const { inner, port } = setup();
    expect(port.tabNames()).toEqual(['A', 'B']);
    port.createTab('C', { columns: [{ header: 'c' }] });
    expect(port.tabNames()).toEqual(['A', 'B', 'C']);
    port.read('B');
    port.drawTab('B', { columnWidths: [10], rows: [[{ value: 'ny' }]] });
    expect(port.read('B')).toEqual([['ny']]);
    port.deleteTab('C');
    expect(port.tabNames()).toEqual(['A', 'B']);
    expect(inner.count('read')).toBe(2);
  });

  it('tells which tabs there were at the start whose cells were never read', () => {
    const { port } = setup();
    port.read('A');
    port.createTab('C', { columns: [{ header: 'c' }] });
    port.read('C');
    expect(port.tabsNotRead()).toEqual(['B']);
    port.read('B');
    expect(port.tabsNotRead()).toEqual([]);
  });
});
