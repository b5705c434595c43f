// Names that would collide on a case-insensitive or normalising file system (macOS, Windows):
// the first in sorted order is bundled, every other one is left out naming it, and names that
// only look alike in other ways are all kept. Real files on this (case-sensitive) file system.
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkProject } from '../../../../main/core/scan/walk';
import { fileLookup } from '../../../../main/core/scan/file-lookup';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rb-walk-'));
  const files = [
    'data.csv',
    'Data.csv',
    'DATA.csv',
    'caf\u0065\u0301.txt', // NFD
    'caf\u00e9.txt', // NFC
    'A/x.txt',
    'a/x.txt',
    'a/y.txt',
    'B/y.txt',
    'b/z.txt',
    'plain.txt',
  ];
  for (const file of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), file);
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('walkProject', () => {
  it('keeps the first of names that collide and leaves out the others, naming it', async () => {
    const walked = await walkProject(root);
    expect(walked.files.map((file) => file.path)).toEqual([
      'A/x.txt',
      'B/y.txt',
      'DATA.csv',
      'a/y.txt',
      'b/z.txt',
      'caf\u0065\u0301.txt',
      'plain.txt',
    ]);
    const reasons = Object.fromEntries(walked.excluded.map((entry) => [entry.path, entry.reason]));
    expect(reasons).toEqual({
      'Data.csv': 'same name as DATA.csv on case-insensitive file systems; rename one of them',
      'a/x.txt': 'same name as A/x.txt on case-insensitive file systems; rename one of them',
      'caf\u00e9.txt': 'same name as caf\u0065\u0301.txt on case-insensitive file systems; rename one of them',
      'data.csv': 'same name as DATA.csv on case-insensitive file systems; rename one of them',
    });
    expect(walked.files.get('plain.txt')?.absolute).toBe(path.join(walked.root, 'plain.txt'));
  });
});

describe('fileLookup', () => {
  it('answers the same for a sorted list (binary search) and an unsorted one (a set)', () => {
    const sorted = ['a', 'a/b', 'b', 'c/d/e', 'é'];
    for (const list of [sorted, [...sorted].reverse()]) {
      const has = fileLookup(list);
      expect(sorted.every(has)).toBe(true);
      expect(['', 'a/', 'c', 'z', 'e'].some(has)).toBe(false);
    }
  });
});

