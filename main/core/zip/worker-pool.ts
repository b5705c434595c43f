// A fixed pool of worker threads (one per core) for CPU-bound batches: deflate on create,
// inflate and hash on verify. Each job is one message whose buffers are transferred, not copied.
// Worker code is given as source text defining `handle(payload) => { result, transfer }`, using
// Node built-ins only, so it loads the same from the TypeScript sources (tests) and the bundle.
import os from 'node:os';
import { Worker } from 'node:worker_threads';

const PRELUDE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, payload }) => {
  try {
    const { result, transfer } = handle(payload);
    parentPort.postMessage({ id, result }, transfer || []);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

export class WorkerPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private nextWorker = 0;
  private failure: Error | undefined;

  constructor(handlerSource: string, size = Math.max(1, Math.min(os.availableParallelism(), 8))) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(`${handlerSource}\n${PRELUDE}`, { eval: true });
      worker.on('message', (answer: { id: number; result?: unknown; error?: string }) => this.settle(answer));
      worker.on('error', (error) => this.fail(error));
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

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
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
