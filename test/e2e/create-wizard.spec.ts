// The Create wizard end to end in Chromium: a project with a secret, a DVC-tracked CSV, params
// and requirements goes through every step (folder picked with the server-side browser, the
// secret resolved before signing is possible, a synthetic sample checked, a pre-flight run in
// the real Docker engine, a key created), and the saved bundle verifies with the CLI.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BASE_IMAGE } from '../helpers/docker';
import { writeProject } from '../helpers/write-project';
import { expectAccessible, makeGuiWorld, screenshot, watchForErrors, type GuiWorld } from './support/gui-world';

let world: GuiWorld | undefined;
test.afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

/** Opens Create, scans the world's project by its typed path, and goes on to the Files step. */
async function scanToFilesStep(page: Page, at: GuiWorld): Promise<void> {
  await page.goto(at.app.url);
  await page.getByRole('button', { name: 'Create a bundle' }).click();
  await page.getByTestId('project-folder').fill(at.project);
  await page.getByRole('button', { name: 'Scan the project' }).click();
  await expect(page.getByTestId('scan-overview')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
}

test('a bundle is created through every wizard step and verifies with the CLI', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  world = await makeGuiWorld();
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(world.app.url);
  await page.getByRole('button', { name: 'Create a bundle' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create a bundle' })).toBeVisible();

  // Step 1: pick the folder with the server-side browser, confined to the home folder.
  await page.getByRole('button', { name: 'Browse for project folder' }).click();
  const browser = page.getByRole('dialog');
  await expect(browser.getByTestId('browser-path')).toHaveText(world.home);
  await browser.getByRole('button', { name: /research/ }).click();
  await browser.getByRole('button', { name: /example-project/ }).click();
  await expect(browser.getByTestId('browser-path')).toHaveText(world.project);
  await browser.getByRole('button', { name: 'Choose this folder' }).click();
  await expect(page.getByTestId('project-folder')).toHaveValue(world.project);
  await page.getByRole('button', { name: 'Scan the project' }).click();
  await expect(page.getByTestId('scan-overview')).toContainText('1 file to resolve before signing');
  await expectAccessible(page, 'create-project');
  await screenshot(page, testInfo, 'create-1-project');

  // The secret blocks signing: the summary says so and the button is disabled.
  const steps = page.getByRole('navigation', { name: 'Wizard steps' });
  const signButton = page.getByTestId('step-sign').getByRole('button', { name: 'Sign and save', exact: true });
  await steps.getByRole('button', { name: 'Sign and save' }).click();
  await expect(page.getByTestId('problems')).toContainText('Secret not resolved: .env');
  await expect(signButton).toBeDisabled();

  // Step 2: files, exclusions with reasons, the secret resolved by leaving the file out.
  await steps.getByRole('button', { name: 'Files' }).click();
  await expect(page.getByTestId('secret:.env')).toContainText('rule');
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await expect(page.getByTestId('exclusions')).toContainText('data/points.csv');
  await expectAccessible(page, 'create-files');
  await screenshot(page, testInfo, 'create-2-files');
  await page.getByRole('button', { name: 'Leave .env out' }).click();
  await expect(page.getByTestId('secret:.env')).toHaveAttribute('data-resolved', 'true');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: the DVC pointer, and a checksum computed from a local copy.
  await expect(page.getByTestId('pointers-table')).toContainText('data/points.csv');
  await page.getByLabel('Where the project reads it (relative to the project folder)').fill('data/points.csv');
  await page.getByRole('button', { name: 'Compute checksum' }).click();
  const sha256 = createHash('sha256')
    .update(await readFile(path.join(world.project, 'data', 'points.csv')))
    .digest('hex');
  await expect(page.getByTestId('pointer-checksum')).toContainText(sha256);
  await expectAccessible(page, 'create-data');
  await screenshot(page, testInfo, 'create-3-data');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 4: params.
  await expect(page.getByTestId('params-table')).toContainText('train.learning_rate');
  await expect(page.getByTestId('params-table')).toContainText('0.5');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 5: environment, lint, base image, the Dockerfile.
  await expect(page.getByTestId('environment-files')).toContainText('requirements.txt');
  await page.getByLabel(/Base image/).fill(BASE_IMAGE);
  await page.getByRole('button', { name: 'Use this image' }).click();
  await expect(page.getByTestId('dockerfile')).toContainText(`FROM ${BASE_IMAGE}`);
  // The recipe plan in words: what installs what, and which Python and why.
  await expect(page.getByTestId('recipe-plan')).toContainText('pip; installs requirements.txt');
  await expect(page.getByTestId('recipe-plan')).toContainText('3.11, because: Python 3.11 from runtime.txt');
  await expect(page.getByTestId('dockerfile').locator('.code__keyword').first()).toHaveText('FROM');
  await expectAccessible(page, 'create-environment');
  await screenshot(page, testInfo, 'create-5-environment');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 6: hardware.
  await expect(page.getByTestId('hardware-table')).toContainText('Memory');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 7: a synthetic sample of the DVC-tracked CSV, with its report and a chart per column.
  const sample = page.getByTestId('sample:data/points.csv');
  await expect(sample.getByRole('checkbox')).not.toBeChecked();
  await sample.getByRole('button', { name: 'Generate and check' }).click();
  await expect(page.getByTestId('fidelity:data/points.csv')).toContainText('Exact copies of real rows');
  // A sample generated and checked is ticked to ship.
  await expect(sample.getByRole('checkbox')).toBeChecked();
  await expect(page.getByTestId('fidelity:data/points.csv').locator('svg.chart').first()).toBeVisible();
  await expectAccessible(page, 'create-samples');
  await screenshot(page, testInfo, 'create-7-samples');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 8: command, metrics and tolerances, and a pre-flight run in the container (twice).
  await expect(page.getByTestId('metrics-editor')).toContainText('test.accuracy');
  await page.getByLabel('Absolute tolerance of test.loss').fill('0.01');
  await page.getByLabel('Runs').fill('2');
  await page.getByRole('textbox', { name: 'Data folder (for data kept outside the bundle)' }).fill(world.project);
  await page.getByRole('button', { name: 'Run pre-flight' }).click();
  await expect(page.getByTestId('preflight-result')).toContainText('Pre-flight passed', { timeout: 180_000 });
  await expect(page.getByTestId('preflight-result')).toContainText('Every metric came out the same');
  // The command was checked in the built image before it ran.
  await expect(page.getByTestId('runnable-checks')).toContainText('python train.py: can run');
  await expect(page.getByTestId('log')).toContainText('accuracy');
  await expectAccessible(page, 'create-run');
  await screenshot(page, testInfo, 'create-8-run');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 9: create a key, see its fingerprint, sign and save.
  await page.getByLabel('Your name, as signers are shown').fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByTestId('sign-fingerprint')).toContainText('Fingerprint');
  await expect(page.getByTestId('step-sign').getByText('must fix')).toHaveCount(0);
  await expect(signButton).toBeEnabled();
  // Exactly what the signature covers, before it is made.
  const summary = page.getByTestId('signing-summary');
  await expect(summary).toContainText('python train.py');
  await expect(summary).toContainText('test.loss: ±0.01');
  await expect(summary).toContainText('data/points.csv');
  await expectAccessible(page, 'create-sign');
  await screenshot(page, testInfo, 'create-9-sign');
  // Frozen: the pre-flight's image is stored in the bundle (issue 19).
  await page.getByLabel('Freeze the replay image into the bundle').check();
  await signButton.click();
  await expect(page.getByTestId('create-result')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('created-frozen')).toContainText('Frozen image sha256:');
  const file = (await page.getByTestId('created-file').textContent()) ?? '';
  expect(file).toBe(path.join(path.dirname(world.project), 'example-project.rbundle'));
  await screenshot(page, testInfo, 'create-done');

  // The saved bundle verifies with the CLI, and holds what the wizard decided.
  const verified = JSON.parse(world.cli(['verify', file, '--json'])) as { valid: boolean; manifest?: unknown };
  expect(verified.valid).toBe(true);
  const inspected = JSON.parse(world.cli(['inspect', file, '--json'])) as {
    manifest: {
      files: { path: string }[];
      samples: { dataset: string }[];
      preflight: { runs: number } | null;
      replay: { baseImage: { ref: string } };
      image: { layers: unknown[]; platform: { os: string } } | null;
      results: { metrics: { name: string; tolerance: { absolute: number } | null }[] };
    };
  };
  const manifest = inspected.manifest;
  expect(manifest.files.map((entry) => entry.path)).not.toContain('project/.env');
  expect(manifest.samples.map((entry) => entry.dataset)).toEqual(['data/points.csv']);
  expect(manifest.preflight?.runs).toBe(2);
  expect(manifest.replay.baseImage.ref).toContain(BASE_IMAGE);
  expect(manifest.image?.platform.os).toBe('linux');
  expect(manifest.results.metrics.find((metric) => metric.name === 'test.loss')?.tolerance?.absolute).toBe(0.01);

  // The optional last step: the checklist of the bundle just made, ready for a submission.
  await page.getByRole('button', { name: 'Prepare it for a paper submission' }).click();
  await expect(page.getByTestId('step-submission')).toContainText(file);
  await page.getByRole('button', { name: 'Assess the checklist' }).click();
  await expect(page.getByTestId('checklist').locator('tr[data-item="experiments-variation"]')).toHaveAttribute(
    'data-status',
    'green',
  );
  await expectAccessible(page, 'create-submission');
  await screenshot(page, testInfo, 'create-10-submission');

  // Back on the Sign step, "Open this bundle" goes to the Open screen with it.
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Open this bundle' }).click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-valid', 'true', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Environment' }).click();
  await expect(page.getByTestId('frozen-image')).toContainText('tar -C image -c . | docker load');
  expect(errors).toEqual([]);
});

test('the wizard keeps its answers while the user visits other screens, until Start over', async ({ page }) => {
  world = await makeGuiWorld();
  await page.goto(world.app.url);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Create' }).click();
  await page.getByTestId('project-folder').fill(world.project);
  await page.getByRole('button', { name: 'Scan the project' }).click();
  await expect(page.getByTestId('scan-overview')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Leave .env out' }).click();

  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await nav.getByRole('button', { name: 'Create' }).click();
  // Back on the step the user left, with the secret still resolved.
  await expect(page.getByTestId('step-files')).toBeVisible();
  await expect(page.getByTestId('secret:.env')).toHaveAttribute('data-resolved', 'true');

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.getByTestId('step-project')).toBeVisible();
  await expect(page.getByTestId('project-folder')).toHaveValue('');
});

test('the extras a project offers are chosen on the Environment step, and the Dockerfile installs them', async ({
  page,
}) => {
  world = await makeGuiWorld();
  const root = path.join(world.home, 'uv-project');
  await writeProject(root, {
    'pyproject.toml':
      '[project]\nname = "demo"\nversion = "0.1"\ndependencies = ["numpy"]\n\n[project.optional-dependencies]\ngpu = ["torch"]\ncpu = ["torch"]\n',
    'uv.lock': 'version = 1\n',
    'train.py': 'print(1)\n',
  });
  await page.goto(world.app.url);
  await page.getByRole('button', { name: 'Create a bundle' }).click();
  await page.getByTestId('project-folder').fill(root);
  await page.getByRole('button', { name: 'Scan the project' }).click();
  await expect(page.getByTestId('scan-overview')).toBeVisible();
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: 'Environment' }).click();
  const extras = page.getByTestId('extras');
  await expect(extras).toContainText('cpu');
  await expect(page.getByTestId('dockerfile')).toContainText('uv sync --frozen --no-install-project');
  await extras.getByLabel('gpu').check();
  await expect(page.getByTestId('dockerfile')).toContainText('--no-install-project --extra gpu');
  await expect(page.getByTestId('recipe-plan')).toContainText('with the extras gpu');
  await expectAccessible(page, 'create-environment-extras');
});

