// Parquet in, Parquet out: the sample has the same columns and Parquet types as the input, typed
// values a Parquet reader gets back as such, nulls where the input had them, and no real row.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../../../main/core/synth/random';
import { synthesize } from '../../../../main/core/synth/synthesize';

let dir: string;
let input: string;
const realKeys = new Set<string>();
const realIds = new Set<bigint>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-parquet-'));
  input = path.join(dir, 'visits.parquet');
  const random = new Random(3);
  const n = 2000;
  const ids = Array.from({ length: n }, (_, i) => BigInt(500_000 + i));
  const values = Array.from({ length: n }, () =>
    random.next() < 0.05 ? null : Math.round(random.normal() * 1000) / 100,
  );
  const groups = Array.from({ length: n }, () => random.pick(['alpha', 'beta', 'gamma']));
  const active = Array.from({ length: n }, () => random.next() < 0.6);
  const seen = Array.from({ length: n }, () => new Date(Date.UTC(2024, 0, 1) + random.int(300) * 86_400_000));
  for (const id of ids) realIds.add(id);
  for (let i = 0; i < n; i += 1)
    realKeys.add(`${ids[i]}|${values[i]}|${groups[i]}|${active[i]}|${seen[i]?.toISOString()}`);
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: ids, type: 'INT64' },
      { name: 'value', data: values, type: 'DOUBLE', nullable: true },
      { name: 'group', data: groups, type: 'STRING' },
      { name: 'active', data: active, type: 'BOOLEAN' },
      { name: 'seen', data: seen, type: 'TIMESTAMP' },
    ],
  });
  await writeFile(input, Buffer.from(buffer));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Parquet samples', () => {
  it('keeps columns, Parquet types and value types, and copies no row', async () => {
    const output = path.join(dir, 'visits-sample.parquet');
    const report = await synthesize({ input, output, rows: 400, seed: 9 });
    expect(report.format).toEqual({
      kind: 'parquet',
      columns: [
        { name: 'id', type: 'INT64' },
        { name: 'value', type: 'DOUBLE' },
        { name: 'group', type: 'STRING' },
        { name: 'active', type: 'BOOLEAN' },
        { name: 'seen', type: 'TIMESTAMP' },
      ],
    });
    const file = await asyncBufferFromFile(output);
    const metadata = await parquetMetadataAsync(file);
    expect(metadata.schema.slice(1).map((element) => [element.name, element.type])).toEqual([
      ['id', 'INT64'],
      ['value', 'DOUBLE'],
      ['group', 'BYTE_ARRAY'],
      ['active', 'BOOLEAN'],
      ['seen', 'INT64'],
    ]);
    const rows = await parquetReadObjects({ file, metadata });
    expect(rows).toHaveLength(400);
    let nulls = 0;
    for (const row of rows) {
      expect(typeof row['id']).toBe('bigint');
      expect(realIds.has(row['id'] as bigint)).toBe(false); // an identifier: faked, never a real one
      if (row['value'] === null) nulls += 1;
      else expect(typeof row['value']).toBe('number');
      expect(['alpha', 'beta', 'gamma']).toContain(row['group']);
      expect(typeof row['active']).toBe('boolean');
      expect(row['seen']).toBeInstanceOf(Date);
      expect((row['seen'] as Date).getUTCFullYear()).toBe(2024);
      expect(
        realKeys.has(
          `${String(row['id'])}|${String(row['value'])}|${String(row['group'])}|${String(row['active'])}|${(row['seen'] as Date).toISOString()}`,
        ),
      ).toBe(false);
    }
    expect(nulls).toBeGreaterThan(5);
  });

  it('refuses what is not Parquet, naming the file', async () => {
    const fake = path.join(dir, 'fake.parquet');
    await writeFile(fake, 'not parquet at all');
    await expect(synthesize({ input: fake, output: path.join(dir, 'x.parquet') })).rejects.toMatchObject({
      code: 'synth-malformed',
      file: fake,
    });
  });
});
