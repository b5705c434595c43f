// No import cycles, checked with dependency-cruiser's graph (scripts/check-cycles.mjs, run by
// `npm run lint`): none between files, between the layers of main/, or between the engine's job
// folders. The checker is first shown to find real cycles in a small project of real files.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCycles, collapse, findCycles, importGraph, jobFolderOf } from '../../scripts/check-cycles.mjs';
import { REPO_ROOT } from '../helpers/serve-cli';

let fixture: string;

async function write(relative: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(fixture, relative)), { recursive: true });
  await writeFile(path.join(fixture, relative), text);
}

beforeAll(async () => {
  fixture = await mkdtemp(path.join(tmpdir(), 'rb-cycles-'));
  // Files: a.ts → b.ts → a.ts (b's import is type-only: still a cycle).
  await write('main/core/create/a.ts', "import { b } from './b';\nexport const a = b + 1;\n");
  await write('main/core/create/b.ts', "import type { A } from './a';\nexport const b = 1;\nexport type B = A;\n");
  // Folders, with no file cycle: create/c.ts → open/d.ts, open/e.ts → create/f.ts.
  await write('main/core/create/c.ts', "import { d } from '../open/d';\nexport const c = d;\n");
  await write('main/core/open/d.ts', 'export const d = 1;\n');
  await write('main/core/open/e.ts', "import { f } from '../create/f';\nexport const e = f;\n");
  await write('main/core/create/f.ts', 'export const f = 2;\n');
});
afterAll(async () => rm(fixture, { recursive: true, force: true }));

describe('import cycles', () => {
  it('finds a cycle between files, type-only imports included, and one between job folders', async () => {
    const graph = await importGraph(['main'], fixture);
    expect(findCycles(graph)).toEqual([['main/core/create/a.ts', 'main/core/create/b.ts']]);
    expect(findCycles(collapse(graph, jobFolderOf))).toEqual([['main/core/create/', 'main/core/open/']]);
  });

  it('finds none in ReproBundle: files, layers of main/, job folders of main/core', async () => {
    const { files, cycles } = await checkCycles(REPO_ROOT);
    expect(files).toBeGreaterThan(150);
    expect(cycles).toEqual({ files: [], layers: [], jobFolders: [] });
  });
});
