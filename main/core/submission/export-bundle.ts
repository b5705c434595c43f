// `export`: a copy of a verified bundle for a paper submission, itself a signed bundle (and an
// RO-Crate), with a reviewer README, the reproducibility checklist and a model card.
// - review: author identity removed from the manifest and the documentation, the rest of the
//   files scanned for what remains (refused, kept knowingly, or redacted too), CITATION.cff
//   dropped, signed with a fresh key, carrying a commitment to the author's real key;
// - camera-ready: full identity, signed with the author's own key, CITATION.cff generated, the
//   salts of earlier review copies revealed so the two can be linked.
// Over the venue's size limit the export fails and names the largest files.
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { addInMemory, writeSignedBundle } from '../create/bundle-writer';
import { DOCKERFILE_NAME, DOCKERIGNORE_NAME, PROJECT_PREFIX, README_NAME } from '../../shared/layout';
import { IMAGE_FOLDER, type FrozenImage } from '../../shared/frozen-image';
import { FileTable } from '../../shared/file-table';
import { freezeIntoBundle, type FreezeOptions } from '../freeze/freeze-image';
import type { Manifest, ManifestFile } from '../../shared/manifest';
import { refuseExistingOutput } from '../files/output-target';
import { requireFreeSpace } from '../files/free-space';
import { ReproError } from '../errors';
import { optional } from '../../shared/optional';
import { hashFile } from '../hash-file';
import { throttle, type ProgressSink } from '../progress';
import { ephemeralSigningKey, type SigningKey } from '../signing/keys';
import { archiveFiles, type FileToArchive } from '../zip/archive-files';
import { assessChecklist, checklistMarkdown } from './checklist';
import { type ChecklistItem } from '../../shared/submission';
import { generateCitation } from './citation';
import { commitmentOf, commitmentsFor, newSalt, saveCommitment } from './commitment';
import { modelCard, reviewerReadme } from './documents';
import { gatherEvidence } from './evidence';
import { anonymiseFiles, anonymiseManifest, type ResidualPolicy } from './anonymise';
import { localGitIdentity } from './identity';
import { type IdentityTerm, type Occurrence, type Rewrite } from '../../shared/submission';

export { IdentityResidualError, type ResidualPolicy } from './anonymise';
import { readProjectFacts, type ProjectFacts } from './project-facts';
import { buildRoCrate, RO_CRATE_METADATA } from './ro-crate';
import { CHECKLIST_NAME, CITATION_NAME, MODEL_CARD_NAME, REGENERATED_FILES } from './copy-content';
import { withUnpackedBundle } from '../open/unpacked-bundle';
import { findVenue, VENUES, type VenueProfile } from '../../shared/venues';

export type ExportKind = 'review' | 'camera-ready';

export const REVIEW_SIGNER = 'Anonymous authors (review copy)';

export interface ExportOptions {
  source: string;
  output: string;
  /** Replace an existing file at `output` (default: refuse it). */
  replace?: boolean;
  kind: ExportKind;
  venue?: string;
  maxSizeMB?: number;
  /** Camera-ready: the author's key, the one that signed the bundle. */
  key?: SigningKey;
  /** Where authorship commitments (salts) are kept. */
  configDir: string;
  /** Scratch space for the unpacked bundle (removed afterwards). */
  workDir: string;
  /** More identity strings to remove (e.g. an institution, a project code name). */
  identity?: readonly string[];
  /** Also remove the name and e-mail git is configured with here (default true). */
  localGitIdentity?: boolean;
  /** The environment git's configuration is read in (default process.env). */
  environment?: NodeJS.ProcessEnv;
  residual?: ResidualPolicy;
  /** Occurrences kept knowingly, one by one (`file:line`, or `file`). */
  accepted?: readonly string[];
  /** Code lines rewritten too, one by one (`file:line`). */
  redactLines?: readonly string[];
  /** Camera-ready: freeze the replay image into the copy when the bundle has none (`--freeze`). */
  freeze?: FreezeOptions;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
}

export interface ExportResult {
  file: string;
  bytes: number;
  kind: ExportKind;
  venue: VenueProfile | null;
  signer: { name: string; fingerprint: string };
  commitment: string | null;
  /** Review: the identity strings searched for (values shown only to the author). */
  identity: IdentityTerm[];
  /** Review: occurrences replaced, per file. */
  redacted: { file: string; count: number }[];
  /** Review: occurrences left in place (accepted), or replaced under --redact-all. */
  residual: Occurrence[];
  /** Review: every line rewritten, before and after. */
  rewrites: Rewrite[];
  checklist: ChecklistItem[];
  citationMissing: string[];
  warnings: string[];
}

