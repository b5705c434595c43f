// Unit and integration tests (Vitest, plain Node): real files, a real Docker engine, a real
// server on loopback. Browser tests live in test/e2e and run under Playwright.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Container tests start real containers; the machines are small and shared.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // Worker-thread scripts are bundled before the tests, as the build does (scripts/build-workers.mjs).
    globalSetup: ['test/setup/build-workers.ts'],
  },
});
