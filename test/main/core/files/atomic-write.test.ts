// The one atomic-write helper: the target holds the old content or the new, never a part; no
// temporary file is left on success or failure; no-replace refuses a file that exists, even one
// that appears while the new content is being written.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAtomically, writeFileAtomically } from '../../../../main/core/files/atomic-write';
import type { ReproError } from '../../../../main/core/errors';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomically', () => {
  it('writes the content with the mode asked for and leaves nothing else', async () => {
    const file = path.join(dir, 'settings.json');
    await writeFileAtomically(file, '{"a":1}\n', { mode: 0o600 });
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('replaces an existing file by default', async () => {
    const file = path.join(dir, 'a.txt');
    await writeFile(file, 'old');
    await writeFileAtomically(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
  });

  it('in no-replace mode refuses an existing file, keeps it, and removes its temporary file', async () => {
    const file = path.join(dir, 'bundle.rbundle');
    await writeFile(file, 'theirs');
    const error = (await writeFileAtomically(file, 'mine', { replace: false }).catch((e: unknown) => e)) as ReproError;
    expect(error.code).toBe('file-exists');
    expect(error.file).toBe(file);
    expect(await readFile(file, 'utf8')).toBe('theirs');
    expect(await readdir(dir)).toEqual(['bundle.rbundle']);
  });
});

describe('writeAtomically', () => {
  it('leaves the old content and no temporary file when filling fails', async () => {
    const file = path.join(dir, 'report.json');
    await writeFile(file, 'old');
    await expect(
      writeAtomically(file, async (partial) => {
        await writeFile(partial, 'half of the new');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  it('checks no-replace at the final step: a file created while writing is kept', async () => {
    const file = path.join(dir, 'out.rbundle');
    const error = (await writeAtomically(
      file,
      async (partial) => {
        await writeFile(partial, 'mine');
        await writeFile(file, 'created meanwhile'); // an up-front check would have passed
      },
      { replace: false },
    ).catch((e: unknown) => e)) as ReproError;
    expect(error.code).toBe('file-exists');
    expect(await readFile(file, 'utf8')).toBe('created meanwhile');
    expect(await readdir(dir)).toEqual(['out.rbundle']);
  });

  it("removes what a killed process's write left (its partial file and a writer's spool beside it), and nothing else", async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const left = [`.out.rbundle.partial-${gone}-0123abcd`, `.other.rbundle.partial-${gone}-89abcdef.central`];
    for (const name of left) await writeFile(path.join(dir, name), 'left');
    const running = `.out.rbundle.partial-${process.pid}-0123abcd.central`; // this process's own: kept
    const users = `.notes.partial-${gone}-0123abcd.txt`; // not a name a write makes: kept
    await writeFile(path.join(dir, running), 'mine');
    await writeFile(path.join(dir, users), 'theirs');
    await writeFileAtomically(path.join(dir, 'out.rbundle'), 'new');
    expect((await readdir(dir)).sort()).toEqual([running, users, 'out.rbundle'].sort());
  });

  it('returns what the fill returned', async () => {
    const file = path.join(dir, 'x');
    await expect(writeAtomically(file, async (partial) => (await writeFile(partial, 'x'), 42))).resolves.toBe(42);
  });
});
