// Fault injection through the real server (issue 13): every long operation — scan, create,
// pre-flight, replay (while building and while running), export, synth, verify — is started over
// HTTP and its connection dropped part-way, as a closed browser tab does. The server must go on
// answering, log no failure that escaped its operation, and leave nothing behind: no container
// of its own, no build step still running, no partial or temporary file beside the outputs.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGED_LABEL, OWNER_PID_LABEL } from '../../../main/core/docker/run-container';
import { BASE_IMAGE, requireBaseImage, requireDocker } from '../../helpers/docker';
import { cliFolders, runCli } from '../../helpers/run-cli';
import { REPO_ROOT, requireBuiltCli, serveCli, type ServedApp } from '../../helpers/serve-cli';
import { writeManyFiles } from '../../helpers/many-files';

let base: string;
let app: ServedApp;
let env: Record<string, string>;
const paths = {
  many: '',
  example: '',
  slowBuild: '',
  slowRun: '',
  table: '',
  bundle: '',
  slowBuildBundle: '',
  slowRunBundle: '',
  out: '',
};

async function exampleProject(name: string, files: Record<string, string> = {}): Promise<string> {
  const project = path.join(base, name);
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(project, file), text, { mode: 0o755 });
  return project;
}

beforeAll(async () => {
  requireBuiltCli();
  await requireBaseImage(await requireDocker());
  base = await mkdtemp(path.join(tmpdir(), 'rb-abort-'));
  env = { ...cliFolders(base), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  paths.out = path.join(base, 'out');
  await mkdir(paths.out);
  paths.many = await writeManyFiles(path.join(base, 'many'), 40);
  paths.example = await exampleProject('example');
  paths.slowBuild = await exampleProject('slow-build', { postBuild: '#!/bin/sh\necho building-now\nsleep 61\n' });
  paths.slowRun = await exampleProject('slow-run');
  const rows = ['id,age,income,city'];
  for (let index = 0; index < 200_000; index += 1)
    rows.push(`${index},${20 + (index % 50)},${1000 + index},c${index % 9}`);
  paths.table = path.join(base, 'people.csv');
  await writeFile(paths.table, `${rows.join('\n')}\n`);

  const ok = async (args: string[]): Promise<void> => {
    const result = await runCli(args, env);
    if (result.code !== 0) throw new Error(`reprobundle ${args.join(' ')}:\n${result.stderr}`);
  };
  await ok(['keygen', '--name', 'Ada Lovelace']);
  paths.bundle = path.join(base, 'many.rbundle');
  await ok(['create', paths.many, '-o', paths.bundle, '--no-hardware', '--run', 'true', '--base-image', BASE_IMAGE]);
  paths.slowBuildBundle = path.join(base, 'slow-build.rbundle');
  await ok(['create', paths.slowBuild, '-o', paths.slowBuildBundle, '--no-hardware', '--base-image', BASE_IMAGE]);
  paths.slowRunBundle = path.join(base, 'slow-run.rbundle');
  await ok([
    'create',
    paths.slowRun,
    '-o',
    paths.slowRunBundle,
    '--no-hardware',
    '--base-image',
    BASE_IMAGE,
    '--run',
    `python3 -c "print('running-now', flush=True); import time; time.sleep(61)"`,
  ]);
  await mkdir(env['REPROBUNDLE_WORK_DIR'] as string, { recursive: true });
  app = await serveCli(env);
}, 300_000);

afterAll(async () => {
  await app.stop(); // fails the file if the server logged a failure that escaped its operation
  await rm(base, { recursive: true, force: true });
});

/** Starts an operation and drops its connection at the first progress line `when` accepts. */
async function dropWhen(operation: string, request: unknown, when: (line: string) => boolean): Promise<string[]> {
  const controller = new AbortController();
  const response = await fetch(`${app.origin}/api/op/${operation}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json', Origin: app.origin },
    body: JSON.stringify(request),
    signal: controller.signal,
  });
  const reader = response.body?.getReader();
  const seen: string[] = [];
  let buffered = '';
  const decoder = new TextDecoder();
  for (;;) {
    const chunk = await reader?.read();
    if (chunk === undefined || chunk.done)
      throw new Error(`${operation} ended before the drop point:\n${seen.join('\n')}`);
    buffered += decoder.decode(chunk.value, { stream: true });
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    seen.push(...lines);
    if (lines.some(when)) break;
  }
  controller.abort();
  await reader?.cancel().catch(() => undefined);
  return seen;
}

const phase = (name: string) => (line: string) => line.includes(`"phase":"${name}"`);
const logLine = (text: string) => (line: string) => line.includes(text);

/** What the server left: its containers (by owner label), build steps still running, partial files. */
async function leftovers(): Promise<string[]> {
  const found: string[] = [];
  const containers = execFileSync('docker', [
    'ps',
    '-a',
    '--filter',
    `label=${MANAGED_LABEL}`,
    '--filter',
    `label=${OWNER_PID_LABEL}=${app.pid}`,
    '--format',
    '{{.ID}} {{.Status}}',
  ])
    .toString()
    .trim();
  if (containers !== '') found.push(`containers: ${containers}`);
  const steps = execFileSync('docker', ['ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.Command}}'])
    .toString()
    .split('\n')
    .filter((line) => line.includes('building-now') || line.includes('postBuild'));
  found.push(...steps.map((line) => `build step: ${line}`));
  for (const name of await readdir(paths.out)) found.push(`in the output folder: ${name}`);
  for (const name of await readdir(path.join(base))) if (name.startsWith('.')) found.push(`beside the inputs: ${name}`);
  return found;
}

async function expectServerClean(): Promise<void> {
  // The cancellation runs its clean-up after the connection closed: give it a moment.
  let found: string[] = [];
  for (let attempt = 0; attempt < 30; attempt += 1) {
    found = await leftovers();
    if (found.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(found).toEqual([]);
  const info = await fetch(`${app.origin}/api/op/appInfo`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json', Origin: app.origin },
    body: '{}',
  });
  expect(await info.text(), app.output()).toContain('"type":"result"');
}

describe('an operation whose connection is dropped part-way', () => {
  it('scan: the server answers and nothing is left', async () => {
    await dropWhen('scanProject', { projectDir: paths.many, hardware: false }, () => true);
    await expectServerClean();
  });

  it('verify, mid worker batch', async () => {
    await dropWhen('verifyBundle', { file: paths.bundle }, phase('verify'));
    await expectServerClean();
  });

  it('create, while archiving', async () => {
    await dropWhen(
      'createBundle',
      { content: { projectDir: paths.many, hardware: false, run: 'true' }, output: path.join(paths.out, 'x.rbundle') },
      phase('archive'),
    );
    await expectServerClean();
  });

  it('export, while writing the copy', async () => {
    await dropWhen(
      'exportBundle',
      { file: paths.bundle, kind: 'camera-ready', output: path.join(paths.out, 'copy.zip') },
      phase('write'),
    );
    await expectServerClean();
  });

  it('synth, while reading the table', async () => {
    await dropWhen(
      'synthesizeFile',
      { input: paths.table, output: path.join(paths.out, 'sample.csv'), rows: 1000 },
      phase('read'),
    );
    await expectServerClean();
  });

  it('pre-flight, while its command runs', async () => {
    await dropWhen(
      'preflightRun',
      {
        content: {
          projectDir: paths.slowRun,
          hardware: false,
          baseImage: BASE_IMAGE,
          run: `python3 -c "print('running-now', flush=True); import time; time.sleep(61)"`,
        },
        runs: 1,
      },
      logLine('running-now'),
    );
    await expectServerClean();
  }, 120_000);

  it('replay, while the image builds', async () => {
    await dropWhen('replayBundle', { file: paths.slowBuildBundle }, logLine('building-now'));
    await expectServerClean();
  }, 120_000);

  it('replay, while its command runs', async () => {
    await dropWhen('replayBundle', { file: paths.slowRunBundle }, logLine('running-now'));
    await expectServerClean();
  }, 120_000);
});
