// Class 8 of the adversarial review, as it happens on a shared machine: another local user (here
// the CLI runs as `nobody`, since CI runs as root) finds the work folder already made by someone
// else, and ReproBundle refuses to keep anything there instead of writing into it.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, chown, cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../main/core/create/create-bundle';
import { ephemeralSigningKey } from '../../../main/core/signing/keys';
import { CLI, REPO_ROOT, requireBuiltCli } from '../../helpers/serve-cli';

const NOBODY = 65534;
/** Root can run the CLI as `nobody` (runuser), and `nobody` can read the built CLI. */
const possible =
  process.getuid?.() === 0 &&
  spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, '--version'], { encoding: 'utf8' }).status === 0;

let base: string;
beforeAll(async () => {
  requireBuiltCli();
  base = await mkdtemp(path.join(tmpdir(), 'rb-unprivileged-'));
  await chmod(base, 0o755);
});
afterAll(async () => rm(base, { recursive: true, force: true }));

describe('a work folder another user made first', () => {
  it.runIf(possible)('is refused, naming it, when nobody exports a bundle', async () => {
    const project = path.join(base, 'project');
    await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
    const bundle = path.join(base, 'example.rbundle');
    await createBundle({
      projectDir: project,
      output: bundle,
      key: ephemeralSigningKey('Ada'),
      baseImage: 'python:3.11-slim',
      hardware: false,
    });
    await chmod(bundle, 0o644);
    const config = path.join(base, 'nobody-config');
    await mkdir(config, { mode: 0o700 });
    await chown(config, NOBODY, NOBODY);
    const taken = path.join(base, 'shared-work'); // made by root, 0755: not nobody's
    await mkdir(taken, { mode: 0o755 });
    const result = spawnSync(
      'runuser',
      [
        '-u',
        'nobody',
        '--',
        process.execPath,
        CLI,
        'export',
        bundle,
        '--for',
        'review',
        '-o',
        path.join(config, 'review.zip'),
      ],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          HOME: config,
          REPROBUNDLE_CONFIG_DIR: config,
          REPROBUNDLE_WORK_DIR: taken,
          GIT_CONFIG_GLOBAL: '/dev/null',
        },
      },
    );
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain(`${taken} belongs to another user (uid 0)`);
    expect(result.stderr).toContain('REPROBUNDLE_WORK_DIR');
    expect(execFileSync('ls', ['-A', taken], { encoding: 'utf8' })).toBe('');
  });
});
