// Benchmark corpora, generated deterministically (seeded PRNG) and cached: ~20,000 small
// source-like files (~200 MB), and large files (500 MB of CSV text, 500 MB of random bytes).
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomFillSync } from 'node:crypto';

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'def',
  'return',
  'import',
  'self',
  'for',
  'in',
  'if',
  'else',
  'np',
  'torch',
  'model',
  'loss',
  'batch',
  'data',
  'config',
  'lr',
  'epoch',
  'x',
  'y',
  'train',
  'eval',
  'optimizer',
  'step',
  'params',
  'tensor',
  'shape',
  '=',
  '(',
  ')',
  ':',
  ',',
  '+',
  '*',
  '[',
  ']',
];

function sourceLike(random: () => number, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const indent = '    '.repeat(Math.floor(random() * 3));
    const parts: string[] = [];
    const count = 3 + Math.floor(random() * 9);
    for (let i = 0; i < count; i += 1) {
      const r = random();
      parts.push(
        r < 0.7
          ? (WORDS[Math.floor(random() * WORDS.length)] as string)
          : r < 0.85
            ? `v${Math.floor(random() * 5000)}`
            : (random() * 1000).toFixed(Math.floor(random() * 5)),
      );
    }
    const line = `${indent}${parts.join(' ')}\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('').slice(0, bytes);
}

async function isComplete(dir: string): Promise<boolean> {
  return (await stat(path.join(dir, '.complete')).catch(() => undefined)) !== undefined;
}

/** 500 folders of 200 tiny files, written once and cached. */
/** `folders` × 200 tiny Python modules (500: 100,000 files; 5,000: a million). */
export async function tinyFilesCorpus(root: string, folders = 500): Promise<string> {
  if (await isComplete(root)) return root;
  for (let folder = 0; folder < folders; folder += 1) {
    await mkdir(path.join(root, `pkg${folder}`), { recursive: true });
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        writeFile(path.join(root, `pkg${folder}`, `m${index}.py`), `# module ${folder}.${index}\nVALUE = ${index}\n`),
      ),
    );
  }
  await writeFile(path.join(root, '.complete'), '');
  return root;
}

export async function smallFilesCorpus(dir: string, files = 20_000): Promise<string> {
  if (await isComplete(dir)) return dir;
  await rm(dir, { recursive: true, force: true });
  const random = prng(42);
  for (let index = 0; index < files; index += 1) {
    const folder = path.join(dir, `pkg${Math.floor(index / 400)}`, `mod${Math.floor(index / 40) % 10}`);
    if (index % 40 === 0) await mkdir(folder, { recursive: true });
    // Mostly small files with a long tail, averaging ~10 KB like a real code base.
    const size = Math.min(120_000, Math.floor(300 + -Math.log(1 - random()) * 10_000));
    await writeFile(path.join(folder, `file${index}.py`), sourceLike(random, size));
  }
  await writeFile(path.join(dir, '.complete'), '');
  return dir;
}

export async function largeFilesCorpus(dir: string, megabytes = 500): Promise<string> {
  if (await isComplete(dir)) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const total = megabytes * 1024 * 1024;
  const random = prng(7);
  await writeStream(path.join(dir, 'measurements.csv'), total, (size) => {
    const rows: string[] = [];
    let length = 0;
    while (length < size) {
      const row = `${Math.floor(random() * 1e7)},2024-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}T1${Math.floor(random() * 9)}:00:00,${(random() * 100).toFixed(4)},${(random() * 2 - 1).toFixed(6)},cat_${Math.floor(random() * 20)},${Math.floor(random() * 1000)}\n`;
      rows.push(row);
      length += row.length;
    }
    return Buffer.from(rows.join('')).subarray(0, size);
  });
  await writeStream(path.join(dir, 'weights.bin'), total, (size) => randomFillSync(Buffer.allocUnsafe(size)));
  await writeFile(path.join(dir, '.complete'), '');
  return dir;
}

async function writeStream(file: string, total: number, chunk: (size: number) => Buffer): Promise<void> {
  const out = createWriteStream(file);
  let written = 0;
  while (written < total) {
    const data = chunk(Math.min(4 * 1024 * 1024, total - written));
    written += data.length;
    if (!out.write(data)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

export async function corpusSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === '.complete') continue;
    files += 1;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}
