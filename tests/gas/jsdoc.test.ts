// The pushed file as Apps Script sees it: a plain script whose top-level functions carry the
// whole surface, and custom functions with the JSDoc that Sheets' autocomplete needs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gasEntryPoints } from '../../scripts/gas-entry-points.mjs';
import { createGasEnvironment } from './fakes';
import { loadBundle, readBundle } from './harness';

const CUSTOM_FUNCTIONS = ['FASTKOSTNAD', 'DAGAVGIFT', 'DELTAGARDAGAR', 'RORLIGKOSTNAD', 'UTBILDARPOTT'];
const code = readBundle();

function jsdocAbove(name: string): string | null {
  const m = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\n(function ${name}\\()`).exec(code);
  return m ? m[1] : null;
}

describe('dist/gas/Code.js', () => {
  it('is a plain script: no import or export statements', () => {
    expect(code).not.toMatch(/^\s*(import|export)\b/m);
    expect(code).not.toMatch(/\brequire\(/);
  });

  it('has a top-level function for every export of src/gas/main.ts', () => {
    const entries = gasEntryPoints(readFileSync(join(import.meta.dirname, '../../src/gas/main.ts'), 'utf8'));
    expect(entries.length).toBeGreaterThanOrEqual(5 + 6 + 6);
    const ctx = loadBundle(createGasEnvironment());
    for (const { name } of entries) {
      expect(code, name).toMatch(new RegExp(`^function ${name}\\(`, 'm'));
      expect(typeof ctx[name], name).toBe('function');
    }
  });

  for (const name of CUSTOM_FUNCTIONS) {
    it(`${name} has autocomplete JSDoc directly above it`, () => {
      const doc = jsdocAbove(name);
      expect(doc, name).not.toBeNull();
      expect(doc).toContain('@customfunction');
      expect(doc).toMatch(/@param \{[^}]+\} \[?[A-Za-z]+\]? \S/);
      const description = doc!
        .split('\n')
        .map((l) => l.replace(/^\s*\*\s?/, '').trim())
        .find((l) => l !== '');
      expect(description).toBeDefined();
      expect(description!.startsWith('@')).toBe(false);
      expect(description).toMatch(/[åäöÅÄÖ]|kommun|avgift|kurs/i);
      // Every parameter of the function is documented.
      const params = new RegExp(`function ${name}\\(([^)]*)\\)`)
        .exec(code)![1]
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      for (const p of params) expect(doc, `${name} ${p}`).toMatch(new RegExp(`@param \\{[^}]+\\} \\[?${p}\\]?\\s`));
    });
  }
});
