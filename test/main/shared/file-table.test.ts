// The file table keeps a bundle's list sorted exactly as JavaScript sorts strings (the order the
// format writes and a reader checks), finds files by path, and gives back what was put in.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileTable, FileTableBuilder, type TableFile } from '../../../main/shared/file-table';

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');
const file = (path: string, size = path.length, executable = false): TableFile => ({
  path,
  size,
  sha256: digest(path),
  executable,
});

describe('FileTable', () => {
  // Characters whose UTF-8 byte order and UTF-16 order differ: U+E000–U+FFFF against U+10000 and above.
  const names = [
    'z',
    'a/b',
    'a-b',
    'a',
    'é',
    '\uE000x',
    '\uFFFDy',
    '😀',
    '😀/a',
    'A',
    'project/Ä.txt',
    'project/a.txt',
  ];

  it('sorts in JavaScript string order, whatever the characters', () => {
    const table = FileTable.of(names.map((name) => file(name)));
    expect([...table].map((entry) => entry.path)).toEqual([...names].sort());
  });

  it('sorts 5,000 random names the same way, and finds each', () => {
    const alphabet = ['a', 'B', '/', '-', 'é', '\uE001', '😀', '0', '.'];
    const random = new Set<string>();
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    while (random.size < 5000) {
      let name = 'f';
      for (let i = next() % 12; i >= 0; i -= 1) name += alphabet[next() % alphabet.length] as string;
      random.add(name);
    }
    const table = FileTable.of([...random].map((name) => file(name)));
    const sorted = [...random].sort();
    expect(table.length).toBe(sorted.length);
    sorted.forEach((name, index) => {
      expect(table.path(index)).toBe(name);
      expect(table.indexOf(name)).toBe(index);
    });
    expect(table.indexOf('not there')).toBe(-1);
  });

  it('gives back sizes, digests and exec bits, and materialises files on demand', () => {
    const table = FileTable.of([file('b.sh', 2 ** 40, true), file('a.txt', 0)]);
    expect(table.at(0)).toEqual(file('a.txt', 0));
    expect(table.get('b.sh')).toEqual(file('b.sh', 2 ** 40, true));
    const hex = Buffer.alloc(66, '-');
    expect(table.writeDigestHex(1, hex, 1)).toBe(65);
    expect(hex.toString('latin1')).toBe(`-${digest('b.sh')}-`);
    expect(table.totalSize()).toBe(2 ** 40);
    expect(table.has('c')).toBe(false);
    expect(table.at(2)).toBeUndefined();
  });

  it('keeps a file listed twice (a hostile list) next to itself, and says so', () => {
    const table = FileTable.of([file('b'), file('a'), file('b', 9)]);
    expect(table.length).toBe(3);
    expect([0, 1, 2].map((index) => table.sameAsPrevious(index))).toEqual([false, false, true]);
    expect(table.at(1)?.size).toBe(1); // stable: the first given stays first
  });

  it('moves files added after a sorted run into place, whatever the place, as a full sort would', () => {
    const sorted = [...names].sort().map((name, index) => file(name, index, index % 3 === 0));
    const extras = ['', '0', 'a/a', 'zz', '\uFFFF', '😀/b', '\uE000', 'a', 'z'].map((name) => file(name, 12_345, true));
    for (let count = 1; count <= extras.length; count += 1) {
      const builder = new FileTableBuilder();
      for (const entry of [...sorted, ...extras.slice(0, count)]) builder.addFile(entry);
      // The same as sorting the whole list (a path already there keeps its place first: stable).
      expect([...builder.build()]).toEqual([...FileTable.of([...sorted, ...extras.slice(0, count)])]);
    }
  });

  it('adds a file after reclaiming the tables built, in place, as sealing does with SHA256SUMS', () => {
    const builder = new FileTableBuilder();
    const list = [...names].sort().map((name) => file(name));
    for (const entry of list) builder.addFile(entry);
    const before = builder.build();
    expect([...before]).toEqual([...FileTable.of(list)]);
    builder.reclaim();
    builder.addFile(file('SHA256SUMS', 99));
    expect([...builder.build()]).toEqual([...FileTable.of([...list, file('SHA256SUMS', 99)])]);
  });

  it('sorts a long unsorted tail by copying, leaving tables built before as they were', () => {
    const builder = new FileTableBuilder();
    for (let index = 0; index < 10; index += 1) builder.addFile(file(`b${index}`));
    const first = builder.build();
    const later = Array.from({ length: 100 }, (_, index) => file(`a${99 - index}`));
    for (const entry of later) builder.addFile(entry);
    const second = builder.build();
    expect([...first].map((entry) => entry.path)).toEqual(Array.from({ length: 10 }, (_, index) => `b${index}`));
    expect(second.length).toBe(110);
    expect([...second]).toEqual([...FileTable.of([...first, ...later])]);
  });

  it('takes more files after a build, without changing the table built', () => {
    const builder = new FileTableBuilder();
    for (const name of ['a', 'b', 'c', 'ddddddddd']) builder.addFile(file(name));
    const first = builder.build();
    builder.addFile(file('e'));
    expect([...first].map((entry) => entry.path)).toEqual(['a', 'b', 'c', 'ddddddddd']);
    expect([...builder.build()].map((entry) => entry.path)).toEqual(['a', 'b', 'c', 'ddddddddd', 'e']);
  });

  it('sorts what came out of order, takes more files after, and leaves each table built as it was', () => {
    const builder = new FileTableBuilder();
    for (const name of ['m', 'z', 'a', 'é']) builder.addFile(file(name));
    const first = builder.build();
    for (const name of ['b', 'zz', '😀']) builder.addFile(file(name));
    const second = builder.build();
    builder.addFile(file('0'));
    expect([...first].map((entry) => entry.path)).toEqual(['a', 'm', 'z', 'é']);
    expect([...second].map((entry) => entry.path)).toEqual(['a', 'b', 'm', 'z', 'zz', 'é', '😀']);
    expect([...builder.build()]).toEqual([
      ...FileTable.of(['m', 'z', 'a', 'é', 'b', 'zz', '😀', '0'].map((n) => file(n))),
    ]);
  });

  it('builds the same table whatever room was reserved, too little or too much', () => {
    const list = names.map((name, index) => file(name, index, index % 2 === 0));
    for (const [count, bytes] of [
      [0, 0],
      [3, 4],
      [list.length, 1000],
    ] as const) {
      const builder = new FileTableBuilder();
      builder.addFile(list[0] as TableFile);
      builder.reserve(count, bytes);
      for (const entry of list.slice(1)) builder.addFile(entry);
      expect([...builder.build()]).toEqual([...FileTable.of(list)]);
    }
  });

  it('builds from bytes as from strings', () => {
    const builder = new FileTableBuilder();
    builder.addBytes(Buffer.from('é/x', 'utf8'), 3, Buffer.from(digest('é/x'), 'hex'), true);
    expect(builder.build().at(0)).toEqual(file('é/x', 3, true));
  });
});
