// Issue 13: the Docker engine going away during a run is reported as that, never as the run's own
// exit status (137, "out of memory?"), nor as the build failing. A private engine (its own socket,
// data-root, exec-root and pidfile; never the shared one) is stopped while the bundle's command
// runs, started again, stopped while an image builds, and started again: a replay after each
// restart works as if nothing had happened.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { connectDocker, resolveDockerEndpoint } from '../../../../main/core/docker/engine';
import { ReproError } from '../../../../main/core/errors';
import { replayBundle } from '../../../../main/core/replay/replay-bundle';
import { ephemeralSigningKey } from '../../../../main/core/signing/keys';
import { BASE_IMAGE, requireBaseImage, requireDocker } from '../../../helpers/docker';
import { REPO_ROOT } from '../../../helpers/serve-cli';

let work: string;
let engine: ChildProcess | undefined;
let socket: string;

async function startPrivateEngine(): Promise<void> {
  socket = path.join(work, 'engine.sock');
  engine = spawn(
    'dockerd',
    [
      '--data-root',
      path.join(work, 'data'),
      '--exec-root',
      path.join(work, 'exec'),
      '--pidfile',
      path.join(work, 'dockerd.pid'),
      '-H',
      `unix://${socket}`,
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
    ],
    { stdio: 'ignore' },
  );
  const docker = connectDocker(resolveDockerEndpoint(`unix://${socket}`));
  for (let attempt = 0; attempt < 60; attempt += 1) {
    if (
      await docker.ping().then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await docker.ping();
  // The base image, from the shared engine into the private one.
  execFileSync('sh', ['-c', `docker save ${BASE_IMAGE} | docker -H unix://${socket} load`], { stdio: 'ignore' });
}

beforeAll(async () => {
  await requireBaseImage(await requireDocker());
  work = await mkdtemp(path.join(tmpdir(), 'rb-engine-gone-'));
  await startPrivateEngine();
}, 120_000);

/** Stops the private engine as `systemctl stop docker` would, and waits until it is gone. */
async function stopPrivateEngine(): Promise<void> {
  const stopping = engine;
  if (stopping === undefined || stopping.exitCode !== null) return;
  await new Promise((resolve) => {
    stopping.once('exit', resolve);
    stopping.kill('SIGTERM');
  });
}

const replayOn = (bundle: string, onLog?: (source: 'build' | 'run', line: string) => void): Promise<unknown> =>
  replayBundle({
    file: bundle,
    docker: connectDocker(resolveDockerEndpoint(`unix://${socket}`)),
    workRoot: path.join(work, 'replays'),
    cacheDir: path.join(work, 'cache'),
    ...(onLog === undefined ? {} : { onLog }),
  }).catch((error: unknown) => error);

async function bundleOf(name: string, options: { run?: string; files?: Record<string, string> } = {}): Promise<string> {
  const project = path.join(work, name);
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  for (const [file, text] of Object.entries(options.files ?? {})) await writeFile(path.join(project, file), text);
  const bundle = path.join(work, `${name}.rbundle`);
  await createBundle({
    projectDir: project,
    output: bundle,
    key: ephemeralSigningKey('Ada'),
    baseImage: BASE_IMAGE,
    hardware: false,
    ...(options.run === undefined ? {} : { run: options.run }),
  });
  return bundle;
}

afterAll(async () => {
  engine?.kill('SIGKILL');
  execFileSync('sh', ['-c', `grep ' ${work}/' /proc/mounts | cut -d' ' -f2 | sort -r | xargs -r umount -l`]);
  await rm(work, { recursive: true, force: true });
});

describe('the engine going away', () => {
  it('mid-run is reported as the engine stopping, not as the run exiting 137', async () => {
    const bundle = await bundleOf('slow-run', {
      run: `python3 -c "print('started', flush=True); import time; time.sleep(120)"`,
    });
    const outcome = await replayOn(bundle, (source, line) => {
      // The command is running: the engine is stopped now.
      if (source === 'run' && line.includes('started')) void stopPrivateEngine();
    });
    expect(outcome).toBeInstanceOf(ReproError);
    expect((outcome as ReproError).code).toBe('docker-unreachable');
    expect((outcome as ReproError).message).toContain('The Docker engine stopped answering during the run');
  });

  it('mid-build is reported as the engine stopping, and a replay after its restart reproduces', async () => {
    await stopPrivateEngine();
    await startPrivateEngine();
    const bundle = await bundleOf('slow-build', {
      files: { postBuild: '#!/bin/sh\necho building-now\nsleep 120\n' },
    });
    const outcome = await replayOn(bundle, (source, line) => {
      if (source === 'build' && line.includes('building-now')) void stopPrivateEngine();
    });
    expect(outcome, JSON.stringify(outcome, null, 1).slice(0, 3000)).toBeInstanceOf(ReproError);
    expect((outcome as ReproError).code).toBe('docker-unreachable');
    expect((outcome as ReproError).message).toContain('The Docker engine stopped answering during the build');

    await startPrivateEngine();
    const after = await replayOn(await bundleOf('after-restart'));
    expect((after as { verdict?: string }).verdict, String(after)).toBe('REPRODUCED');
  });
});
