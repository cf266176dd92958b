// Progress lines appear only after the delay; the clock is injected, so nothing here is timed.
import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress';

describe('Progress', () => {
  it('stays quiet during the first second and prints each later step', () => {
    let clock = 5000;
    const out: string[] = [];
    const p = new Progress({ write: (t: string) => out.push(t) }, 1000, () => clock);
    p.step('Läser arbetsboken');
    clock += 999;
    p.step('Planerar');
    expect(out).toEqual([]);
    expect(p.visible).toBe(false);
    clock += 1;
    p.step('Skriver PDF 1 av 3');
    p.step('Sparar arbetsboken');
    expect(out).toEqual(['… Skriver PDF 1 av 3\n', '… Sparar arbetsboken\n']);
    expect(p.visible).toBe(true);
  });
});
