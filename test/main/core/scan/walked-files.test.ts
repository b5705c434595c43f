// The walk's list as columns: what readers ask of it (lookups, filters, results swapped in) gives
// what a plain sorted array of files would, and a file's bytes are found where they are.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WalkedFiles, WalkedFilesBuilder, type WalkedFile } from '../../../../main/core/scan/walked-files';

const root = '/projects/demo';
const file = (name: string, size = name.length, executable = false, absolute = path.join(root, name)): WalkedFile => ({
  path: name,
  size,
  executable,
  absolute,
});
const plain = (files: Iterable<WalkedFile>): object[] =>
  [...files].map(({ path: p, size, executable, absolute }) => ({ path: p, size, executable, absolute }));

describe('WalkedFiles', () => {
  const files = [
    file('README.md', 120),
    file('data/a.csv', 5_000_000_000),
    file('link.txt', 7, false, path.join(root, 'README.md')),
    file('run.sh', 30, true),
    file('src/é.py', 0),
  ];
  const list = WalkedFiles.of(root, files);

  it('gives back each file, its size above 4 GiB and its exec bit, and where a link’s bytes are', () => {
    expect(list.length).toBe(5);
    expect(plain(list)).toEqual(plain(files));
    expect(list.at(5)).toBeUndefined();
    expect(list.at(-1)).toBeUndefined();
    expect(list.get('link.txt')?.absolute).toBe(path.join(root, 'README.md'));
    expect(list.absolute(list.indexOf('src/é.py'))).toBe(path.join(root, 'src/é.py'));
    expect(list.totalSize()).toBe(5_000_000_157);
    expect(list.pathBytes()).toBe(files.reduce((sum, entry) => sum + Buffer.byteLength(entry.path), 0));
    expect(JSON.parse(JSON.stringify(list))).toEqual(
      files.map(({ path: p, size, executable }) => ({ path: p, size, executable })),
    );
  });

  it('filters into a list of its own, keeping links’ targets, and is itself when all are kept', () => {
    const small = list.filter((entry) => entry.size < 100);
    expect(small.paths()).toEqual(['link.txt', 'run.sh', 'src/é.py']);
    expect(small.get('link.txt')?.absolute).toBe(path.join(root, 'README.md'));
    expect(small.get('run.sh')?.executable).toBe(true);
    expect(list.filter(() => true)).toBe(list);
    expect(list.filter(() => false).length).toBe(0);
  });

  it('swaps results in by path and adds new ones in order, as a sorted array would', () => {
    const swapped = [
      file('run.sh', 1, false, '/outputs/run.sh'),
      file('metrics.json', 9, false, '/outputs/metrics.json'),
      file('zz.json', 2, false, '/outputs/zz.json'),
      file('0.json', 3, false, '/outputs/0.json'),
    ];
    const expected = [...files.filter((entry) => entry.path !== 'run.sh'), ...swapped].sort((a, b) =>
      a.path < b.path ? -1 : 1,
    );
    expect(plain(list.with(swapped))).toEqual(plain(expected));
    expect(list.with([])).toBe(list);
  });

  it('refuses a file added out of path order', () => {
    const builder = new WalkedFilesBuilder(root);
    builder.add('b', 1, false);
    expect(() => builder.add('a', 1, false)).toThrow(/a was added out of path order/);
    expect(() => builder.add('b', 1, false)).toThrow(/out of path order/);
  });
});
