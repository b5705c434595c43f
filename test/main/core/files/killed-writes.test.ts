// Fault injection (issue 13): a process killed with SIGKILL in the middle of every kind of write
// ReproBundle makes — a bundle, an export, an attestation, a replay report, a synthetic sample,
// a key, the trusted signers, the settings, the recent bundles — never leaves a half-written
// file where the file belongs: it is the old one, the new one, or absent. The next write of the
// same file removes what the killed process left behind. Each kind is killed at several random
// moments, through the product's own code in a real process (test/.../killable-writer.worker.ts).
import { fork } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../../main/core/open/verify-bundle';
import { loadRecentBundles, loadSettings } from '../../../../main/core/settings';
import { readStoredKey } from '../../../../main/core/signing/key-store';
import { loadSigningKey } from '../../../../main/core/signing/keys';
import { TrustStore } from '../../../../main/core/signing/trust-store';
import { readReplayReport } from '../../../../main/core/submission/attestation';
import { BASE_IMAGE, requireBaseImage, requireDocker } from '../../../helpers/docker';
import { cliFolders, runCli } from '../../../helpers/run-cli';
import { REPO_ROOT, requireBuiltCli } from '../../../helpers/serve-cli';
import { TEST_WORKERS_DIR } from '../../../setup/build-workers';

const WRITER = path.join(REPO_ROOT, TEST_WORKERS_DIR, 'killable-writer.js');
/** Kills per kind of write: each once the writer has written a first time, a random while after. */
const KILLS = 8;

let base: string;
const inputs = { project: '', bundle: '', table: '', report: '', work: '' };

beforeAll(async () => {
  requireBuiltCli();
  await requireBaseImage(await requireDocker());
  base = await mkdtemp(path.join(tmpdir(), 'rb-killed-'));
  inputs.work = path.join(base, 'work');
  inputs.project = path.join(base, 'project');
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), inputs.project, { recursive: true });
  const rows = ['id,age,income,city'];
  for (let index = 0; index < 3000; index += 1)
    rows.push(`${index},${20 + (index % 50)},${1000 + index * 7},c${index % 9}`);
  inputs.table = path.join(base, 'people.csv');
  await writeFile(inputs.table, `${rows.join('\n')}\n`);
  // A real replay gives the report the report and attestation writers save.
  const env: Record<string, string> = {
    ...cliFolders(path.join(base, 'cli')),
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  inputs.bundle = path.join(base, 'example.rbundle');
  await runCli(['keygen', '--name', 'Ada Lovelace'], env);
  const created = await runCli(
    ['create', inputs.project, '-o', inputs.bundle, '--base-image', BASE_IMAGE, '--no-hardware'],
    env,
  );
  if (created.code !== 0) throw new Error(`create failed:\n${created.stderr}`);
  await mkdir(env['REPROBUNDLE_WORK_DIR'] as string, { recursive: true });
  const replay = await runCli(['replay', inputs.bundle, '--json'], env);
  const report = JSON.parse(replay.stdout) as { verdict: string; workDir: string };
  expect(report.verdict, replay.stderr).toBe('REPRODUCED');
  inputs.report = path.join(report.workDir, 'report.json');
}, 240_000);
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/**
 * Runs the writer; resolves with what it printed once it exits: after `times` writes, or killed
 * `killWithinMs` (at random) after its first write, so the kill lands inside the write loop.
 */
function runWriter(kind: string, target: string, options: { killWithinMs?: number; times?: number }): Promise<string> {
  const child = fork(WRITER, [], {
    stdio: 'pipe',
    env: {
      ...process.env,
      WRITE_KIND: kind,
      WRITE_TARGET: target,
      PROJECT: inputs.project,
      BUNDLE: inputs.bundle,
      TABLE: inputs.table,
      REPORT: inputs.report,
      WORK: inputs.work,
      ...(options.times === undefined ? {} : { WRITE_TIMES: String(options.times) }),
    },
  });
  let output = '';
  let timer: NodeJS.Timeout | undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (options.killWithinMs !== undefined && timer === undefined)
      timer = setTimeout(() => child.kill('SIGKILL'), Math.random() * options.killWithinMs);
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' || code === 0) resolve(output);
      else reject(new Error(`the ${kind} writer failed (${code ?? signal}):\n${output}`));
    });
  });
}

