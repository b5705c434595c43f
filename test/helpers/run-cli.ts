// Runs the built CLI to completion as a user would, and returns its exit code and output
// (a failing exit is a result to assert on, not a thrown error).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLI } from './serve-cli';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The environment that gives the CLI its own config, work and cache folders under `work`. */
export function cliFolders(work: string): Record<string, string> {
  return {
    REPROBUNDLE_CONFIG_DIR: path.join(work, 'config'),
    REPROBUNDLE_WORK_DIR: path.join(work, 'replays'),
    REPROBUNDLE_CACHE_DIR: path.join(work, 'cache'),
  };
}
