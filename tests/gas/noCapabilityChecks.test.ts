// The Apps Script host calls Google's documented API directly (issue 13, point 8): no test of
// whether a method exists, written for a host that lacks parts of the API (the real one never
// does, and a method named in a string escapes the typecheck).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = 'src/gas';
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

describe('src/gas has no capability checks', () => {
  for (const file of files) {
    it(file, () => {
      const text = readFileSync(join(DIR, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      const found = [
        ...text.matchAll(
          /typeof\s+[\w.]+\s*[!=]==?\s*'(function|undefined)'|\bhasMethod\(|\boptional\('|'\w+'\s+in\s+(SpreadsheetApp|range|sheet|ss)\b/g,
        ),
      ].map((m) => m[0]);
      expect(found).toEqual([]);
    });
  }
});
