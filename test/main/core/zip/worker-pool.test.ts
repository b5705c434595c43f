// The worker pool: answers in parallel, passes transferred buffers, and reports a failing job.
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../../main/core/zip/worker-pool';

describe('WorkerPool', () => {
  it('runs jobs on the workers and returns their results', async () => {
    const pool = new WorkerPool(
      `function handle({ buffer }) { const b = Buffer.from(buffer); return { result: { sum: b.reduce((s, x) => s + x, 0), thread: require('node:worker_threads').threadId } }; }`,
      2,
    );
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
    const pool = new WorkerPool(
      `function handle({ fail }) { if (fail) throw new Error('bad input'); return { result: 'ok' }; }`,
      1,
    );
    try {
      await expect(pool.run({ fail: true })).rejects.toThrow('bad input');
      await expect(pool.run({ fail: false })).resolves.toBe('ok');
    } finally {
      await pool.close();
    }
  });
});
