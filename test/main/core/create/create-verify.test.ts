// create → verify → inspect on a real project, determinism, secrets, and every kind of tampering.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle, SecretsFoundError } from '../../../../main/core/create/create-bundle';
import { verifyBundle } from '../../../../main/core/open/verify-bundle';
import { fingerprintOf } from '../../../../main/core/signing/fingerprint';
import { generateKey, loadSigningKey, rawPublicKeyOf, type SigningKey } from '../../../../main/core/signing/keys';
import { formatSignatureFile, signManifest } from '../../../../main/core/signing/signature';
import { TrustStore } from '../../../../main/core/signing/trust-store';
import { makeFixtureProject, type FixtureProject } from '../../../helpers/fixture-project';
import { writeManyFiles } from '../../../helpers/many-files';
import { readAllEntries, rewriteBundle } from '../../../helpers/rewrite-bundle';

let work: string;
let fixture: FixtureProject;
let key: SigningKey;
let otherKey: SigningKey;
let bundle: string;

const ALLOW = ['.env', 'keys/id_ed25519'];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rb-bundle-'));
  fixture = await makeFixtureProject({ largeFileBytes: 3 * 1024 * 1024 });
  await generateKey({ dir: path.join(work, 'key'), name: 'Ada Author' });
  await generateKey({ dir: path.join(work, 'other'), name: 'Ada Author' });
  key = await loadSigningKey(path.join(work, 'key'));
  otherKey = await loadSigningKey(path.join(work, 'other'));
  bundle = path.join(work, 'out.rbundle');
  await createBundle({
    projectDir: fixture.root,
    output: bundle,
    key,
    exclude: ['.env', 'keys/'],
    largeFileBytes: 2 * 1024 * 1024,
    hardware: false,
    sourceDateEpoch: 1_700_000_000,
  });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await rm(path.dirname(fixture.root), { recursive: true, force: true });
});

