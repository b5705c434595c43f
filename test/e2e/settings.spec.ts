// Settings in Chromium: keys (generate with a passphrase, export the public key), trusting a
// signer from their public key file, and the engine defaults saved and read back; plus the
// screens in the dark theme and at both target sizes, scanned with axe.
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible, makeGuiWorld, screenshot, watchForErrors, type GuiWorld } from './support/gui-world';

let world: GuiWorld | undefined;
test.afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

test('keys, signers and engine defaults are managed from Settings', async ({ page }, testInfo) => {
  world = await makeGuiWorld();
  const errors = watchForErrors(page);
  await page.goto(world.app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  // A passphrase-protected key; a mistyped confirmation is caught before anything is written.
  await page.getByLabel('Your name, as signers are shown').fill('Grace Hopper');
  await page.getByLabel('Passphrase (optional, protects the key on disk)').fill('correct horse');
  await page.getByLabel('Passphrase again').fill('correct hors');
  await expect(page.getByText('The two passphrases differ.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create key' })).toBeDisabled();
  await page.getByLabel('Passphrase again').fill('correct horse');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = page.getByTestId('key:default');
  await expect(key).toContainText('Grace Hopper');
  await expect(key).toContainText('passphrase-protected');
  const pem = await readFile(path.join(world.env.REPROBUNDLE_CONFIG_DIR, 'keys', 'default', 'signing-key.pem'), 'utf8');
  expect(pem).toContain('ENCRYPTED PRIVATE KEY');

  const exported = path.join(world.home, 'grace.pub.pem');
  await key.getByRole('textbox').fill(exported);
  await key.getByRole('button', { name: 'Export public key' }).click();
  await expect(key.getByRole('status')).toContainText(exported);
  expect(await readFile(exported, 'utf8')).toContain('BEGIN PUBLIC KEY');

  // Trusting a signer from the public key file they sent.
  await page.getByRole('textbox', { name: 'Their public key file or a bundle they signed' }).fill(exported);
  await page.getByLabel('The name you know them by').fill('Grace (lab)');
  await page.getByRole('button', { name: 'Trust this signer' }).click();
  await expect(page.getByTestId('signers')).toContainText('Grace (lab)');
  await expect(page.getByTestId('signers')).toContainText('trusted');

  // Engine defaults persist across a reload.
  await page.getByLabel(/Default base image/).fill('python:3.11-slim');
  await page.getByLabel('Memory (MB)').fill('2048');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await expectAccessible(page, 'settings');
  await screenshot(page, testInfo, 'settings');
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel(/Default base image/)).toHaveValue('python:3.11-slim');
  await expect(page.getByLabel('Memory (MB)')).toHaveValue('2048');
  // An invalid value is refused before it is sent (the field says why), and nothing is saved.
  await page.getByLabel('Memory (MB)').fill('10');
  await page.getByRole('button', { name: 'Save settings' }).click();
  expect(await page.getByLabel('Memory (MB)').evaluate((input: HTMLInputElement) => input.validationMessage)).not.toBe(
    '',
  );
  const saved = JSON.parse(await readFile(path.join(world.env.REPROBUNDLE_CONFIG_DIR, 'settings.json'), 'utf8')) as {
    limits: { memoryMB: number };
  };
  expect(saved.limits.memoryMB).toBe(2048);
  expect(errors).toEqual([]);
});

test('disk space: what replays left is listed, and what is older than the chosen age removed', async ({ page }) => {
  world = await makeGuiWorld();
  const old = path.join(world.env.REPROBUNDLE_WORK_DIR, 'replay-old', 'outputs');
  await mkdir(old, { recursive: true });
  await writeFile(path.join(old, 'report.json'), '{}');
  const monthAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  for (const target of [path.join(old, 'report.json'), old, path.dirname(old)])
    await utimes(target, monthAgo, monthAgo);
  await mkdir(path.join(world.env.REPROBUNDLE_WORK_DIR, 'replay-today'), { recursive: true });

  await page.goto(world.app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('disk-usage')).toContainText('2 replays');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Free disk space' }).click();
  await expect(page.getByTestId('disk-freed')).toContainText('Removed 1 folder');
  await expect(page.getByTestId('disk-usage')).toContainText('1 replay (');
  await expect(stat(path.dirname(old))).rejects.toThrow();
});

test('the folder browser says what it can open, and opens a folder added in Settings', async ({ page }) => {
  world = await makeGuiWorld();
  // A data disk outside the home folder the browser starts from.
  const disk = await mkdtemp(path.join(tmpdir(), 'rb-data-disk-'));
  try {
    await mkdir(path.join(disk, 'shared-project'));
    await page.goto(world.app.url);
    await page.getByRole('button', { name: 'Create a bundle' }).click();
    await page.getByRole('button', { name: 'Browse for project folder' }).click();
    await expect(page.getByTestId('browser-roots')).toContainText(`${world.home} (your home folder)`);
    await expect(page.getByTestId('browser-roots')).not.toContainText(disk);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Add a folder (its full path)').fill('relative/path');
    await expect(page.getByRole('button', { name: 'Add a folder' })).toBeDisabled();
    await page.getByLabel('Add a folder (its full path)').fill(disk);
    await page.getByRole('button', { name: 'Add a folder' }).click();
    await expect(page.getByTestId('browse-roots')).toContainText(disk);
    // Saving the engine defaults keeps the folders added.
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.reload();
    await expect(page.getByTestId('browse-roots')).toContainText(disk);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'Browse for project folder' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('browser-roots').getByRole('button', { name: disk }).click();
    await dialog.getByRole('button', { name: /shared-project/ }).click();
    await expect(dialog.getByTestId('browser-path')).toHaveText(path.join(disk, 'shared-project'));
  } finally {
    await rm(disk, { recursive: true, force: true });
  }
});

test('every Create wizard step passes axe in the dark theme at 1280×800', async ({ page }) => {
  world = await makeGuiWorld();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(world.app.url);
  await page.getByRole('button', { name: 'Create a bundle' }).click();
  await page.getByTestId('project-folder').fill(world.project);
  await page.getByRole('button', { name: 'Scan the project' }).click();
  await expect(page.getByTestId('scan-overview')).toBeVisible();
  const steps = page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button');
  const count = await steps.count();
  expect(count).toBeGreaterThanOrEqual(9);
  for (let index = 0; index < count; index += 1) {
    const step = steps.nth(index);
    const name = (await step.innerText()).trim();
    await step.click();
    await expect(step).toHaveAttribute('aria-current', 'step');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), name).toBe(true);
    await expectAccessible(page, `create-dark-step-${index + 1}`);
  }
});

for (const size of [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
]) {
  test(`every screen passes axe in the dark theme at ${size.width}×${size.height}`, async ({ page }, testInfo) => {
    world = await makeGuiWorld();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize(size);
    await page.goto(world.app.url);
    await expect(page.getByTestId('docker-status')).toHaveAttribute('data-state', 'reachable');
    // Dark theme really applied: the page background follows the system setting.
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(20, 23, 29)');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [label, heading] of [
      ['Home', 'ReproBundle'],
      ['Create', 'Create a bundle'],
      ['Open', 'Open a bundle'],
      ['Settings', 'Settings'],
    ] as const) {
      await nav.getByRole('button', { name: label }).click();
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      // Nothing overflows sideways: readable without horizontal scrolling.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expectAccessible(page, `${label.toLowerCase()}-dark-${size.width}`);
      await screenshot(page, testInfo, `${label.toLowerCase()}-dark-${size.width}x${size.height}`);
    }
  });
}