test("the browser's Back and Forward move between screens, and a reload keeps the wizard (not the passphrase)", async ({
  page,
}) => {
  world = await makeGuiWorld();
  await scanToFilesStep(page, world);
  await page.getByRole('button', { name: 'Leave .env out' }).click();

  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'ReproBundle' })).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId('step-files')).toBeVisible();
  await expect(page).toHaveURL(/#\/create$/);

  await page.reload();
  await expect(page.getByTestId('step-files')).toBeVisible();
  await expect(page.getByTestId('secret:.env')).toHaveAttribute('data-resolved', 'true');
  // What the session storage holds: the answers, never a passphrase.
  const stored = await page.evaluate(() => window.sessionStorage.getItem('reprobundle.wizard') ?? '');
  expect(stored).toContain(world.project);
  expect(stored).not.toContain('passphrase');
});

test('a folder of thousands of files is shown a page at a time, and a scan too large to keep survives a reload as answers', async ({
  page,
}) => {
  test.setTimeout(120_000);
  world = await makeGuiWorld();
  // A dataset kept as files: 2,600 images in one folder (more than the wizard keeps across a reload).
  await mkdir(path.join(world.project, 'images'));
  for (let index = 0; index < 2600; index += 1)
    await writeFile(path.join(world.project, 'images', `img-${String(index).padStart(4, '0')}.png`), `${index}`);
  await scanToFilesStep(page, world);

  const rows = page.locator('[data-testid^="include:images/"]');
  await page.getByRole('button', { name: 'Expand images' }).click();
  await expect(rows).toHaveCount(500);
  const more = page.getByTestId('show-more:images');
  await expect(more).toHaveText('Show 500 more of the 2,100 not shown in images/');
  await more.click();
  await expect(rows).toHaveCount(1000);
  const included = await page.getByTestId('files-included').textContent();
  await page.getByTestId('include:images/img-0001.png').uncheck();
  await expect(page.getByTestId('files-included')).not.toHaveText(included ?? '');

  // The tab keeps the answers, not the 2,600 files' scan.
  const stored = await page.evaluate(() => window.sessionStorage.getItem('reprobundle.wizard') ?? '');
  expect(stored).toContain('images/img-0001.png'); // the file left out
  expect(stored).not.toContain('img-0002.png');
  await page.reload();
  await expect(page.getByTestId('scan-dropped')).toContainText('2,6');
  await page.getByRole('button', { name: 'Scan the project' }).click();
  await expect(page.getByTestId('scan-overview')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Expand images' }).click();
  await expect(page.getByTestId('include:images/img-0001.png')).not.toBeChecked();
  await expect(page.getByTestId('include:images/img-0002.png')).toBeChecked();
});
