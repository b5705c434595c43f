// Git LFS pointer stubs (issue 16): a small file (routed through `filter=lfs` by a .gitattributes
// at any level, or small enough to be read anyway) that holds only the ~130-byte pointer text (`version https://git-lfs…`, `oid sha256:…`, `size …`) is
// not the model or dataset it names. It becomes a data pointer (sha256 = the LFS oid, the size, the
// remote's LFS endpoint) with a finding that the real file is not in the folder, instead of being
// embedded silently as if it were the file.
import path from 'node:path';
import ignore from 'ignore';
import type { DataPointer, Finding } from '../../shared/manifest';
import { readText } from '../files/project-files';
import { nextTurn, sliceSpent } from '../yield';

/** A pointer file is small; anything larger is the real content. */
const MAX_STUB_BYTES = 1024;
const STUB = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\r?\noid sha256:([0-9a-f]{64})\r?\nsize (\d+)\r?\n/;

/**
 * A file this small is read to see whether it is a stub even when no `.gitattributes` routes it
 * (a stub copied out of another repository, an attributes file outside the project): a stub with
 * no extensions is 126-150 bytes, so few real files are read for this.
 */
const UNROUTED_STUB_BYTES = 200;
/** The shortest text STUB matches (version line, oid line, a one-digit size): smaller files are not read. */
const MIN_STUB_BYTES = 126;

export async function readLfsStubs(
  root: string,
  files: Iterable<{ path: string; size: number }>,
  gitRemote: string | null,
): Promise<{ pointers: DataPointer[]; findings: Finding[] }> {
  const routedBy = await lfsRouting(root, files);
  // The LFS endpoint of an https remote; others (ssh) are recorded as where the repository lives.
  const endpoint =
    gitRemote === null
      ? null
      : { name: 'git-lfs', url: `${gitRemote.replace(/\/+$/, '').replace(/(\.git)?$/, '.git')}/info/lfs` };
  const pointers: DataPointer[] = [];
  const findings: Finding[] = [];
  let index = 0;
  for (const file of files) {
    if (sliceSpent((index += 1))) await nextTurn();
    if (file.size < MIN_STUB_BYTES || file.size > MAX_STUB_BYTES) continue;
    const attributes = routedBy(file.path);
    if (file.size > UNROUTED_STUB_BYTES && attributes === undefined) continue;
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
      declaredIn: attributes ?? null,
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

/**
 * The `.gitattributes` file that routes a path through `filter=lfs`, if any — at the top or in a
 * folder above it, whose patterns are relative to that folder, as git reads them.
 */
async function lfsRouting(
  root: string,
  files: Iterable<{ path: string }>,
): Promise<(relPath: string) => string | undefined> {
  const rules: { file: string; folder: string; matcher: ReturnType<typeof ignore> }[] = [];
  for (const file of files) {
    if (path.posix.basename(file.path) !== '.gitattributes') continue;
    const patterns = ((await readText(root, file.path)) ?? '')
      .split(/\r?\n/)
      .filter((line) => /\sfilter=lfs(\s|$)/.test(line))
      .map((line) => line.trim().split(/\s+/)[0] ?? '')
      .filter((pattern) => pattern !== '' && !pattern.startsWith('#'));
    const folder = path.posix.dirname(file.path);
    if (patterns.length > 0)
      rules.push({ file: file.path, folder: folder === '.' ? '' : `${folder}/`, matcher: ignore().add(patterns) });
  }
  return (relPath) =>
    rules.find(({ folder, matcher }) => relPath.startsWith(folder) && matcher.ignores(relPath.slice(folder.length)))
      ?.file;
}
