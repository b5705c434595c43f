// Exports of a real bundle whose project names its author everywhere (git, remote, README,
// notebook, LICENSE, a home path, the host name, and once in code): the review copy contains
// none of it, byte for byte, manifest included, once the code occurrence is dealt with; the
// camera-ready copy carries a CFF 1.2 citation and reveals the review copy's commitment; the
// RO-Crate has the structure the spec requires; the checklist reads the fixture's evidence; and
// a copy over the size limit fails naming its largest files.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: ro-crate ships no type declarations for its validator
import { Validator } from 'ro-crate/lib/validator.js';
import { createBundle } from '../../../../main/core/create/create-bundle';
import type { Manifest } from '../../../../main/shared/manifest';
import { verifyBundle } from '../../../../main/core/open/verify-bundle';
import { generateKey, loadSigningKey, type SigningKey } from '../../../../main/core/signing/keys';
import { commitmentOf } from '../../../../main/core/submission/commitment';
import {
  exportBundle,
  ExportTooLargeError,
  IdentityResidualError,
  REVIEW_SIGNER,
} from '../../../../main/core/submission/export-bundle';
import { PROCESS_RUN_CRATE, RO_CRATE_METADATA, RO_CRATE_SPEC } from '../../../../main/core/submission/ro-crate';
import { AUTHOR, makeIdentityProject } from '../../../helpers/identity-project';
import { readAllEntries } from '../../../helpers/rewrite-bundle';

let base: string;
let project: string;
let key: SigningKey;
let bundle: string;
let config: string;
let work: string;

beforeAll(async () => {
  ({ base, project } = await makeIdentityProject());
  config = path.join(base, 'config');
  work = path.join(base, 'work');
  await mkdir(work, { recursive: true });
  await generateKey({ dir: path.join(config, 'keys', 'default'), name: AUTHOR.name });
  key = await loadSigningKey(path.join(config, 'keys', 'default'));
  bundle = path.join(base, 'original.rbundle');
  await createBundle({
    projectDir: project,
    output: bundle,
    key,
    samples: ['data/points.csv'],
    preflight: { runs: 2, varying: [], durationsMs: [1200, 1100] },
  });
}, 60_000);
afterAll(async () => rm(base, { recursive: true, force: true }));

const identityStrings = (): string[] => [
  AUTHOR.name,
  AUTHOR.email,
  AUTHOR.account,
  AUTHOR.homeUser,
  ...(hostname().length >= 3 ? [hostname()] : []),
];

async function manifestOf(file: string): Promise<Manifest> {
  const report = await verifyBundle(file);
  expect(report.problems).toEqual([]);
  expect(report.valid).toBe(true);
  return report.manifest as Manifest;
}

