// Cancelling a synthetic sample while the table is read: the call fails with "cancelled", the
// process keeps running (no exception escapes the CSV stream), and no sample is written.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDialect } from '../../../../main/core/synth/csv-dialect';
import { readRows } from '../../../../main/core/synth/read-csv';
import { synthesize } from '../../../../main/core/synth/synthesize';

let dir: string;
let table: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-synth-cancel-'));
  table = path.join(dir, 'big.csv');
  const lines = ['id,x,y,group'];
  for (let index = 0; index < 300_000; index += 1)
    lines.push(`${index},${(index % 977) / 7},${(index * 31) % 1000},g${index % 13}`);
  await writeFile(table, `${lines.join('\n')}\n`);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('cancelling synthesis', () => {
  it('stops reading and writes nothing when the signal is aborted', async () => {
    const output = path.join(dir, 'sample.csv');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(synthesize({ input: table, output, signal: controller.signal })).rejects.toMatchObject({
      code: 'cancelled',
    });
    await expect(stat(output)).rejects.toThrow();
  });

  it('turns an exception in the row callback into a failed read, not a crash', async () => {
    const dialect = await detectDialect(table);
    await expect(
      readRows(table, dialect, (_fields, line) => {
        if (line === 1000) throw new Error('stop at 1000');
      }),
    ).rejects.toThrow('stop at 1000');
  });
});