/** Names in `dir` that a write left behind (temporary files and folders). */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((name) => name.includes('.partial-'));
}

interface Kind {
  /** The file (or, for keys, the folder of key folders) the writer writes. */
  target: string;
  /** About how long one write takes: kills land within it. */
  writeMs: number;
  /** Throws when what is at the target is not a whole, sound file. */
  check(): Promise<void>;
}

const exists = async (file: string): Promise<boolean> =>
  readFile(file).then(
    () => true,
    () => false,
  );

const kinds: Record<string, () => Kind> = {
  bundle: () => bundleKind(path.join(base, 'out-bundle', 'result.rbundle')),
  export: () => bundleKind(path.join(base, 'out-export', 'review.zip')),
  settings: () => {
    const target = path.join(base, 'out-settings', 'settings.json');
    return { target, writeMs: 20, check: async () => void (await loadSettings(path.dirname(target))) };
  },
  recents: () => {
    const target = path.join(base, 'out-recents', 'recent-bundles.json');
    return { target, writeMs: 20, check: async () => void (await loadRecentBundles(path.dirname(target))) };
  },
  trust: () => {
    const target = path.join(base, 'out-trust', 'trusted-signers.json');
    return { target, writeMs: 20, check: async () => void (await TrustStore.load(path.dirname(target))) };
  },
  keys: () => {
    const target = path.join(base, 'out-keys');
    return {
      target,
      writeMs: 20,
      check: async () => {
        for (const name of await readdir(target).catch(() => [] as string[])) {
          if (name.startsWith('.')) continue; // a write in progress, never a key
          const key = await readStoredKey(path.join(target, name));
          if (key === undefined) throw new Error(`${name} is a key folder without a whole key`);
          await loadSigningKey(path.join(target, name), { name: key.name });
        }
      },
    };
  },
  synth: () => {
    const target = path.join(base, 'out-synth', 'sample.csv');
    return {
      target,
      writeMs: 150,
      check: async () => {
        if (!(await exists(target))) return;
        const lines = (await readFile(target, 'utf8')).split('\n');
        expect(lines.at(-1)).toBe('');
        expect(lines.length - 2).toBe(5000);
      },
    };
  },
  report: () => {
    const target = path.join(base, 'out-report', 'report.json');
    return {
      target,
      writeMs: 20,
      check: async () => void ((await exists(target)) && (await readReplayReport(target))),
    };
  },
  attestation: () => {
    const target = path.join(base, 'out-attestation', 'result.intoto.json');
    return {
      target,
      writeMs: 40,
      check: async () => {
        if (await exists(target)) JSON.parse(await readFile(target, 'utf8'));
      },
    };
  },
};

function bundleKind(target: string): Kind {
  return {
    target,
    writeMs: 400,
    check: async () => {
      if (!(await exists(target))) return;
      const report = await verifyBundle(target);
      if (!report.valid) throw new Error(`${target} does not verify: ${report.problems.join('; ')}`);
    },
  };
}

describe('a process killed while it writes', () => {
  for (const [name, make] of Object.entries(kinds)) {
    it(`leaves a whole ${name} or none, and the next write cleans up after it`, async () => {
      const kind = make();
      const folder = name === 'keys' ? kind.target : path.dirname(kind.target);
      await mkdir(folder, { recursive: true });
      for (let kill = 0; kill < KILLS; kill += 1) {
        await runWriter(name, kind.target, { killWithinMs: kind.writeMs });
        await kind.check();
      }
      // A whole write after the kills: sound, and nothing the killed writers left remains.
      await runWriter(name, kind.target, { times: 1 });
      await kind.check();
      expect(await leftovers(folder)).toEqual([]);
    }, 120_000);
  }
});
