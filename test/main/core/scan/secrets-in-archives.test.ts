// Secrets searched in everything that ships (issue 16): inside a zip (and its kin), a .tgz and a
// UTF-16 text file, refused with the project file named and the entry that holds it; and past
// the first 4 MiB of a plain file.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle, SecretsFoundError } from '../../../../main/core/create/create-bundle';
import { scanProject } from '../../../../main/core/scan/scan-project';
import { generateKey, loadSigningKey } from '../../../../main/core/signing/keys';
import { writeProject } from '../../../helpers/write-project';

const token = (parts: string[]): string => parts.join(''); // keeps fake tokens out of this file's own scan
const AWS = token(['AKIA', 'ABCDEFGHIJKLMNOP']);
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rb-secret-archives-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('secrets inside what ships', () => {
  it('are found in a zip, a .tgz and a UTF-16 file, naming the file and the entry', async () => {
    const staging = await writeProject(path.join(work, 'staging'), {
      'credentials.ini': `[default]\naws_access_key_id = ${AWS}\n`,
      'notes.txt': 'nothing here\n',
    });
    execFileSync('zip', ['-q', '-j', path.join(work, 'bundle.zip'), path.join(staging, 'credentials.ini')]);
    execFileSync('tar', ['-czf', path.join(work, 'logs.tgz'), '-C', staging, 'notes.txt', 'credentials.ini']);
    const root = await writeProject(path.join(work, 'project'), { 'train.py': 'print(1)\n' });
    await writeFile(path.join(root, 'vendor.zip'), await readFile(path.join(work, 'bundle.zip')));
    await writeFile(path.join(root, 'logs.tgz'), await readFile(path.join(work, 'logs.tgz')));
    await writeFile(
      path.join(root, 'setup-notes.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`key = "${AWS}"\n`, 'utf16le')]),
    );
    await writeFile(path.join(root, 'plain.gz'), gzipSync(Buffer.from('no secrets\n')));
    const scan = await scanProject(root, { hardware: false, readContents: true });
    const found = scan.secrets.map((secret) => `${secret.path} ${secret.rule} ${secret.description}`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^vendor\.zip aws-access-key .*inside vendor\.zip!\/credentials\.ini/),
        expect.stringMatching(/^logs\.tgz aws-access-key .*inside logs\.tgz!!\/credentials\.ini/),
        expect.stringMatching(/^setup-notes\.txt aws-access-key/),
      ]),
    );
    expect(found.some((line) => line.startsWith('plain.gz'))).toBe(false);
  });
});

describe('secrets past the first 4 MiB of a file', () => {
  it('are found by the scan and by create, with the line they are on', async () => {
    // A 6 MB log whose token sits on line 200,001, past where the content rules used to stop.
    const filler = 'epoch 1 loss 0.25 accuracy 0.91 step 1000\n'.repeat(200_000);
    const root = await writeProject(path.join(work, 'long-log'), {
      'train.py': 'print(1)\n',
      'logs/run.log': `${filler}HF_TOKEN="${token(['hf_', 'a1B2'.repeat(9)])}"\n${filler}`,
    });
    const scan = await scanProject(root, { hardware: false, readContents: true, largeFileBytes: 64 * 1024 * 1024 });
    expect(scan.secrets.map((secret) => `${secret.path}:${secret.rule}:${secret.line ?? ''}`)).toEqual([
      'logs/run.log:huggingface-token:200001',
    ]);
    await generateKey({ dir: path.join(work, 'long-log-key'), name: 'Ada Author' });
    const error = await createBundle({
      projectDir: root,
      output: path.join(work, 'long-log.rbundle'),
      key: await loadSigningKey(path.join(work, 'long-log-key')),
      largeFileBytes: 64 * 1024 * 1024,
      hardware: false,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretsFoundError);
    expect((error as SecretsFoundError).secrets.map((secret) => `${secret.path}:${secret.line ?? ''}`)).toEqual([
      'logs/run.log:200001',
    ]);
  });
});
