// Opening and replaying bundles in Chromium, on the real Docker engine: a valid bundle shows its
// signer as unknown until trusted, every tab has real content, and it replays to REPRODUCED with
// the metric table and a saved report; an edited recorded metric shows MISMATCH with the metric
// highlighted; a tampered bundle shows the integrity failure and offers no replay.
import { execFileSync } from 'node:child_process';
import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeProject } from '../helpers/write-project';
import { MANAGED_LABEL } from '../../main/core/docker/run-container';
import { BASE_IMAGE } from '../helpers/docker';
import { hostileBundle } from '../helpers/hostile-bundle';
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

async function openBundle(page: Page, app: GuiWorld['app'], file: string): Promise<void> {
  await page.goto(app.url);
  await page.getByTestId('home-bundle-path').fill(file);
  await page.getByTestId('open-card').getByRole('button', { name: 'Open a bundle' }).click();
  await expect(page.getByTestId('verification')).toBeVisible({ timeout: 30_000 });
}

async function replay(page: Page, dataDir: string): Promise<void> {
  await page.getByRole('button', { name: 'Replay this bundle' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Replay a bundle' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Data folder' }).fill(dataDir);
  await page.getByRole('button', { name: 'Start the replay' }).click();
  await expect(page.getByTestId('verdict')).toBeVisible({ timeout: 180_000 });
}