describe('review copy', () => {
  it('is refused while identity remains in code, naming the file and line', async () => {
    const output = path.join(base, 'refused.zip');
    const error = (await exportBundle({
      source: bundle,
      output,
      kind: 'review',
      configDir: config,
      workDir: work,
      localGitIdentity: false,
    }).catch((caught: unknown) => caught)) as IdentityResidualError;
    expect(error).toBeInstanceOf(IdentityResidualError);
    const train = (await readFile(path.join(project, 'train.py'), 'utf8')).split('\n');
    const line = train.findIndex((text) => text.includes(AUTHOR.email)) + 1;
    expect(error.occurrences.map((found) => `${found.file}:${found.line}`)).toEqual([`project/train.py:${line}`]);
    expect(error.message).toContain(`project/train.py:${line}`);
    // README, notebook and LICENSE are rewritten by the export itself, so they are not listed.
    await expect(stat(output)).rejects.toThrow();
  });

  it("contains none of the author's identity, byte for byte, when code is redacted too", async () => {
    const output = path.join(base, 'review.zip');
    const result = await exportBundle({
      source: bundle,
      output,
      kind: 'review',
      venue: 'neurips',
      configDir: config,
      workDir: work,
      localGitIdentity: false,
      residual: 'redact',
    });
    expect(result.residual.map((found) => found.file)).toEqual(['project/train.py']);
    expect(result.identity.map((term) => term.source)).toEqual(
      expect.arrayContaining(['signer', 'git remote', 'home path in project/explore.ipynb']),
    );

    const raw = (await readFile(output)).toString('latin1').toLowerCase();
    const entries = await readAllEntries(output);
    for (const value of identityStrings()) {
      expect(raw.includes(value.toLowerCase()), `${value} in the raw archive`).toBe(false);
      for (const [name, entry] of entries)
        expect(entry.data.toString('latin1').toLowerCase().includes(value.toLowerCase()), `${value} in ${name}`).toBe(
          false,
        );
    }
    const manifest = await manifestOf(output);
    expect(manifest.signer.name).toBe(REVIEW_SIGNER);
    expect(manifest.signer.fingerprint).not.toBe(key.fingerprint);
    expect(manifest.project.git).toMatchObject({ remote: null, commit: null, authors: [] });
    expect(manifest.files.map((file) => file.path)).not.toContain('project/CITATION.cff');
    expect(manifest.submission).toMatchObject({ kind: 'review', venue: 'neurips' });
    // The commitment binds the author's real key without revealing it.
    expect(manifest.submission?.commitment).toBe(result.commitment);
    const saved = JSON.parse(await readFile(path.join(config, 'commitments', `${result.commitment}.json`), 'utf8')) as {
      salt: string;
    };
    expect(commitmentOf(saved.salt, key.rawPublicKey)).toBe(result.commitment);
    expect(entries.get('README.md')?.data.toString('utf8')).toContain('Anonymised copy for double-blind review');
  });

  it('keeps a code occurrence the author accepts, and says so', async () => {
    const output = path.join(base, 'accepted.zip');
    const result = await exportBundle({
      source: bundle,
      output,
      kind: 'review',
      configDir: config,
      workDir: work,
      localGitIdentity: false,
      residual: 'accept',
    });
    expect(result.residual).toHaveLength(1);
    expect(result.warnings.join(' ')).toContain('kept knowingly');
    const entries = await readAllEntries(output);
    expect(entries.get('project/train.py')?.data.toString('utf8')).toContain(AUTHOR.email);
    expect(entries.get('project/README.md')?.data.toString('utf8')).not.toContain(AUTHOR.email);
  });
});

describe('occurrences accepted one by one', () => {
  it('are kept; any other still refuses the copy', async () => {
    const train = (await readFile(path.join(project, 'train.py'), 'utf8')).split('\n');
    const line = train.findIndex((text) => text.includes(AUTHOR.email)) + 1;
    const wrong = (await exportBundle({
      source: bundle,
      output: path.join(base, 'one-wrong.zip'),
      kind: 'review',
      configDir: config,
      workDir: work,
      localGitIdentity: false,
      accepted: ['project/train.py:1'],
    }).catch((caught: unknown) => caught)) as IdentityResidualError;
    expect(wrong).toBeInstanceOf(IdentityResidualError);
    const output = path.join(base, 'one-accepted.zip');
    const result = await exportBundle({
      source: bundle,
      output,
      kind: 'review',
      configDir: config,
      workDir: work,
      localGitIdentity: false,
      accepted: [`project/train.py:${line}`],
    });
    expect(result.warnings.join(' ')).toContain('1 identity occurrence(s) kept knowingly');
    expect((await readAllEntries(output)).get('project/train.py')?.data.toString('utf8')).toContain(AUTHOR.email);
  });
});

describe("the exporting machine's git identity", () => {
  it('is removed too when it differs from the recorded commits', async () => {
    const gitConfig = path.join(base, 'gitconfig');
    await writeFile(gitConfig, '[user]\n\tname = Augusta King\n\temail = augusta@king.example\n');
    const small = await mkdtemp(path.join(tmpdir(), 'rb-gitid-'));
    await writeFile(path.join(small, 'README.md'), '# Notes\n\nWritten by Augusta King.\n');
    await writeFile(path.join(small, 'run.py'), 'print(1)\n');
    const source = path.join(small, 'notes.rbundle');
    await createBundle({ projectDir: small, output: source, key, hardware: false });
    const output = path.join(small, 'review.zip');
    const environment = { PATH: process.env['PATH'] ?? '', GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: '1' };
    const result = await exportBundle({
      source,
      output,
      kind: 'review',
      configDir: config,
      workDir: work,
      environment,
    });
    expect(result.identity.map((term) => term.value)).toEqual(
      expect.arrayContaining(['Augusta King', 'augusta@king.example']),
    );
    expect((await readAllEntries(output)).get('project/README.md')?.data.toString('utf8')).toBe(
      '# Notes\n\nWritten by Anonymous Author.\n',
    );
    await rm(small, { recursive: true, force: true });
  });
});