export class ExportTooLargeError extends ReproError {
  constructor(
    readonly bytes: number,
    readonly limitBytes: number,
    readonly largest: readonly { path: string; size: number }[],
  ) {
    super({
      code: 'export-too-large',
      message: `The export is ${(bytes / 1024 ** 2).toFixed(1)} MB, over the ${(limitBytes / 1024 ** 2).toFixed(0)} MB limit. Largest files:\n${largest.map((file) => `  ${file.path}: ${(file.size / 1024 ** 2).toFixed(1)} MB`).join('\n')}`,
      fix: 'Turn large data into data pointers (or keep it in DVC), leave out what reviewers do not need, and create the bundle again.',
      inputs: ['dataPointer', 'exclude'],
      file: largest[0]?.path,
    });
    this.name = 'ExportTooLargeError';
  }
}

/**
 * What a review copy would rewrite, and what would remain, without writing anything (`export
 * --dry-run`): every line as before/after, documentation rewritten by the export itself, code
 * lines only when named (`--redact FILE:LINE`) or all asked for.
 */
export async function previewReviewCopy(
  options: Pick<
    ExportOptions,
    'source' | 'workDir' | 'identity' | 'localGitIdentity' | 'environment' | 'residual' | 'redactLines' | 'signal'
  >,
): Promise<{ rewrites: Rewrite[]; residual: Occurrence[]; identity: IdentityTerm[]; warnings: string[] }> {
  return withUnpackedBundle(options.source, options.workDir, options.signal, async ({ manifest, onDisk }) => {
    const anonymised = await anonymiseFiles({
      manifest,
      files: manifest.files.filter((file) => !REGENERATED_FILES.has(file.path)),
      onDisk,
      extraIdentity: [
        ...(options.identity ?? []),
        ...(options.localGitIdentity === false ? [] : await localGitIdentity(options.environment)),
      ],
      residual: options.residual ?? 'refuse',
      ...optional('redactLines', options.redactLines),
      ...optional('signal', options.signal),
      dryRun: true,
    });
    return {
      rewrites: anonymised.rewrites,
      residual: anonymised.residual,
      identity: anonymised.identity,
      warnings: anonymised.warnings,
    };
  });
}

function limitFor(venue: VenueProfile | null, maxSizeMB: number | undefined): number | null {
  if (maxSizeMB !== undefined) return maxSizeMB * 1024 * 1024;
  return venue?.maxSizeMB === null || venue === null ? null : venue.maxSizeMB * 1024 * 1024;
}

