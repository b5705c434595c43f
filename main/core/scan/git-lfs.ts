// Git LFS pointer stubs (issue 16): a file that .gitattributes routes through `filter=lfs` and that
// holds only the ~130-byte pointer text (`version https://git-lfs…`, `oid sha256:…`, `size …`) is
// not the model or dataset it names. It becomes a data pointer (sha256 = the LFS oid, the size, the
// remote's LFS endpoint) with a finding that the real file is not in the folder, instead of being
// embedded silently as if it were the file.
import ignore from 'ignore';
import type { DataPointer, Finding } from '../../shared/manifest';
import { readText } from '../files/project-files';

/** A pointer file is small; anything larger is the real content. */
const MAX_STUB_BYTES = 1024;
const STUB = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\r?\noid sha256:([0-9a-f]{64})\r?\nsize (\d+)\r?\n/;

export async function readLfsStubs(
  root: string,
  files: readonly { path: string; size: number }[],
  gitRemote: string | null,
): Promise<{ pointers: DataPointer[]; findings: Finding[] }> {
  const attributes = await readText(root, '.gitattributes');
  const patterns = (attributes ?? '')
    .split(/\r?\n/)
    .filter((line) => /\sfilter=lfs(\s|$)/.test(line))
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((pattern) => pattern !== '' && !pattern.startsWith('#'));
  if (patterns.length === 0) return { pointers: [], findings: [] };
  const tracked = ignore().add(patterns);
  // The LFS endpoint of an https remote; others (ssh) are recorded as where the repository lives.
  const endpoint =
    gitRemote === null
      ? null
      : { name: 'git-lfs', url: `${gitRemote.replace(/\/+$/, '').replace(/(\.git)?$/, '.git')}/info/lfs` };
  const pointers: DataPointer[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    if (file.size > MAX_STUB_BYTES || !tracked.ignores(file.path)) continue;
    const match = STUB.exec((await readText(root, file.path)) ?? '');
    if (match === null) continue;
    const [, oid, size] = match as unknown as [string, string, string];
    pointers.push({
      path: file.path,
      uri: null,
      size: Number(size),
      sha256: oid,
      md5: null,
      nfiles: null,
      isDirectory: false,
      source: 'git-lfs',
      declaredIn: '.gitattributes',
      remote: endpoint,
    });
    findings.push({
      severity: 'warning',
      code: 'git-lfs-stub',
      message: `${file.path} is a Git LFS pointer, not the file itself (${Number(size).toLocaleString('en')} bytes): it is recorded as data the replay needs, not embedded.`,
      file: file.path,
      line: null,
      fix: 'Fetch the real file with Git LFS before bundling if it should be embedded; otherwise a reviewer supplies it as data.',
    });
  }
  return { pointers, findings };
}
