// Class 1 and 2 of the adversarial review: a validly signed manifest is still hostile input. Every
// path in it is relative, normalised and contained, checked when the manifest is parsed, with the
// field named; a metric must come from a results file; data URIs come from an allow-list. Each
// bundle here is signed with the attacker's own throwaway key, so only these checks can stop it.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { verifyBundle } from '../../../../main/core/open/verify-bundle';
import { ephemeralSigningKey } from '../../../../main/core/signing/keys';
import { asVersion1, hostileBundle, type LooseManifest } from '../../../helpers/hostile-bundle';
import { REPO_ROOT } from '../../../helpers/serve-cli';

let work: string;
let genuine: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rb-hostile-'));
  const project = path.join(work, 'project');
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  genuine = path.join(work, 'genuine.rbundle');
  await createBundle({
    projectDir: project,
    output: genuine,
    key: ephemeralSigningKey('Ada'),
    baseImage: 'python:3.11-slim',
    run: 'python train.py',
    hardware: false,
  });
});
afterAll(async () => rm(work, { recursive: true, force: true }));

type Results = { files: string[]; metrics: { name: string; file: string; value: unknown; tolerance: unknown }[] };
const results = (manifest: LooseManifest): Results => manifest['results'] as Results;
const pointer = (over: Record<string, unknown>): Record<string, unknown> => ({
  path: 'data/points.csv',
  uri: null,
  size: 10,
  sha256: null,
  md5: null,
  nfiles: null,
  isDirectory: false,
  source: 'user',
  declaredIn: null,
  remote: null,
  ...over,
});

let counter = 0;
async function problemsOf(change: (manifest: LooseManifest) => void): Promise<string> {
  counter += 1;
  const file = path.join(work, `hostile-${counter}.rbundle`);
  await hostileBundle(genuine, file, (manifest) => change(manifest));
  const report = await verifyBundle(file);
  expect(report.signature.valid).toBe(true); // the attacker's signature is fine...
  expect(report.valid).toBe(false); // ...and the bundle is still refused
  return report.problems.join('\n');
}

describe('a validly signed hostile manifest is refused at parse time, naming the field', () => {
  it('the genuine bundle verifies', async () => {
    expect((await verifyBundle(genuine)).valid).toBe(true);
  });

  it('results files that leave the project (relative, absolute, drive, backslash, empty segment)', async () => {
    for (const bad of ['../../etc/passwd', '/etc/passwd', 'C:/x.json', 'a\\..\\..\\x.json', 'a//b.json', './m.json']) {
      const problems = await problemsOf((manifest) => {
        results(manifest).files = [bad];
        for (const metric of results(manifest).metrics) metric.file = bad;
      });
      expect(problems, bad).toContain('results.files[0]');
    }
  });

  it('a metric read from a file that is not a results file (a file the bundle shipped, or one never deleted)', async () => {
    const traversal = await problemsOf((manifest) => {
      const first = results(manifest).metrics[0];
      if (first !== undefined) first.file = '../bundle/samples/cheat.json';
    });
    expect(traversal).toContain('results.metrics[0].file');
    const unlisted = await problemsOf((manifest) => {
      const first = results(manifest).metrics[0];
      if (first !== undefined) first.file = 'train.py';
    });
    expect(unlisted).toContain('results.metrics[0].file');
    expect(unlisted).toContain('not one of the results files');
  });

  it('data pointers outside the project, and URIs outside the allow-list', async () => {
    expect(await problemsOf((manifest) => (manifest['dataPointers'] = [pointer({ path: '../../home/x' })]))).toContain(
      'dataPointers[0].path',
    );
    for (const uri of ['file:///etc/passwd', '/etc/passwd', 'ftp://example.org/x', 'javascript:alert(1)']) {
      expect(await problemsOf((manifest) => (manifest['dataPointers'] = [pointer({ uri })])), uri).toContain(
        'dataPointers[0].uri',
      );
    }
    // Plain http only with a checksum to check the download against.
    expect(
      await problemsOf((manifest) => (manifest['dataPointers'] = [pointer({ uri: 'http://example.org/data.csv' })])),
    ).toContain('dataPointers[0].uri');
  });

  it("samples outside samples/, and a replay Dockerfile other than the bundle's own", async () => {
    const sample = {
      dataset: 'data/points.csv',
      file: '../../x.csv',
      report: 'samples/x.report.json',
      rows: 5,
      summary: '',
    };
    expect(await problemsOf((manifest) => (manifest['samples'] = [sample]))).toContain('samples[0].file');
    expect(await problemsOf((manifest) => (manifest['samples'] = [{ ...sample, file: 'project/train.py' }]))).toContain(
      'samples[0].file',
    );
    // Version 1 named the Dockerfile; only the bundle's own is accepted.
    expect(
      await problemsOf((manifest) => {
        asVersion1(manifest);
        (manifest['replay'] as { dockerfile: string }).dockerfile = '../../../tmp/evil';
      }),
    ).toContain('replay.dockerfile');
  });
});

