// The home screen in a real browser, served by the real CLI: the token URL opens the app, the
// Docker status shown is the one the real engine reports, and nothing breaks the CSP.
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import packageJson from '../../package.json' with { type: 'json' };
import { serveCli, type ServedApp } from '../helpers/serve-cli';

/** Collects what would signal a broken page: uncaught errors and console errors (CSP violations included). */
function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

let app: ServedApp | undefined;
test.afterEach(async () => {
  await app?.stop();
  app = undefined;
});

test('opening the printed URL shows the home screen with the real engine status', async ({ page }) => {
  const engineVersion = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
    encoding: 'utf8',
  }).trim();
  app = await serveCli();
  const errors = watchForErrors(page);

  await page.goto(app.url);
  // The token is traded for a cookie and removed from the address bar.
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);

  await expect(page.getByRole('heading', { level: 1, name: 'ReproBundle' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Create a bundle' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Open a bundle' })).toBeVisible();

  const status = page.getByTestId('docker-status');
  await expect(status).toHaveAttribute('data-state', 'reachable');
  await expect(status).toContainText('Docker engine reachable');
  await expect(page.getByTestId('docker-version')).toHaveText(engineVersion);
  await expect(page.getByTestId('app-footer')).toContainText(`ReproBundle ${packageJson.version} · web mode`);

  // "Check again" asks the engine again through the contract.
  const again = page.waitForRequest((request) => request.url().endsWith('/api/op/environmentStatus'));
  await page.getByRole('button', { name: 'Check again' }).click();
  await again;
  await expect(status).toHaveAttribute('data-state', 'reachable');

  // A base image the engine lacks (the public default, offline) comes with the way to fix it.
  const images = page.getByTestId('base-images');
  await expect(images).toBeVisible();
  if ((await images.getByText('not pulled yet').count()) > 0) {
    await images.getByRole('button', { name: 'Choose the default base image in Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  } else await expect(page.getByTestId('base-image-fix')).toHaveCount(0);

  expect(errors).toEqual([]);
});

test('when no engine answers, the home screen says so and gives the fix', async ({ page }) => {
  app = await serveCli({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
  const errors = watchForErrors(page);
  await page.goto(app.url);

  const status = page.getByTestId('docker-status');
  await expect(status).toHaveAttribute('data-state', 'unreachable');
  await expect(status).toContainText('Docker engine not reachable');
  await expect(status).toContainText('unix:///nonexistent/docker.sock');
  await expect(status).toContainText('set DOCKER_HOST');
  expect(errors).toEqual([]);
});

test('without the token the browser gets nothing but the instruction to use the printed URL', async ({ page }) => {
  app = await serveCli();
  const response = await page.goto(app.origin);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('Open the full URL that `reprobundle serve` printed');
  await expect(page.getByRole('heading', { name: 'ReproBundle' })).toHaveCount(0);
});

test('the page refuses to run injected inline script (CSP)', async ({ page }) => {
  app = await serveCli();
  await page.goto(app.url);
  await expect(page.getByTestId('docker-status')).not.toHaveAttribute('data-state', 'checking');
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  expect(violations.length).toBeGreaterThan(0);
});
