// A small evaluation season, made through the CLI: the example project bundled as it is
// (honest.rbundle, which reproduces) and with an inflated recorded accuracy (inflated.rbundle,
// a MISMATCH), in `<work>/season`, signed by the key `keygen` makes in the CLI's config folder.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { BASE_IMAGE } from './docker';
import type { CliResult } from './run-cli';
import { REPO_ROOT } from './serve-cli';

export async function makeSeason(work: string, run: (args: string[]) => Promise<CliResult>): Promise<string> {
  const season = path.join(work, 'season');
  await mkdir(season);
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
      path.join(season, `${name}.rbundle`),
      '--run',
      'python train.py',
      '--base-image',
      BASE_IMAGE,
      '--no-hardware',
    ]);
    expect(created.code, created.stderr).toBe(0);
  }
  return season;
}
