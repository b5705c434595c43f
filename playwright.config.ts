// Browser end-to-end tests: Debian's Chromium (never a downloaded browser) driven through the
// web mode. Traces are kept for failed tests under test-results/.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const chromium = process.env['REPROBUNDLE_CHROMIUM'] ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  // Under CI (and everywhere) a missing browser is a failure, never a skip.
  throw new Error(
    `Chromium not found at ${chromium}. Run \`bash scripts/setup-test-env.sh\` (as root or with sudo), or set REPROBUNDLE_CHROMIUM to a Chromium binary.`,
  );
}

export default defineConfig({
  testDir: 'test/e2e',
  // Removes the images the run built when it ends.
  globalSetup: './test/setup/playwright-images.ts',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      // Chromium phones home at start; nothing but loopback is reachable on these machines.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
