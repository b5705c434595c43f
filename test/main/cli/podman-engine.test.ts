// Any Docker-API engine works (issue 20): the CLI's replay and evaluate through Podman's
// Docker-compatible socket (root Podman 4.3, served by scripts/setup-test-env.sh), unchanged —
// a smoke subset: an honest bundle REPRODUCED, an evaluation of a folder, locally and as a Slurm
// array whose tasks use Podman on the node — and through a tcp:// engine on loopback.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, connect, type AddressInfo } from 'node:net';
import { resolveDockerEndpoint } from '../../../main/core/docker/engine';
import { requirePodman, requireSlurm } from '../../helpers/docker';
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

  /** Evaluates the season two at a time with these options; expects the honest and inflated verdicts. */
  async function evaluateSeason(out: string, options: string[] = []): Promise<void> {
    const result = await run([
      'evaluate',
      path.join(work, 'season'),
      ...options,
      '--out',
      out,
      '--jobs',
      '2',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(1);
    const verdicts = (JSON.parse(result.stdout) as { file: string; verdict: string }[]).map(
      (row) => `${path.basename(row.file)} ${row.verdict}`,
    );
    expect(verdicts).toEqual(['honest.rbundle REPRODUCED', 'inflated.rbundle MISMATCH']);
  }

  it('evaluates a folder two at a time', async () => {
    await evaluateSeason(path.join(work, 'results'));
  });

  it('evaluates the folder as a two-task Slurm array, each task replaying through Podman on the node', async () => {
    await requireSlurm();
    await evaluateSeason(path.join(work, 'slurm-results'), ['--engine', 'slurm']);
  });
});

describe('through a tcp:// engine on loopback', () => {
  it('replays a bundle to REPRODUCED with DOCKER_HOST=tcp://127.0.0.1:<port>', async () => {
    // A TCP endpoint in front of the local engine's socket, as a remote daemon would be reached.
    const socketPath = resolveDockerEndpoint(process.env['DOCKER_HOST']).options.socketPath;
    expect(socketPath).toBeDefined();
    const proxy = createServer((client) => {
      const engine = connect(socketPath as string);
      client.pipe(engine).pipe(client);
      const close = (): void => {
        client.destroy();
        engine.destroy();
      };
      client.on('error', close);
      engine.on('error', close);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const tcpWork = path.join(work, 'tcp');
      const overTcp = (args: string[]) =>
        runCli(args, { ...cliFolders(tcpWork), DOCKER_HOST: `tcp://127.0.0.1:${port}` });
      // Made and replayed through the tcp:// endpoint (the base image pinned by that engine's digest).
      await mkdir(tcpWork);
      const season = await makeSeason(tcpWork, overTcp);
      const replayed = await overTcp(['replay', path.join(season, 'honest.rbundle')]);
      expect(replayed.code, replayed.stderr).toBe(0);
      expect(replayed.stdout).toContain('REPRODUCED');
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
