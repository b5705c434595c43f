// A fixed pool of worker threads (one per core) for CPU-bound batches: deflate on create,
// inflate and hash on verify. Each job is one message whose buffers are transferred, not copied.
// Worker scripts are real TypeScript (`workers/*.worker.ts`, answering through serve-jobs.ts),
// bundled by the build into out/main/workers/, and loaded from there by path.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/** The product's worker scripts (scripts/build-workers.mjs builds them). */
export type WorkerName = 'read-batch' | 'digest' | 'stat-batch';

/**
 * Where a built worker script is. Bundled code (out/main/*.js) finds it beside itself; code run
 * from the sources (Vitest, scripts) finds the build's copy under the project's out/main/.
 */
export function workerFile(name: WorkerName): URL {
  const beside = new URL(`./workers/${name}.js`, import.meta.url);
  // In the packaged app they are unpacked next to the archive (electron-builder.yml, asarUnpack).
  if (existsSync(beside)) return new URL(beside.href.replace('/app.asar/', '/app.asar.unpacked/'));
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const built = path.join(dir, 'out', 'main', 'workers', `${name}.js`);
  if (!existsSync(built)) {
    throw new Error(`The worker script ${name}.js is missing from ${path.dirname(built)}: run \`npm run build\`.`);
  }
  return pathToFileURL(built);
}

export class WorkerPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private nextWorker = 0;
  private failure: Error | undefined;
  /** The workers' exits, once close was called. */
  private closing: Promise<number[]> | undefined;
  /** Each worker's exit code, once it has exited (a crashed worker exits too). */
  private readonly exited = new Map<Worker, Promise<number>>();

  constructor(script: URL, size = Math.max(1, Math.min(os.availableParallelism(), 8))) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(script);
      worker.on('message', (answer: { id: number; result?: unknown; error?: string }) => this.settle(answer));
      worker.on('error', (error) => this.fail(error));
      this.exited.set(worker, new Promise((resolve) => worker.once('exit', resolve)));
      worker.unref(); // idle workers must not keep the process alive
      return worker;
    });
  }

  run<T>(payload: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    const worker = this.workers[this.nextWorker++ % this.workers.length] as Worker;
    worker.ref(); // busy: keep the process alive until the answer arrives
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      worker.postMessage({ id, payload }, transfer);
    });
  }

  /**
   * Stops every worker once it has finished the job it is running, and resolves with their exit
   * codes (0 for each). Never `worker.terminate()`: terminating a thread in the middle of a
   * synchronous zlib call aborts the whole process (Node 20: "close before init" assertion in
   * node_zlib.cc during the thread's cleanup). Jobs are bounded batches, so this waits at most one
   * batch; jobs still queued are rejected.
   */
  close(): Promise<number[]> {
    // Once: a caller may close it when done and again on its way out.
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<number[]> {
    this.failure ??= new Error('the worker pool was closed');
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
    return Promise.all(
      this.workers.map((worker) => {
        worker.ref(); // the caller awaits these exits: keep the process alive until they come
        worker.postMessage({ stop: true });
        return this.exited.get(worker) as Promise<number>;
      }),
    );
  }

  private settle(answer: { id: number; result?: unknown; error?: string }): void {
    const pending = this.pending.get(answer.id);
    this.pending.delete(answer.id);
    if (this.pending.size === 0) for (const worker of this.workers) worker.unref();
    if (answer.error !== undefined) pending?.reject(new Error(answer.error));
    else pending?.resolve(answer.result);
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
