// Handlers for the app itself: version, environment status (engine, base images, key),
// settings, recent bundles, and the pickers (native dialogs on the desktop, the server-side
// folder browser in the web mode).
import os from 'node:os';
import type Docker from 'dockerode';
import { appInfo } from '../core/app-info';
import { diskUsage, pruneDiskSpace } from '../core/maintenance/disk-space';
import { probeDocker } from '../core/docker/docker-status';
import { browseFolder } from '../core/files/browse-folder';
import { ReproError } from '../core/errors';
import { hashFile } from '../core/hash-file';
import { defaultBaseImage } from '../core/recipes/dockerfile';
import { loadRecentBundles, saveSettings } from '../core/settings';
import { readStoredKey, keysDir } from '../core/signing/key-store';
import { throttle } from '../core/progress';
import { optional } from '../shared/optional';
import { writeFileAtomically } from '../core/files/atomic-write';
import { synthesize } from '../core/synth/synthesize';
import path from 'node:path';
import { refuseExistingOutput } from '../core/files/output-target';
import type { EngineContext } from '../core/engine';
import type { GroupOperations } from './handler-groups';
import type { FrontIntegration, HandlerGroup } from './handler-types';

type AppOperations = GroupOperations<'app'>;

/** Image names that look like a runtime a bundle can start from. */
const RUNTIME_IMAGE = /(^|\/)(python|miniforge3|miniconda3|mambaforge|pytorch|tensorflow|cuda)[^/]*:/;

export function appHandlers(context: EngineContext, dependencies: FrontIntegration): HandlerGroup<AppOperations> {
  return {
    appInfo: async () => appInfo(),
    environmentStatus: async () => {
      const { docker, endpoint } = await context.engine();
      const [status, settings, key] = await Promise.all([
        probeDocker(docker, endpoint),
        context.settings(),
        readStoredKey(path.join(keysDir(context.configDir()), 'default')),
      ]);
      const wanted = [settings.defaultBaseImage ?? defaultBaseImage({ files: [], runtimes: [], findings: [] }).ref];
      return {
        docker: status,
        baseImages: status.reachable
          ? await baseImages(docker, wanted)
          : wanted.map((ref) => ({ ref, present: false })),
        key: key ?? null,
        checkedAt: new Date().toISOString(),
      };
    },
    getSettings: () => context.settings(),
    saveSettings: async (settings) => {
      const browseRoots = settings.browseRoots ?? (await context.settings()).browseRoots;
      await saveSettings(context.configDir(), { ...settings, browseRoots });
      return context.settings();
    },
    recentBundles: async () => ({ bundles: await loadRecentBundles(context.configDir()) }),
    diskUsage: async () => diskUsage(context.workRoot(), (await context.engine()).docker),
    pruneDiskSpace: async (request) =>
      pruneDiskSpace({
        workRoot: context.workRoot(),
        docker: (await context.engine()).docker,
        olderThanMs: request.olderThanDays * 24 * 3600 * 1000,
        images: request.images,
        dryRun: request.dryRun,
      }),
    synthesizeFile: async (request, { signal, progress }) => {
      // Nothing the user saved is replaced unless asked: refused before the work, and again at the rename.
      await refuseExistingOutput(path.resolve(request.output), request.overwrite);
      if (request.report !== undefined) await refuseExistingOutput(path.resolve(request.report), request.overwrite);
      const report = await synthesize({
        input: path.resolve(request.input),
        output: path.resolve(request.output),
        replace: request.overwrite,
        signal,
        onProgress: progress,
        ...optional('rows', request.rows),
        ...optional('seed', request.seed),
        ...optional('k', request.k),
      });
      if (request.report !== undefined) {
        await writeFileAtomically(path.resolve(request.report), `${JSON.stringify(report, null, 2)}\n`, {
          replace: request.overwrite,
        });
      }
      return { ...report };
    },
    takeLaunchFile: async () => ({ file: (await dependencies.desktop?.takeLaunchFile()) ?? null }),
    nativeDialog: async (request) => {
      if (dependencies.desktop === undefined) {
        throw new ReproError({
          code: 'not-available',
          kind: 'usage',
          message: 'Native dialogs exist only in the desktop app.',
          fix: 'Type the path, or use the folder browser.',
        });
      }
      return { path: await dependencies.desktop.showDialog(request.purpose, request.defaultPath) };
    },
    browseFolder: async (request) =>
      browseFolder(
        dependencies.browseRoot ?? os.homedir(),
        request.path,
        request.extensions,
        (await context.settings()).browseRoots,
      ),
    hashFile: async (request, { signal, progress }) => {
      const report = throttle(progress);
      const target = path.resolve(request.path);
      const digest = await hashFile(target, signal, (done) => report({ phase: 'hash', done, unit: 'bytes' })).catch(
        (error: unknown) => {
          if (error instanceof ReproError) throw error;
          throw new ReproError({
            code: 'file-unreadable',
            kind: 'usage',
            message: `${target} cannot be read: ${(error as Error).message}`,
            fix: 'Check the path; a data pointer is checksummed from a local copy of the data.',
            file: target,
          });
        },
      );
      return { path: target, size: digest.size, sha256: digest.sha256 };
    },
  };
}

/** The wanted base images with whether the engine has them, then any other runtime images it has. */
async function baseImages(docker: Docker, wanted: readonly string[]): Promise<{ ref: string; present: boolean }[]> {
  const tags = (await docker.listImages().catch(() => []))
    .flatMap((image) => image.RepoTags ?? [])
    .filter((tag) => tag !== '<none>:<none>');
  const present = new Set(tags);
  const others = tags.filter((tag) => RUNTIME_IMAGE.test(tag) && !wanted.includes(tag)).sort();
  return [
    ...wanted.map((ref) => ({ ref, present: present.has(ref) })),
    ...others.map((ref) => ({ ref, present: true })),
  ];
}
