// Builds both hosts from the same sources:
//   dist/gas/Code.js        the Apps Script project (IIFE bundle + top-level entry points)
//   dist/gas/appsscript.json, dist/gas/*.html
//   dist/cli/yrkesresan.js  the Node command line
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync, copyFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gasEntryPoints, renderEntryStubs } from './gas-entry-points.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => join(root, 'dist', p);
const GLOBAL = 'Yrkesresan';

async function buildGas() {
  mkdirSync(out('gas'), { recursive: true });
  const entryFile = join(root, 'src/gas/main.ts');
  const result = await build({
    entryPoints: [entryFile],
    bundle: true,
    format: 'iife',
    globalName: GLOBAL,
    target: 'es2020',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    charset: 'utf8',
    legalComments: 'none',
    // Apps Script pushes and parses the whole project on every execution; minified it stays
    // under 150 KB (docs/PERFORMANCE.md). The entry stubs below are appended unminified.
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  const bundle = result.outputFiles[0].text;
  // Every exported function of main.ts becomes a top-level function (menus, triggers,
  // google.script.run and custom functions call by name); custom functions keep their JSDoc.
  const entries = gasEntryPoints(readFileSync(entryFile, 'utf8'));
  // Custom functions (upper-case names) are useless without their JSDoc: Sheets would not list them.
  const undocumented = entries.filter((e) => /^[A-Z][A-Z0-9]*$/.test(e.name) && !e.jsdoc);
  if (undocumented.length > 0) {
    throw new Error(
      `Custom functions without a JSDoc block with @customfunction: ${undocumented.map((e) => e.name).join(', ')}`,
    );
  }
  const code = `${bundle}\n${renderEntryStubs(entries, GLOBAL)}`;
  writeFileSync(out('gas/Code.js'), code);
  copyFileSync(join(root, 'appsscript.json'), out('gas/appsscript.json'));
  const dialogs = join(root, 'src/gas/dialogs');
  if (existsSync(dialogs)) {
    for (const f of readdirSync(dialogs).filter((f) => f.endsWith('.html'))) {
      copyFileSync(join(dialogs, f), out(`gas/${f}`));
    }
  }
  return code.length;
}

async function buildCli() {
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    charset: 'utf8',
    outfile: out('cli/yrkesresan.js'),
    logLevel: 'warning',
  });
}

const size = await buildGas();
await buildCli();
if (!process.argv.includes('--quiet')) {
  console.log(`dist/gas/Code.js ${(size / 1024).toFixed(1)} KB, dist/cli/yrkesresan.js`);
}
