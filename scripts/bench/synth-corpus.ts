// A generated CSV with 20 mixed columns (floats, integers, categories, dates, identifiers, some
// missing values), written once and cached, for the synthetic-sample benchmark.
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Random } from '../../main/core/synth/random';

export async function mixedCsv(file: string, megabytes: number): Promise<string> {
  const target = megabytes * 1024 * 1024;
  if (((await stat(file).catch(() => undefined))?.size ?? 0) >= target) return file;
  await mkdir(path.dirname(file), { recursive: true });
  const random = new Random(11);
  const out = createWriteStream(file);
  const header = [
    'id',
    ...Array.from({ length: 8 }, (_, i) => `f${i}`),
    ...Array.from({ length: 4 }, (_, i) => `n${i}`),
    'site',
    'arm',
    'grade',
    'flag',
    'visit',
    'code',
    'score',
  ];
  out.write(`${header.join(',')}\n`);
  let written = 0;
  let row = 0;
  while (written < target) {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i += 1, row += 1) {
      const base = random.normal();
      const floats = Array.from({ length: 8 }, (_, k) =>
        random.next() < 0.02 ? '' : (base * (k % 3) + random.normal()).toFixed(4),
      );
      const ints = Array.from({ length: 4 }, () => String(random.int(1000)));
      const day = new Date(Date.UTC(2023, 0, 1) + random.int(700) * 86_400_000).toISOString().slice(0, 10);
      lines.push(
        [
          `S${String(row).padStart(9, '0')}`,
          ...floats,
          ...ints,
          `site_${random.int(30)}`,
          random.pick(['control', 'treatment']),
          random.pick(['I', 'II', 'III', 'IV']),
          random.pick(['true', 'false']),
          day,
          `X${random.int(100000)}`,
          (base * 10 + 50).toFixed(2),
        ].join(','),
      );
    }
    const chunk = `${lines.join('\n')}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return file;
}
