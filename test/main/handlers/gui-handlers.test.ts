// The GUI's operations through `dispatch`, as both transports call them, on real folders, keys
// and bundles in a throw-away config folder: each answer passes the contract's response schema,
// and each refusal carries its code and fix.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../main/shared/messages';
import { dispatch, type DispatchResult } from '../../../main/handlers/dispatch';
import type { Handlers } from '../../../main/handlers/handlers';
import { startEngineHost } from '../../../main/handlers/engine-host';
import { REPO_ROOT } from '../../helpers/serve-cli';

let base: string;
let project: string;
let handlers: Handlers;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'rb-gui-handlers-'));
  project = path.join(base, 'example-project');
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  handlers = startEngineHost({
    env: {
      GIT_CONFIG_GLOBAL: '/dev/null',
      REPROBUNDLE_CONFIG_DIR: path.join(base, 'config'),
      REPROBUNDLE_WORK_DIR: path.join(base, 'work'),
      REPROBUNDLE_CACHE_DIR: path.join(base, 'cache'),
    },
    browseRoot: base,
  }).handlers;
});
afterAll(async () => rm(base, { recursive: true, force: true }));

async function call(name: string, request: unknown, progress: ProgressEvent[] = []): Promise<DispatchResult> {
  return dispatch(handlers, name, request, {
    signal: new AbortController().signal,
    progress: (event) => progress.push(event),
  });
}

async function value<T>(name: string, request: unknown, progress: ProgressEvent[] = []): Promise<T> {
  const result = await call(name, request, progress);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const content = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  projectDir: project,
  samples: ['data/points.csv'],
  ...extra,
});