export async function exportBundle(options: ExportOptions): Promise<ExportResult> {
  const progress = throttle(options.onProgress);
  const warnings: string[] = [];
  const venue = options.venue === undefined ? null : (findVenue(options.venue) ?? null);
  if (options.venue !== undefined && venue === null) {
    throw new ReproError({
      code: 'unknown-venue',
      kind: 'usage',
      message: `There is no venue profile "${options.venue}".`,
      fix: `Use one of ${VENUES.map((entry) => entry.id).join(', ')}, or give a size limit for another venue.`,
      inputs: ['venue', 'maxSize'],
    });
  }
  if (venue !== null && options.kind === 'review' && venue.anonymity !== 'double-blind')
    warnings.push(`${venue.name} is ${venue.anonymity}: an anonymised review copy is not required there.`);
  if (venue !== null && options.kind === 'camera-ready' && venue.anonymity === 'double-blind')
    warnings.push(`${venue.name} reviews double-blind: submit a review copy until acceptance.`);

  if (options.kind === 'review' && options.freeze !== undefined)
    throw new ReproError({
      code: 'review-not-frozen',
      kind: 'usage',
      message:
        "A review copy cannot carry a frozen image: the image holds the project's files as the author built them, identity included.",
      fix: 'Freeze the camera-ready copy instead (the archive copy); reviewers rebuild the review copy from its recipe.',
      inputs: ['freeze'],
    });
  await refuseExistingOutput(options.output, options.replace ?? false);
  // The copy is about the size of the bundle it is made from: refused now if it cannot fit.
  await requireFreeSpace(path.dirname(options.output), (await stat(options.source)).size, 'the exported copy');
  progress({ phase: 'verify', message: 'Checking and unpacking the bundle' });
  // The source's own hash (what commitments are filed under) is read alongside verification.
  const sourceDigest = hashFile(options.source, options.signal);
  sourceDigest.catch(() => undefined); // awaited below; a failure surfaces there, not as unhandled
  return withUnpackedBundle(options.source, options.workDir, options.signal, async ({ dir, manifest, onDisk }) => {
    const authorKey = options.key;
    if (options.kind === 'camera-ready') {
      if (authorKey === undefined)
        throw new ReproError({
          code: 'key-missing',
          kind: 'usage',
          message: 'A camera-ready copy is signed with your own key, and none was given.',
          fix: 'Give the key that signed the bundle.',
          inputs: ['signingKey'],
        });
      if (authorKey.fingerprint !== manifest.signer.fingerprint) {
        throw new ReproError({
          code: 'export-key-mismatch',
          kind: 'usage',
          message: `This key (${authorKey.fingerprint.slice(0, 16)}…) did not sign the bundle (${manifest.signer.fingerprint.slice(0, 16)}…).`,
          fix: 'Use the key that signed the bundle: a camera-ready copy proves the same author made both.',
        });
      }
    }
    const sourceSha256 = (await sourceDigest).sha256;

    // The files carried over, and what the review copy does to them. A review copy leaves the
    // frozen image out: it holds the project's files un-anonymised (in the image's /app).
    const review = options.kind === 'review';
    let kept = manifest.files.filter(
      (file) => !REGENERATED_FILES.has(file.path) && !(review && file.path.startsWith(IMAGE_FOLDER)),
    );
    if (review && manifest.image !== null)
      warnings.push(
        "The frozen image was left out of the review copy (it holds the project's files un-anonymised): reviewers build the image from the recipe.",
      );
    const anonymised =
      options.kind === 'review'
        ? await anonymiseFiles({
            manifest,
            files: kept,
            onDisk,
            extraIdentity: [
              ...(options.identity ?? []),
              ...(options.localGitIdentity === false ? [] : await localGitIdentity(options.environment)),
            ],
            residual: options.residual ?? 'refuse',
            ...optional('accepted', options.accepted),
            ...optional('redactLines', options.redactLines),
            ...optional('signal', options.signal),
            onStart: (terms) => progress({ phase: 'anonymise', message: `Removing ${terms} identity string(s)` }),
          })
        : null;
    if (anonymised !== null) {
      kept = anonymised.kept;
      warnings.push(...anonymised.warnings);
    }
    const identity = anonymised?.identity ?? [];

    // The manifest of the copy: identity out for review, the submission record in.
    const salt = newSalt();
    const commitment =
      options.kind === 'review' ? commitmentOf(salt, Buffer.from(manifest.signer.publicKey, 'base64')) : null;
    const reveals =
      options.kind === 'camera-ready'
        ? (await commitmentsFor(options.configDir, sourceSha256, manifest.signer.fingerprint)).map((record) => ({
            commitment: record.commitment,
            salt: record.salt,
          }))
        : [];
    const base: Manifest = review ? { ...anonymiseManifest(manifest, identity), image: null } : manifest;
    let image: FrozenImage | null = base.image;
    const signingKey = options.kind === 'review' ? ephemeralSigningKey(REVIEW_SIGNER) : (authorKey as SigningKey);

    // Facts for the documents, from the copy's own (redacted) files.
    const copyFacts = await readProjectFacts(dir, { ...base, files: FileTable.of(kept) });
    const facts: ProjectFacts =
      options.kind === 'review' ? { ...copyFacts, authors: [], repository: null, version: null } : copyFacts;
    const evidence = await gatherEvidence(dir, { ...base, files: FileTable.of(kept) });
    const checklist = assessChecklist(base, facts, evidence);
    const citation = options.kind === 'camera-ready' ? generateCitation(facts) : null;
    const outputName = path.basename(options.output);
    const documents: [string, string][] = [
      [README_NAME, reviewerReadme(base, facts, { kind: options.kind, file: outputName })],
      [CHECKLIST_NAME, checklistMarkdown(facts.title, checklist)],
      [MODEL_CARD_NAME, modelCard(base, facts, options.kind)],
      ...(citation === null ? [] : [[CITATION_NAME, citation.text] as [string, string]]),
    ];
    const dockerfile = await readFile(onDisk(DOCKERFILE_NAME), 'utf8');

    progress({ phase: 'write', message: 'Writing and signing the copy' });
    const written = await writeSignedBundle({
      output: options.output,
      replace: options.replace ?? false,
      key: signingKey,
      modifiedAt: new Date(manifest.createdAt),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      fill: async (writer, recorded) => {
        const toArchive: FileToArchive[] = await Promise.all(
          kept.map(async (file) => ({
            name: file.path,
            source: onDisk(file.path),
            size: (await stat(onDisk(file.path))).size,
            executable: file.executable,
          })),
        );
        const total = toArchive.reduce((sum, file) => sum + file.size, 0);
        const archived = await archiveFiles(writer, toArchive, {
          ...optional('signal', options.signal),
          onFile: (count, bytes) =>
            progress({
              phase: 'write',
              done: bytes,
              total,
              unit: 'bytes',
              message: `${count} of ${toArchive.length} files`,
            }),
        });
        // An export is of one bundle's files, which were verified into a folder: objects are fine.
        const listed: ManifestFile[] = [...archived.build()];
        const projectFiles = listed.filter((file) => file.path.startsWith(PROJECT_PREFIX));
        // Generated from the anonymised manifest and the copy's own (rewritten) files: never
        // rewritten after the fact, which would damage them (a file name, a JSON-LD key).
        for (const [name, text] of documents) listed.push(await addInMemory(writer, name, Buffer.from(text, 'utf8')));
        if (options.freeze !== undefined && image === null) {
          const frozen = await freezeIntoBundle(
            writer,
            options.freeze,
            {
              dockerfile,
              dockerignore: await readFile(onDisk(DOCKERIGNORE_NAME), 'utf8'),
              files: projectFiles.map((file) => ({
                name: file.path,
                source: onDisk(file.path),
                sha256: file.sha256,
                executable: file.executable,
              })),
            },
            progress,
            options.signal,
          );
          image = frozen.image;
          listed.push(...frozen.files);
        }
        const crate = buildRoCrate({ manifest: base, facts, files: listed, dockerfile, kind: options.kind });
        listed.push(await addInMemory(writer, RO_CRATE_METADATA, Buffer.from(crate, 'utf8')));
        for (const file of listed) recorded.addFile(file);
      },
      manifest: (files) => {
        // Files the copy rewrote (to remove identity) keep their original hash on record.
        const original = new Map(manifest.files.map((file) => [file.path, file.sha256]));
        const rewritten: { path: string; originalSha256: string }[] = [];
        for (const file of files) {
          const was = original.get(file.path);
          if (was !== undefined && was !== file.sha256 && !REGENERATED_FILES.has(file.path))
            rewritten.push({ path: file.path, originalSha256: was });
        }
        return {
          ...base,
          signer: {
            name: signingKey.name,
            fingerprint: signingKey.fingerprint,
            publicKey: signingKey.rawPublicKey.toString('base64'),
          },
          files,
          image,
          submission: { kind: options.kind, venue: venue?.id ?? null, commitment, reveals, rewritten },
        };
      },
    });

    const limit = limitFor(venue, options.maxSizeMB);
    if (limit !== null && written.bytes > limit) {
      await rm(written.file, { force: true });
      const largest = [...written.manifest.files]
        .sort((a, b) => b.size - a.size)
        .slice(0, 10)
        .map((file) => ({ path: file.path, size: file.size }));
      throw new ExportTooLargeError(written.bytes, limit, largest);
    }
    if (commitment !== null) {
      await saveCommitment(options.configDir, {
        commitment,
        salt,
        authorFingerprint: manifest.signer.fingerprint,
        sourceSha256,
        reviewFingerprint: signingKey.fingerprint,
        createdAt: new Date().toISOString(),
      });
    }
    if (options.kind === 'camera-ready' && reveals.length === 0)
      warnings.push(
        'No review copy of this bundle was exported on this machine, so none is linked to this camera-ready copy.',
      );
    return {
      file: written.file,
      bytes: written.bytes,
      kind: options.kind,
      venue,
      signer: { name: signingKey.name, fingerprint: signingKey.fingerprint },
      commitment,
      identity,
      redacted: anonymised?.redacted ?? [],
      residual: anonymised?.residual ?? [],
      rewrites: anonymised?.rewrites ?? [],
      checklist,
      citationMissing: citation?.missing ?? [],
      warnings,
    };
  });
}
