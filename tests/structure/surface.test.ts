// The Apps Script surface: every menu item calls a top-level function of Code.js that main.ts
// exports, named menu… so that it never shares a name with a use case of the floors below (the
// use case runBilling and the menu item that opens its dialog are two different things).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Names a source exports: functions, constants, classes and re-exports. */
function exportedNames(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const direct = [...text.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+(\w+)/gm)].map(
    (m) => m[1],
  );
  const lists = [...text.matchAll(/^export\s*\{([^}]*)\}/gm)].flatMap((m) =>
    m[1]
      .split(',')
      .map((part) =>
        part
          .trim()
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      )
      .filter(Boolean),
  );
  return [...direct, ...lists];
}

/** The function names of the menu, as src/gas/menu.ts lists them. */
function menuFunctions(): string[] {
  const text = readFileSync(join(ROOT, 'src/gas/menu.ts'), 'utf8');
  const block = /export const MENU_ITEMS[^=]*=\s*\[([\s\S]*?)\n\];/.exec(text)![1];
  return [...block.matchAll(/\[\s*(?:'[^']*'|\w+),\s*'(\w+)'\s*\]/g)].map((m) => m[1]);
}

describe('the Apps Script surface', () => {
  const menu = menuFunctions();
  const surface = new Set(exportedNames(join(ROOT, 'src/gas/main.ts')));
  const below = new Set(
    ['src/app', 'src/workbook', 'src/core'].flatMap((d) => sources(join(ROOT, d))).flatMap(exportedNames),
  );

  it('reads the menu and the floors below', () => {
    expect(menu.length).toBeGreaterThanOrEqual(9);
    expect(below.has('runBilling')).toBe(true);
    expect(below.has('sendInvoices')).toBe(true);
  });
  it('every menu item calls a function main.ts exports, named menu…', () => {
    expect(menu.filter((f) => !surface.has(f) || !f.startsWith('menu'))).toEqual([]);
  });
  it('no menu handler shares a name with a use case below', () => {
    expect(menu.filter((f) => below.has(f))).toEqual([]);
  });
});