test('a valid bundle: unknown signer until trusted, every tab with real content', async ({ page }, testInfo) => {
  world = await makeGuiWorld();
  const bundle = createBundleWithCli(world, 'example.rbundle', 'someone-else');
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openBundle(page, world.app, bundle);

  const verification = page.getByTestId('verification');
  await expect(verification).toHaveAttribute('data-valid', 'true');
  await expect(page.getByTestId('signature-state')).toHaveText('valid');
  await expect(page.getByTestId('signer-name')).toHaveText('Ada Lovelace');
  await expect(page.getByTestId('trust-state')).toHaveAttribute('data-state', 'unknown');
  await expect(page.getByTestId('integrity')).toContainText('all match');
  await expectAccessible(page, 'open');
  await screenshot(page, testInfo, 'open-unknown-signer');

  await page.getByRole('button', { name: 'Trust this signer' }).click();
  await expect(page.getByTestId('trust-state')).toHaveAttribute('data-state', 'trusted');

  const tabs = page.getByRole('tablist', { name: 'Bundle contents' });
  // Files: the list, and the viewer showing a text file's content.
  // The list is bounded and filtered as typed (a bundle may hold 100,000 files).
  await page.getByLabel('Find files (part of the path)').fill('train');
  await expect(page.getByTestId('bundle-files').getByRole('button')).toHaveCount(1);
  await expect(page.getByTestId('files-shown')).toHaveText(/^1 file of \d+ matches\.$/);
  await page.getByTestId('bundle-files').getByRole('button', { name: 'project/train.py' }).click();
  await expect(page.getByTestId('file-viewer')).toContainText('np.random.default_rng');
  await tabs.getByRole('tab', { name: 'Params' }).click();
  await expect(page.getByTestId('params-table')).toContainText('train.epochs');
  await tabs.getByRole('tab', { name: 'Environment' }).click();
  await expect(page.getByTestId('file-viewer')).toContainText('FROM reprobundle-local/python');
  await tabs.getByRole('tab', { name: 'Hardware' }).click();
  await expect(page.getByTestId('hardware-table')).toContainText('CPU');
  await tabs.getByRole('tab', { name: /Data/ }).click();
  await expect(page.getByTestId('pointers-table')).toContainText('data/points.csv');
  await tabs.getByRole('tab', { name: /Samples/ }).click();
  await expect(page.getByTestId('bundle-fidelity:samples/data/points.csv.report.json')).toContainText(
    'Exact copies of real rows',
  );
  await tabs.getByRole('tab', { name: 'Results' }).click();
  await expect(page.getByTestId('recorded-metrics')).toContainText('test.accuracy');
  // Keyboard: arrow keys move between tabs.
  await tabs.getByRole('tab', { name: 'Results' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(tabs.getByRole('tab', { name: /Samples/ })).toHaveAttribute('aria-selected', 'true');
  await expectAccessible(page, 'open-tabs');
  await screenshot(page, testInfo, 'open-trusted');

  // Opened bundles are listed on the home screen.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
  await expect(page.getByTestId('recent-bundles')).toContainText(bundle);
  // This reviewer has no signing key of their own yet (the bundle came from Ada).
  await expect(page.getByTestId('key-status')).toHaveAttribute('data-state', 'missing');
  await expectAccessible(page, 'home');
  await screenshot(page, testInfo, 'home');
  expect(errors).toEqual([]);
});

test('at 1280×800 Open › Files shows whole names and keeps long lines inside the viewer', async ({ page }) => {
  world = await makeGuiWorld();
  const longName = `results/${'ablation_lr0.001_wd0.0005_seed'.repeat(4)}_summary.json`;
  await writeProject(world.project, {
    [longName]: '{"accuracy": 0.9}\n',
    'logs/one-long-line.txt': `${'epoch=1 loss=0.25 '.repeat(600)}\n`,
  });
  const bundle = createBundleWithCli(world);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openBundle(page, world.app, bundle);
  await page.getByRole('tab', { name: /Files/ }).click();
  await page.getByLabel('Find files (part of the path)').fill('ablation');
  const name = page.getByRole('button', { name: `project/${longName}` });
  await expect(name).toBeVisible();
  // The whole name is shown (wrapped), never clipped.
  expect(await name.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
  await page.getByLabel('Find files (part of the path)').fill('one-long-line');
  await page.getByRole('button', { name: 'project/logs/one-long-line.txt' }).click();
  await expect(page.getByLabel('Content of project/logs/one-long-line.txt')).toBeVisible();
  // The long line scrolls inside the viewer; the page itself is no wider than the window.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
});

test('Open › Files pages through 6,000 files with a bounded number of rows, both ways', async ({ page }) => {
  world = await makeGuiWorld();
  const files: Record<string, string> = {};
  for (let folder = 0; folder < 30; folder += 1)
    for (let index = 0; index < 200; index += 1)
      files[`raw/f${String(folder).padStart(2, '0')}/img${String(index).padStart(3, '0')}.txt`] =
        `${folder}/${index}\n`;
  await writeProject(world.project, files);
  const bundle = createBundleWithCli(world);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openBundle(page, world.app, bundle);
  await page.getByRole('tab', { name: /Files/ }).click();
  const list = page.getByTestId('bundle-files');
  await expect(page.getByTestId('files-shown')).toHaveText(/^6,0\d\d files\.$/);
  await expect(list.getByRole('button').first()).toBeVisible();
  // Scroll to the end: pages arrive as the list moves, never more than three at once.
  const last = list.getByRole('button', { name: 'project/raw/f29/img199.txt' });
  let most = 0;
  for (let step = 0; step < 200 && !(await last.isVisible()); step += 1) {
    await list.evaluate((element) => element.scrollBy(0, 2000));
    await page.waitForTimeout(30);
    most = Math.max(most, Number(await list.getAttribute('data-rows')));
  }
  await expect(last).toBeVisible();
  expect(most).toBeGreaterThan(0);
  expect(most).toBeLessThanOrEqual(600);
  // And back to the top.
  const first = list.getByRole('button', { name: 'project/raw/f00/img000.txt' });
  for (let step = 0; step < 200 && !(await first.isVisible()); step += 1) {
    await list.evaluate((element) => element.scrollBy(0, -2000));
    await page.waitForTimeout(30);
  }
  await expect(first).toBeVisible();
  // The filter is the engine's, over the whole list.
  await page.getByLabel('Find files (part of the path)').fill('f17/img05');
  await expect(page.getByTestId('files-shown')).toHaveText(/^10 files of 6,0\d\d match\.$/);
  await expect(list.getByRole('button')).toHaveCount(10);
});

test('a bundle replays to REPRODUCED with the metric table, and the report is saved', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  world = await makeGuiWorld();
  const bundle = createBundleWithCli(world);
  // A laptop screen: the verdict must come into view by itself, without scrolling.
  await page.setViewportSize({ width: 1280, height: 800 });
  await openBundle(page, world.app, bundle);
  await replay(page, world.project);

  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'REPRODUCED');
  await expect(page.getByTestId('verdict')).toBeInViewport({ ratio: 1 });
  const table = page.getByTestId('metric-table');
  await expect(table.locator('tr[data-metric="test.accuracy"]')).toHaveAttribute('data-passed', 'true');
  await expect(table.locator('tr[data-passed="false"]')).toHaveCount(0);
  await expect(page.getByTestId('log')).toContainText('accuracy');
  await expect(
    page.getByTestId('hardware-diff').or(page.getByText('This machine matches the recorded hardware.')),
  ).toBeVisible();
  // The image's Python packages against the author's interpreter (python3 on the creating machine).
  await expect(page.getByTestId('package-diff')).toContainText(
    "Python packages, the image against the author's Python",
  );
  await expectAccessible(page, 'replay');
  await screenshot(page, testInfo, 'replay-reproduced');

  const report = path.join(world.home, 'report.html');
  await page.getByTestId('report-output').fill(report);
  await page.getByRole('button', { name: 'Save as HTML' }).click();
  await expect(page.getByTestId('report-saved')).toContainText(report);
  expect(await readFile(report, 'utf8')).toContain('REPRODUCED');
  // Saving over it again is refused until "Replace it" is ticked: nothing the user saved is lost.
  await page.getByRole('button', { name: 'Save as HTML' }).click();
  await expect(page.getByRole('form', { name: 'Save the report' }).getByRole('alert')).toContainText('already exists');
  await page.getByLabel('Replace the report file if it exists').check();
  await page.getByRole('button', { name: 'Save as HTML' }).click();
  await expect(page.getByTestId('report-saved')).toContainText(report);
  const json = path.join(world.home, 'report.json');
  await page.getByTestId('report-output').fill(json);
  await page.getByRole('button', { name: 'Save as JSON' }).click();
  await expect(page.getByTestId('report-saved')).toContainText(json);
  expect((JSON.parse(await readFile(json, 'utf8')) as { verdict: string }).verdict).toBe('REPRODUCED');
});

test('an edited recorded metric replays to MISMATCH with that metric highlighted', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  world = await makeGuiWorld();
  // The author's recorded accuracy no longer matches what the code computes.
  const metricsFile = path.join(world.project, 'metrics.json');
  const metrics = JSON.parse(await readFile(metricsFile, 'utf8')) as { test: { accuracy: number } };
  metrics.test.accuracy = Number((metrics.test.accuracy - 0.05).toFixed(6));
  await writeFile(metricsFile, `${JSON.stringify(metrics, null, 2)}\n`);
  const bundle = createBundleWithCli(world, 'edited.rbundle');
  await openBundle(page, world.app, bundle);
  await replay(page, world.project);

  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'MISMATCH');
  const failed = page.getByTestId('metric-table').locator('tr[data-metric="test.accuracy"]');
  await expect(failed).toHaveAttribute('data-passed', 'false');
  await expect(failed).toHaveClass(/row--failed/);
  await expect(failed).toContainText('FAIL');
  await expect(page.getByTestId('metric-table').locator('tr[data-metric="test.loss"]')).toHaveAttribute(
    'data-passed',
    'true',
  );
  await screenshot(page, testInfo, 'replay-mismatch');
});

