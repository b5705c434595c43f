// "Evaluate many" in Debian's Chromium: a folder with an honest bundle and a tampered copy of it,
// evaluated on the real engine; the table shows REPRODUCED and REFUSED with each report's place,
// and the screen passes axe.
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { rewriteBundle } from '../helpers/rewrite-bundle';
import {
  createBundleWithCli,
  expectAccessible,
  makeGuiWorld,
  screenshot,
  watchForErrors,
  type GuiWorld,
} from './support/gui-world';

let world: GuiWorld | undefined;
test.afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

test('a folder of bundles is evaluated: each verdict, each report, the summary', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  world = await makeGuiWorld();
  await mkdir(path.join(world.home, 'season'));
  const honest = createBundleWithCli(world, path.join('season', 'honest.rbundle'), 'someone-else');
  await rewriteBundle(honest, path.join(world.home, 'season', 'tampered.rbundle'), (entries) => {
    const entry = entries.get('project/train.py');
    if (entry !== undefined) entry.data = Buffer.concat([entry.data, Buffer.from('\n# changed\n')]);
  });
  const errors = watchForErrors(page);
  await page.goto(world.app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Evaluate many' }).click();
  await page.getByTestId('evaluate-folder').fill(path.join(world.home, 'season'));
  await page.getByTestId('evaluate-out').fill(path.join(world.home, 'results'));
  await page.getByLabel('Data folder (optional)', { exact: true }).fill(world.project);
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();

  const summary = page.getByTestId('evaluate-summary');
  await expect(summary).toBeVisible({ timeout: 180_000 });
  await expect(summary.locator('tr', { hasText: 'honest.rbundle' })).toHaveAttribute('data-verdict', 'REPRODUCED');
  await expect(summary.locator('tr', { hasText: 'tampered.rbundle' })).toHaveAttribute('data-verdict', 'REFUSED');
  await expect(summary).toContainText('honest-');
  await expect(page.getByRole('heading', { name: '1 of 2 reproduced' })).toBeVisible();
  await expectAccessible(page, 'evaluate');
  await screenshot(page, testInfo, 'evaluate');
  expect(errors).toEqual([]);
});

test('the same season as Slurm jobs on the cluster: each bundle replayed on the node', async ({ page }) => {
  test.setTimeout(240_000);
  world = await makeGuiWorld();
  await mkdir(path.join(world.home, 'season'));
  createBundleWithCli(world, path.join('season', 'honest.rbundle'), 'someone-else');
  const errors = watchForErrors(page);
  await page.goto(world.app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Evaluate many' }).click();
  await page.getByTestId('evaluate-folder').fill(path.join(world.home, 'season'));
  await page.getByTestId('evaluate-out').fill(path.join(world.home, 'results'));
  await page.getByLabel('Data folder (optional)', { exact: true }).fill(world.project);
  await page.getByLabel(/As Slurm jobs/).check();
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();

  const summary = page.getByTestId('evaluate-summary');
  await expect(summary).toBeVisible({ timeout: 180_000 });
  await expect(summary.locator('tr', { hasText: 'honest.rbundle' })).toHaveAttribute('data-verdict', 'REPRODUCED');
  // The job's own report stays beside the summary.
  expect((await readdir(path.join(world.home, 'results', 'slurm-jobs'))).some((name) => name.endsWith('.json'))).toBe(
    true,
  );
  await expectAccessible(page, 'evaluate-slurm');
  expect(errors).toEqual([]);
});
