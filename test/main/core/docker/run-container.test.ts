// runContainer against the real engine and the offline base image: the command runs, and every
// sandbox rule of docs/security.md holds inside the container, checked from inside it.
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGED_LABEL, runContainer } from '../../../../main/core/docker/run-container';
import { CancelledError, type ReproError } from '../../../../main/core/errors';
import { requireBaseImage, requireDocker } from '../../../helpers/docker';

let docker: Docker;
let image: string;
let inputs: string;

beforeAll(async () => {
  docker = await requireDocker();
  image = await requireBaseImage(docker);
  inputs = await mkdtemp(path.join(tmpdir(), 'rb-inputs-'));
  await writeFile(path.join(inputs, 'data.txt'), 'input data\n');
  await chmod(inputs, 0o755);
});

afterAll(async () => {
  await rm(inputs, { recursive: true, force: true });
});

const python = (code: string): string[] => ['python3', '-c', code];

describe('runContainer', () => {
  it('runs a Python command from the base image and returns its output and exit code', async () => {
    const result = await runContainer(docker, {
      image,
      command: python('import numpy, yaml, sys; print("sum", int(numpy.arange(10).sum())); sys.exit(3)'),
      timeoutMs: 60_000,
    });
    expect(result.stdout.trim()).toBe('sum 45');
    expect(result.exitCode).toBe(3);
    expect(result.timedOut).toBe(false);
  });

  it('applies the sandbox: non-root, no capabilities, no-new-privileges, no network, read-only root, writable /tmp', async () => {
    const probe = `
import os, json
status = dict(line.split(":\\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\\t" in line)
def can_write(p):
    try:
        open(p, "w").write("x"); return True
    except OSError:
        return False
print(json.dumps({
  "uid": os.getuid(), "gid": os.getgid(),
  "cap_eff": status["CapEff"].strip(), "cap_bnd": status["CapBnd"].strip(),
  "no_new_privs": status["NoNewPrivs"].strip(),
  "interfaces": sorted(os.listdir("/sys/class/net")),
  "root_writable": can_write("/etc/reprobundle-test"),
  "tmp_writable": can_write("/tmp/reprobundle-test"),
  "docker_sock": os.path.exists("/var/run/docker.sock"),
}))`;
    const result = await runContainer(docker, { image, command: python(probe), timeoutMs: 60_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      uid: 65534,
      gid: 65534,
      cap_eff: '0000000000000000',
      cap_bnd: '0000000000000000',
      no_new_privs: '1',
      interfaces: ['lo'],
      root_writable: false,
      tmp_writable: true,
      docker_sock: false,
    });
  });

  it('enforces the memory and pids limits it was given', async () => {
    // cgroup v1 and v2 keep the limits in different files; read whichever this engine uses.
    const readLimits = `
import os
def first(*paths):
    for p in paths:
        if os.path.exists(p):
            return open(p).read().strip()
print(first("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory.max"))
print(first("/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/pids.max"))`;
    const result = await runContainer(docker, {
      image,
      command: python(readLimits),
      limits: { memoryBytes: 256 * 1024 * 1024, cpus: 1, pids: 64 },
      timeoutMs: 60_000,
    });
    expect(result.stdout.trim().split('\n')).toEqual([String(256 * 1024 * 1024), '64']);
  });

  it('mounts inputs read-only', async () => {
    const result = await runContainer(docker, {
      image,
      command: python(`
print(open("/inputs/data.txt").read().strip())
try:
    open("/inputs/new.txt", "w")
    print("WROTE")
except OSError as e:
    print("refused", e.errno)`),
      mounts: [{ source: inputs, target: '/inputs', readOnly: true }],
      timeoutMs: 60_000,
    });
    expect(result.stdout.trim().split('\n')).toEqual(['input data', 'refused 30']); // EROFS
  });

  it('kills a run that exceeds its timeout', async () => {
    const started = Date.now();
    const result = await runContainer(docker, { image, command: ['sleep', '60'], timeoutMs: 1_500 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('stops and removes the container when cancelled', async () => {
    const controller = new AbortController();
    const run = runContainer(docker, {
      image,
      command: python('import time; print("started", flush=True); time.sleep(60)'),
      timeoutMs: 60_000,
      signal: controller.signal,
      onOutput: (_stream, text) => {
        if (text.includes('started')) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });

  it('refuses to mount the Docker socket', async () => {
    await expect(
      runContainer(docker, {
        image,
        command: ['true'],
        mounts: [{ source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: true }],
        timeoutMs: 10_000,
      }),
    ).rejects.toMatchObject({ code: 'docker-socket-mount' } satisfies Partial<ReproError>);
  });

  it('leaves no container behind', async () => {
    const leftovers = await docker.listContainers({ all: true, filters: { label: [`${MANAGED_LABEL}=true`] } });
    expect(leftovers).toEqual([]);
  });
});
