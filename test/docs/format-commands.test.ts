// The by-hand verification in docs/FORMAT.md, executed as written (with the bundle's path
// substituted) against a real bundle: it must pass on a genuine bundle and fail on altered ones.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../main/core/create/create-bundle';
import { generateKey, loadSigningKey } from '../../main/core/signing/keys';
import { makeFixtureProject, type FixtureProject } from '../helpers/fixture-project';
import { rewriteBundle } from '../helpers/rewrite-bundle';
import { REPO_ROOT } from '../helpers/serve-cli';

let work: string;
let fixture: FixtureProject;
let bundle: string;
let fingerprint: string;
let commands: string;

beforeAll(async () => {
  const doc = await readFile(path.join(REPO_ROOT, 'docs', 'FORMAT.md'), 'utf8');
  const block = /<!-- verify-by-hand:start -->\s*```sh\n([\s\S]*?)```\s*<!-- verify-by-hand:end -->/.exec(doc);
  if (block?.[1] === undefined) throw new Error('docs/FORMAT.md has no verify-by-hand block');
  commands = block[1];
  work = await mkdtemp(path.join(tmpdir(), 'rb-format-'));
  fixture = await makeFixtureProject({ secrets: false });
  await generateKey({ dir: path.join(work, 'key'), name: 'Ada Author' });
  const key = await loadSigningKey(path.join(work, 'key'));
  fingerprint = key.fingerprint;
  bundle = path.join(work, 'genuine.rbundle');
  await createBundle({ projectDir: fixture.root, output: bundle, key, hardware: false });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await rm(path.dirname(fixture.root), { recursive: true, force: true });
});

async function runDocumented(file: string): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(path.join(work, 'check-'));
  await writeFile(path.join(dir, 'check.sh'), commands.replace('unzip -q example.rbundle', `unzip -q '${file}'`));
  try {
    // As a person runs it: every step runs and prints its verdict.
    const output = execFileSync('bash', ['-uo', 'pipefail', 'check.sh'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: output.includes('Signature Verified Successfully') && !output.includes('FAILED'), output };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('docs/FORMAT.md by-hand verification', () => {
  it('passes on a genuine bundle, printing the signer fingerprint', async () => {
    const result = await runDocumented(bundle);
    expect(result.output).toContain('Signature Verified Successfully');
    expect(result.output).toContain(fingerprint);
    expect(result.output).toContain('ok: SHA256SUMS is the one the manifest lists');
    expect(result.output).toContain('ok: every file matches');
    expect(result.output).toContain('ok: exactly the listed files');
    expect(result.ok).toBe(true);
  });

  it('fails on a changed file', async () => {
    const target = path.join(work, 'changed.rbundle');
    await rewriteBundle(bundle, target, (entries) => {
      const entry = entries.get('project/src/train.py');
      if (entry !== undefined) entry.data = Buffer.from(`${entry.data.toString('utf8')}# changed\n`);
    });
    const result = await runDocumented(target);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('project/src/train.py: FAILED');
    expect(result.output).toContain('FAILED: files changed');
  });

  it('fails on a changed manifest', async () => {
    const target = path.join(work, 'manifest.rbundle');
    await rewriteBundle(bundle, target, (entries) => {
      const entry = entries.get('bundle.json');
      if (entry !== undefined)
        entry.data = Buffer.from(entry.data.toString('utf8').replace('"Ada Author"', '"Eve Impostor"'));
    });
    const result = await runDocumented(target);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('Signature Verification Failure');
  });

  it('fails on an added file', async () => {
    const target = path.join(work, 'added.rbundle');
    await rewriteBundle(bundle, target, (entries) =>
      entries.set('project/backdoor.py', { data: Buffer.from('import os\n'), executable: false }),
    );
    const result = await runDocumented(target);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('> project/backdoor.py');
    expect(result.output).toContain('FAILED: files added or missing');
  });

  it('the openssl tools used are the ones the doc names', () => {
    expect(execFileSync('openssl', ['version'], { encoding: 'utf8' })).toMatch(/^OpenSSL 3\./);
  });
});
