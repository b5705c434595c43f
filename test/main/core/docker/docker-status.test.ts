// probeDocker against the real engine, and against addresses where no engine answers.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectDocker, resolveDockerEndpoint } from '../../../../main/core/docker/engine';
import { probeDocker } from '../../../../main/core/docker/docker-status';
import { requireDocker } from '../../../helpers/docker';

describe('probeDocker', () => {
  it('reports the version the engine itself reports', async () => {
    await requireDocker();
    const endpoint = resolveDockerEndpoint();
    const status = await probeDocker(connectDocker(endpoint), endpoint);
    const fromCli = execFileSync('docker', ['version', '--format', '{{.Server.Version}} {{.Server.APIVersion}}'], {
      encoding: 'utf8',
    }).trim();
    expect(status.reachable).toBe(true);
    if (!status.reachable) return;
    expect(`${status.version} ${status.apiVersion}`).toBe(fromCli);
    expect(status.os).toBe('linux');
    expect(status.endpoint).toBe(endpoint.description);
  });

  it('says a socket that does not exist is not an engine, with the fix', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rb-nodocker-'));
    try {
      const endpoint = resolveDockerEndpoint(`unix://${dir}/docker.sock`);
      const status = await probeDocker(connectDocker(endpoint), endpoint);
      expect(status).toMatchObject({ reachable: false, endpoint: `unix://${dir}/docker.sock` });
      if (status.reachable) return;
      expect(status.reason).toContain('No Docker engine socket');
      expect(status.fix).toContain('DOCKER_HOST');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives up on an address that accepts connections but never answers', async () => {
    const silent = createServer(() => undefined); // accepts, never replies
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const endpoint = resolveDockerEndpoint(`tcp://127.0.0.1:${port}`);
      const started = Date.now();
      const status = await probeDocker(connectDocker(endpoint), endpoint, 300);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(status).toMatchObject({ reachable: false });
      if (!status.reachable) expect(status.reason).toContain('no answer within 0.3 s');
    } finally {
      silent.close();
    }
  });
});
