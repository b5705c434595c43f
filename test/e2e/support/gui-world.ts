// A fresh world for each browser test: its own home folder (the web mode's file browser is
// confined to it), config, work and cache folders, a research project built from the bundled
// example (with a secret, a DVC-tracked dataset, params, requirements), and the real CLI
// serving the UI with that environment. Also the page helpers every GUI test uses: an axe scan
// that fails on serious or critical violations, and a screenshot saved as a test artifact.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { BASE_IMAGE } from '../../helpers/docker';
import { makeIdentityProject } from '../../helpers/identity-project';
import { CLI, REPO_ROOT, serveCli, type ServedApp } from '../../helpers/serve-cli';

export const FAKE_AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''); // AWS's documented example key

export interface GuiWorld {
  home: string;
  project: string;
  env: {
    HOME: string;
    GIT_CONFIG_GLOBAL: string;
    GIT_CONFIG_NOSYSTEM: string;
    REPROBUNDLE_CONFIG_DIR: string;
    REPROBUNDLE_WORK_DIR: string;
    REPROBUNDLE_CACHE_DIR: string;
  };
  app: ServedApp;
  /** Runs the real CLI in this world's environment (plus `extraEnv`); returns stdout (throws on a non-zero exit). */
  cli: (args: readonly string[], extraEnv?: Record<string, string>) => string;
  dispose: () => Promise<void>;
}

/** The example project as a researcher would hand it over: data tracked by DVC, an .env with a key. */
async function makeProject(home: string): Promise<string> {
  const project = path.join(home, 'research', 'example-project');
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  const data = await readFile(path.join(project, 'data', 'points.csv'));
  const md5 = createHash('md5').update(data).digest('hex');
  await writeFile(path.join(project, '.gitignore'), '/data/points.csv\n');
  await writeFile(
    path.join(project, 'data', 'points.csv.dvc'),
    `outs:\n- md5: ${md5}\n  size: ${data.length}\n  path: points.csv\n`,
  );
  await mkdir(path.join(project, '.dvc'), { recursive: true });
  await writeFile(
    path.join(project, '.dvc', 'config'),
    '[core]\n    remote = storage\n[\'remote "storage"\']\n    url = s3://example-bucket/points\n',
  );
  await writeFile(path.join(project, '.env'), `AWS_ACCESS_KEY_ID=${FAKE_AWS_KEY}\nAWS_REGION=eu-west-1\n`);
  return project;
}

/** `identity`: a project that names its author everywhere (for the submission tests). */
export async function makeGuiWorld(options: { identity?: boolean } = {}): Promise<GuiWorld> {
  const home = await mkdtemp(path.join(tmpdir(), 'rb-gui-'));
  const project = options.identity === true ? (await makeIdentityProject(home)).project : await makeProject(home);
  const env = {
    HOME: home,
    // The machine's own git identity is not the fixture's (exports remove the configured one too).
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    REPROBUNDLE_CONFIG_DIR: path.join(home, '.config', 'reprobundle'),
    REPROBUNDLE_WORK_DIR: path.join(home, 'replays'),
    REPROBUNDLE_CACHE_DIR: path.join(home, 'cache'),
  };
  const app = await serveCli(env);
  const cli = (args: readonly string[], extraEnv: Record<string, string> = {}): string =>
    execFileSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env, ...extraEnv }, encoding: 'utf8' });
  return {
    home,
    project,
    env,
    app,
    cli,
    dispose: async () => {
      await app.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A bundle of the world's project made with the CLI (key, secret left out, offline base image, a sample). */
/**
 * Bundles the world's project with the CLI. `signer`: `'me'` signs with this world's own key (an
 * author's machine); `'someone-else'` with a key kept elsewhere (a bundle received from Ada).
 */
export function createBundleWithCli(
  world: GuiWorld,
  name = 'example.rbundle',
  signer: 'me' | 'someone-else' = 'me',
): string {
  const bundle = path.join(world.home, name);
  const as = signer === 'me' ? {} : { REPROBUNDLE_CONFIG_DIR: path.join(world.home, 'ada-config') };
  world.cli(['keygen', '--name', 'Ada Lovelace'], as);
  world.cli(
    [
      'create',
      world.project,
      '-o',
      bundle,
      '--exclude',
      '.env',
      '--base-image',
      BASE_IMAGE,
      '--sample',
      'data/points.csv',
      '--json',
    ],
    as,
  );
  return bundle;
}

/** Fails on serious or critical accessibility violations, naming each with its elements. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  const described = serious.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes.map((node) => node.target.join(' ')).join('\n    ')}`,
  );
  expect(described, `accessibility violations on the ${screen} screen`).toEqual([]);
}

/** Saves a full-page screenshot of a screen as an artifact (test-results/screens/). */
export async function screenshot(page: Page, testInfo: TestInfo, screen: string): Promise<void> {
  const file = path.join(REPO_ROOT, 'test-results', 'screens', `${screen}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(screen, { path: file, contentType: 'image/png' });
}

/** Collects what would signal a broken page: uncaught errors and console errors (CSP included). */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}