describe('camera-ready copy', () => {
  let cameraReady: string;
  let manifest: Manifest;
  beforeAll(async () => {
    cameraReady = path.join(base, 'camera-ready.zip');
    await exportBundle({
      source: bundle,
      output: cameraReady,
      kind: 'camera-ready',
      key,
      configDir: config,
      workDir: work,
      localGitIdentity: false,
    });
    manifest = await manifestOf(cameraReady);
  }, 60_000);

  it("is signed with the author's key and reveals the review copies' salts", async () => {
    expect(manifest.signer.fingerprint).toBe(key.fingerprint);
    expect(manifest.submission?.kind).toBe('camera-ready');
    const review = await manifestOf(path.join(base, 'review.zip'));
    const reveal = manifest.submission?.reveals.find((entry) => entry.commitment === review.submission?.commitment);
    expect(reveal).toBeDefined();
    expect(commitmentOf(reveal?.salt ?? '', Buffer.from(manifest.signer.publicKey, 'base64'))).toBe(
      review.submission?.commitment,
    );
  });

  it('carries a CITATION.cff that parses as CFF 1.2 with what the bundle knows', async () => {
    const citation = parse(
      (await readAllEntries(cameraReady)).get('CITATION.cff')?.data.toString('utf8') ?? '',
    ) as Record<string, unknown>;
    expect(citation).toMatchObject({
      'cff-version': '1.2.0',
      type: 'software',
      title: 'Logistic regression on points',
      authors: [{ 'family-names': 'Lovelace', 'given-names': 'Ada', email: AUTHOR.email }],
      license: 'MIT',
      'repository-code': `https://github.com/${AUTHOR.account}/analytical-engine`,
    });
    expect(typeof citation['message']).toBe('string');
    expect(String(citation['date-released'])).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(String(citation['version'])).toMatch(/^[0-9a-f]{12}$/);
  });

  it('refuses a key other than the one that signed the bundle', async () => {
    await generateKey({ dir: path.join(base, 'other-key'), name: 'Someone Else' });
    const other = await loadSigningKey(path.join(base, 'other-key'));
    await expect(
      exportBundle({
        source: bundle,
        output: path.join(base, 'x.zip'),
        kind: 'camera-ready',
        key: other,
        configDir: config,
        workDir: work,
        localGitIdentity: false,
      }),
    ).rejects.toMatchObject({ code: 'export-key-mismatch' });
  });

  it('has RO-Crate 1.2 metadata with the Process Run Crate structure', async () => {
    const entries = await readAllEntries(cameraReady);
    const crate = JSON.parse(entries.get(RO_CRATE_METADATA)?.data.toString('utf8') ?? '{}') as {
      '@context': string[];
      '@graph': Record<string, unknown>[];
    };
    // The maintained RO-Crate library's own checks (all but fetching the context: no network here).
    const validator = new Validator();
    validator.parseJSON(crate);
    validator.rootDataEntity();
    const files: Record<string, { exists: boolean }> = {};
    for (const name of entries.keys()) files[name] = { exists: true };
    validator.checkFiles(files);
    const errors = (validator.results as { status: string; message: string }[]).filter(
      (result) => result.status === 'error',
    );
    expect(errors).toEqual([]);

    const byId = new Map(crate['@graph'].map((entity) => [entity['@id'] as string, entity]));
    expect(crate['@context']).toContain('https://w3id.org/ro/crate/1.2/context');
    expect(byId.get(RO_CRATE_METADATA)).toMatchObject({
      '@type': 'CreativeWork',
      conformsTo: { '@id': RO_CRATE_SPEC },
      about: { '@id': './' },
    });
    const root = byId.get('./') as Record<string, unknown>;
    expect(root).toMatchObject({
      '@type': 'Dataset',
      name: 'Logistic regression on points',
      license: { '@id': 'https://spdx.org/licenses/MIT' },
      conformsTo: { '@id': PROCESS_RUN_CRATE },
      mentions: { '@id': '#run' },
    });
    expect(typeof root['description']).toBe('string');
    expect(Number.isNaN(Date.parse(root['datePublished'] as string))).toBe(false);
    // Every file of the copy but the signature trio and the crate itself, with its hash and size.
    const parts = (root['hasPart'] as { '@id': string }[]).map((part) => decodeURIComponent(part['@id']));
    const expected = manifest.files
      .map((file) => file.path)
      .filter((name) => name !== 'SHA256SUMS' && name !== RO_CRATE_METADATA);
    expect(parts.sort()).toEqual(expected.sort());
    for (const file of manifest.files.filter((entry) => expected.includes(entry.path))) {
      const entity = byId.get(file.path.split('/').map(encodeURIComponent).join('/'));
      expect(entity, file.path).toMatchObject({ sha256: file.sha256, contentSize: String(file.size) });
      expect([entity?.['@type']].flat()).toContain('File');
    }
    const run = byId.get('#run') as Record<string, unknown>;
    expect(run).toMatchObject({
      '@type': 'CreateAction',
      instrument: { '@id': 'project/train.py' },
      containerImage: { '@id': '#image' },
    });
    expect([byId.get('project/train.py')?.['@type']].flat()).toEqual(expect.arrayContaining(['SoftwareApplication']));
    const objects = (run['object'] as { '@id': string }[]).map((entry) => entry['@id']);
    expect(objects).toEqual(expect.arrayContaining(['project/params.yaml', 'project/data/points.csv']));
    const results = (run['result'] as { '@id': string }[]).map((entry) => byId.get(entry['@id']));
    expect(results.some((entity) => entity?.['@type'] === 'PropertyValue' && entity['name'] === 'test.accuracy')).toBe(
      true,
    );
    expect(byId.get('#image')).toMatchObject({
      '@type': 'ContainerImage',
      additionalType: { '@id': 'https://w3id.org/ro/terms/workflow-run#DockerImage' },
    });
    expect((run['environment'] as unknown[]).length).toBeGreaterThan(0);
  });

  it("assesses the checklist from the fixture's evidence", async () => {
    const markdown = (await readAllEntries(cameraReady)).get('REPRODUCIBILITY.md')?.data.toString('utf8') ?? '';
    expect(markdown).toMatch(
      /Random seeds \| 🟢 green \|.*seeds: `rng = np\.random\.default_rng\(params\["seed"\]\)` in train\.py:\d+/,
    );
    expect(markdown).toMatch(/A licence \| 🟢 green \| MIT \(LICENSE\)/);
    expect(markdown).toMatch(/computing infrastructure used \| 🟢 green \| compute: .*GB RAM recorded/);
    expect(markdown).toMatch(/Variation across runs .* \| 🟢 green \| 2 pre-flight runs/);
    expect(markdown).toMatch(/average runtime \| 🟢 green \| runs took 1\.2 s, 1\.1 s/);
    expect(markdown).toMatch(/Relevant statistics.* \| 🟢 green \| data\/points\.csv: \d+ rows/);
    const card = (await readAllEntries(cameraReady)).get('MODEL_CARD.md')?.data.toString('utf8') ?? '';
    expect(card).toContain('| train.learning_rate | 0.5 | params.yaml |');
    expect(card).toContain(`${AUTHOR.name} <${AUTHOR.email}>`);
    expect(card).toContain('TODO (authors): failure modes');
  });
});