test('a bundle whose Dockerfile is not the generated one is not built; the difference is shown', async ({
  page,
}, testInfo) => {
  world = await makeGuiWorld();
  const bundle = createBundleWithCli(world);
  const hostile = path.join(world.home, 'shipped-dockerfile.rbundle');
  await hostileBundle(bundle, hostile, (_manifest, entries) => {
    const dockerfile = entries.get('Dockerfile');
    if (dockerfile === undefined) throw new Error('Dockerfile missing from the bundle');
    dockerfile.data = Buffer.concat([dockerfile.data, Buffer.from('CMD ["cat", "/baked-metrics.json"]\n')]);
  });
  await openBundle(page, world.app, hostile);
  await replay(page, world.project);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'FAILED');
  await expect(page.getByTestId('verdict')).toContainText(
    "The bundle's Dockerfile is not the one ReproBundle generates",
  );
  await expect(page.getByTestId('build-log-tail')).toContainText('+ CMD ["cat", "/baked-metrics.json"]');
  await expectAccessible(page, 'replay-shipped-dockerfile');
  await screenshot(page, testInfo, 'replay-shipped-dockerfile');
});

test('a tampered bundle shows the integrity failure and cannot be replayed', async ({ page }, testInfo) => {
  world = await makeGuiWorld();
  const bundle = createBundleWithCli(world);
  const tampered = path.join(world.home, 'tampered.rbundle');
  await rewriteBundle(bundle, tampered, (entries) => {
    const entry = entries.get('project/train.py');
    if (entry === undefined) throw new Error('project/train.py missing from the bundle');
    // Same length, so the size matches and only the hash tells.
    entry.data = Buffer.from(entry.data.toString('utf8').replace('round(accuracy, 6)', 'round(0.999999, 6)'));
  });
  await openBundle(page, world.app, tampered);

  await expect(page.getByTestId('verification')).toHaveAttribute('data-valid', 'false');
  await expect(page.getByTestId('verification-problems')).toContainText(
    'project/train.py: content changed after signing',
  );
  await expect(page.getByRole('button', { name: 'Replay this bundle' })).toHaveCount(0);
  await expectAccessible(page, 'open-tampered');
  await screenshot(page, testInfo, 'open-tampered');
  await access(tampered);
  // Home's recent list says so too, rather than offering it like any other.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
  await expect(page.getByTestId('recent-bundles').locator('li', { hasText: 'tampered.rbundle' })).toContainText(
    'failed verification when last opened',
  );
});

