// npm run bench: bundles the TypeScript benchmark (bench/main.ts) on the fly, as scripts/build.mjs
// bundles the product, and runs it. The product under test is the build in dist/ (run
// `node scripts/build.mjs` first; `npm run bench` does). bench/floors.ts, the floors the other
// commands are measured against, is bundled beside it. Options: see bench/main.ts.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist/bench/main.mjs');
await build({
  entryPoints: { main: join(root, 'bench/main.ts'), floors: join(root, 'bench/floors.ts') },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  charset: 'utf8',
  outdir: join(root, 'dist/bench'),
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2));
