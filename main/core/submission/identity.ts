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

/**
 * Shorter names are words too ("ada", "li", "max"): they match only where a text names a person —
 * an author or copyright line, an e-mail local part, a home folder, an @handle, git configuration.
 */
export const SHORT_TERM_LENGTH = 4;
/** Lines that name people: author fields in code, package metadata, licences, git configuration. */
const IDENTITY_LINE =
  /\b(author|authors|maintainer|maintainers|copyright|created by|written by|contact|contributors?|__author__|__email__|user\.?name|name\s*=|email)\b|\(c\)|©/i;

/** Letters, digits and `_` of any script: an identity is a whole token, never part of a longer word or identifier. */
const NOT_INSIDE_BEFORE = '(?<![\\p{L}\\p{N}_])(?<!<\\/?)'; // nor an HTML or XML tag name (`<li>`)
const NOT_INSIDE_AFTER = '(?![\\p{L}\\p{N}_])';

const isShort = (term: IdentityTerm): boolean => term.kind !== 'email' && term.value.length < SHORT_TERM_LENGTH;

/** A whole e-mail address, or a whole token (names, accounts, hosts). */
function tokenSource(term: IdentityTerm): string {
  const value = escapeRegExp(term.value);
  return term.kind === 'email' ? `(?<![\\w.+-])${value}(?![\\w-])` : `${NOT_INSIDE_BEFORE}${value}${NOT_INSIDE_AFTER}`;
}

/** A short term only in positions that name a person wherever they stand: `ada@`, `@ada`, `/home/ada/`. */
function positionalSource(term: IdentityTerm): string {
  const value = escapeRegExp(term.value);
  return [
    `${NOT_INSIDE_BEFORE}${value}(?=@[\\w-])`,
    `(?<=(?:^|[\\s(\\[,;:'"])@)${value}${NOT_INSIDE_AFTER}`,
    `(?<=(?:/home/|/Users/|\\\\Users\\\\))${value}(?=[/\\\\]|$|\\s)`,
  ].join('|');
}

export interface IdentityMatcher {
  /** Matches that identify the author: rewritten in documentation, refused or replaced in code. */
  strong(line: string): { index: number; text: string; term: IdentityTerm }[];
  /** Short names standing as words elsewhere: listed for the author, never rewritten. */
  weak(line: string): { index: number; text: string; term: IdentityTerm }[];
}

/** Matching by whole tokens, case-insensitive (names are written in every case); longest terms first. */
/** Matchers by term list: redact and findOccurrences run once per line and per file with the same list. */
const matchers = new WeakMap<readonly IdentityTerm[], IdentityMatcher | null>();

export function identityMatcher(terms: readonly IdentityTerm[]): IdentityMatcher | null {
  if (!matchers.has(terms)) matchers.set(terms, buildMatcher(terms));
  return matchers.get(terms) ?? null;
}

function buildMatcher(terms: readonly IdentityTerm[]): IdentityMatcher | null {
  if (terms.length === 0) return null;
  const sorted = [...terms].sort((a, b) => b.value.length - a.value.length);
  const long = sorted.filter((term) => !isShort(term));
  const short = sorted.filter(isShort);
  const build = (sources: string[]): RegExp | null =>
    sources.length === 0 ? null : new RegExp(sources.map((source) => `(?:${source})`).join('|'), 'giu');
  const always = build([...long.map(tokenSource), ...short.map(positionalSource)]);
  const onIdentityLines = build(short.map(tokenSource));
  const hits = (pattern: RegExp | null, line: string) =>
    pattern === null
      ? []
      : [...line.matchAll(pattern)].map((match) => ({
          index: match.index,
          text: match[0],
          term: termFor(terms, match[0]) ?? { value: match[0], kind: 'name' as const, source: '' },
        }));
  return {
    strong(line) {
      const found = hits(always, line);
      if (IDENTITY_LINE.test(line))
        for (const hit of hits(onIdentityLines, line))
          if (
            !found.some(
              (other) => hit.index < other.index + other.text.length && other.index < hit.index + hit.text.length,
            )
          )
            found.push(hit);
      return found.sort((a, b) => a.index - b.index);
    },
    weak(line) {
      if (IDENTITY_LINE.test(line)) return [];
      const strong = hits(always, line);
      return hits(onIdentityLines, line).filter(
        (hit) => !strong.some((other) => hit.index >= other.index && hit.index < other.index + other.text.length),
      );
    },
  };
}

export function termFor(terms: readonly IdentityTerm[], found: string): IdentityTerm | undefined {
  return terms.find((term) => term.value.toLowerCase() === found.toLowerCase());
}

/** The text with every identifying occurrence replaced by its kind's placeholder, line by line. */
export function redact(text: string, terms: readonly IdentityTerm[]): string {
  const matcher = identityMatcher(terms);
  if (matcher === null) return text;
  return text
    .split('\n')
    .map((line) => {
      let result = '';
      let at = 0;
      for (const hit of matcher.strong(line)) {
        if (hit.index < at) continue;
        result += line.slice(at, hit.index) + PLACEHOLDERS[hit.term.kind];
        at = hit.index + hit.text.length;
      }
      return result + line.slice(at);
    })
    .join('\n');
}

/** Where the terms identify the author in a text, line by line; `weak` collects short names seen as plain words. */
export function findOccurrences(
  file: string,
  text: string,
  terms: readonly IdentityTerm[],
  weak?: Occurrence[],
): Occurrence[] {
  const matcher = identityMatcher(terms);
  if (matcher === null) return [];
  const found: Occurrence[] = [];
  text.split('\n').forEach((line, index) => {
    const occurrence = (hit: { text: string; term: IdentityTerm }): Occurrence => ({
      file,
      line: index + 1,
      term: hit.term.value,
      kind: hit.term.kind,
      excerpt: line.trim().slice(0, 160),
    });
    found.push(...matcher.strong(line).map(occurrence));
    if (weak !== undefined) weak.push(...matcher.weak(line).map(occurrence));
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
