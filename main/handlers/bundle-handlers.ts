// Handlers for the Open screen: verify a bundle (and remember it as recent), and read one of
// its files for the read-only viewer.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { verifyBundle } from '../core/open/verify-bundle';
import { ReproError } from '../core/errors';
import { rememberRecentBundle } from '../core/settings';
import { ZipReader, type ZipEntry } from '../core/zip/zip-reader';
import type { EngineContext } from '../core/engine';
import { inspectBundle } from '../core/open/inspect-bundle';
import { listBundleFiles } from '../core/open/list-bundle-files';
import { resolveTrustedKey } from '../core/open/resolve-trusted-key';
import { listKeys } from '../core/signing/key-store';
import { manifestView } from '../shared/manifest';
import type { GroupOperations } from './handler-groups';
import type { FrontIntegration, HandlerGroup } from './handler-types';

type BundleOperations = GroupOperations<'bundle'>;

/** A sample's report is small JSON; anything larger is not one. */
const MAX_REPORT_BYTES = 16 * 1024 * 1024;

/** The viewer shows text files up to this size; larger ones are named, not shown. */
export const VIEWER_LIMIT_BYTES = 512 * 1024;

export function bundleHandlers(context: EngineContext, dependencies: FrontIntegration): HandlerGroup<BundleOperations> {
  return {
    verifyBundle: async (request, { signal, progress }) => {
      const file = path.resolve(request.file);
      const trusted = await Promise.all(request.trust.map(resolveTrustedKey));
      const report = await verifyBundle(file, {
        trust: trusted.map((key) => key.fingerprint),
        // Keys named for this check decide alone; otherwise the user's own keys are theirs.
        ownKeys: request.trust.length > 0 ? [] : (await listKeys(context.configDir())).map((key) => key.fingerprint),
        trustStore: await context.trustStore(),
        signal,
        onProgress: progress,
      });
      const { size } = await stat(file);
      if (report.manifest !== null && request.remember) {
        await rememberRecentBundle(context.configDir(), {
          file,
          name: report.manifest.project.name,
          signer: report.manifest.signer.name,
          openedAt: new Date().toISOString(),
          valid: report.valid,
        });
        dependencies.desktop?.bundleOpened(file);
      }
      return { ...report, manifest: report.manifest === null ? null : manifestView(report.manifest), bytes: size };
    },
    inspectBundle: (request) => inspectBundle(path.resolve(request.file)),
    listBundleFiles: (request) => listBundleFiles(path.resolve(request.file), request),
    readBundleEntry: (request) =>
      withEntry(request.file, request.entry, async (reader, entry) => {
        const base = { entry: entry.name, size: entry.size, limit: VIEWER_LIMIT_BYTES };
        if (entry.size > VIEWER_LIMIT_BYTES) return { ...base, kind: 'too-large' as const, text: null };
        const text = decodeText(await reader.readWhole(entry, VIEWER_LIMIT_BYTES));
        return text === null
          ? { ...base, kind: 'binary' as const, text: null }
          : { ...base, kind: 'text' as const, text };
      }),
    // The response schema checks the report's shape: a bundle's files are untrusted input.
    sampleReport: (request) =>
      withEntry(request.file, request.entry, async (reader, entry) => {
        const text = decodeText(await reader.readWhole(entry, MAX_REPORT_BYTES));
        try {
          return { entry: entry.name, fidelity: (JSON.parse(text ?? '') as { fidelity?: unknown }).fidelity as never };
        } catch (error) {
          throw new ReproError({
            code: 'report-unreadable',
            message: `${entry.name} is not a readable report: ${(error as Error).message}`,
            file: entry.name,
          });
        }
      }),
  };
}

/** Opens the bundle, finds one entry (or says it is not there), and closes the bundle after. */
async function withEntry<T>(
  bundle: string,
  name: string,
  use: (reader: ZipReader, entry: ZipEntry) => Promise<T>,
): Promise<T> {
  const file = path.resolve(bundle);
  const reader = await ZipReader.open(file);
  try {
    const entry = reader.find(name);
    if (entry === undefined) {
      throw new ReproError({
        code: 'entry-missing',
        kind: 'usage',
        message: `${name} is not in ${file}.`,
        fix: "Pick a file from the bundle's list.",
        file,
      });
    }
    return await use(reader, entry);
  } finally {
    await reader.close();
  }
}

/** UTF-8 text without NUL bytes, or null for anything that is not. */
function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
