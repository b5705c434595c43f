// Author identity in a bundle, for double-blind review copies: the strings that identify the
// authors (signer name, git author names and emails, the remote's owner, user names in home
// paths, the host name), where they occur in a text, and the text with them replaced.
import { execFile } from 'node:child_process';
import type { Manifest } from '../../shared/manifest';
import type { IdentityKind, IdentityTerm, Occurrence } from '../../shared/submission';

/** What each kind becomes in a review copy. */
export const PLACEHOLDERS: Readonly<Record<IdentityKind, string>> = {
  name: 'Anonymous Author',
  email: 'anonymous@example.org',
  account: 'anonymous',
  host: 'anonymous-host',
};

/** Too short or too common to search for without flagging half the code. */
const MIN_TERM_LENGTH = 3;
const NOT_IDENTIFYING = new Set([
  'root',
  'user',
  'admin',
  'ubuntu',
  'runner',
  'localhost',
  'home',
  'users',
  'anonymous',
  'unnamed signer',
]);

/** Object stores, where the bucket (the URL's host) is what names its owner. */
const BUCKET_SCHEMES = new Set(['s3:', 'gs:', 'gcs:', 'azure:', 'az:', 'oss:']);

/**
 * The account a remote names: `https://github.com/ada/repo.git`, `git@gitlab.com:ada/repo.git`,
 * `ssh://git@host/ada/repo` → `ada`; a DVC remote `s3://ada-bucket/data` → `ada-bucket`.
 */
export function remoteOwner(remote: string): string | null {
  const scp = /^[^@/]+@[^:/]+:([^/]+)\//.exec(remote);
  if (scp?.[1] !== undefined) return scp[1];
  try {
    const url = new URL(remote);
    if (BUCKET_SCHEMES.has(url.protocol)) return url.hostname === '' ? null : url.hostname;
    const [owner] = url.pathname.split('/').filter((part) => part !== '');
    return owner ?? null;
  } catch {
    return null;
  }
}

/** User names in home paths anywhere in a text: `/home/ada/`, `/Users/ada/`, `C:\Users\ada\`. */
export function homeUsers(text: string): string[] {
  const users = new Set<string>();
  for (const match of text.matchAll(/(?:\/home\/|\/Users\/|[A-Za-z]:\\\\?Users\\\\?)([A-Za-z0-9._-]+)/g)) {
    if (match[1] !== undefined) users.add(match[1]);
  }
  return [...users];
}

/**
 * Every identity string the bundle's manifest carries, plus any the author names, plus user
 * names in home paths found in the project's own texts (notebook outputs, logs in READMEs).
 */
export function collectIdentity(
  manifest: Manifest,
  extra: readonly string[] = [],
  texts: readonly { file: string; text: string }[] = [],
): IdentityTerm[] {
  const terms: IdentityTerm[] = [];
  const add = (value: string | null | undefined, kind: IdentityKind, source: string): void => {
    const trimmed = value?.trim() ?? '';
    if (trimmed.length < MIN_TERM_LENGTH || NOT_IDENTIFYING.has(trimmed.toLowerCase())) return;
    if (!terms.some((term) => term.value.toLowerCase() === trimmed.toLowerCase()))
      terms.push({ value: trimmed, kind, source });
  };
  add(manifest.signer.name, 'name', 'signer');
  for (const author of manifest.project.git?.authors ?? []) {
    add(author.name, 'name', 'git author');
    add(author.email, 'email', 'git author');
    // The part before @ is often the author's handle elsewhere too.
    add(author.email.split('@')[0], 'account', 'git author email');
  }
  const remote = manifest.project.git?.remote;
  if (remote !== null && remote !== undefined) add(remoteOwner(remote), 'account', 'git remote');
  for (const pointer of manifest.dataPointers)
    if (pointer.remote !== null) add(remoteOwner(pointer.remote.url), 'account', 'DVC remote');
  for (const user of homeUsers(JSON.stringify(manifest))) add(user, 'account', 'home path');
  for (const { file, text } of texts) for (const user of homeUsers(text)) add(user, 'account', `home path in ${file}`);
  add(manifest.hardware?.os.hostname, 'host', 'hardware record');
  for (const value of extra) add(value, value.includes('@') ? 'email' : 'name', 'given, or git configuration');
  // Longest first, so "Ada Lovelace" is replaced before "Ada" would be.
  return terms.sort((a, b) => b.value.length - a.value.length);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One pattern for all terms, case-insensitive (names are written in every case). */
export function identityPattern(terms: readonly IdentityTerm[]): RegExp | null {
  if (terms.length === 0) return null;
  return new RegExp(terms.map((term) => escapeRegExp(term.value)).join('|'), 'gi');
}

export function termFor(terms: readonly IdentityTerm[], found: string): IdentityTerm | undefined {
  return terms.find((term) => term.value.toLowerCase() === found.toLowerCase());
}

/** The text with every identity string replaced by its kind's placeholder. */
export function redact(text: string, terms: readonly IdentityTerm[]): string {
  const pattern = identityPattern(terms);
  return pattern === null
    ? text
    : text.replace(pattern, (found) => PLACEHOLDERS[termFor(terms, found)?.kind ?? 'name']);
}

/** Where the terms occur in a text, line by line. */
export function findOccurrences(file: string, text: string, terms: readonly IdentityTerm[]): Occurrence[] {
  const pattern = identityPattern(terms);
  if (pattern === null) return [];
  const found: Occurrence[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    for (const match of line.matchAll(pattern)) {
      const term = termFor(terms, match[0]);
      found.push({
        file,
        line: index + 1,
        term: term?.value ?? match[0],
        kind: term?.kind ?? 'name',
        excerpt: line.trim().slice(0, 160),
      });
    }
  });
  return found;
}

/**
 * The name and e-mail address git is configured with on this machine (the exporting author's):
 * they may differ from the ones in the recorded commits (another machine, an alias).
 */
export async function localGitIdentity(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const read = (key: string): Promise<string> =>
    new Promise((resolve) =>
      execFile('git', ['config', '--get', key], { timeout: 5000, env }, (error, stdout) =>
        resolve(error === null ? stdout.trim() : ''),
      ),
    );
  return (await Promise.all([read('user.name'), read('user.email')])).filter((value) => value !== '');
}
