// The review copy's anonymisation: the identity strings of the bundle (and any the author adds)
// replaced in the manifest and in the documentation (README, notebooks, LICENSE, params,
// the bundle's own files), CITATION.cff left out, and every other file searched, text by line
// and binary by bytes, file names included. What remains there is refused, kept knowingly, or
// replaced too, as the author chooses.
import { readFile, writeFile } from 'node:fs/promises';
import { PROJECT_PREFIX } from '../../shared/layout';
import type { Manifest, ManifestFile } from '../../shared/manifest';
import { CancelledError, ReproError } from '../errors';
import { collectIdentity, findOccurrences, PLACEHOLDERS, redact } from './identity';
import { searchBinaryFile } from './identity-search';
import { type IdentityTerm, type Occurrence, type Rewrite } from '../../shared/submission';

/** How an accepted occurrence is named: `file:line`, as the refusal lists it. */
export function occurrenceKey(found: Occurrence): string {
  return found.line === null ? found.file : `${found.file}:${found.line}`;
}

/** What a review export does with identity found outside the documentation (code, data, names). */
export type ResidualPolicy = 'refuse' | 'accept' | 'redact';

/** Identity remains in files the export does not rewrite by itself; the author decides. */
export class IdentityResidualError extends ReproError {
  constructor(readonly occurrences: readonly Occurrence[]) {
    const lines = occurrences
      .slice(0, 50)
      .map(
        (found) =>
          `  ${found.file}${found.line === null ? ' (file name)' : `:${found.line}`}: "${found.term}"  ${found.excerpt}`,
      );
    super({
      code: 'identity-residual',
      message: `The review copy would still identify the authors in ${occurrences.length} place(s):\n${lines.join('\n')}${occurrences.length > 50 ? `\n  … and ${occurrences.length - 50} more` : ''}`,
      fix: 'Edit those files and create the bundle again; or keep some or all of them knowingly, or replace them in the code too (then check the code still runs).',
      inputs: ['acceptOccurrence', 'acceptResidual', 'redactAll'],
      file: occurrences[0]?.file,
    });
    this.name = 'IdentityResidualError';
  }
}

/** Text files the export rewrites itself in a review copy: documentation and configuration. */
function isDocumentation(file: string, manifest: Manifest): boolean {
  const name = file.split('/').pop() ?? file;
  if (!file.startsWith(PROJECT_PREFIX)) return true; // the bundle's own Dockerfile, README, .dockerignore
  const relative = file.slice(PROJECT_PREFIX.length);
  return (
    /\.(md|markdown|rst|txt|ipynb|cff|bib)$/i.test(name) ||
    /^(README|LICEN[CS]E|COPYING|AUTHORS|CONTRIBUTORS|NOTICE)/i.test(name) ||
    relative === '.dvc/config' ||
    manifest.params.files.includes(relative)
  );
}

const MAX_TEXT_BYTES = 16 * 1024 * 1024;

async function readText(file: string, size: number): Promise<string | null> {
  if (size > MAX_TEXT_BYTES) return null;
  const bytes = await readFile(file);
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Every string of a JSON value with identity replaced (the manifest of a review copy). */
function redactDeep<T>(value: T, terms: readonly IdentityTerm[]): T {
  if (typeof value === 'string') return redact(value, terms) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, terms)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, terms)])) as T;
  return value;
}

export interface Anonymised {
  /** Every line rewritten, or that would be (dry run, code lines not named), as before/after. */
  rewrites: Rewrite[];
  kept: ManifestFile[];
  identity: IdentityTerm[];
  /** Occurrences replaced, per file (count -1: the file was left out). */
  redacted: { file: string; count: number }[];
  /** Occurrences outside the documentation: kept (accept) or replaced too (redact). */
  residual: Occurrence[];
  warnings: string[];
}

