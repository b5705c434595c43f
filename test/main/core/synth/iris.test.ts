// A synthetic sample of real public data (Fisher's iris, shipped with its licence in
// test/fixtures/iris): formats and categories kept, the strong petal correlation kept, no real
// row copied even though one-decimal measurements make coincidences likely.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correlation } from '../../../../main/core/synth/stats';
import { synthesize } from '../../../../main/core/synth/synthesize';
import { REPO_ROOT } from '../../../helpers/serve-cli';

const IRIS = path.join(REPO_ROOT, 'test', 'fixtures', 'iris', 'iris.csv');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-iris-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('synthetic iris', () => {
  it('keeps formats, categories and the petal correlation, and copies no flower', async () => {
    const output = path.join(dir, 'iris-sample.csv');
    const report = await synthesize({ input: IRIS, output, rows: 300, seed: 42 });
    expect(report.columns.map((column) => column.type)).toEqual(['float', 'float', 'float', 'float', 'categorical']);
    const real = new Set((await readFile(IRIS, 'utf8')).trim().split('\n').slice(1));
    const lines = (await readFile(output, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,species');
    const rows = lines.slice(1);
    expect(rows).toHaveLength(300);
    for (const row of rows) {
      expect(row).toMatch(/^\d\.\d,\d\.\d,\d\.\d,\d\.\d,(setosa|versicolor|virginica)$/);
      expect(real.has(row)).toBe(false);
    }
    const column = (index: number): number[] => rows.map((row) => Number(row.split(',')[index]));
    // Petal length and width correlate at 0.96 in the real data.
    expect(correlation(column(2), column(3))).toBeGreaterThan(0.85);
    const byName = Object.fromEntries(report.fidelity.columns.map((entry) => [entry.name, entry.distance]));
    expect(byName['species']).toBeLessThan(0.1);
    for (const name of ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'])
      expect(byName[name]).toBeLessThan(0.15);
    expect(report.fidelity.privacy.exactCopies).toBe(0);
    // Categories join the copula, so species keeps its link with petal size: setosa petals are short.
    const meanPetal = (species: string): number => {
      const values = rows.filter((row) => row.endsWith(`,${species}`)).map((row) => Number(row.split(',')[2]));
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    };
    expect(meanPetal('setosa')).toBeLessThan(meanPetal('versicolor'));
    expect(meanPetal('versicolor')).toBeLessThan(meanPetal('virginica'));
    expect(meanPetal('setosa')).toBeLessThan(3);
  });
});