test('a running replay is cancelled from the page: the container is stopped and removed', async ({ page }) => {
  test.setTimeout(180_000);
  world = await makeGuiWorld();
  const bundle = path.join(world.home, 'slow.rbundle');
  world.cli(['keygen', '--name', 'Ada Lovelace']);
  world.cli([
    'create',
    world.project,
    '-o',
    bundle,
    '--exclude',
    '.env',
    '--base-image',
    BASE_IMAGE,
    '--run',
    'python3 -c "print(\'started\', flush=True); import time; time.sleep(300)"',
    '--json',
  ]);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openBundle(page, world.app, bundle);
  await page.getByRole('button', { name: 'Replay this bundle' }).click();
  await page.getByRole('textbox', { name: 'Data folder' }).fill(world.project);
  await page.getByRole('button', { name: 'Start the replay' }).click();
  await expect(page.getByTestId('phases')).toHaveAttribute('data-phase', 'run', { timeout: 120_000 });
  // On a laptop screen the progress and its Cancel button come into view by themselves.
  await expect(page.getByRole('region', { name: 'Replay in progress' })).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('log')).toContainText('started', { timeout: 60_000 });
  // Leaving by accident asks first; declining keeps the replay running.
  const asked: string[] = [];
  page.once('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
  expect(asked).toEqual(['A replay is running. Leave this screen and cancel it?']);
  await expect(page.getByTestId('phases')).toHaveAttribute('data-phase', 'run');
  await page.getByRole('button', { name: 'Cancel the replay' }).click();
  await expect(page.getByRole('alert')).toContainText('Cancelled at your request');
  // The server stops the run when the browser gives up the request: no container is left behind.
  await expect.poll(() => managedContainers(), { timeout: 30_000 }).toEqual('');
});

function managedContainers(): string {
  return execFileSync('docker', ['ps', '--quiet', '--filter', `label=${MANAGED_LABEL}`], { encoding: 'utf8' }).trim();
}

test('a bundle dropped on the home screen is sent to the engine and opened', async ({ page }) => {
  world = await makeGuiWorld();
  const bundle = createBundleWithCli(world);
  const bytes = (await readFile(bundle)).toString('base64');
  await page.goto(world.app.url);
  // What a browser hands a page on drop: the file's name and bytes, never its path.
  const dataTransfer = await page.evaluateHandle((base64) => {
    const data = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], 'from-my-laptop.rbundle', { type: 'application/octet-stream' }));
    return transfer;
  }, bytes);
  await page.getByTestId('open-card').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('verification')).toHaveAttribute('data-valid', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('verification')).toContainText('from-my-laptop.rbundle');
  await expect(page.getByTestId('signer-name')).toHaveText('Ada Lovelace');
});

test('in the dark theme, the verification, every tab and a replay result pass axe', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  world = await makeGuiWorld();
  const bundle = createBundleWithCli(world);
  await page.emulateMedia({ colorScheme: 'dark' });
  await openBundle(page, world.app, bundle);
  const tabs = page.getByRole('tablist', { name: 'Bundle contents' });
  for (const name of ['Params', 'Environment', 'Hardware', /Data/, /Samples/, 'Results', /Files/] as const) {
    await tabs.getByRole('tab', { name }).click();
    await expectAccessible(page, `open-dark-${String(name)}`);
  }
  await replay(page, world.project);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'REPRODUCED');
  await expectAccessible(page, 'replay-dark');
  await screenshot(page, testInfo, 'replay-dark');
});
