import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/global-setup.ts'],
    // Every core: vitest's default leaves one free (a single worker on a 2-core machine).
    maxWorkers: '100%',
  },
});
