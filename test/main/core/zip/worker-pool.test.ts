// The worker pool: answers in parallel, passes transferred buffers, and reports a failing job.
// The probe worker is real TypeScript, bundled by the global setup like the product's workers.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WorkerPool, workerFile } from '../../../../main/core/zip/worker-pool';
import { REPO_ROOT } from '../../../helpers/serve-cli';
import { TEST_WORKERS_DIR } from '../../../setup/build-workers';

const probe = pathToFileURL(path.join(REPO_ROOT, TEST_WORKERS_DIR, 'probe.js'));

describe('WorkerPool', () => {
  it('runs jobs on the workers and returns their results', async () => {
    const pool = new WorkerPool(probe, 2);
    try {
      const jobs = Array.from({ length: 8 }, (_, index) => {
        const data = new Uint8Array(1000).fill(index);
        return pool.run<{ sum: number; thread: number }>({ buffer: data.buffer }, [data.buffer]);
      });
      const results = await Promise.all(jobs);
      expect(results.map((result) => result.sum)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000]);
      expect(new Set(results.map((result) => result.thread)).size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('rejects the job whose handler throws, and keeps serving others', async () => {
    const pool = new WorkerPool(probe, 1);
    try {
      await expect(pool.run({ fail: true })).rejects.toThrow('bad input');
      await expect(pool.run({ fail: false })).resolves.toBe('ok');
    } finally {
      await pool.close();
    }
  });

  // Terminating a thread inside a synchronous zlib call aborted the whole test process in CI
  // (node_zlib.cc "close before init"); closing must let each thread finish and exit by itself.
  it('closes by letting each worker finish its running job and exit on its own (code 0)', async () => {
    const pool = new WorkerPool(probe, 2);
    const busy = pool.run({ busyMs: 300 }).catch((error: Error) => error.message);
    const queued = pool.run({ fail: false }).catch((error: Error) => error.message);
    const started = Date.now();
    const codes = await pool.close();
    expect(codes).toEqual([0, 0]); // worker.terminate() makes a thread exit with code 1
    expect(Date.now() - started).toBeGreaterThanOrEqual(250); // it waited for the running job
    expect(await busy).toMatch('closed');
    expect(await queued).toMatch('closed');
    await expect(pool.run({ fail: false })).rejects.toThrow('closed');
  });

  it('closes once, however often it is asked (when done, and again on the way out)', async () => {
    const pool = new WorkerPool(probe, 2);
    await expect(pool.run({ fail: false })).resolves.toBe('ok');
    const first = pool.close();
    expect(pool.close()).toBe(first);
    expect(await first).toEqual([0, 0]);
    expect(await pool.close()).toEqual([0, 0]);
  });

  it('closes the digest workers in the middle of inflating without harm', async () => {
    const { deflateRawSync } = await import('node:zlib');
    const data = deflateRawSync(Buffer.alloc(8 << 20, 7));
    for (let round = 0; round < 5; round += 1) {
      const pool = new WorkerPool(workerFile('digest'), 2);
      const jobs = Array.from({ length: 4 }, () => {
        const copy = new Uint8Array(data).buffer;
        return pool
          .run({ buffer: copy, items: [{ offset: 0, length: data.length, method: 8, size: 8 << 20 }] }, [copy])
          .catch(() => 'closed');
      });
      expect(await pool.close()).toEqual([0, 0]);
      await Promise.all(jobs);
    }
  });

  it("finds the product's built workers from the sources", () => {
    for (const name of ['digest', 'read-batch', 'stat-batch'] as const) {
      expect(workerFile(name).pathname).toBe(path.join(REPO_ROOT, 'out', 'main', 'workers', `${name}.js`));
    }
  });
});
