// Any Docker-API engine works (issue 20): the CLI's replay and evaluate through Podman's
// Docker-compatible socket (root Podman 4.3, served by scripts/setup-test-env.sh), unchanged —
// a smoke subset: an honest bundle REPRODUCED, and an evaluation of a folder.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_IMAGE, requirePodman } from '../../helpers/docker';
import { runCli } from '../../helpers/run-cli';
import { REPO_ROOT, requireBuiltCli } from '../../helpers/serve-cli';

let work: string;
let env: Record<string, string>;
const run = (args: string[]) => runCli(args, env);

beforeAll(async () => {
  requireBuiltCli();
  const host = await requirePodman();
  work = await mkdtemp(path.join(tmpdir(), 'rb-podman-'));
  env = {
    DOCKER_HOST: host,
    REPROBUNDLE_CONFIG_DIR: path.join(work, 'config'),
    REPROBUNDLE_WORK_DIR: path.join(work, 'replays'),
    REPROBUNDLE_CACHE_DIR: path.join(work, 'cache'),
  };
  await mkdir(path.join(work, 'season'));
  expect((await run(['keygen', '--name', 'Ada Author'])).code).toBe(0);
  for (const name of ['honest', 'inflated']) {
    const project = path.join(work, name);
    await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
    if (name === 'inflated') {
      const metrics = JSON.parse(await readFile(path.join(project, 'metrics.json'), 'utf8')) as object;
      await writeFile(path.join(project, 'metrics.json'), JSON.stringify({ ...metrics, accuracy: 0.999 }));
    }
    const created = await run([
      'create',
      project,
      '-o',
      path.join(work, 'season', `${name}.rbundle`),
      '--run',
      'python train.py',
      '--base-image',
      BASE_IMAGE,
      '--no-hardware',
    ]);
    expect(created.code, created.stderr).toBe(0);
  }
}, 120_000);
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('through Podman', () => {
  it('replays a bundle to REPRODUCED', async () => {
    const replayed = await run(['replay', path.join(work, 'season', 'honest.rbundle')]);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toContain('REPRODUCED');
  });

  it('evaluates a folder two at a time', async () => {
    const result = await run([
      'evaluate',
      path.join(work, 'season'),
      '--out',
      path.join(work, 'results'),
      '--jobs',
      '2',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(1);
    const verdicts = (JSON.parse(result.stdout) as { file: string; verdict: string }[]).map(
      (row) => `${path.basename(row.file)} ${row.verdict}`,
    );
    expect(verdicts).toEqual(['honest.rbundle REPRODUCED', 'inflated.rbundle MISMATCH']);
  });
});
