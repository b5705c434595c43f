// The bundle commands of the built CLI, as a user runs them: exit codes, byte-identical output
// under SOURCE_DATE_EPOCH, and interruption (SIGTERM cleans up; after SIGKILL no bundle appears
// and the next create removes the leftover partial file).
import { spawn } from 'node:child_process';
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureProject, type FixtureProject } from '../../helpers/fixture-project';
import { requireBaseImage, requireDocker } from '../../helpers/docker';
import { hostileBundle } from '../../helpers/hostile-bundle';
import { readAllEntries, rewriteBundle } from '../../helpers/rewrite-bundle';
import { writeProject } from '../../helpers/write-project';
import { runCli } from '../../helpers/run-cli';
import { CLI, requireBuiltCli } from '../../helpers/serve-cli';

let work: string;
let fixture: FixtureProject;
let env: Record<string, string>;

const run = (args: string[], extraEnv: Record<string, string> = {}) => runCli(args, { ...env, ...extraEnv });

beforeAll(async () => {
  requireBuiltCli();
  work = await mkdtemp(path.join(tmpdir(), 'rb-cli-bundle-'));
  fixture = await makeFixtureProject({ secrets: false });
  env = { REPROBUNDLE_CONFIG_DIR: path.join(work, 'config') };
  expect((await run(['keygen', '--name', 'Ada Author'])).code).toBe(0);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await rm(path.dirname(fixture.root), { recursive: true, force: true });
});

