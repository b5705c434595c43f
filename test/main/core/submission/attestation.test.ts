// Reproduction attestations end to end on the real Docker engine, through the CLI: a review copy
// is exported, replayed and attested by a reviewer; the attestation verifies for that copy and
// for its camera-ready copy (the commitment matches), and fails for another bundle, when its
// payload is altered, or when its signature is.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSigningKey } from '../../../../main/core/signing/keys';
import { BASE_IMAGE, requireBaseImage, requireDocker } from '../../../helpers/docker';
import { hostileBundle } from '../../../helpers/hostile-bundle';
import { makeIdentityProject } from '../../../helpers/identity-project';
import { runCli } from '../../../helpers/run-cli';
import { requireBuiltCli } from '../../../helpers/serve-cli';

let base: string;
let author: Record<string, string>;
let reviewer: Record<string, string>;
const files = { original: '', review: '', cameraReady: '', report: '', attestation: '' };

beforeAll(async () => {
  requireBuiltCli();
  await requireBaseImage(await requireDocker());
  const made = await makeIdentityProject();
  base = made.base;
  // The machine's own git identity is not the fixture's: keep it out of these runs.
  const env = (who: string): Record<string, string> => ({
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    REPROBUNDLE_CONFIG_DIR: path.join(base, who),
    REPROBUNDLE_WORK_DIR: path.join(base, `${who}-work`),
    REPROBUNDLE_CACHE_DIR: path.join(base, 'cache'),
  });
  author = env('author');
  reviewer = env('reviewer');
  for (const [key, file] of [
    ['original', 'original.rbundle'],
    ['review', 'review.zip'],
    ['cameraReady', 'camera-ready.zip'],
    ['attestation', 'result.intoto.json'],
  ] as const)
    files[key] = path.join(base, file);
  const ok = async (args: string[], env: Record<string, string>): Promise<string> => {
    const result = await runCli(args, env);
    if (result.code !== 0)
      throw new Error(`reprobundle ${args.join(' ')} exited ${result.code}:\n${result.stdout}${result.stderr}`);
    return result.stdout;
  };
  await ok(['keygen', '--name', 'Ada Lovelace'], author);
  await ok(['create', made.project, '-o', files.original, '--base-image', BASE_IMAGE], author);
  await ok(
    ['export', files.original, '--for', 'review', '--venue', 'neurips', '--redact-all', '-o', files.review],
    author,
  );
  await ok(['export', files.original, '--for', 'camera-ready', '-o', files.cameraReady], author);
  await ok(['keygen', '--name', 'Reviewer 2'], reviewer);
  await mkdir(reviewer['REPROBUNDLE_WORK_DIR'] as string, { recursive: true });
  const replay = await runCli(['replay', files.review, '--json'], reviewer);
  const report = JSON.parse(replay.stdout) as { verdict: string; workDir: string };
  expect(report.verdict).toBe('REPRODUCED');
  files.report = path.join(report.workDir, 'report.json');
  await ok(['attest', files.report, '-o', files.attestation], reviewer);
}, 240_000);
afterAll(async () => rm(base, { recursive: true, force: true }));

const verify = (attestation: string, bundle: string) =>
  runCli(['verify-attestation', attestation, '--bundle', bundle], reviewer);