describe('walkProject order', () => {
  it("lists files in the format's path order with nothing to sort, whatever mix of names and folders", async () => {
    const tree = await mkdtemp(path.join(tmpdir(), 'rb-walk-order-'));
    try {
      // Names that order differently as folder names than as path prefixes: `a.txt` < `a/…` <
      // `a0`, `-` and `.` before `/`, capitals, digits, non-ASCII, and characters above U+FFFF
      // against U+E000–U+FFFF (where UTF-16 order and byte order differ).
      const names = [
        'a.txt',
        'a/b.txt',
        'a/c/d.txt',
        'a-b/x',
        'a0',
        'a/.hidden',
        'a b/y',
        'Z/z',
        '10/one',
        '9',
        'é/e',
        'e\u0301',
        '\uff01/wide',
        '\u{1f600}.txt',
        '\u{1f600}/face',
        'x/y/z/deep.txt',
        'x/y.txt',
        'x/y-z/w',
      ];
      for (const name of names) {
        await mkdir(path.dirname(path.join(tree, name)), { recursive: true });
        await writeFile(path.join(tree, name), name);
      }
      const walked = await walkProject(tree);
      const expected = [...names].sort();
      expect(walked.files.map((file) => file.path)).toEqual(expected);
      expect(walked.files.paths()).toEqual(expected);
      for (const [index, name] of expected.entries()) {
        expect(walked.files.indexOf(name)).toBe(index);
        expect(walked.files.size(index)).toBe(Buffer.byteLength(name));
      }
      expect(walked.files.indexOf('a')).toBe(-1);
      expect(walked.files.indexOf('zz')).toBe(-1);
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  });
});

describe('walkProject on a large folder', () => {
  it('takes long runs of files from the stat workers in path order, with links, exec bits and sizes as here', async () => {
    const tree = await mkdtemp(path.join(tmpdir(), 'rb-walk-workers-'));
    try {
      const expected: string[] = [];
      for (let i = 0; i < 150; i += 1) {
        const name = `big/f${String(i).padStart(3, '0')}.txt`;
        await mkdir(path.dirname(path.join(tree, name)), { recursive: true });
        await writeFile(path.join(tree, name), 'x'.repeat(i));
        expected.push(name);
      }
      // A folder among the files (its files go between theirs), and a few files after it.
      for (let i = 0; i < 70; i += 1) {
        const name = `big/f100.d/g${String(i).padStart(2, '0')}`;
        await mkdir(path.dirname(path.join(tree, name)), { recursive: true });
        await writeFile(path.join(tree, name), 'y');
        expected.push(name);
      }
      await chmod(path.join(tree, 'big/f007.txt'), 0o755);
      await symlink('f003.txt', path.join(tree, 'big/f050-link'));
      expected.push('big/f050-link');
      expected.sort();

      const walked = await walkProject(tree);
      expect(walked.files.paths()).toEqual(expected);
      expect(walked.files.get('big/f123.txt')?.size).toBe(123);
      expect(walked.files.get('big/f007.txt')?.executable).toBe(true);
      expect(walked.files.get('big/f008.txt')?.executable).toBe(false);
      expect(walked.files.get('big/f050-link')).toMatchObject({
        size: 3,
        absolute: path.join(walked.root, 'big/f003.txt'),
      });
      expect(walked.links).toEqual([expect.objectContaining({ path: 'big/f050-link', outcome: 'stored-as-file' })]);
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  });
});

describe('walkProject: ignore rules from several sources', () => {
  let project: string;

  beforeAll(async () => {
    project = await mkdtemp(path.join(tmpdir(), 'rb-walk-rules-'));
    const files: Record<string, string> = {
      '.gitignore': '*.log\n!keep.log\n!.cache/\n',
      '.reproignore': 'notes-private.txt\n',
      'train.py': 'print(1)\n',
      'app.log': 'log\n',
      'keep.log': 'kept\n',
      'notes-private.txt': 'mine\n',
      'scratch.tmp': 'tmp\n',
      'stale.pyc': 'pyc\n',
      'vendored.pyc': 'pyc\n',
      '.cache/features.txt': 'features\n',
      'node_modules/pkg/index.js': 'js\n',
      'sub/.gitignore': 'local.txt\n',
      'sub/local.txt': 'local\n',
      'sub/kept.txt': 'kept\n',
      'sub/more.tmp': 'tmp\n',
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(project, file)), { recursive: true });
      await writeFile(path.join(project, file), text);
    }
  });

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('lets the last matching pattern decide, whatever its source, and names the source that left each path out', async () => {
    const walked = await walkProject(project, { exclude: ['*.tmp', '!vendored.pyc'] });
    const reason = (file: string): string | undefined => walked.excluded.find((entry) => entry.path === file)?.reason;
    expect(walked.files.paths()).toEqual([
      '.cache/features.txt', // a built-in exclusion the project's .gitignore re-includes, contents and all
      '.gitignore',
      '.reproignore',
      'keep.log',
      'sub/.gitignore',
      'sub/kept.txt',
      'train.py',
      'vendored.pyc', // a built-in exclusion the exclusions given re-include
    ]);
    expect(reason('app.log')).toBe('ignored by .gitignore');
    expect(reason('notes-private.txt')).toBe('ignored by .reproignore');
    expect(reason('stale.pyc')).toBe('ignored by built-in exclusion (caches and dependencies)');
    expect(reason('node_modules/')).toBe('ignored by built-in exclusion (caches and dependencies)');
    expect(reason('scratch.tmp')).toBe('ignored by the exclusions given');
    expect(reason('sub/local.txt')).toBe('ignored by sub/.gitignore');
    expect(reason('sub/more.tmp')).toBe('ignored by the exclusions given');
  });
});
