// The web mode's folder browser on a real folder tree: lists folders first, filters files by
// extension, hides dot entries, and never leaves its roots (home and the folders the user added),
// by `..` or through a link.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browseFolder } from '../../../../main/core/files/browse-folder';
import { type ReproError } from '../../../../main/core/errors';

let base: string;
let home: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'rb-browse-'));
  home = path.join(base, 'home');
  await mkdir(path.join(home, 'projects', 'mnist'), { recursive: true });
  await mkdir(path.join(home, '.cache'), { recursive: true });
  await mkdir(path.join(base, 'elsewhere'), { recursive: true });
  await writeFile(path.join(home, 'result.rbundle'), 'x');
  await writeFile(path.join(home, 'notes.txt'), 'hello');
  await writeFile(path.join(home, '.bashrc'), '');
  await symlink(path.join(base, 'elsewhere'), path.join(home, 'escape'));
});
afterAll(async () => rm(base, { recursive: true, force: true }));

async function refusal(requested: string): Promise<ReproError> {
  return browseFolder(home, requested, undefined).then(
    () => {
      throw new Error(`${requested} was listed`);
    },
    (error: unknown) => error as ReproError,
  );
}

describe('browseFolder', () => {
  it('lists the home folder: folders first, no dot entries, no parent above home', async () => {
    const listing = await browseFolder(home, undefined, undefined);
    expect(listing.path).toBe(home);
    expect(listing.parent).toBeNull();
    expect(listing.entries.map((entry) => `${entry.kind}:${entry.name}`)).toEqual([
      'folder:projects',
      'file:notes.txt',
      'file:result.rbundle',
    ]);
    expect(listing.entries.find((entry) => entry.name === 'notes.txt')?.size).toBe(5);
  });

  it('keeps only the files with the wanted extensions, and every folder', async () => {
    const listing = await browseFolder(home, home, ['.rbundle']);
    expect(listing.entries.map((entry) => entry.name)).toEqual(['projects', 'result.rbundle']);
  });

  it('opens a subfolder and names its parent', async () => {
    const listing = await browseFolder(home, path.join(home, 'projects'), undefined);
    expect(listing.parent).toBe(home);
    expect(listing.entries.map((entry) => entry.name)).toEqual(['mnist']);
  });

  it('refuses to leave home, by .. or by a link, and says what to do instead', async () => {
    for (const requested of [base, path.join(home, '..'), path.join(home, 'escape'), '/']) {
      const error = await refusal(requested);
      expect(error.code, requested).toBe('outside-home');
      expect(error.fix).toContain('type the full path');
      expect(error.inputs).toContain('browseRoots');
    }
  });

  it('names a folder that does not exist', async () => {
    const error = await refusal(path.join(home, 'missing'));
    expect(error.code).toBe('folder-missing');
    expect(error.message).toContain('missing');
  });

  it('opens the folders the user added, says which they are, and still no other', async () => {
    const extra = path.join(base, 'elsewhere');
    const listing = await browseFolder(home, extra, undefined, [extra, path.join(base, 'gone')]);
    expect(listing.path).toBe(extra);
    expect(listing.parent).toBeNull(); // the top of its root
    expect(listing.roots).toEqual([home, extra]); // a root that does not exist is left out
    // Home lists the link into the added folder now that it leads inside a root.
    expect((await browseFolder(home, undefined, undefined, [extra])).entries.map((entry) => entry.name)).toContain(
      'escape',
    );
    const error = (await browseFolder(home, base, undefined, [extra]).catch((caught: unknown) => caught)) as ReproError;
    expect(error.code).toBe('outside-home');
    expect(error.message).toContain(`outside the folders the browser can open (${home}, ${extra})`);
  });
});