describe('attestations', () => {
  it('are DSSE envelopes holding an in-toto statement about the replayed copy', async () => {
    const envelope = JSON.parse(await readFile(files.attestation, 'utf8')) as {
      payloadType: string;
      payload: string;
      signatures: { keyid: string; sig: string }[];
    };
    expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
      _type: string;
      subject: { name: string; digest: { sha256: string } }[];
      predicate: {
        verdict: string;
        metrics: { name: string; passed: boolean }[];
        tolerances: unknown[];
        replayHardware: { cpu: unknown; os: { hostname: string } } | null;
        tool: { name: string };
        bundle: { commitment: string | null };
      };
    };
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.subject[0]?.name).toBe('review.zip');
    expect(statement.predicate.verdict).toBe('REPRODUCED');
    expect(statement.predicate.metrics.map((metric) => metric.name)).toEqual(
      expect.arrayContaining(['test.accuracy', 'test.loss']),
    );
    expect(statement.predicate.tolerances.length).toBeGreaterThan(0);
    expect(statement.predicate.replayHardware?.cpu).toBeDefined();
    // The reviewer's machine is described, not named: its host name is left out.
    expect(statement.predicate.replayHardware?.os.hostname).toBe('');
    expect(statement.predicate.tool.name).toBe('ReproBundle');
    expect(statement.predicate.bundle.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(envelope.signatures[0]?.keyid).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verify for the replayed copy, and for its camera-ready copy through the commitment', async () => {
    const same = await verify(files.attestation, files.review);
    expect(same.code, same.stdout).toBe(0);
    expect(same.stdout).toContain('about exactly this bundle');
    const linked = await verify(files.attestation, files.cameraReady);
    expect(linked.code, linked.stdout).toBe(0);
    expect(linked.stdout).toContain('made on the review copy of this bundle');
  });

  it("fail for a camera-ready copy, signed by the same author, whose content is not the review copy's", async () => {
    const key = await loadSigningKey(path.join(author['REPROBUNDLE_CONFIG_DIR'] as string, 'keys', 'default'));
    const forged = path.join(base, 'forged-camera-ready.zip');
    await hostileBundle(
      files.cameraReady,
      forged,
      (_manifest, entries) => {
        entries.set('project/train.py', { data: Buffer.from('print("another project")\n'), executable: false });
      },
      { key },
    );
    const result = await verify(files.attestation, forged);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("this camera-ready copy's content differs from the review copy that was replayed");
  });

  it('fail for another bundle: the original carries no revealed commitment', async () => {
    const other = await verify(files.attestation, files.original);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('about another bundle');
  });

  it('fail when the statement is altered or the signature is', async () => {
    const envelope = JSON.parse(await readFile(files.attestation, 'utf8')) as {
      payload: string;
      signatures: { keyid: string; sig: string }[];
    };
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
      predicate: { verdict: string };
    };
    statement.predicate.verdict = 'MISMATCH';
    const altered = path.join(base, 'altered.json');
    await writeFile(
      altered,
      JSON.stringify({ ...envelope, payload: Buffer.from(JSON.stringify(statement)).toString('base64') }),
    );
    const payloadCheck = await verify(altered, files.review);
    expect(payloadCheck.code).toBe(1);
    expect(payloadCheck.stdout).toContain('signature does not verify');

    const signature = Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64');
    signature[0] = (signature[0] ?? 0) ^ 0xff;
    const forged = path.join(base, 'forged.json');
    await writeFile(
      forged,
      JSON.stringify({
        ...envelope,
        signatures: [{ keyid: envelope.signatures[0]?.keyid, sig: signature.toString('base64') }],
      }),
    );
    const signatureCheck = await verify(forged, files.review);
    expect(signatureCheck.code).toBe(1);
    expect(signatureCheck.stdout).toContain('signature does not verify');
  });

  it('are refused for a bundle that is not the one replayed', async () => {
    const result = await runCli(
      ['attest', files.report, '--bundle', files.cameraReady, '-o', path.join(base, 'wrong.json')],
      reviewer,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not the file that was replayed');
  });

  it('export exits 1 with the places identity remains, and 2 for an unknown venue', async () => {
    const refused = await runCli(['export', files.original, '--for', 'review', '-o', path.join(base, 'r.zip')], author);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/project\/train\.py:\d+: "ada@lovelace\.example"/);
    expect(refused.stderr).toContain('--accept-residual');
    const venue = await runCli(
      ['export', files.original, '--for', 'review', '--venue', 'nope', '-o', path.join(base, 'v.zip')],
      author,
    );
    expect(venue.code).toBe(2);
  });
});
