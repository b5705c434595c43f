// The central directory of an archive being written: each record is serialised once its values
// are final, straight into a 1 MiB chunk; full chunks go to a spool file beside the archive and
// are read back, a chunk at a time into two reused buffers, when the directory is written at the
// end. A million files' records are ~70 MB. They were kept deflated in memory (~11 MB) and
// inflated again at the end into a fresh 1 MiB Buffer per chunk, which piled up as ~28 MB of
// garbage at a million-file create's peak (and deflate cost ~0.3 s of CPU on two cores); the spool
// costs a millisecond per chunk and the page cache, not the process, holds it.
//
// The spool is opened and unlinked at once, so not even a killed process leaves it behind
// (libuv opens files shareable for deletion on Windows, where the name goes when the handle
// closes). Archives whose directory fits one chunk (~14,000 files) never open it.
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';

export class CentralDirectory {
  static readonly CHUNK = 1024 * 1024;
  private current = Buffer.allocUnsafe(CentralDirectory.CHUNK);
  private used = 0;
  /** The spool's descriptor once a chunk has filled, and how many bytes it holds. */
  private fd: number | undefined;
  private spooled = 0;
  /** Records added. */
  count = 0;

  constructor(
    /** Where the spool goes (a name beside the archive, unused by anything else). */
    private readonly spoolPath: string,
  ) {}

  /** The chunk to write a record of `length` bytes into, at `offset`; then call `added`. */
  room(length: number): Buffer {
    if (this.used + length > this.current.length) {
      this.spool();
      if (length > this.current.length) this.current = Buffer.allocUnsafe(length);
    }
    return this.current;
  }

  /** Where in `room()`'s chunk the next record goes. */
  get offset(): number {
    return this.used;
  }

  added(length: number): void {
    this.used += length;
    this.count += 1;
  }

  /**
   * The records' bytes in order, read back into two buffers in turn: before a buffer is read into
   * again, `released(n)` must resolve once the chunk yielded n-th (counting from 0) from it
   * is no longer needed (written out).
   */
  async *chunks(released: (chunk: number) => Promise<void>): AsyncGenerator<Buffer> {
    const fd = this.fd;
    const buffers =
      fd === undefined ? [] : [Buffer.allocUnsafe(CentralDirectory.CHUNK), Buffer.allocUnsafe(CentralDirectory.CHUNK)];
    let chunk = 0;
    for (let at = 0; at < this.spooled; chunk += 1) {
      const buffer = buffers[chunk % 2] as Buffer;
      if (chunk >= 2) await released(chunk - 2);
      const length = Math.min(buffer.length, this.spooled - at);
      readFully(fd as number, buffer, length, at);
      at += length;
      yield buffer.subarray(0, length);
    }
    // The last one is the chunk being filled, which nothing changes any more.
    yield this.current.subarray(0, this.used);
  }

  /** Closes the spool (idempotent): after the directory is written, or when the archive is abandoned. */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }

  private spool(): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.spoolPath, 'wx+', 0o600);
      try {
        unlinkSync(this.spoolPath);
      } catch (error) {
        this.close();
        throw error;
      }
    }
    // Synchronous: a chunk to the page cache is well under a millisecond, and the chunk is reused.
    for (let written = 0; written < this.used;)
      written += writeSync(this.fd, this.current, written, this.used - written, this.spooled + written);
    this.spooled += this.used;
    this.used = 0;
  }
}

function readFully(fd: number, into: Buffer, length: number, position: number): void {
  for (let done = 0; done < length;) {
    const got = readSync(fd, into, done, length - done, position + done);
    if (got === 0) throw new Error('the central directory spool ended early');
    done += got;
  }
}