describe("format v2's file list is as strict as the manifest", () => {
  /** A bundle whose FILES entry is edited after hostileBundle made it match. */
  async function withFileList(edit: (lines: string[]) => string[], fixDigest: boolean): Promise<string> {
    counter += 1;
    const file = path.join(work, `file-list-${counter}.rbundle`);
    await hostileBundle(genuine, file, () => undefined, {
      editEntries: (entries, manifest) => {
        const list = entries.get('FILES')?.data.toString('utf8') ?? '';
        const edited = Buffer.from(
          edit(list.slice(0, -1).split('\n'))
            .map((line) => `${line}\n`)
            .join(''),
        );
        entries.set('FILES', { data: edited, executable: false });
        if (fixDigest)
          (manifest['fileList'] as { sha256: string }).sha256 = createHash('sha256').update(edited).digest('hex');
      },
    });
    const report = await verifyBundle(file);
    expect(report.valid).toBe(false);
    return report.problems.join('\n');
  }

  it('a genuine bundle is format 2, its list in FILES, and verifies', async () => {
    const report = await verifyBundle(genuine);
    expect(report.problems).toEqual([]);
    expect(report.manifest?.formatVersion).toBe(2);
    expect(report.manifest?.files.some((file) => file.path === 'project/train.py')).toBe(true);
  });

  it('refuses a list changed after signing, one out of order, one listed twice, and a count that differs', async () => {
    expect(await withFileList((lines) => [...lines].reverse(), false)).toContain('FILES was changed after signing');
    expect(await withFileList((lines) => [...lines].reverse(), true)).toMatch(/FILES, line 2: .* out of order/);
    expect(await withFileList((lines) => [lines[0] as string, ...lines], true)).toMatch(
      /FILES, line 2: .* listed twice/,
    );
    expect(await withFileList((lines) => lines.slice(1), true)).toContain('where the manifest says');
    expect(
      await withFileList((lines) => [...lines.slice(0, -1), `${'0'.repeat(64)} 1 644 ../../etc/passwd`], true),
    ).toContain('".." path segment');
  });

  it('refuses a v1 manifest in an archive that also holds FILES, an unknown version and a malformed frozen image record', async () => {
    counter += 1;
    const v1WithList = path.join(work, `v1-with-list-${counter}.rbundle`);
    await hostileBundle(genuine, v1WithList, (manifest) => asVersion1(manifest), {
      editEntries: (entries) => entries.set('FILES', { data: Buffer.from('planted\n'), executable: false }),
    });
    expect((await verifyBundle(v1WithList)).problems.join('\n')).toContain(
      'FILES is in the archive but not in the manifest',
    );
    expect(await problemsOf((manifest) => (manifest['formatVersion'] = 3))).toContain('format version 3');
    expect(await problemsOf((manifest) => (manifest['image'] = { layers: [] }))).toMatch(
      /image\.(format|config|layers)/,
    );
  });

  it('refuses a SHA256SUMS that does not say what FILES says, and a bundle without one', async () => {
    const problemsWith = async (edit: (text: string) => string | null): Promise<string> => {
      counter += 1;
      const file = path.join(work, `checksums-${counter}.rbundle`);
      await hostileBundle(genuine, file, () => undefined, { editChecksums: edit });
      const report = await verifyBundle(file);
      expect(report.valid).toBe(false);
      return report.problems.join('\n');
    };
    const lines = (text: string): string[] => text.slice(0, -1).split('\n');
    const wrong = /SHA256SUMS does not list the files the manifest lists/;
    // Signed and listed in FILES with its true digest: only the comparison with FILES stops these.
    expect(
      await problemsWith((text) => text.replace(/^[0-9a-f]{64}(?= {2}project\/train\.py$)/m, 'f'.repeat(64))),
    ).toMatch(wrong);
    expect(await problemsWith((text) => `${[...lines(text)].reverse().join('\n')}\n`)).toMatch(wrong);
    expect(await problemsWith((text) => `${lines(text).slice(1).join('\n')}\n`)).toMatch(wrong);
    expect(await problemsWith((text) => text.replace(/ {2}/g, ' *'))).toMatch(wrong);
    expect(await problemsWith(() => null)).toContain('does not list SHA256SUMS, which every bundle holds');
    // What a writer makes passes (the helper's own text, unchanged).
    counter += 1;
    const same = path.join(work, `checksums-${counter}.rbundle`);
    await hostileBundle(genuine, same, () => undefined, { editChecksums: (text) => text });
    expect((await verifyBundle(same)).problems).toEqual([]);
  });

  it('a version 1 bundle, as an older ReproBundle wrote it, still verifies', async () => {
    counter += 1;
    const file = path.join(work, `v1-${counter}.rbundle`);
    await hostileBundle(genuine, file, (manifest) => asVersion1(manifest));
    const report = await verifyBundle(file);
    expect(report.problems).toEqual([]);
    expect(report.manifest?.formatVersion).toBe(1);
    expect(report.manifest?.replay.generator.version).toBe(1);
    expect(report.manifest?.results.metrics.every((metric) => metric.source === 'file')).toBe(true);
  });
});

describe('a manifest that other tools would read differently is refused', () => {
  it('a key given twice (JSON readers keep the first or the last)', async () => {
    const file = path.join(work, 'duplicate-key.rbundle');
    await hostileBundle(genuine, file, () => undefined, {
      editText: (text) =>
        text.replace('"entrypoint": {', '"entrypoint": { "command": "true", "source": "x" },\n  "entrypoint": {'),
    });
    const report = await verifyBundle(file);
    expect(report.signature.valid).toBe(true);
    expect(report.valid).toBe(false);
    expect(report.problems.join('\n')).toContain("bundle.json is not in the format's exact form (a key given twice");
  });
});
