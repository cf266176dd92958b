import { defineConfig } from 'vitest/config';
import { LongestFirst } from './tests/sequencer';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/global-setup.ts'],
    // Every core: vitest's default leaves one free (a single worker on a 2-core machine).
    maxWorkers: '100%',
    // The test files of a worker share one module graph instead of importing ExcelJS, the fakes
    // and the sources again for each file (this halves the suite's CPU time). Every test builds
    // its own workbooks, fakes and node:vm contexts, and restores what it changes in the process
    // (process.env, spies on process.stdout), so no state is left to the next file.
    isolate: false,
    // The longest files start first (tests/sequencer.ts).
    sequence: { sequencer: LongestFirst },
  },
});
