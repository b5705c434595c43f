// Handler for batch evaluation (`reprobundle evaluate`): the engine in use, the user's trust
// store and limits, each row streamed as a progress event as soon as it is known.
import path from 'node:path';
import { evaluateBundles } from '../core/evaluate/evaluate-bundles';
import { listKeys } from '../core/signing/key-store';
import type { EngineContext } from '../core/engine';
import { DEFAULT_LIMITS } from '../shared/defaults';
import { optional } from '../shared/optional';
import type { HandlerGroup } from './handler-types';

export function evaluateHandlers(context: EngineContext): HandlerGroup<'evaluateBundles'> {
  return {
    evaluateBundles: async (request, { signal, progress }) => {
      const docker = await context.reachableEngine();
      const settings = await context.settings();
      const { rows, files } = await evaluateBundles({
        inputs: request.inputs.map((input) => path.resolve(input)),
        outDir: path.resolve(request.outDir),
        jobs: request.jobs,
        docker,
        workRoot: context.workRoot(),
        cacheDir: context.cacheDir(),
        trustStore: await context.trustStore(),
        replay: {
          ownKeys: (await listKeys(context.configDir())).map((key) => key.fingerprint),
          strictTolerances: request.strictTolerances ?? settings.strictTolerances,
          limits: {
            cpus: request.cpus ?? DEFAULT_LIMITS.cpus,
            memoryBytes: request.memoryMB === undefined ? DEFAULT_LIMITS.memoryBytes : request.memoryMB * 1024 * 1024,
            pids: DEFAULT_LIMITS.pids,
          },
          ...optional('dataDir', request.dataDir === undefined ? undefined : path.resolve(request.dataDir)),
          ...optional('baseImage', request.baseImage),
          ...optional('runTimeoutMs', request.timeoutSeconds === undefined ? undefined : request.timeoutSeconds * 1000),
        },
        signal,
        onProgress: progress,
        // Each row as a log line (`VERDICT<TAB>file`): the GUI's table fills in as they come.
        onRow: (row) => progress({ phase: 'row', log: { source: 'run', line: `${row.verdict}\t${row.file}` } }),
      });
      return { rows, summary: files };
    },
  };
}