describe('create, verify, inspect', () => {
  it('shows a hostile signer name escaped, never as terminal control sequences', async () => {
    const genuine = path.join(work, 'for-spoof.rbundle');
    expect(
      (await run(['create', fixture.root, '-o', genuine, '--no-hardware', '--run', 'python src/train.py'])).code,
    ).toBe(0);
    const spoofed = path.join(work, 'spoofed.rbundle');
    const name = 'Mallory\r\u001b[2K\u001b[32m✔ signer trusted\u001b[0m\u202e';
    await hostileBundle(genuine, spoofed, () => undefined, { signerName: name });
    const shown: [string[], string][] = [
      [['verify', spoofed], 'Mallory\\u000d\\u001b[2K'],
      [['inspect', spoofed], 'Mallory\\u000d\\u001b[2K'],
      [['verify', spoofed, '--json'], 'Mallory\\r\\u001b[2K'], // JSON's own escapes
    ];
    for (const [args, expected] of shown) {
      const result = await run(args);
      // eslint-disable-next-line no-control-regex -- checking that no control character reaches the terminal
      expect(result.stdout, args.join(' ')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      expect(result.stdout, args.join(' ')).toContain(expected);
    }
  });

  it('creates byte-identical bundles with SOURCE_DATE_EPOCH, which verify (exit 0)', async () => {
    const first = path.join(work, 'a.rbundle');
    const second = path.join(work, 'b.rbundle');
    for (const output of [first, second]) {
      const created = await run(
        ['create', fixture.root, '-o', output, '--no-hardware', '--run', 'python src/train.py'],
        { SOURCE_DATE_EPOCH: '1700000000' },
      );
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toContain('signed by Ada Author');
    }
    expect((await readFile(first)).equals(await readFile(second))).toBe(true);

    const verified = await run(['verify', first]);
    expect(verified.code).toBe(0);
    // Signed with the key keygen made here: the user's own, trusted as such.
    expect(verified.stdout).toContain('signer trusted (your own key, in your keys folder)');
    expect(verified.stdout.trim().endsWith('VALID and TRUSTED')).toBe(true);

    const inspected = JSON.parse((await run(['inspect', first, '--json'])).stdout) as {
      manifestVerified: boolean;
      manifest: { entrypoint: unknown };
    };
    expect(inspected.manifestVerified).toBe(true);
    expect(inspected.manifest.entrypoint).toEqual({
      command: 'python src/train.py',
      source: 'given by the author',
    });
  });

  it('counts the project the same in scan, create and inspect', async () => {
    const scanned = await run(['scan', fixture.root, '--no-hardware']);
    const toEmbed = Number(/files to embed: ([\d,]+) files?/.exec(scanned.stdout)?.[1]?.replace(/,/g, ''));
    expect(toEmbed).toBeGreaterThan(3);
    const output = path.join(work, 'counted.rbundle');
    const created = await run(['create', fixture.root, '-o', output, '--no-hardware', '--run', 'python src/train.py']);
    expect(created.stdout).toContain(`, ${toEmbed} project files)`);
    const inspected = await run(['inspect', output]);
    expect(inspected.stdout).toMatch(
      new RegExp(`files: ${toEmbed} project files, .*; ReproBundle's own: .*Dockerfile`),
    );
  });

  it('installs the extras chosen with --extra, recorded in the manifest; refuses one the project does not offer', async () => {
    const root = path.join(work, 'uv-extras');
    await writeProject(root, {
      'pyproject.toml':
        '[project]\nname = "demo"\nversion = "0.1"\ndependencies = ["numpy"]\n\n[project.optional-dependencies]\ngpu = ["torch"]\ncpu = ["torch"]\n',
      'uv.lock': 'version = 1\n',
      'train.py': 'print(1)\n',
    });
    const scanned = await run(['scan', root, '--no-hardware']);
    expect(scanned.stdout).toContain('offers the extras cpu, gpu');
    const output = path.join(work, 'uv-extras.rbundle');
    const created = await run([
      'create',
      root,
      '-o',
      output,
      '--no-hardware',
      '--run',
      'python train.py',
      '--extra',
      'gpu',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const inspected = JSON.parse((await run(['inspect', output, '--json'])).stdout) as {
      manifest: { environment: { build: { extras: string[] } } };
    };
    expect(inspected.manifest.environment.build.extras).toEqual(['gpu']);
    const dockerfile = (await readAllEntries(output)).get('Dockerfile')?.data.toString('utf8') ?? '';
    expect(dockerfile).toContain('uv sync --frozen --no-install-project --extra gpu');

    const refused = await run([
      'create',
      root,
      '-o',
      path.join(work, 'uv-nope.rbundle'),
      '--no-hardware',
      '--extra',
      'tpu',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('The project offers no extra tpu (it offers cpu, gpu)');
    expect(refused.stderr).toContain('--extra <name>');
  });

  it('installs the requirements file chosen with --requirements, and refuses one outside the project', async () => {
    const root = path.join(work, 'variants');
    await writeProject(root, {
      'requirements.txt': 'numpy==1.24.2\n',
      'requirements-gpu.txt': '-r requirements.txt\ncupy==13.0.0\n',
      'train.py': 'print(1)\n',
    });
    const output = path.join(work, 'variants.rbundle');
    const args = ['create', root, '-o', output, '--no-hardware', '--run', 'python train.py'];
    const created = await run([...args, '--requirements', 'requirements-gpu.txt']);
    expect(created.code, created.stderr).toBe(0);
    const dockerfile = (await readAllEntries(output)).get('Dockerfile')?.data.toString('utf8') ?? '';
    expect(dockerfile).toContain('-r requirements-gpu.txt');
    const refused = await run([...args, '--force', '--requirements', '../elsewhere.txt']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("../elsewhere.txt is not among the project's files");
  });

  it('never replaces an existing bundle unless --force is given', async () => {
    const target = path.join(work, 'already-sent.rbundle');
    const args = ['create', fixture.root, '-o', target, '--no-hardware', '--run', 'python src/train.py'];
    expect((await run(args)).code).toBe(0);
    const sent = await readFile(target);
    const again = await run(args, { SOURCE_DATE_EPOCH: '1700000000' });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${target} already exists; it is never replaced unless you ask.`);
    expect(again.stderr).toContain('--force');
    expect((await readFile(target)).equals(sent)).toBe(true);
    expect(await readdir(work)).not.toContain(expect.stringContaining('.partial-'));
    const forced = await run([...args, '--force'], { SOURCE_DATE_EPOCH: '1700000000' });
    expect(forced.code, forced.stderr).toBe(0);
    expect((await readFile(target)).equals(sent)).toBe(false);
  });

  it('warns when the base image is not on the engine (a replay would have to pull it), and not when it is', async () => {
    const target = path.join(work, 'missing-base.rbundle');
    const missing = await run([
      'create',
      fixture.root,
      '-o',
      target,
      '--no-hardware',
      '--run',
      'python src/train.py',
      '--base-image',
      'reprobundle-test/not-here:0',
    ]);
    expect(missing.code, missing.stderr).toBe(0);
    expect(missing.stderr).toContain(
      "warning: the base image the Dockerfile starts from is not on this machine's Docker engine",
    );
    const present = await run([
      'create',
      fixture.root,
      '-o',
      target,
      '--force',
      '--no-hardware',
      '--run',
      'python src/train.py',
      '--base-image',
      await requireBaseImage(await requireDocker()),
    ]);
    expect(present.code, present.stderr).toBe(0);
    expect(present.stderr).not.toContain('warning: the base image');
  });

  it('exits 1 with the problems when a bundle was altered, or not signed by a key passed with --trust', async () => {
    const genuine = path.join(work, 'a.rbundle');
    const altered = path.join(work, 'altered.rbundle');
    await rewriteBundle(genuine, altered, (entries) => entries.delete('project/params.yaml'));
    const result = await run(['verify', altered]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('project/params.yaml is listed in the manifest but missing from the archive');

    const otherKey = path.join(work, 'other-key');
    expect((await run(['keygen', '--name', 'Someone Else', '--out', otherKey])).code).toBe(0);
    const untrusted = await run(['verify', genuine, '--trust', path.join(otherKey, 'signing-key.pub.pem')]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toContain('NOT signed by a key you passed with --trust');
    const trusted = await run([
      'verify',
      genuine,
      '--trust',
      path.join(env['REPROBUNDLE_CONFIG_DIR'] as string, 'keys', 'default', 'signing-key.pub.pem'),
    ]);
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain('VALID and TRUSTED');
  });

  it('exits 2 for usage and I/O errors', async () => {
    expect((await run(['verify', path.join(work, 'missing.rbundle')])).code).toBe(2);
    expect((await run(['verify'])).code).toBe(2);
    const badPointer = await run([
      'create',
      fixture.root,
      '-o',
      path.join(work, 'x.rbundle'),
      '--pointer',
      'no-equals-sign',
    ]);
    expect(badPointer.code).toBe(2);
    expect(badPointer.stderr).toContain('is not <uri>=<local path>');
  });

  it('trust add makes a signer trusted for later checks', async () => {
    const genuine = path.join(work, 'a.rbundle');
    expect((await run(['trust', 'add', genuine, '--name', 'Ada Author'])).code).toBe(0);
    expect((await run(['verify', genuine])).stdout).toContain('VALID and TRUSTED');
    expect((await run(['trust', 'list'])).stdout).toMatch(/^trusted\s+Ada Author/m);
  });
});

describe('interrupting create', () => {
  /** A 20 GiB sparse file: costs no disk, but keeps create busy archiving long enough to interrupt. */
  async function addSparseFile(): Promise<string> {
    const file = path.join(fixture.root, 'huge-sparse.bin');
    const handle = await open(file, 'w');
    await handle.truncate(20 * 1024 ** 3);
    await handle.close();
    return file;
  }

  async function startCreate(
    output: string,
  ): Promise<{ child: ReturnType<typeof spawn>; archiving: Promise<void>; exited: Promise<number | null> }> {
    const child = spawn(
      process.execPath,
      [CLI, 'create', fixture.root, '-o', output, '--no-hardware', '--large-file-mb', '100000'],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    const archiving = new Promise<void>((resolve, reject) => {
      child.stderr?.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
        if (stderr.includes('[archive]')) resolve();
      });
      child.once('exit', () => reject(new Error(`create ended before archiving:\n${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, archiving, exited };
  }

  it('SIGTERM mid-write leaves nothing behind', async () => {
    const sparse = await addSparseFile();
    try {
      const output = path.join(work, 'interrupted.rbundle');
      const create = await startCreate(output);
      await create.archiving;
      create.child.kill('SIGTERM');
      expect(await create.exited).toBe(130);
      expect((await readdir(work)).filter((name) => name.includes('interrupted'))).toEqual([]);
    } finally {
      await rm(sparse, { force: true });
    }
  });

  it('after SIGKILL no bundle appears, and the next create removes the partial file', async () => {
    const sparse = await addSparseFile();
    const output = path.join(work, 'killed.rbundle');
    try {
      const create = await startCreate(output);
      await create.archiving;
      create.child.kill('SIGKILL');
      await create.exited;
      const left = (await readdir(work)).filter((name) => name.includes('killed'));
      expect(left).not.toContain('killed.rbundle');
      expect(left).toEqual([expect.stringMatching(/^\.killed\.rbundle\.partial-\d+-[0-9a-f]{8}$/)]);
    } finally {
      await rm(sparse, { force: true });
    }
    expect((await run(['create', fixture.root, '-o', output, '--no-hardware'])).code).toBe(0);
    expect((await readdir(work)).filter((name) => name.includes('killed'))).toEqual(['killed.rbundle']);
  });
});
