// Paper submissions in Chromium: from the Open screen, the checklist is assessed, a review copy
// is exported (the identity left in code is shown and replaced on request) and a camera-ready
// copy; the review copy replays on the real engine and "Sign this result" writes an
// attestation, which checks out against the camera-ready copy through the commitment.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { readAllEntries } from '../helpers/rewrite-bundle';
import { AUTHOR } from '../helpers/identity-project';
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

async function open(page: Page, file: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Open' }).click();
  await page.getByTestId('open-bundle-path').fill(file);
  await page.getByRole('button', { name: 'Open and verify' }).click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-valid', 'true', { timeout: 30_000 });
}

test('review and camera-ready copies, a signed replay result, and the link between them', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  world = await makeGuiWorld({ identity: true });
  const bundle = createBundleWithCli(world);
  const errors = watchForErrors(page);
  await page.goto(world.app.url);
  await open(page, bundle);
  // The author's own bundle, signed with their own key: shown as theirs, not as an unknown signer.
  await expect(page.getByTestId('trust-state')).toHaveAttribute('data-state', 'trusted');
  await expect(page.getByTestId('verification')).toContainText('your own key');

  await page.getByRole('button', { name: 'Prepare for a paper submission' }).click();
  const submission = page.getByTestId('submission');
  await submission.getByRole('button', { name: 'Assess the checklist' }).click();
  await expect(submission.locator('tr[data-item="experiments-seeds"]')).toHaveAttribute('data-status', 'green');
  await expect(submission.locator('tr[data-item="experiments-seeds"]')).toContainText('default_rng');
  await expect(submission.locator('tr[data-item="code-licence"]')).toContainText('MIT');

  // Review copy for NeurIPS: the e-mail planted in code is shown, then replaced on request.
  await page.getByLabel('Venue', { exact: true }).selectOption('neurips');
  await expect(submission).toContainText('At most 100 MB');
  const review = path.join(world.home, 'review.zip');
  await page.getByTestId('export-output').fill(review);
  await page.getByRole('button', { name: 'Export review copy' }).click();
  const remains = page.getByTestId('identity-remains');
  await expect(remains).toContainText('project/train.py:');
  await expect(remains).toContainText(AUTHOR.email);
  await expectAccessible(page, 'submission-identity');
  await screenshot(page, testInfo, 'submission-identity-remains');
  // Kept knowingly, one by one: the copy is written with that occurrence and says so.
  await remains.getByRole('checkbox').first().check();
  await page.getByRole('button', { name: 'Export, keeping the ticked ones' }).click();
  await expect(page.getByTestId('export-result')).toContainText('kept knowingly');
  // Or replaced in code too: nothing of the author is left. The copy just written is replaced
  // only when asked.
  await page.getByRole('button', { name: 'Export review copy' }).click();
  await expect(page.getByRole('alert')).toContainText('already exists; it is never replaced unless you ask');
  await page.getByLabel('Replace it if the file exists').check();
  await page.getByRole('button', { name: 'Export review copy' }).click();
  await page.getByRole('button', { name: 'Replace them in the code too' }).click();
  await expect(page.getByTestId('export-result')).toContainText('Review copy written');
  for (const [name, entry] of await readAllEntries(review)) {
    for (const value of [AUTHOR.name, AUTHOR.email, AUTHOR.account])
      expect(entry.data.toString('latin1').toLowerCase().includes(value.toLowerCase()), `${value} in ${name}`).toBe(
        false,
      );
  }
  await screenshot(page, testInfo, 'submission-review-written');

  // Camera-ready copy with the author's key.
  await page.getByLabel('Camera-ready copy: full identity, signed with your key, with CITATION.cff').check();
  const cameraReady = path.join(world.home, 'camera-ready.zip');
  await page.getByTestId('export-output').fill(cameraReady);
  await page.getByRole('button', { name: 'Export camera-ready copy' }).click();
  await expect(page.getByTestId('export-result')).toContainText('Camera-ready copy written');
  expect((await readAllEntries(cameraReady)).get('CITATION.cff')?.data.toString('utf8')).toContain(
    'family-names: Lovelace',
  );

  // A reviewer replays the review copy and signs the result.
  await open(page, review);
  await page.getByRole('button', { name: 'Replay this bundle' }).click();
  await page.getByRole('button', { name: 'Start the replay' }).click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'REPRODUCED', { timeout: 180_000 });
  const attestation = path.join(world.home, 'result.intoto.json');
  await page.getByTestId('attestation-output').fill(attestation);
  await page.getByRole('button', { name: 'Sign this result' }).click();
  await expect(page.getByTestId('attestation-written')).toContainText('REPRODUCED');
  await expectAccessible(page, 'replay-signed');
  await screenshot(page, testInfo, 'replay-signed');

  // The attestation holds for the camera-ready copy, through the commitment.
  await open(page, cameraReady);
  await page.getByRole('button', { name: 'Prepare for a paper submission' }).click();
  await page.getByTestId('attestation-path').fill(attestation);
  await page.getByRole('button', { name: 'Check it against this bundle' }).click();
  await expect(page.getByTestId('attestation-check')).toHaveAttribute('data-valid', 'true');
  await expect(page.getByTestId('attestation-check')).toContainText('made on the review copy of this bundle');
  await expectAccessible(page, 'submission');
  await screenshot(page, testInfo, 'submission-attestation-checked');
  expect(errors).toEqual([]);
});

test('every rewrite of a review copy is shown as a diff first, and code lines are rewritten only when approved', async ({
  page,
}) => {
  world = await makeGuiWorld({ identity: true });
  const bundle = createBundleWithCli(world);
  await page.goto(world.app.url);
  await open(page, bundle);
  await page.getByRole('button', { name: 'Prepare for a paper submission' }).click();
  const review = path.join(world.home, 'previewed-review.zip');
  await page.getByTestId('export-output').fill(review);
  await page.getByRole('button', { name: 'Preview every rewrite' }).click();
  const preview = page.getByTestId('rewrite-review');
  await expect(preview).toContainText('Nothing is written yet.');
  const codeLine = preview.locator('[data-testid^="rewrite:project/train.py:"]');
  await expect(codeLine).toContainText(`- `);
  await expect(codeLine).toContainText(AUTHOR.email);
  await expect(access(review)).rejects.toThrow(); // a preview writes nothing
  const exportButton = preview.getByRole('button', { name: /Decide the .* code line\(s\) first/ });
  await expect(exportButton).toBeDisabled();
  await expectAccessible(page, 'submission-rewrite-review');
  for (const approve of await preview.getByLabel('Approve: rewrite this line').all()) await approve.check();
  await preview.getByRole('button', { name: 'Export with these decisions' }).click();
  await expect(page.getByTestId('export-result')).toContainText('Review copy written');
  const train = (await readAllEntries(review)).get('project/train.py')?.data.toString('utf8') ?? '';
  expect(train).not.toContain(AUTHOR.email);
});
