// Synthetic samples of generated tables with known structure: formats and types kept, the
// correlation and marginals close, rare categories and real rows absent, seeded determinism,
// Python's csv module reads the result, and malformed input is refused with the record named.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitFields } from '../../../../main/core/synth/csv-dialect';
import { Random } from '../../../../main/core/synth/random';
import { correlation } from '../../../../main/core/synth/stats';
import { synthesize } from '../../../../main/core/synth/synthesize';

let dir: string;
let input: string;
const realIds = new Set<string>();
const realRows = new Set<string>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-synth-'));
  input = path.join(dir, 'patients.csv');
  const random = new Random(99);
  const lines = ['id,x,y,score,group,visit'];
  for (let i = 0; i < 5000; i += 1) {
    const x = random.normal();
    const y = 0.8 * x + 0.6 * random.normal(); // correlation 0.8
    const group = i < 2 ? 'Z' : random.next() < 0.5 ? 'A' : random.next() < 0.6 ? 'B' : 'C';
    const day = new Date(Date.UTC(2024, 0, 1) + random.int(366) * 86_400_000).toISOString().slice(0, 10);
    const id = `P-${String(10000 + i).padStart(5, '0')}`;
    const line = `${id},${random.next() < 0.05 ? '' : x.toFixed(4)},${y.toFixed(4)},${1 + random.int(100)},${group},${day}`;
    realIds.add(id);
    realRows.add(line);
    lines.push(line);
  }
  await writeFile(input, `${lines.join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('synthesize', () => {
  it('keeps columns, types and formats, and the statistics that matter', async () => {
    const output = path.join(dir, 'sample.csv');
    const report = await synthesize({ input, output, rows: 2000, seed: 1 });
    expect(report.columns.map((column) => [column.name, column.type])).toEqual([
      ['id', 'identifier'],
      ['x', 'float'],
      ['y', 'float'],
      ['score', 'integer'],
      ['group', 'categorical'],
      ['visit', 'datetime'],
    ]);
    const lines = (await readFile(output, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('id,x,y,score,group,visit');
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(2000);
    for (const [id, x, y, score, group, visit] of rows) {
      expect(id).toMatch(/^P-\d{5}$/);
      expect(realIds.has(id as string)).toBe(false);
      if (x !== '') expect(x).toMatch(/^-?\d+\.\d{4}$/);
      expect(y).toMatch(/^-?\d+\.\d{4}$/);
      expect(Number(score)).toBeGreaterThanOrEqual(1);
      expect(Number(score)).toBeLessThanOrEqual(100);
      expect(['A', 'B', 'C']).toContain(group); // "Z" was seen twice: suppressed (k = 5)
      expect(visit).toMatch(/^2024-\d{2}-\d{2}$/);
    }
    const xs = rows.map((row) => (row[1] === '' ? Number.NaN : Number(row[1])));
    const ys = rows.map((row) => Number(row[2]));
    expect(Math.abs(correlation(xs, ys) - 0.8)).toBeLessThan(0.1);
    const missing = xs.filter(Number.isNaN).length / xs.length;
    expect(missing).toBeGreaterThan(0.02);
    expect(missing).toBeLessThan(0.08);
    expect(rows.some((row) => realRows.has(row.join(',')))).toBe(false);

    const byName = Object.fromEntries(report.fidelity.columns.map((column) => [column.name, column]));
    expect(byName['x']?.distance).toBeLessThan(0.08); // KS
    expect(byName['group']?.distance).toBeLessThan(0.05); // TVD
    expect(report.fidelity.correlation.maxDifference).toBeLessThan(0.1);
    expect(report.fidelity.privacy).toMatchObject({ exactCopies: 0, suppressedCategories: { group: 1 } });
    expect(report.fidelity.privacy.closestRecord.ratio).toBeGreaterThan(0.5);
    expect(report.fidelity.summary).toContain('no real row copied');
  });

  it('gives the same bytes for the same seed, and other bytes for another', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    const c = path.join(dir, 'c.csv');
    await synthesize({ input, output: a, rows: 300, seed: 7 });
    await synthesize({ input, output: b, rows: 300, seed: 7 });
    await synthesize({ input, output: c, rows: 300, seed: 8 });
    expect((await readFile(a)).equals(await readFile(b))).toBe(true);
    expect((await readFile(a)).equals(await readFile(c))).toBe(false);
  });

  it("is read unchanged by Python's csv module, like the project's own loader would", async () => {
    const output = path.join(dir, 'for-python.csv');
    await synthesize({ input, output, rows: 500, seed: 3 });
    const read = execFileSync(
      'python3',
      [
        '-c',
        'import csv,sys; rows=list(csv.DictReader(open(sys.argv[1]))); print(len(rows), sorted(rows[0].keys()))',
        output,
      ],
      { encoding: 'utf8' },
    );
    expect(read.trim()).toBe("500 ['group', 'id', 'score', 'visit', 'x', 'y']");
  });

  it('keeps a headerless, quoted, semicolon-separated file in its own dialect', async () => {
    const quoted = path.join(dir, 'quoted.csv');
    const random = new Random(5);
    const lines = Array.from(
      { length: 400 },
      (_, i) => `"${['north; east', 'south', 'west'][i % 3]}";"${(random.next() * 100).toFixed(2)}";"${i % 7}"`,
    );
    await writeFile(quoted, `${lines.join('\r\n')}\r\n`);
    const output = path.join(dir, 'quoted-sample.csv');
    const report = await synthesize({ input: quoted, output, rows: 50, seed: 2 });
    expect(report.format).toMatchObject({
      kind: 'csv',
      dialect: { delimiter: ';', header: false, lineEnding: '\r\n', quoteAll: true },
    });
    const text = await readFile(output, 'utf8');
    const first = text.split('\r\n')[0] as string;
    expect(first).toMatch(/^"[^"]+";"\d+\.\d{2}";"\d"$/);
    expect(splitFields(first, ';')).toHaveLength(3);
    expect(text.split('\r\n').filter((line) => line !== '')).toHaveLength(50);
  });

  it('names the record of malformed input, and refuses UTF-16', async () => {
    const broken = path.join(dir, 'broken.csv');
    await writeFile(broken, 'a,b,c\n1,2,3\n4,5,6\n7,8\n');
    await expect(synthesize({ input: broken, output: path.join(dir, 'x.csv') })).rejects.toMatchObject({
      code: 'synth-malformed',
      message: expect.stringContaining('record 4: 2 fields where the first record has 3'),
    });
    const utf16 = path.join(dir, 'utf16.csv');
    await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]));
    await expect(synthesize({ input: utf16, output: path.join(dir, 'y.csv') })).rejects.toMatchObject({
      code: 'synth-encoding',
      fix: expect.stringContaining('iconv'),
    });
  });

  it('round-trips JSON Lines: key order, number/string/boolean kinds, null kept, no record copied', async () => {
    const jsonl = path.join(dir, 'events.jsonl');
    const random = new Random(17);
    const real: string[] = [];
    for (let i = 0; i < 1500; i += 1) {
      const record = {
        user: `00${String(1000 + (i % 700)).padStart(4, '0')}`,
        amount: Number((random.next() * 100).toFixed(2)),
        paid: random.next() < 0.7,
        channel: random.pick(['web', 'app', 'shop']),
        note: random.next() < 0.1 ? null : 'ok',
      };
      real.push(JSON.stringify(record));
    }
    await writeFile(jsonl, `${real.join('\n')}\n`);
    const output = path.join(dir, 'events-sample.jsonl');
    const report = await synthesize({ input: jsonl, output, rows: 300, seed: 5 });
    expect(report.format).toMatchObject({
      kind: 'jsonl',
      columns: [
        { name: 'user', kind: 'string' },
        { name: 'amount', kind: 'number' },
        { name: 'paid', kind: 'boolean' },
        { name: 'channel', kind: 'string' },
        { name: 'note', kind: 'string', missing: 'null' },
      ],
    });
    const lines = (await readFile(output, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(300);
    const realSet = new Set(real);
    let nulls = 0;
    for (const line of lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(record)).toEqual(['user', 'amount', 'paid', 'channel', 'note']);
      expect(typeof record['user']).toBe('string');
      expect(record['user']).toMatch(/^00\d{4}$/);
      expect(typeof record['amount']).toBe('number');
      expect(typeof record['paid']).toBe('boolean');
      expect(['web', 'app', 'shop']).toContain(record['channel']);
      if (record['note'] === null) nulls += 1;
      expect(realSet.has(line)).toBe(false);
    }
    expect(nulls).toBeGreaterThan(5);
    await writeFile(path.join(dir, 'bad.jsonl'), '{"a": 1}\n[1, 2]\n');
    await expect(
      synthesize({ input: path.join(dir, 'bad.jsonl'), output: path.join(dir, 'z.jsonl') }),
    ).rejects.toMatchObject({ message: expect.stringContaining('line 2: a list, not an object') });
  });
});
