// `reprobundle replay` as a user runs it: exit codes 0, 1 and 3, the HTML report, --json.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_IMAGE, requireBaseImage, requireDocker } from '../../helpers/docker';
import { cliFolders, runCli } from '../../helpers/run-cli';
import { REPO_ROOT, requireBuiltCli } from '../../helpers/serve-cli';

let work: string;
let env: Record<string, string>;

const run = (args: string[], extraEnv: Record<string, string> = {}) => runCli(args, { ...env, ...extraEnv });

beforeAll(async () => {
  requireBuiltCli();
  await requireBaseImage(await requireDocker());
  work = await mkdtemp(path.join(tmpdir(), 'rb-cli-replay-'));
  env = {
    ...cliFolders(work),
  };
  expect((await run(['keygen', '--name', 'Ada Author'])).code).toBe(0);
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), path.join(work, 'project'), { recursive: true });
  const created = await run([
    'create',
    path.join(work, 'project'),
    '-o',
    path.join(work, 'example.rbundle'),
    '--run',
    'python train.py',
    '--base-image',
    BASE_IMAGE,
    '--no-hardware',
  ]);
  expect(created.code, created.stderr).toBe(0);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('reprobundle replay', () => {
  it('exits 0 on REPRODUCED, writes the HTML report, and prints JSON with --json', async () => {
    const html = path.join(work, 'report.html');
    const result = await run(['replay', path.join(work, 'example.rbundle'), '--report', html]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('REPRODUCED: All 3 recorded metrics came out within their tolerances.');
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<h1>REPRODUCED</h1>');
    expect(page).toContain('test.accuracy');
    expect(page).not.toMatch(/<script/i);
    // The image's Python packages against the author's interpreter, when the bundle recorded it.
    const inspected = JSON.parse((await run(['inspect', path.join(work, 'example.rbundle'), '--json'])).stdout) as {
      manifest: { environment: { installed?: unknown } };
    };
    if ((inspected.manifest.environment.installed ?? null) !== null) {
      expect(result.stdout).toContain("Python packages, the image against the author's Python");
      expect(page).toContain("Python packages: the author's vs the image");
    }

    const json = await run(['replay', path.join(work, 'example.rbundle'), '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ verdict: 'REPRODUCED', image: { cached: true } });
  });

  it('exits 1 on MISMATCH', async () => {
    const metrics = path.join(work, 'project', 'metrics.json');
    await writeFile(metrics, (await readFile(metrics, 'utf8')).replace('"loss": 0.445407', '"loss": 0.3'));
    const file = path.join(work, 'mismatch.rbundle');
    expect(
      (
        await run([
          'create',
          path.join(work, 'project'),
          '-o',
          file,
          '--run',
          'python train.py',
          '--base-image',
          BASE_IMAGE,
          '--no-hardware',
        ])
      ).code,
    ).toBe(0);
    const result = await run(['replay', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('MISMATCH: 1 of 3 metrics differ: test.loss.');
    expect(result.stdout).toMatch(/✘ test\.loss: recorded 0\.3, obtained 0\.445407/);
  });

  it('exits 3 with the fix when no Docker engine answers', async () => {
    const result = await run(['replay', path.join(work, 'example.rbundle')], {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no Docker engine answers at unix:\/\/\/nonexistent\/docker.sock/i);
    expect(result.stderr).toContain('DOCKER_HOST');
  });

  it('exits 2 for --sample on a bundle that carries no synthetic sample', async () => {
    const result = await run(['replay', path.join(work, 'example.rbundle'), '--sample']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('carries no synthetic samples');
  });
});
