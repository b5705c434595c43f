// Review copies that stay intact (issue 14): the git author "ada" (ada@uni.example) against a
// project full of words that contain "ada" — metadata, adaptive, Canada — exports without
// complaint, every text byte-identical, the RO-Crate file under its own name; identity planted
// in an .npz, a .gz, a .tgz and a UTF-16 file is found and refuses the copy, naming each file.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { ephemeralSigningKey } from '../../../../main/core/signing/keys';
import { exportBundle, IdentityResidualError } from '../../../../main/core/submission/export-bundle';
import { RO_CRATE_METADATA } from '../../../../main/core/submission/ro-crate';
import { readAllEntries } from '../../../helpers/rewrite-bundle';
import { REPO_ROOT } from '../../../helpers/serve-cli';

const EMAIL = 'ada@uni.example';
let work: string;

const WORDS = {
  'notes.md': '# Notes\n\nThe metadata of each run is adaptive; data from Canada and Nevada.\n',
  'features.py': 'def adaptive_metadata(canada_data):\n    return {"metadata": canada_data}\n',
  'page.html': '<ul><li>metadata</li><li>adaptive</li></ul>\n',
};

async function projectWith(name: string, extra: Record<string, string | Buffer>): Promise<string> {
  const project = path.join(work, name);
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  for (const [file, content] of Object.entries({ ...WORDS, ...extra }))
    await writeFile(path.join(project, file), content);
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'ada',
    GIT_AUTHOR_EMAIL: EMAIL,
    GIT_COMMITTER_NAME: 'ada',
    GIT_COMMITTER_EMAIL: EMAIL,
  };
  execFileSync('git', ['-C', project, 'init', '-q', '-b', 'main'], { env });
  execFileSync('git', ['-C', project, 'add', '-A'], { env });
  execFileSync('git', ['-C', project, 'commit', '-q', '-m', 'x'], { env });
  const bundle = path.join(work, `${name}.rbundle`);
  await createBundle({
    projectDir: project,
    output: bundle,
    key: ephemeralSigningKey('ada'),
    hardware: false,
    run: 'python train.py',
  });
  return bundle;
}

const exportReview = (source: string, output: string) =>
  exportBundle({
    source,
    output,
    kind: 'review',
    configDir: path.join(work, 'config'),
    workDir: path.join(work, 'scratch'),
    localGitIdentity: false,
    residual: 'refuse',
  });

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rb-review-identity-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('a short author name', () => {
  it('leaves metadata, adaptive, Canada and <li> alone: the copy exports, texts byte-identical', async () => {
    const bundle = await projectWith('words', {});
    const output = path.join(work, 'words-review.zip');
    const result = await exportReview(bundle, output);
    expect(result.residual).toEqual([]);
    const entries = await readAllEntries(output);
    for (const [file, text] of Object.entries(WORDS))
      expect(entries.get(`project/${file}`)?.data.toString('utf8'), file).toBe(text);
    expect(entries.has(RO_CRATE_METADATA)).toBe(true);
    expect(entries.get(RO_CRATE_METADATA)?.data.toString('utf8')).toContain('"ro-crate-metadata.json"');
    expect((await readFile(output)).toString('latin1')).not.toContain(EMAIL);
  });
});

describe('identity outside plain UTF-8 text', () => {
  it('is found inside an .npz, a .gz and a UTF-16 file, and refuses the copy naming each', async () => {
    const npy = path.join(work, 'arr_0.npy');
    await writeFile(
      npy,
      Buffer.concat([Buffer.from('\x93NUMPY\x01\x00'), Buffer.from(`{'descr': '<U15', 'author': '${EMAIL}'}`)]),
    );
    execFileSync('zip', ['-q', '-j', path.join(work, 'weights.npz'), npy]);
    await writeFile(path.join(work, 'README-run.txt'), 'nothing here\n');
    await writeFile(path.join(work, 'config-run.json'), `{"user": "${EMAIL}"}`);
    execFileSync('tar', ['-czf', path.join(work, 'runs.tgz'), '-C', work, 'README-run.txt', 'config-run.json']);
    const bundle = await projectWith('hidden', {
      'weights.npz': await readFile(path.join(work, 'weights.npz')),
      'runs.tgz': await readFile(path.join(work, 'runs.tgz')),
      'log.txt.gz': gzipSync(Buffer.from(`run by ${EMAIL}\n`)),
      'notes-utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`contact: ${EMAIL}\n`, 'utf16le')]),
    });
    const refused = await exportReview(bundle, path.join(work, 'hidden-review.zip')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IdentityResidualError);
    const files = (refused as IdentityResidualError).occurrences.map((found) => found.file);
    expect(files).toEqual(
      expect.arrayContaining([
        'project/weights.npz',
        'project/log.txt.gz',
        'project/notes-utf16.txt',
        'project/runs.tgz',
      ]),
    );
  });
});
