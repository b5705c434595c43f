// Any Docker-API engine works (issue 20): the CLI's replay and evaluate through Podman's
// Docker-compatible socket (root Podman 4.3, served by scripts/setup-test-env.sh), unchanged —
// a smoke subset: an honest bundle REPRODUCED, and an evaluation of a folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePodman } from '../../helpers/docker';
import { cliFolders, runCli } from '../../helpers/run-cli';
import { requireBuiltCli } from '../../helpers/serve-cli';
import { makeSeason } from '../../helpers/season';

let work: string;
let env: Record<string, string>;
const run = (args: string[]) => runCli(args, env);

beforeAll(async () => {
  requireBuiltCli();
  const host = await requirePodman();
  work = await mkdtemp(path.join(tmpdir(), 'rb-podman-'));
  env = {
    DOCKER_HOST: host,
    ...cliFolders(work),
  };
  await makeSeason(work, run);
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