export async function anonymiseFiles(options: {
  manifest: Manifest;
  files: readonly ManifestFile[];
  onDisk: (name: string) => string;
  extraIdentity: readonly string[];
  residual: ResidualPolicy;
  /** Occurrences kept knowingly, one by one: `file:line`, or `file` for all in that file (its name, binary content). */
  accepted?: readonly string[];
  /** Code lines to rewrite too, one by one (`file:line`); `residual: 'redact'` rewrites them all. */
  redactLines?: readonly string[];
  /** Write nothing and refuse nothing: list what the export would rewrite and what remains. */
  dryRun?: boolean;
  signal?: AbortSignal;
  onStart?: (terms: number) => void;
}): Promise<Anonymised> {
  const { manifest, onDisk } = options;
  // Home paths in the documentation (notebook outputs, pasted logs) name accounts too. The texts
  // read here are kept for the pass below, so no documentation file is read twice.
  const texts: { file: string; text: string }[] = [];
  const documentation = new Map<string, string | null>();
  for (const file of options.files.filter((entry) => isDocumentation(entry.path, manifest))) {
    const text = await readText(onDisk(file.path), file.size);
    documentation.set(file.path, text);
    if (text !== null) texts.push({ file: file.path, text });
  }
  const identity = collectIdentity(manifest, options.extraIdentity, texts);
  options.onStart?.(identity.length);
  const redacted: Anonymised['redacted'] = [];
  const residual: Occurrence[] = [];
  const rewrites: Rewrite[] = [];
  const redactLines = new Set(options.redactLines ?? []);
  /** Short names seen as plain words: listed for the author, never rewritten, never blocking. */
  const weak: Occurrence[] = [];
  const notSearched: string[] = [];
  // A citation file is nothing but identity: left out of a review copy.
  const files = options.files.filter((file) => {
    const drop = /(^|\/)CITATION\.cff$/i.test(file.path);
    if (drop) redacted.push({ file: file.path, count: -1 });
    return !drop;
  });
  for (const file of files) {
    if (options.signal?.aborted === true) throw new CancelledError('The export');
    residual.push(
      ...findOccurrences(file.path, file.path, identity).map((found) => ({
        ...found,
        line: null,
        excerpt: "in the file's name",
      })),
    );
    const text = documentation.has(file.path)
      ? (documentation.get(file.path) ?? null)
      : await readText(onDisk(file.path), file.size);
    if (text === null) {
      // Binary, archives, UTF-16, large files: searched, reported, never rewritten.
      const searched = await searchBinaryFile(onDisk(file.path), file.path, identity);
      residual.push(
        ...searched.occurrences.map((found) => ({
          ...found,
          excerpt: found.file === file.path ? '(inside a binary, UTF-16 or large file)' : `(inside ${found.file})`,
          file: file.path,
        })),
      );
      notSearched.push(...searched.notSearched);
      continue;
    }
    const found = findOccurrences(file.path, text, identity, weak);
    if (found.length === 0) continue;
    const isDoc = documentation.has(file.path);
    // Line by line, so a rewrite can be shown, and applied to the lines the author named only.
    const lines = text.split('\n');
    const chosen = new Set(found.map((occurrence) => occurrence.line));
    let count = 0;
    for (const line of [...chosen].sort((a, b) => (a ?? 0) - (b ?? 0))) {
      if (line === null) continue;
      const before = lines[line - 1] ?? '';
      const after = redact(before, identity);
      const named = redactLines.has(`${file.path}:${line}`) || options.residual === 'redact';
      const applied = options.dryRun !== true && (isDoc || named);
      rewrites.push({ file: file.path, line, before, after, automatic: isDoc, applied });
      if (applied) {
        lines[line - 1] = after;
        count += found.filter((occurrence) => occurrence.line === line).length;
      }
    }
    if (count > 0) {
      await writeFile(onDisk(file.path), lines.join('\n'));
      redacted.push({ file: file.path, count });
    }
    if (!isDoc)
      residual.push(
        ...found.filter(
          (occurrence) => !(redactLines.has(`${file.path}:${occurrence.line ?? ''}`) && options.dryRun !== true),
        ),
      );
  }
  // Names and binary files cannot be rewritten: only the author can accept them.
  const accepted = new Set(options.accepted ?? []);
  const isAccepted = (found: Occurrence): boolean =>
    accepted.has(found.file) || (found.line !== null && accepted.has(occurrenceKey(found)));
  const remaining = options.residual === 'redact' ? residual.filter((found) => found.line === null) : residual;
  const unresolved = options.residual === 'accept' ? [] : remaining.filter((found) => !isAccepted(found));
  if (unresolved.length > 0 && options.dryRun !== true) throw new IdentityResidualError(unresolved);
  const kept = remaining.filter((found) => options.residual === 'accept' || isAccepted(found));
  const warnings = [
    ...(kept.length > 0 ? [`${kept.length} identity occurrence(s) kept knowingly in the review copy.`] : []),
    ...weak
      .slice(0, 20)
      .map(
        (found) =>
          `${found.file}:${found.line ?? ''}: "${found.term}" stands as a word here; a name this short is rewritten only where it names a person, so check it: ${found.excerpt}`,
      ),
    ...(weak.length > 20 ? [`… and ${weak.length - 20} more such words.`] : []),
    ...notSearched.map((part) => `Not searched for identity: ${part}.`),
  ];
  return { rewrites, kept: files, identity, redacted, residual, warnings };
}

/** The manifest of a review copy: identity replaced everywhere, remote, commit, branch and authors gone. */
export function anonymiseManifest(manifest: Manifest, identity: readonly IdentityTerm[]): Manifest {
  // The file list is the caller's (the copy's own files); it is not walked for identity here.
  const { files, ...rest } = manifest;
  const anonymous = redactDeep(rest, identity);
  return {
    ...anonymous,
    files,
    // A commit hash or branch can be looked up in the public repository.
    project: {
      ...anonymous.project,
      git:
        anonymous.project.git === null
          ? null
          : { ...anonymous.project.git, remote: null, commit: null, branch: null, authors: [] },
    },
    hardware:
      anonymous.hardware === null
        ? null
        : { ...anonymous.hardware, os: { ...anonymous.hardware.os, hostname: PLACEHOLDERS.host } },
  };
}
