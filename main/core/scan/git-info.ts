// What git knows about the project: commit, branch, remote (credentials removed) and the
// uncommitted changes inside the project folder. Null when the folder is not in a repository.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GitInfo } from '../../shared/manifest';

const run = promisify(execFile);

async function git(root: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['-C', root, '-c', 'core.quotepath=off', ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
    });
    return stdout;
  } catch {
    return undefined;
  }
}

export async function readGitInfo(root: string): Promise<GitInfo | null> {
  const inside = await git(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside?.trim() !== 'true') return null;
  const [commit, branch, prefix, remotes, status, log] = await Promise.all([
    git(root, ['rev-parse', '--verify', '-q', 'HEAD']),
    git(root, ['symbolic-ref', '--short', '-q', 'HEAD']),
    git(root, ['rev-parse', '--show-prefix']),
    git(root, ['remote']),
    git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.']),
    git(root, ['log', `--max-count=${AUTHOR_COMMITS}`, '--format=%an%x1f%ae', 'HEAD']),
  ]);
  const remoteNames = (remotes ?? '').split('\n').filter((name) => name !== '');
  const remoteName = remoteNames.includes('origin') ? 'origin' : remoteNames[0];
  const remote = remoteName === undefined ? undefined : await git(root, ['remote', 'get-url', remoteName]);
  return {
    commit: commit?.trim() || null,
    branch: branch?.trim() || null,
    remote: remote === undefined ? null : withoutCredentials(remote.trim()),
    changes: parseStatus(status ?? '', (prefix ?? '').trim()),
    authors: parseAuthors(log ?? ''),
  };
}

/** Authors are read from this many recent commits: enough for a paper's team, bounded for huge histories. */
const AUTHOR_COMMITS = 1000;

/** Each author once, in order of their latest commit. */
function parseAuthors(output: string): NonNullable<GitInfo['authors']> {
  const seen = new Map<string, { name: string; email: string }>();
  for (const line of output.split('\n')) {
    const [name = '', email = ''] = line.split('\u001f');
    if (name.trim() === '' && email.trim() === '') continue;
    const key = email.trim().toLowerCase() || name.trim();
    if (!seen.has(key)) seen.set(key, { name: name.trim(), email: email.trim() });
  }
  return [...seen.values()];
}

/** `https://user:token@host/x` → `https://host/x`; scp-style `git@host:x` is kept (no secret in it). */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

function parseStatus(output: string, prefix: string): GitInfo['changes'] {
  const changes: GitInfo['changes'] = [];
  const fields = output.split('\0');
  for (let index = 0; index < fields.length; index += 1) {
    const field = fields[index] as string;
    if (field.length < 4) continue;
    const status = field.slice(0, 2);
    const file = field.slice(3);
    // A rename or copy is followed by its source path: skip it.
    if (status.includes('R') || status.includes('C')) index += 1;
    changes.push({ path: file.startsWith(prefix) ? file.slice(prefix.length) : file, status: status.trim() });
  }
  return changes;
}
