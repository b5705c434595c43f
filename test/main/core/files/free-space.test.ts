// A disk that cannot hold the work is refused before the work starts (unpacking, an exported
// copy, an upload), naming the folder, what is needed and what is free — on a real, small file system (a 4 MB tmpfs; mounting needs root,
// which CI has).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { ReproError } from '../../../../main/core/errors';
import { requireFreeSpace } from '../../../../main/core/files/free-space';
import { unpackVerifiedBundle } from '../../../../main/core/open/extract-bundle';
import { verifyBundle } from '../../../../main/core/open/verify-bundle';
import { exportBundle } from '../../../../main/core/submission/export-bundle';
import { startEngineHost } from '../../../../main/handlers/engine-host';
import { startServer } from '../../../../main/server/server';
import { rawRequest } from '../../../helpers/http';
import { ephemeralSigningKey } from '../../../../main/core/signing/keys';
import { REPO_ROOT } from '../../../helpers/serve-cli';

let work: string;
let small: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rb-free-space-'));
  small = path.join(work, 'small-disk');
  await mkdir(small);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', small]);
});

afterAll(async () => {
  execFileSync('umount', [small]);
  await rm(work, { recursive: true, force: true });
});

describe('free space', () => {
  it('passes when the need fits, and names folder, need and free space when it does not', async () => {
    await requireFreeSpace(small, 1000, 'a small file');
    const refused = await requireFreeSpace(small, 50_000_000, 'the unpacked bundle').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ReproError);
    expect((refused as ReproError).code).toBe('disk-full');
    expect((refused as ReproError).message).toMatch(
      new RegExp(
        `^Not enough free space in ${small} for the unpacked bundle: about 53\\.5 MB is needed and 4\\.\\d MB is free\\.$`,
      ),
    );
  });

  it('refuses to unpack a bundle that does not fit before writing a byte of it', async () => {
    const project = path.join(work, 'project');
    await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
    await writeFile(path.join(project, 'weights.bin'), Buffer.alloc(30 * 1024 * 1024, 7));
    const bundle = path.join(work, 'big.rbundle');
    await createBundle({ projectDir: project, output: bundle, key: ephemeralSigningKey('Ada'), hardware: false });
    const { manifest } = await verifyBundle(bundle);
    if (manifest === null) throw new Error('the bundle did not verify');
    const refused = await unpackVerifiedBundle(bundle, manifest, path.join(small, 'unpacked')).catch(
      (error: unknown) => error,
    );
    expect((refused as ReproError).code).toBe('disk-full');
    expect(await readdir(small)).toEqual([]);
  });

  it('refuses an export whose copy cannot fit, and an upload whose bytes cannot, before writing', async () => {
    const project = path.join(work, 'incompressible');
    await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
    await writeFile(path.join(project, 'noise.bin'), randomBytes(6 * 1024 * 1024));
    const bundle = path.join(work, 'noisy.rbundle');
    await createBundle({ projectDir: project, output: bundle, key: ephemeralSigningKey('Ada'), hardware: false });
    const exported = await exportBundle({
      source: bundle,
      output: path.join(small, 'review.zip'),
      kind: 'review',
      configDir: path.join(work, 'config'),
      workDir: path.join(work, 'export-work'),
      localGitIdentity: false,
    }).catch((error: unknown) => error);
    expect((exported as ReproError).code).toBe('disk-full');
    expect((exported as ReproError).message).toContain(`Not enough free space in ${small} for the exported copy`);
    expect(await readdir(small)).toEqual([]);

    // The web mode's upload: refused with 507 from the announced size, nothing kept.
    const site = path.join(work, 'site');
    await mkdir(site);
    await writeFile(path.join(site, 'index.html'), '<!doctype html><title>t</title>');
    const server = await startServer({
      handlers: startEngineHost().handlers,
      rendererDir: site,
      upload: { dir: path.join(small, 'uploads') },
    });
    try {
      const response = await rawRequest({
        port: server.port,
        path: '/api/upload?name=big.rbundle',
        method: 'PUT',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/octet-stream' },
        body: randomBytes(6 * 1024 * 1024),
      });
      expect(response.status).toBe(507);
      expect(response.body).toContain('disk-full');
      expect(await readdir(path.join(small, 'uploads'))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('create on a disk smaller than the project', () => {
  it('warns before archiving and succeeds when the files compress well enough', async () => {
    const project = path.join(work, 'compressible');
    await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
    await writeFile(path.join(project, 'zeros.bin'), Buffer.alloc(6 * 1024 * 1024));
    const phases: string[] = [];
    const created = await createBundle({
      projectDir: project,
      output: path.join(small, 'fits.rbundle'),
      key: ephemeralSigningKey('Ada'),
      hardware: false,
      onProgress: (event) => phases.push(event.phase),
    });
    expect(created.warnings).toHaveLength(1);
    expect(created.warnings[0]).toMatch(
      new RegExp(`^${small} has [\\d.]+ MB free and the bundle may take up to about [\\d.]+ MB`),
    );
    expect(phases.indexOf('disk-space')).toBeLessThan(phases.indexOf('archive'));
    await rm(created.file);
  });

  it('fails with a disk-full error naming the disk when they do not, leaving nothing behind', async () => {
    const project = path.join(work, 'noisy-project');
    await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
    await writeFile(path.join(project, 'noise.bin'), randomBytes(6 * 1024 * 1024));
    const failed = await createBundle({
      projectDir: project,
      output: path.join(small, 'too-big.rbundle'),
      key: ephemeralSigningKey('Ada'),
      hardware: false,
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as ReproError).code, String(failed)).toBe('disk-full');
    expect((failed as ReproError).message).toMatch(
      new RegExp(
        `^The disk holding ${small} filled up while writing too-big.rbundle: it needed more than the [\\d.]+ MB written, and [\\d.]+ MB is free\\.`,
      ),
    );
    expect((await readdir(small)).filter((name) => name.includes('too-big'))).toEqual([]);
  });
});
