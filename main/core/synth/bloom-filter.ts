// A Bloom filter of every real row, filled during the profiling pass, so "no synthetic row equals
// a real row" is checked against the whole file without a second pass. A false positive only
// makes a synthetic row be regenerated, never lets a copy through.
export class BloomFilter {
  private readonly bits: Uint32Array;
  private readonly size: number;

  /** Sized for `capacity` items at about 1 % false positives (7 hashes). */
  constructor(capacity: number) {
    this.size = Math.max(1024, Math.ceil(capacity * 9.6));
    this.bits = new Uint32Array(Math.ceil(this.size / 32));
  }

  add(key: string): void {
    const [a, b] = hashes(key);
    for (let i = 0; i < 7; i += 1) {
      const bit = (a + i * b) % this.size;
      this.bits[bit >>> 5] = (this.bits[bit >>> 5] as number) | (1 << (bit & 31));
    }
  }

  has(key: string): boolean {
    const [a, b] = hashes(key);
    for (let i = 0; i < 7; i += 1) {
      const bit = (a + i * b) % this.size;
      if (((this.bits[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two independent 32-bit FNV-1a style hashes (double hashing). */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i += 1) {
    const code = key.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x5bd1e995) >>> 0;
  }
  return [a, (b | 1) >>> 0];
}
