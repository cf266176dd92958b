// The built artifacts are what the tests exercise: build them once before any test runs.
import { execFileSync } from 'node:child_process';
import { chromiumExecutable } from './browser/chromium';

export default async function setup(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
  // Without a system Chromium, the npm package's is unpacked here, once, before the test files
  // run in parallel (two workers unpacking it at the same time could see a half-written file).
  await chromiumExecutable();
}
