// Handlers for the Open screen: verify a bundle (and remember it as recent), and read one of
// its files for the read-only viewer.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { verifyBundle } from '../core/bundle/verify-bundle';
import { ReproError } from '../core/errors';
import { rememberRecentBundle } from '../core/settings';
import { TrustStore } from '../core/signing/trust-store';
import { ZipReader } from '../core/zip/zip-reader';
import type { EngineContext } from './engine-context';
import type { HandlerDependencies, HandlerGroup } from './handler-types';

type BundleOperations = 'verifyBundle' | 'readBundleEntry';

/** The viewer shows text files up to this size; larger ones are named, not shown. */
export const VIEWER_LIMIT_BYTES = 512 * 1024;

export function bundleHandlers(context: EngineContext, dependencies: HandlerDependencies): HandlerGroup<BundleOperations> {
  return {
    verifyBundle: async (request, { signal, progress }) => {
      const file = path.resolve(request.file);
      const report = await verifyBundle(file, { trustStore: await TrustStore.load(context.configDir()), signal, onProgress: progress });
      const { size } = await stat(file);
      if (report.manifest !== null) {
        await rememberRecentBundle(context.configDir(), {
          file,
          name: report.manifest.project.name,
          signer: report.manifest.signer.name,
          openedAt: new Date().toISOString(),
        });
        dependencies.desktop?.bundleOpened(file);
      }
      return { ...report, bytes: size };
    },
    readBundleEntry: async (request) => {
      const file = path.resolve(request.file);
      const reader = await ZipReader.open(file);
      try {
        const entry = reader.find(request.entry);
        if (entry === undefined) {
          throw new ReproError({ code: 'entry-missing', kind: 'usage', message: `${request.entry} is not in ${file}.`, fix: 'Pick a file from the bundle\'s list.', file });
        }
        const base = { entry: entry.name, size: entry.size, limit: VIEWER_LIMIT_BYTES };
        if (entry.size > VIEWER_LIMIT_BYTES) return { ...base, kind: 'too-large' as const, text: null };
        const bytes = await reader.readWhole(entry, VIEWER_LIMIT_BYTES);
        const text = decodeText(bytes);
        return text === null ? { ...base, kind: 'binary' as const, text: null } : { ...base, kind: 'text' as const, text };
      } finally {
        await reader.close();
      }
    },
  };
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
