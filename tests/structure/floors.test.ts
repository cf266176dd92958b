// The four floors (core ← workbook ← app ← gas | cli) are kept by the linter's import rules in
// .oxlintrc.json. This runs the project's own linter and config on small probe trees: an upward or
// sideways import fails `npm run lint`, a downward one passes, and the type-aware rules run.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const OXLINT = join(ROOT, 'node_modules/.bin/oxlint');

/** Lints a probe tree laid out like the project, with the project's config. */
function lint(
  files: Record<string, string>,
  typeAware = false,
  extra: string[] = [],
): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'yr-floors-'));
  copyFileSync(join(ROOT, '.oxlintrc.json'), join(dir, '.oxlintrc.json'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022' },
    }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const r = spawnSync(OXLINT, [...(typeAware ? ['--type-aware'] : []), '--deny-warnings', ...extra, 'src'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: r.status, output: r.stdout + r.stderr };
}

const floor = {
  'src/core/money.ts': 'export const ZERO = 0;\n',
  'src/workbook/schema.ts': "import { ZERO } from '../core/money';\nexport const TAB = { zero: ZERO };\n",
  'src/app/bill.ts': "import { TAB } from '../workbook/schema';\nexport const bill = (): number => TAB.zero;\n",
  'src/gas/main.ts': "import { bill } from '../app/bill';\nexport const run = (): number => bill();\n",
  'src/cli/main.ts': "import { bill } from '../app/bill';\nexport const main = (): number => bill();\n",
};

describe('the floors, as the linter keeps them', () => {
  it('accepts imports that point down', () => {
    const r = lint(floor);
    expect(r.output).not.toContain('no-restricted-imports');
    expect(r.status).toBe(0);
  });
  const refused: [string, string, string][] = [
    ['core → workbook', 'src/core/plan.ts', "import { TAB } from '../workbook/schema';\nexport const t = TAB;\n"],
    ['workbook → app', 'src/workbook/write.ts', "import { bill } from '../app/bill';\nexport const b = bill;\n"],
    ['app → gas', 'src/app/send.ts', "import { run } from '../gas/main';\nexport const r = run;\n"],
    [
      'gas → cli (around the floor, host to host)',
      'src/gas/menu.ts',
      "import { main } from '../cli/main';\nexport const m = main;\n",
    ],
    ['cli → gas (host to host)', 'src/cli/args.ts', "import { run } from '../gas/main';\nexport const r = run;\n"],
    ['core → node', 'src/core/dates.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    [
      'app → the tests',
      'src/app/setup.ts',
      "import { x } from '../../tests/fixtures/workbook';\nexport const y = x;\n",
    ],
  ];
  // One probe tree holds every refused import (each in its own file), linted once; each case
  // then finds its own file's diagnostic (unix format: "path:line:column: message [rule]").
  let all: { status: number | null; output: string };
  beforeAll(() => {
    all = lint({ ...floor, ...Object.fromEntries(refused.map(([, path, text]) => [path, text])) }, false, [
      '--format',
      'unix',
    ]);
  });
  it.each(refused)('refuses %s', (_name, path) => {
    expect(all.status).toBe(1);
    const lines = all.output.split('\n').filter((l) => l.startsWith(`src/`) && l.includes('no-restricted-imports'));
    expect(lines.filter((l) => l.startsWith(`${path}:`))).toHaveLength(1);
    // Nothing else is refused: the downward imports of the floor stay accepted beside them.
    expect(lines.every((l) => refused.some(([, p]) => l.startsWith(`${p}:`)))).toBe(true);
  });
  it('runs the type-aware rules (a promise left floating)', () => {
    const r = lint(
      {
        ...floor,
        'src/app/later.ts':
          'export async function later(): Promise<void> {}\nexport function now(): void {\n  later();\n}\n',
      },
      true,
    );
    expect(r.output).toContain('no-floating-promises');
    expect(r.status).toBe(1);
  });
});
