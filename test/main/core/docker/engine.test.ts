// How DOCKER_HOST values map to dockerode connection options, and what connecting loads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { resolveDockerEndpoint } from '../../../../main/core/docker/engine';

describe('resolveDockerEndpoint', () => {
  it('defaults to the platform socket', () => {
    expect(resolveDockerEndpoint('').options).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(resolveDockerEndpoint('').description).toBe('unix:///var/run/docker.sock');
  });

  it('reads unix sockets', () => {
    expect(resolveDockerEndpoint('unix:///run/user/1000/docker.sock').options).toEqual({
      socketPath: '/run/user/1000/docker.sock',
    });
  });

  it("reads tcp and https addresses, with Docker's default port", () => {
    expect(resolveDockerEndpoint('tcp://127.0.0.1:2376').options).toEqual({
      protocol: 'http',
      host: '127.0.0.1',
      port: 2376,
    });
    expect(resolveDockerEndpoint('tcp://127.0.0.1').options).toEqual({
      protocol: 'http',
      host: '127.0.0.1',
      port: 2375,
    });
    expect(resolveDockerEndpoint('https://127.0.0.1:2376').options).toMatchObject({ protocol: 'https' });
  });
});

describe('connectDocker', () => {
  // A fresh process: the test runner's own module cache may hold these modules already.
  it('connects without loading BuildKit sessions or the SSH transport, which load on their first use', () => {
    // Inside the project (as scripts/run-ts.mjs does), so that the probe resolves dockerode.
    mkdirSync(path.resolve('node_modules', '.cache'), { recursive: true });
    const dir = mkdtempSync(path.resolve('node_modules', '.cache', 'rb-engine-'));
    try {
      const script = path.join(dir, 'probe.mjs');
      buildSync({
        stdin: {
          contents: `
            import { createRequire } from 'node:module';
            import { connectDocker } from ${JSON.stringify(path.resolve('main/core/docker/engine.ts'))};
            const require = createRequire(${JSON.stringify(path.resolve('package.json'))});
            const loaded = () => {
              const files = Object.keys(require.cache);
              const has = (name) => files.some((file) => file.includes('/node_modules/' + name + '/'));
              return { ssh2: has('ssh2'), grpc: has('@grpc/grpc-js'), protobufjs: has('protobufjs') };
            };
            const docker = connectDocker({ description: 'none', options: { socketPath: ${JSON.stringify(path.join(dir, 'none.sock'))} } });
            const report = { connected: loaded(), ping: await docker.ping().then(() => 'answered', (error) => error.code) };
            // The stand-ins load the real modules and do their work.
            const withSession = require(require.resolve('dockerode/lib/session', { paths: [process.cwd()] }));
            report.session = await new Promise((resolve) =>
              withSession({ modem: { dial: (options, callback) => callback(new Error('no engine')) } }, null, (error) => resolve(error.message)),
            );
            const Docker = require('dockerode');
            report.ssh = await new Docker({ protocol: 'ssh', host: '127.0.0.1', port: 1, username: 'nobody' })
              .ping()
              .then(() => 'answered', (error) => error.code ?? error.level ?? error.message);
            report.used = loaded();
            console.log(JSON.stringify(report));
          `,
          resolveDir: process.cwd(),
          loader: 'ts',
        },
        outfile: script,
        bundle: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        logLevel: 'silent',
      });
      // docker-modem's own URL for ssh:// warns of a deprecation in Node 20.
      const run = spawnSync(process.execPath, ['--no-deprecation', script], { encoding: 'utf8', timeout: 30_000 });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({
        connected: { ssh2: false, grpc: false, protobufjs: false },
        ping: 'ENOENT',
        session: 'no engine',
        ssh: 'ECONNREFUSED',
        used: { ssh2: true, grpc: true, protobufjs: true },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
