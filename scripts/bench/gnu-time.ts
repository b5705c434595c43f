// Wall time and peak RSS of a command, as GNU time measures them: the one way the benchmarks time
// a process (ReproBundle's CLI and the tools it is compared with alike).
import { spawnSync } from 'node:child_process';

export interface Measure {
  seconds: number;
  rssMB: number;
}

export function timed(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Measure {
  const result = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %M', command, ...args], {
    ...options,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = result.stderr
    .split('\n')
    .reverse()
    .find((text) => text.startsWith('BENCH '));
  if (result.status !== 0 || line === undefined)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  const [, seconds, kb] = line.split(' ');
  return { seconds: Number(seconds), rssMB: Number(kb) / 1024 };
}

/** The middle value (the upper middle of an even count): the benchmarks' median of runs. */
export const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
