// FILES is written from a file table and read back chunk by chunk: the same table whatever the
// chunk boundaries, and every line a writer would not make refused with its line number.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileListParser, fileListFormat, fileListLine } from '../../../../main/core/open/file-list';
import { FileTable, type TableFile } from '../../../../main/shared/file-table';

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');
const files: TableFile[] = ['project/a.py', 'project/é/data.csv', 'project/😀.txt', 'samples/x.csv', 'SHA256SUMS']
  .sort()
  .map((path, index) => ({ path, size: index * 1000, sha256: digest(path), executable: index % 2 === 1 }));

function written(table: FileTable): Buffer {
  let length = 0;
  for (let index = 0; index < table.length; index += 1) length += fileListFormat.length(table, index);
  const out = Buffer.alloc(length);
  let at = 0;
  for (let index = 0; index < table.length; index += 1) at = fileListFormat.write(table, index, out, at);
  expect(at).toBe(length);
  return out;
}

function parse(
  bytes: Buffer,
  chunk = bytes.length,
  expected?: ConstructorParameters<typeof FileListParser>[1],
): FileTable | string {
  const parser = new FileListParser('FILES', expected);
  for (let at = 0; at < bytes.length; at += chunk) parser.push(bytes.subarray(at, at + chunk));
  return parser.finish();
}

describe('FILES', () => {
  it('is written from the table byte for byte as the text form, and read back whatever the chunking', () => {
    const bytes = written(FileTable.of(files));
    expect(bytes.toString('utf8')).toBe(files.map(fileListLine).join(''));
    for (const chunk of [1, 2, 3, 7, 64, 65, 100, bytes.length]) {
      const table = parse(bytes, chunk);
      expect(typeof table === 'string' ? table : [...table]).toEqual(files);
    }
    expect(parse(Buffer.alloc(0))).toEqual(FileTable.empty);
  });

  it('reads the same table with room made up front for what the manifest says, true or not', () => {
    const bytes = written(FileTable.of(files));
    for (const lines of [0, 1, files.length, files.length + 1, 2_000_000_000]) {
      for (const size of [0, 100, bytes.length, bytes.length * 10]) {
        const table = parse(bytes, 7, { lines, bytes: size });
        expect(typeof table === 'string' ? table : [...table]).toEqual(files);
      }
    }
  });

  it('refuses every line a writer would not make, naming the line', () => {
    const good = files.map(fileListLine);
    const withLine = (index: number, line: string): string => {
      const lines = [...good];
      lines[index] = line;
      const result = parse(Buffer.from(lines.join(''), 'utf8'), 5);
      expect(typeof result).toBe('string');
      return result as string;
    };
    const sha = digest('x');
    expect(withLine(1, `${sha.toUpperCase()} 1 644 project/a.py\n`)).toBe(
      'FILES, line 2: not "<sha256> <size> <mode> <path>"',
    );
    expect(withLine(1, `${sha} 01 644 project/a.py\n`)).toContain('line 2: not');
    expect(withLine(1, `${sha} 12345678901234567 644 project/a.py\n`)).toContain('line 2: not');
    expect(withLine(1, `${sha} 9999999999999999 644 project/a.py\n`)).toContain('size out of range');
    expect(withLine(1, `${sha} 1 600 project/a.py\n`)).toContain('line 2: not');
    expect(withLine(1, `${sha} 1 644 \n`)).toContain('line 2: not');
    expect(withLine(0, `${sha} 1 644 ../etc/passwd\n`)).toContain('".." path segment');
    expect(withLine(1, `${sha} 1 644 SHA256SUMS\n`)).toContain('listed twice');
    expect(withLine(2, `${sha} 1 644 SHA256SUMS\n`)).toContain('out of order');
    const notUtf8 = Buffer.concat([Buffer.from(`${sha} 1 644 project/`), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    expect(parse(notUtf8)).toBe('FILES, line 1: not UTF-8 text');
    expect(parse(Buffer.from(good.join('').slice(0, -1)))).toContain('does not end with a line feed');
    expect(parse(Buffer.alloc(20_000, 0x61), 1000)).toContain('longer than any line a writer makes');
  });
});
