// Starts the real, built CLI (`node out/main/cli.js serve --port 0`) as a child process and
// reads the URL it prints, as a user would. Used by the CLI tests and the browser tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STRAY_FAILURE_TAG } from '../../main/shared/error-text';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO_ROOT, 'out', 'main', 'cli.js');

export interface ServedApp {
  url: string;
  origin: string;
  token: string;
  port: number;
  /** The server's process: the engine's containers carry it as their owner label. */
  pid: number;
  output: () => string;
  stop: () => Promise<number | null>;
}

export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (\`npm test\` does).`);
}

export async function serveCli(env: Record<string, string> = {}, extraArgs: string[] = []): Promise<ServedApp> {
  requireBuiltCli();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...extraArgs], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 15 s:\n${output}`)), 15_000);
    const check = (): void => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${String(code)} before printing a URL:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    port: Number(parsed.port),
    pid: child.pid ?? 0,
    output: () => output,
    stop: () => stop(child, () => output),
  };
}

/** Stops the server; fails the test when it printed a failure that escaped its operation. */
async function stop(child: ChildProcess, output: () => string): Promise<number | null> {
  const code =
    child.exitCode !== null || child.signalCode !== null
      ? child.exitCode
      : await new Promise<number | null>((resolve) => {
          child.once('exit', (exitCode) => resolve(exitCode));
          child.kill('SIGTERM');
        });
  const stray = output()
    .split('\n')
    .filter((line) => line.startsWith(STRAY_FAILURE_TAG));
  if (stray.length > 0)
    throw new Error(`the server logged failures that escaped their operation:\n${stray.join('\n')}`);
  return code;
}
