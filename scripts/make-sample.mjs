// Generates the sample workbook examples/exempel.xlsx (or the path given as argument) from
// scripts/sample.ts, which is bundled with esbuild first (TypeScript sources, no compiler API).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(process.argv[2] ?? join(root, 'examples/exempel.xlsx'));
// Inside the repository so that the bundle resolves exceljs from node_modules.
const bundle = join(root, 'dist/tools/sample.mjs');

await build({
  entryPoints: [join(root, 'scripts/sample.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outfile: bundle,
  logLevel: 'warning',
});
const { makeSample, sampleData } = await import(`${pathToFileURL(bundle).href}?t=${Date.now()}`);
mkdirSync(dirname(target), { recursive: true });
await makeSample().save(target);
const { attendance, trainers } = sampleData();
console.log(`${target}: ${attendance.length} närvarorader, ${trainers.length} utbildarrader`);
