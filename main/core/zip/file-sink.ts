// Where a bundle archive's bytes go: a Writable over a file handle, written in order, that can
// also patch bytes it has already written (a streamed entry's local header gets its CRC and
// compressed size once the data has passed). A patch waits until the bytes it replaces are on
// disk, so the sequential write never lands over it.
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

export class FileSink extends Writable {
  /** Bytes written so far: the position of the next one. */
  private position = 0;
  private patches: { offset: number; bytes: Buffer }[] = [];
  /** Who waits for the bytes before an offset to be written (few at a time: whenWritten). */
  private waiting: { offset: number; resolve: () => void }[] = [];

  constructor(private readonly handle: FileHandle) {
    super({ highWaterMark: 1024 * 1024 });
  }

  /** Replaces `bytes.length` bytes at `offset` once they have been written. */
  patch(offset: number, bytes: Buffer): void {
    this.patches.push({ offset, bytes });
  }

  /** Resolves once the bytes before `offset` are written (and the sink holds none of them). */
  whenWritten(offset: number): Promise<void> {
    if (offset <= this.position) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ offset, resolve }));
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.writeAll(chunks.map((entry) => entry.chunk)).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.applyPatches(Number.POSITIVE_INFINITY).then(() => callback(), callback);
  }

  private async writeAll(buffers: Buffer[]): Promise<void> {
    const total = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    let written = 0;
    // writev may write less than asked; continue from where it stopped.
    while (written < total) {
      const { bytesWritten } = await this.handle.writev(skip(buffers, written), this.position + written);
      if (bytesWritten === 0) throw new Error('write made no progress');
      written += bytesWritten;
    }
    this.position += total;
    const done = this.waiting.filter((waiter) => waiter.offset <= this.position);
    if (done.length > 0) this.waiting = this.waiting.filter((waiter) => waiter.offset > this.position);
    for (const waiter of done) waiter.resolve();
    await this.applyPatches(this.position);
  }

  private async applyPatches(upTo: number): Promise<void> {
    const ready = this.patches.filter((patch) => patch.offset + patch.bytes.length <= upTo);
    if (ready.length === 0) return;
    this.patches = this.patches.filter((patch) => !ready.includes(patch));
    for (const { offset, bytes } of ready) await this.handle.write(bytes, 0, bytes.length, offset);
  }
}

function skip(buffers: Buffer[], count: number): Buffer[] {
  if (count === 0) return buffers;
  const out: Buffer[] = [];
  let remaining = count;
  for (const buffer of buffers) {
    if (remaining >= buffer.length) {
      remaining -= buffer.length;
      continue;
    }
    out.push(remaining > 0 ? buffer.subarray(remaining) : buffer);
    remaining = 0;
  }
  return out;
}
