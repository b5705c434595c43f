// A Bloom filter of every real row, filled during the profiling pass, so "no synthetic row equals
// a real row" is checked against the whole file without a second pass. A false positive only
// makes a synthetic row be regenerated, never lets a copy through.
export class BloomFilter {
  private readonly bits: Uint32Array;
  private readonly blocks: number;

  /**
   * Sized for `capacity` items at about 1 % false positives. Blocked: all seven bits of an item
   * fall in one 512-bit block (a cache line), so each row costs one memory miss, not seven;
   * on 10 million rows the scattered version was the profile pass's largest cost.
   */
  constructor(capacity: number) {
    this.blocks = Math.max(8, Math.ceil((capacity * 10) / BLOCK_BITS));
    this.bits = new Uint32Array(this.blocks * (BLOCK_BITS / 32));
  }

  add(fields: readonly string[]): void {
    const [a, b] = hashRow(fields);
    const base = (a % this.blocks) * (BLOCK_BITS / 32);
    const step = (b >>> 16) | 1;
    for (let i = 0; i < HASHES; i += 1) {
      const bit = (b + i * step) & (BLOCK_BITS - 1);
      const word = base + (bit >>> 5);
      this.bits[word] = (this.bits[word] as number) | (1 << (bit & 31));
    }
  }

  has(fields: readonly string[]): boolean {
    const [a, b] = hashRow(fields);
    const base = (a % this.blocks) * (BLOCK_BITS / 32);
    const step = (b >>> 16) | 1;
    for (let i = 0; i < HASHES; i += 1) {
      const bit = (b + i * step) & (BLOCK_BITS - 1);
      if (((this.bits[base + (bit >>> 5)] as number) & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

const BLOCK_BITS = 512;
const HASHES = 7;

/**
 * Two hashes of a row's trimmed fields for double hashing: FNV-1a over the characters, computed
 * field by field without joining them (this runs for every row of the input), and a second one
 * derived from it with MurmurHash3's finalizer.
 */
export function hashRow(fields: readonly string[]): [number, number] {
  // Trailing empty fields do not count: a JSON Lines row read before later keys appeared is shorter.
  let count = fields.length;
  while (count > 0 && (fields[count - 1] as string).trim() === '') count -= 1;
  let a = 0x811c9dc5 ^ count;
  for (let f = 0; f < count; f += 1) {
    const raw = fields[f] as string;
    let start = 0;
    let end = raw.length;
    while (start < end && raw.charCodeAt(start) <= 32) start += 1;
    while (end > start && raw.charCodeAt(end - 1) <= 32) end -= 1;
    for (let i = start; i < end; i += 1) a = Math.imul(a ^ raw.charCodeAt(i), 0x01000193);
    // A separator no field contains after trimming, so ["ab","c"] and ["a","bc"] differ.
    a = Math.imul(a ^ 0x1f, 0x01000193);
  }
  let b = a ^ 0x9e3779b9;
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b ^= b >>> 16;
  return [a >>> 0, (b | 1) >>> 0];
}