describe('size limits', () => {
  it('fail naming the largest files, and leave no file behind', async () => {
    const big = await mkdtemp(path.join(tmpdir(), 'rb-big-'));
    await writeFile(path.join(big, 'train.py'), 'print(1)\n');
    await writeFile(path.join(big, 'weights.bin'), randomBytes(600 * 1024));
    await writeFile(path.join(big, 'small.bin'), randomBytes(100 * 1024));
    const source = path.join(big, 'big.rbundle');
    await createBundle({ projectDir: big, output: source, key, hardware: false });
    const output = path.join(big, 'out.zip');
    const error = (await exportBundle({
      source,
      output,
      kind: 'camera-ready',
      key,
      maxSizeMB: 0.5,
      configDir: config,
      workDir: work,
      localGitIdentity: false,
    }).catch((caught: unknown) => caught)) as ExportTooLargeError;
    expect(error).toBeInstanceOf(ExportTooLargeError);
    expect(error.largest.map((file) => file.path).slice(0, 2)).toEqual(['project/weights.bin', 'project/small.bin']);
    expect(error.fix).toContain('data pointers');
    await expect(stat(output)).rejects.toThrow();
    await rm(big, { recursive: true, force: true });
  });

  it('knows the venue profiles', async () => {
    await expect(
      exportBundle({
        source: bundle,
        output: path.join(base, 'v.zip'),
        kind: 'review',
        venue: 'nope',
        configDir: config,
        workDir: work,
        localGitIdentity: false,
      }),
    ).rejects.toMatchObject({ code: 'unknown-venue' });
  });
});
