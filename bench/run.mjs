// npm run bench: bundles the TypeScript benchmark (bench/main.ts) on the fly, as scripts/build.mjs
// bundles the product, and runs it. The product under test is the build in dist/ (run
// `node scripts/build.mjs` first; `npm run bench` does). Options: --sizes 1000,10000 --skip-cli
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist/bench/main.mjs');
await build({
  entryPoints: [join(root, 'bench/main.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  charset: 'utf8',
  outfile,
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2));
