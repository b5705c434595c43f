// The built command line (out/main/cli.js), run as a user runs it.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { rawRequest } from '../../helpers/http';
import { requireDocker } from '../../helpers/docker';
import { runCli } from '../../helpers/run-cli';
import { requireBuiltCli, serveCli } from '../../helpers/serve-cli';

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, env);

beforeAll(() => requireBuiltCli());

describe('reprobundle CLI', () => {
  it('lists its commands in --help and prints the package version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^\s+serve \[options\]/m);
    expect(help.stdout).toMatch(/^\s+status \[options\]/m);
    expect((await run(['--version'])).stdout.trim()).toBe(packageJson.version);
  });

  it('rejects a bad option with exit code 2, naming the option and the fix', async () => {
    const result = await run(['serve', '--port', '70000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port: must be between 0 and 65535');
    expect(result.stderr).toContain('reprobundle serve --help');
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('clean lists, dry-runs and removes old replay folders, and refuses a negative age', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'rb-clean-'));
    const old = path.join(work, 'replay-old');
    await mkdir(old);
    await writeFile(path.join(old, 'report.json'), '{}');
    const monthAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    await utimes(path.join(old, 'report.json'), monthAgo, monthAgo);
    await utimes(old, monthAgo, monthAgo);
    const env = { REPROBUNDLE_WORK_DIR: work };
    const listed = JSON.parse((await runCli(['clean', '--list', '--json'], env)).stdout) as {
      folders: { path: string }[];
    };
    expect(listed.folders.map((folder) => folder.path)).toEqual([old]);
    const dry = await runCli(['clean', '--dry-run'], env);
    expect(dry.stdout).toContain('Would remove 1 folder');
    await stat(old);
    const removed = await runCli(['clean'], env);
    expect(removed.code).toBe(0);
    await expect(stat(old)).rejects.toThrow();
    expect((await runCli(['clean', '--older-than', '-1'], env)).code).toBe(2);
    await rm(work, { recursive: true, force: true });
  });

  it('status reports the real engine, and exits 1 with the fix when none answers', async () => {
    await requireDocker();
    const ok = await run(['status', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ docker: { reachable: true } });

    const missing = await run(['status'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('NOT reachable at unix:///nonexistent/docker.sock');
    expect(missing.stdout).toContain('fix:');
  });

  it('serve prints a loopback URL with a token, serves the UI there, and stops on SIGTERM', async () => {
    const app = await serveCli();
    try {
      expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
      const page = await rawRequest({ port: app.port, path: '/', headers: { Authorization: `Bearer ${app.token}` } });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root">');
      expect((await rawRequest({ port: app.port, path: '/' })).status).toBe(401);
    } finally {
      expect(await app.stop()).toBe(0);
    }
  });

  it('serve refuses a port that is taken, with the fix', async () => {
    const first = await serveCli();
    try {
      const second = await run(['serve', '--port', String(first.port)]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`Port ${first.port} on 127.0.0.1 is already in use`);
      expect(second.stderr).toContain('--port 0');
    } finally {
      await first.stop();
    }
  });

  it('serve --open hands the tokenised URL to the system opener', async () => {
    // A stand-in `xdg-open` first on PATH records what it was asked to open.
    const bin = await mkdtemp(path.join(tmpdir(), 'rb-opener-'));
    const record = path.join(bin, 'opened.txt');
    await writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
    await chmod(path.join(bin, 'xdg-open'), 0o755);
    const app = await serveCli({ PATH: `${bin}:${process.env['PATH'] ?? ''}` }, ['--open']);
    try {
      await expect.poll(() => readFile(record, 'utf8').catch(() => ''), { timeout: 10_000 }).toBe(app.url);
    } finally {
      await app.stop();
      await rm(bin, { recursive: true, force: true });
    }
  });
});
