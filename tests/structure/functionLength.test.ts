// Functions in src stay short enough to read at a glance: at most 60 lines, or a comment right
// above that says why (a line starting with `// Long:`). A new long function fails this test.
// PENDING lists the ones that are still to be split into stages; the list only shrinks: an entry
// that is no longer long fails too, so that it is removed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 60;

const PENDING = new Set<string>([]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const START =
  /^\s*(?:export\s+)?(?:async\s+)?function\*?\s+(\w+)|^\s*(?:export\s+)?const\s+(\w+)\s*(?::[^=]+)?=\s*(?:async\s*)?\([^)]*\)\s*(?::[^=]+)?=>\s*\{\s*$/;

/** Braces of a line outside strings, template strings and line comments. */
function braces(line: string): number {
  const code = line.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`|\/\/.*$/g, '');
  return (code.match(/\{/g)?.length ?? 0) - (code.match(/\}/g)?.length ?? 0);
}

/** Top-level and nested named functions with their length in lines, and whether a `// Long:` comment explains it. */
function functions(file: string): { name: string; lines: number; explained: boolean }[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: { name: string; lines: number; explained: boolean }[] = [];
  lines.forEach((line, i) => {
    const m = START.exec(line);
    if (!m) return;
    let depth = 0;
    let opened = false;
    let end = i;
    for (; end < lines.length; end++) {
      depth += braces(lines[end]);
      if (lines[end].includes('{')) opened = true;
      if (opened && depth <= 0) break;
    }
    let above = i - 1;
    while (above >= 0 && /^\s*(\*|\/\*\*|\/\/)/.test(lines[above]) && !/^\s*\/\/\s*Long:/.test(lines[above])) above--;
    out.push({
      name: m[1] ?? m[2],
      lines: end - i + 1,
      explained: above >= 0 && /^\s*\/\/\s*Long:/.test(lines[above]),
    });
  });
  return out;
}

describe('functions in src', () => {
  const root = join(import.meta.dirname, '../..');
  const found = sources(join(root, 'src')).flatMap((file) =>
    functions(file).map((f) => ({ ...f, key: `${file.slice(root.length + 1)} ${f.name}` })),
  );

  it(`are at most ${MAX_LINES} lines, or say why`, () => {
    const long = found
      .filter((f) => f.lines > MAX_LINES && !f.explained && !PENDING.has(f.key))
      .map((f) => `${f.key} (${f.lines} lines)`);
    expect(long).toEqual([]);
  });

  it('the pending list only holds functions that are still long', () => {
    const stillLong = new Set(found.filter((f) => f.lines > MAX_LINES).map((f) => f.key));
    expect([...PENDING].filter((k) => !stillLong.has(k))).toEqual([]);
  });
});
