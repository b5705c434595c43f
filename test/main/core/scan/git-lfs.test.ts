// Git LFS pointer stubs are data pointers with a finding, never embedded as if they were the model.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { scanProject } from '../../../../main/core/scan/scan-project';
import { ephemeralSigningKey } from '../../../../main/core/signing/keys';
import { writeProject } from '../../../helpers/write-project';

const OID = 'a'.repeat(16) + 'b'.repeat(16) + 'c'.repeat(16) + 'd'.repeat(16);
let work: string;
let root: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rb-lfs-'));
  root = await writeProject(path.join(work, 'project'), {
    '.gitattributes': '*.ckpt filter=lfs diff=lfs merge=lfs -text\ndata/** filter=lfs diff=lfs merge=lfs -text\n',
    'models/best.ckpt': `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 524288000\n`,
    // Routed through LFS but holding real content (already fetched): embedded as it is.
    'data/small.csv': 'x,y\n1,2\n',
    'train.py': 'print(1)\n',
    // Routed by a nested attributes file (patterns relative to its folder), as Hugging Face model folders are.
    'hub/bert/.gitattributes': '*.bin filter=lfs diff=lfs merge=lfs -text\n',
    'hub/bert/pytorch_model.bin': `version https://git-lfs.github.com/spec/v1\noid sha256:${'e'.repeat(64)}\nsize 440473133\n`,
    // Routed by nothing in the project (copied out of another repository): still a stub.
    'weights/loose.pt': `version https://git-lfs.github.com/spec/v1\noid sha256:${'f'.repeat(64)}\nsize 1000\n`,
    // Text that merely mentions LFS is not a stub.
    'docs/lfs.md': 'version https://git-lfs.github.com/spec/v1 is the pointer format\n',
  });
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('Git LFS stubs', () => {
  it('become data pointers with the oid as SHA-256, with a finding, and stay out of the bundle', async () => {
    const scan = await scanProject(root, { hardware: false });
    expect(scan.dataPointers).toEqual([
      expect.objectContaining({ path: 'hub/bert/pytorch_model.bin', declaredIn: 'hub/bert/.gitattributes' }),
      expect.objectContaining({
        path: 'models/best.ckpt',
        sha256: OID,
        size: 524288000,
        source: 'git-lfs',
        declaredIn: '.gitattributes',
      }),
      expect.objectContaining({ path: 'weights/loose.pt', sha256: 'f'.repeat(64), declaredIn: null }),
    ]);
    expect(scan.findings.map((finding) => `${finding.code} ${finding.file ?? ''}`)).toContain(
      'git-lfs-stub models/best.ckpt',
    );
    expect(scan.files.map((file) => file.path)).not.toContain('models/best.ckpt');
    const output = path.join(work, 'lfs.rbundle');
    const created = await createBundle({
      projectDir: root,
      output,
      key: ephemeralSigningKey('Ada'),
      hardware: false,
      run: 'python train.py',
    });
    const bundled = created.manifest.files.map((file) => file.path);
    expect(bundled).not.toContain('project/models/best.ckpt');
    expect(bundled).toContain('project/data/small.csv');
    expect(bundled).toContain('project/docs/lfs.md');
    expect(bundled).not.toContain('project/weights/loose.pt');
  });
});