describe('create and verify', () => {
  it('creates a bundle that verifies, listing every file and the collected metadata', async () => {
    const report = await verifyBundle(bundle);
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.trusted).toBe(false); // valid signature, unknown signer
    expect(report.signature.signer?.fingerprint).toBe(key.fingerprint);
    const manifest = report.manifest;
    expect(manifest?.files.map((file) => file.path)).toEqual(
      expect.arrayContaining(['SHA256SUMS', 'project/src/train.py', 'project/run.sh']),
    );
    expect(manifest?.files.find((file) => file.path === 'project/run.sh')?.executable).toBe(true);
    expect(manifest?.createdAt).toBe('2023-11-14T22:13:20.000Z');
    expect(manifest?.entrypoint).toEqual({
      command: 'python src/train.py',
      source: 'proposed from dvc.yaml stage "train" (not confirmed)',
    });
    expect(manifest?.dataPointers.find((pointer) => pointer.path === 'data/big.bin')).toMatchObject({
      source: 'large-file',
      size: 3 * 1024 * 1024,
      sha256: createHash('sha256')
        .update(Buffer.alloc(3 * 1024 * 1024, 7))
        .digest('hex'),
    });
    const bundled = manifest?.files.map((file) => file.path) ?? [];
    expect(
      bundled.filter((file) => file.includes('big.bin') || file === 'project/.env' || file.startsWith('project/keys/')),
    ).toEqual([]);
    expect(bundled).toContain('project/.env.example'); // a template, not a secret
    expect(report.checked.files).toBe(manifest?.files.length);
  });

  it('is byte-identical when created twice with SOURCE_DATE_EPOCH', async () => {
    const again = path.join(work, 'again.rbundle');
    await createBundle({
      projectDir: fixture.root,
      output: again,
      key,
      exclude: ['.env', 'keys/'],
      largeFileBytes: 2 * 1024 * 1024,
      hardware: false,
      sourceDateEpoch: 1_700_000_000,
    });
    expect((await readFile(again)).equals(await readFile(bundle))).toBe(true);
  });

  it('refuses secrets, listing each file and rule, and leaves no file behind', async () => {
    const target = path.join(work, 'secret.rbundle');
    const error = await createBundle({
      projectDir: fixture.root,
      output: target,
      key,
      largeFileBytes: 2 * 1024 * 1024,
      hardware: false,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretsFoundError);
    const rules = (error as SecretsFoundError).secrets.map((secret) => `${secret.path}:${secret.rule}`);
    expect(rules).toEqual(expect.arrayContaining(['.env:env-file', 'keys/id_ed25519:ssh-private-key']));
    expect((error as SecretsFoundError).message).toContain('.env');
    expect((await readdir(work)).filter((name) => name.includes('secret'))).toEqual([]);
  });

  it('refuses a secret found by content during archiving, and records explicit overrides', async () => {
    const target = path.join(work, 'override.rbundle');
    await writeFile(path.join(fixture.root, 'settings.txt'), `token = "${['ghp', '_', 'a'.repeat(36)].join('')}"\n`);
    try {
      const error = await createBundle({
        projectDir: fixture.root,
        output: target,
        key,
        allowSecrets: ALLOW,
        largeFileBytes: 2 * 1024 * 1024,
        hardware: false,
      }).catch((caught: unknown) => caught);
      expect(
        (error as SecretsFoundError).secrets.map((secret) => `${secret.path}:${secret.rule}:${secret.line ?? ''}`),
      ).toEqual(['settings.txt:github-token:1']);
      expect((await readdir(work)).filter((name) => name.includes('override'))).toEqual([]);

      const made = await createBundle({
        projectDir: fixture.root,
        output: target,
        key,
        allowSecrets: [...ALLOW, 'settings.txt'],
        largeFileBytes: 2 * 1024 * 1024,
        hardware: false,
      });
      expect(made.manifest.secretOverrides).toEqual([
        { path: '.env', rules: ['aws-access-key', 'env-file'] },
        { path: 'keys/id_ed25519', rules: ['private-key-block', 'ssh-private-key'] },
        { path: 'settings.txt', rules: ['github-token'] },
      ]);
    } finally {
      await rm(path.join(fixture.root, 'settings.txt'));
    }
  });

  it('records per-metric tolerances, and refuses one for a metric that was not recorded', async () => {
    const target = path.join(work, 'tolerance.rbundle');
    const made = await createBundle({
      projectDir: fixture.root,
      output: target,
      key,
      exclude: ['.env', 'keys/'],
      hardware: false,
      tolerances: [
        { metric: 'eval.accuracy', absolute: 0.005 },
        { metric: 'eval.epochs', relative: 0 },
      ],
    });
    const byName = Object.fromEntries(made.manifest.results.metrics.map((metric) => [metric.name, metric.tolerance]));
    expect(byName).toEqual({
      'eval.accuracy': { absolute: 0.005, relative: 1e-3 },
      'eval.loss': { absolute: 1e-9, relative: 1e-3 },
      'eval.epochs': { absolute: 0, relative: 0 },
    });
    await expect(
      createBundle({
        projectDir: fixture.root,
        output: target,
        key,
        exclude: ['.env', 'keys/'],
        hardware: false,
        tolerances: [{ metric: 'eval.f1', absolute: 1 }],
      }),
    ).rejects.toMatchObject({
      code: 'unknown-metric',
      fix: expect.stringContaining('eval.accuracy, eval.loss, eval.epochs'),
    });
  });

  it('cancels cleanly: nothing is left behind', async () => {
    const controller = new AbortController();
    const target = path.join(work, 'cancelled.rbundle');
    const run = createBundle({
      projectDir: fixture.root,
      output: target,
      key,
      exclude: ['.env', 'keys/'],
      hardware: false,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === 'archive') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect((await readdir(work)).filter((name) => name.includes('cancelled'))).toEqual([]);
  });
});

describe('the file lists of a many-file bundle', () => {
  it('are written with progress as they go, and a cancel while writing them leaves nothing', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'rb-lists-'));
    try {
      // 60 × 200 files: each list is over a megabyte, so it is streamed in more than one chunk.
      const project = await writeManyFiles(path.join(base, 'project'), 60);
      const sealing: number[] = [];
      const made = await createBundle({
        projectDir: project,
        output: path.join(base, 'lists.rbundle'),
        key,
        hardware: false,
        onProgress: (event) => {
          if (event.phase === 'seal') sealing.push(event.done ?? -1);
        },
      });
      expect(made.files).toBe(12_001);
      expect(sealing.length).toBeGreaterThanOrEqual(1); // throttled: one at least
      expect(sealing.every((done) => done > 0 && done <= 12_005)).toBe(true);
      expect((await verifyBundle(made.file)).problems).toEqual([]);

      const controller = new AbortController();
      const run = createBundle({
        projectDir: project,
        output: path.join(base, 'cancelled.rbundle'),
        key,
        hardware: false,
        signal: controller.signal,
        onProgress: (event) => {
          if (event.phase === 'seal') controller.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'cancelled' });
      expect((await readdir(base)).sort()).toEqual(['lists.rbundle', 'project']);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});

describe('tampering', () => {
  const tampered = async (
    name: string,
    transform: Parameters<typeof rewriteBundle>[2],
  ): Promise<Awaited<ReturnType<typeof verifyBundle>>> => {
    const target = path.join(work, `${name}.rbundle`);
    await rewriteBundle(bundle, target, transform);
    return verifyBundle(target);
  };

  it('the untouched rewrite still verifies (the helper itself changes nothing)', async () => {
    const report = await tampered('identity', () => undefined);
    expect(report.problems).toEqual([]);
  });

  it('detects a changed byte in a file', async () => {
    const report = await tampered('changed', (entries) => {
      const entry = entries.get('project/src/train.py');
      if (entry !== undefined) entry.data = Buffer.from(entry.data.toString('utf8').replace('0.9731', '0.9831'));
    });
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([expect.stringContaining('project/src/train.py: content changed after signing')]);
  });

  it('detects an added file', async () => {
    const report = await tampered('added', (entries) =>
      entries.set('project/evil.py', { data: Buffer.from('import os\n'), executable: false }),
    );
    expect(report.problems).toEqual([
      'project/evil.py is in the archive but not in the manifest (added after signing)',
    ]);
  });

  it('detects a removed file', async () => {
    const report = await tampered('removed', (entries) => entries.delete('project/README.md'));
    expect(report.problems).toEqual([
      'project/README.md is listed in the manifest but missing from the archive (removed after signing)',
    ]);
  });

  it('detects a re-serialised manifest (same data, other bytes)', async () => {
    const report = await tampered('reserialised', (entries) => {
      const entry = entries.get('bundle.json');
      if (entry !== undefined) entry.data = Buffer.from(JSON.stringify(JSON.parse(entry.data.toString('utf8'))));
    });
    expect(report.valid).toBe(false);
    expect(report.signature.valid).toBe(false);
    expect(report.problems[0]).toContain('bundle.json was changed after signing');
    expect(report.manifest).toBeNull();
  });

  it('detects a signature by another key over the same manifest', async () => {
    const report = await tampered('other-signature', (entries) => {
      const manifestBytes = (entries.get('bundle.json') as { data: Buffer }).data;
      const signature = formatSignatureFile(otherKey.publicKey, signManifest(manifestBytes, otherKey.privateKey));
      entries.set('bundle.sig', { data: Buffer.from(signature), executable: false });
    });
    expect(report.valid).toBe(false);
    expect(report.problems).toContain('the manifest names a different signer key than the one that signed it');
  });

  it('a manifest re-signed by an impostor verifies as a signature but is flagged as a changed key for a known name', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = rawPublicKeyOf(publicKey);
    const target = path.join(work, 'impostor.rbundle');
    await rewriteBundle(bundle, target, (entries) => {
      const manifest = JSON.parse((entries.get('bundle.json') as { data: Buffer }).data.toString('utf8')) as {
        signer: Record<string, string>;
      };
      manifest.signer = { name: 'Ada Author', fingerprint: fingerprintOf(raw), publicKey: raw.toString('base64') };
      const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
      entries.set('bundle.json', { data: bytes, executable: false });
      entries.set('bundle.sig', {
        data: Buffer.from(formatSignatureFile(publicKey, signManifest(bytes, privateKey))),
        executable: false,
      });
    });
    const store = await TrustStore.load(path.join(work, 'trust'));
    const genuine = await verifyBundle(bundle, { trustStore: store }); // first use: remembered, not trusted
    expect(genuine.signature.trust).toEqual({ state: 'unknown' });
    expect((await verifyBundle(bundle, { trustStore: store })).signature.trust).toMatchObject({ state: 'known' });
    const report = await verifyBundle(target, { trustStore: store });
    expect(report.valid).toBe(true);
    expect(report.trusted).toBe(false);
    expect(report.signature.trust).toEqual({ state: 'key-changed', previousFingerprints: [key.fingerprint] });
    // With --trust the genuine key is trusted, the impostor's is not.
    expect((await verifyBundle(bundle, { trust: [key.fingerprint] })).trusted).toBe(true);
    expect((await verifyBundle(target, { trust: [key.fingerprint] })).trusted).toBe(false);
  });

  it('detects a flipped byte in the archive itself', async () => {
    const bytes = await readFile(bundle);
    const entries = await readAllEntries(bundle);
    expect(entries.has('project/README.md')).toBe(true);
    const at = bytes.indexOf(Buffer.from('#!/bin/sh')); // run.sh is tiny, so stored as is
    expect(at).toBeGreaterThan(0);
    bytes[at + 3] = 0x21;
    const target = path.join(work, 'flipped.rbundle');
    await writeFile(target, bytes);
    const report = await verifyBundle(target);
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^project\/run\.sh: (CRC mismatch|content changed)/)]);
  });
});
