// The reader's entry columns keep sizes and offsets as 32-bit halves, the high half only once an
// archive needs it: every value a ZIP64 record can give as a safe integer reads back as given,
// including those stored before the first large one.
import { describe, expect, it } from 'vitest';
import { ZipEntries } from '../../../../main/core/zip/zip-entries';

const values = [0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 5_000_000_000, 2 ** 48 + 7, Number.MAX_SAFE_INTEGER];

describe('ZipEntries', () => {
  it('reads back every size, compressed size and offset as given, above 4 GiB too', () => {
    const entries = new ZipEntries(values.length + 1, 64);
    const push = (name: string, value: number, index: number): void =>
      entries.push(new TextEncoder().encode(name), {
        method: 8,
        crc32: 0xffffffff,
        size: value,
        compressedSize: values[(index + 1) % values.length] as number,
        offset: values[(index + 2) % values.length] as number,
        flags: 0x800,
        executable: index % 2 === 0,
      });
    values.forEach((value, index) => push(`f${index}`, value, index));
    values.forEach((value, index) => {
      expect(entries.size(index)).toBe(value);
      expect(entries.compressedSize(index)).toBe(values[(index + 1) % values.length]);
      expect(entries.offset(index)).toBe(values[(index + 2) % values.length]);
      expect(entries.at(index)).toMatchObject({ name: `f${index}`, size: value, crc32: 0xffffffff });
    });
  });

  it('keeps small values small when no entry needs the high half', () => {
    const entries = new ZipEntries(2, 8);
    entries.push(new TextEncoder().encode('a'), {
      method: 0,
      crc32: 1,
      size: 2 ** 32 - 1,
      compressedSize: 3,
      offset: 0,
      flags: 0,
      executable: false,
    });
    expect(entries.size(0)).toBe(2 ** 32 - 1);
    expect(entries.compressedSize(0)).toBe(3);
  });
});