describe('GUI operations', () => {
  it('the web mode has no native dialogs, and says what to use instead', async () => {
    expect(await call('nativeDialog', { purpose: 'open-bundle' })).toMatchObject({
      ok: false,
      error: { code: 'not-available', fix: expect.stringContaining('folder browser') },
    });
  });

  it('the folder browser stays inside its root', async () => {
    expect(await value<{ path: string }>('browseFolder', {})).toMatchObject({ path: base });
    expect(await call('browseFolder', { path: path.dirname(base) })).toMatchObject({
      ok: false,
      error: { code: 'outside-home' },
    });
  });

  it('scans a project with progress, and previews its Dockerfile', async () => {
    const progress: ProgressEvent[] = [];
    const scan = await value<{
      files: { path: string }[];
      sampleCandidates: string[];
      environment: unknown;
      name: string;
    }>('scanProject', { projectDir: project }, progress);
    expect(scan.files.map((file) => file.path)).toContain('train.py');
    expect(scan.sampleCandidates).toEqual(['data/points.csv']);
    expect(progress.some((event) => event.phase === 'scan')).toBe(true);
    const preview = await value<{ dockerfile: string }>('previewDockerfile', {
      projectName: scan.name,
      environment: scan.environment,
      command: 'python train.py',
      baseImage: 'python:3.11-slim',
    });
    expect(preview.dockerfile).toContain('FROM python:3.11-slim');
    expect(preview.dockerfile).toContain('CMD ["/bin/sh", "-c", "python train.py"]');
  });

  it('refuses to sign without a key, then signs with one made through the contract', async () => {
    const output = path.join(base, 'example.rbundle');
    expect(await call('createBundle', { content: content(), output })).toMatchObject({
      ok: false,
      error: { code: 'key-missing' },
    });
    const key = await value<{ id: string; fingerprint: string }>('generateKey', { name: 'Ada Lovelace' });
    expect(key.id).toBe('default');
    expect(await value<{ key: { fingerprint: string } | null }>('environmentStatus', {})).toMatchObject({
      key: { fingerprint: key.fingerprint },
    });

    const progress: ProgressEvent[] = [];
    const created = await value<{ file: string; files: number; signer: { fingerprint: string } }>(
      'createBundle',
      { content: content(), output },
      progress,
    );
    expect(created).toMatchObject({ file: output, signer: { fingerprint: key.fingerprint } });
    expect(progress.map((event) => event.phase)).toContain('archive');

    // An existing file is not replaced unless asked.
    expect(await call('createBundle', { content: content(), output })).toMatchObject({
      ok: false,
      error: { code: 'output-exists', file: output },
    });
    expect(await call('createBundle', { content: content(), output, overwrite: true })).toMatchObject({ ok: true });
    expect(
      await call('createBundle', { content: content(), output, overwrite: true, preflightId: 'gone' }),
    ).toMatchObject({ ok: false, error: { code: 'preflight-expired' } });
  });

  it('remembers a passphrase until the engine stops when asked, only for the same key, and forgets it on request', async () => {
    await value('generateKey', { id: 'locked', name: 'Ada Locked', passphrase: 'correct horse' });
    const output = path.join(base, 'locked.rbundle');
    const sign = (extra: Record<string, unknown>): Promise<DispatchResult> =>
      call('createBundle', { content: content(), output, overwrite: true, keyId: 'locked', ...extra });
    const unlocked = async (): Promise<boolean | undefined> =>
      (await value<{ keys: { id: string; unlocked?: boolean }[] }>('listKeys', {})).keys.find(
        (key) => key.id === 'locked',
      )?.unlocked;

    // Not remembered unless asked.
    expect(await sign({ passphrase: 'correct horse' })).toMatchObject({ ok: true });
    expect(await sign({})).toMatchObject({ ok: false, error: { code: 'key-passphrase-needed' } });
    expect(await unlocked()).toBe(false);

    // Remembered: the next signatures need no passphrase.
    expect(await sign({ passphrase: 'correct horse', rememberPassphrase: true })).toMatchObject({ ok: true });
    expect(await unlocked()).toBe(true);
    expect(await sign({})).toMatchObject({ ok: true });

    // A key replaced under the same id is asked for again.
    await value('generateKey', { id: 'locked', name: 'Ada Locked', passphrase: 'battery staple', replace: true });
    expect(await unlocked()).toBe(false);
    expect(await sign({})).toMatchObject({ ok: false, error: { code: 'key-passphrase-needed' } });

    // Forgotten on request.
    expect(await sign({ passphrase: 'battery staple', rememberPassphrase: true })).toMatchObject({ ok: true });
    expect(await value('forgetPassphrases', {})).toEqual({ forgotten: 1 });
    expect(await sign({})).toMatchObject({ ok: false, error: { code: 'key-passphrase-needed' } });
  });

  it('verifies the bundle, remembers it as recent, shows its files and its sample report', async () => {
    const file = path.join(base, 'example.rbundle');
    const report = await value<{
      valid: boolean;
      signature: { trust: { state: string; since?: string } };
      manifest: { samples: { report: string }[] };
    }>('verifyBundle', { file });
    expect(report.valid).toBe(true);
    // Signed with the user's own key (made through the contract above): trusted as theirs.
    expect(report.signature.trust).toEqual({ state: 'trusted', since: 'your own key, in your keys folder' });
    expect(await value<{ bundles: { file: string }[] }>('recentBundles', {})).toMatchObject({ bundles: [{ file }] });

    const entry = await value<{ kind: string; text: string }>('readBundleEntry', { file, entry: 'project/train.py' });
    expect(entry).toMatchObject({ kind: 'text', text: await readFile(path.join(project, 'train.py'), 'utf8') });
    expect(await call('readBundleEntry', { file, entry: 'project/nope.py' })).toMatchObject({
      ok: false,
      error: { code: 'entry-missing' },
    });

    const sample = await value<{ fidelity: { columns: unknown[] } }>('sampleReport', {
      file,
      entry: report.manifest.samples[0]?.report,
    });
    expect(sample.fidelity.columns.length).toBeGreaterThan(0);
    // A file that is not a report is refused by the response schema, not shown as one.
    expect(await call('sampleReport', { file, entry: 'project/params.yaml' })).toMatchObject({ ok: false });
  });

  it('trusts the signer from the bundle, so the next verification says trusted', async () => {
    const file = path.join(base, 'example.rbundle');
    expect(await value<{ trusted: boolean }>('trustSigner', { source: file, name: 'Ada' })).toMatchObject({
      trusted: true,
      name: 'Ada',
    });
    expect(await value<{ trusted: boolean }>('verifyBundle', { file })).toMatchObject({ trusted: true });
    expect(await value<{ signers: unknown[] }>('listSigners', {})).toMatchObject({
      signers: [{ name: 'Ada', trusted: true }],
    });
  });

  it('synthesizes a sample preview without leaving files behind', async () => {
    const sample = await value<{ rows: number; realRows: number }>('synthesizeSample', {
      projectDir: project,
      dataset: 'data/points.csv',
    });
    expect(sample.rows).toBe(1000);
    expect(sample.realRows).toBeGreaterThan(0);
    expect(await call('synthesizeSample', { projectDir: project, dataset: '../example.rbundle' })).toMatchObject({
      ok: false,
      error: { code: 'outside-project' },
    });
  });

  it('lists the venue profiles and assesses the checklist of a bundle', async () => {
    const venues = await value<{ venues: { id: string }[] }>('venues', {});
    expect(venues.venues.map((venue) => venue.id)).toEqual(['neurips', 'icml', 'iclr', 'acm-ae', 'zenodo']);
    const assessed = await value<{ items: { id: string; status: string }[]; markdown: string }>('assessBundle', {
      file: path.join(base, 'example.rbundle'),
    });
    expect(assessed.items.find((item) => item.id === 'experiments-seeds')?.status).toBe('green');
    expect(assessed.markdown).toContain('# Reproducibility checklist');
  });

  it('exports a review copy, or answers which identity remains for the author to decide', async () => {
    const file = path.join(base, 'example.rbundle');
    // "Ada Lovelace" signed it and the example's code says "seed": nothing names her in code, so it is written.
    const written = await value<{ outcome: string; signer: { name: string }; commitment: string }>('exportBundle', {
      file,
      kind: 'review',
      output: path.join(base, 'review.zip'),
    });
    expect(written).toMatchObject({ outcome: 'written', signer: { name: 'Anonymous authors (review copy)' } });
    // An identity string that the code does contain is reported, with where.
    const remains = await value<{ outcome: string; occurrences: { file: string; line: number }[] }>('exportBundle', {
      file,
      kind: 'review',
      output: path.join(base, 'review2.zip'),
      identity: ['np.random'],
    });
    expect(remains.outcome).toBe('identity-remains');
    expect(remains.occurrences.map((found) => found.file)).toContain('project/train.py');
  });

  it('saves only reports it holds', async () => {
    expect(
      await call('saveReplayReport', { reportId: 'unknown', format: 'html', output: path.join(base, 'r.html') }),
    ).toMatchObject({ ok: false, error: { code: 'report-unknown' } });
  });
});
