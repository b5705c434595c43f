// Every archive ReproBundle writes (bundles, exports, frozen images) goes through this writer: an
// Archiver (the archiver package, as specified for the product) whose format module is the
// deterministic ZIP of zip-module.ts, piped into a file sink (file-sink.ts). Archiver gives the
// queue, the `entry`/`progress`/`warning` events, abort and the byte pointer; the module writes
// the format; compression happens before entries are appended (archive-files.ts, in parallel).
// Archiver's per-entry cost (its queue and events) is counted in `npm run bench`.
import { Archiver } from 'archiver';
import { once } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { FileSink } from './file-sink';
import { DeterministicZip, type EntryInfo, type ZipEntrySpec } from './zip-module';

export type { EntryInfo } from './zip-module';

/** Archiver's own members a format subclass sets (its ZipArchive does the same). */
interface ArchiverInternals {
  _format: string;
  _module: DeterministicZip;
  _supportsDirectory: boolean;
  _supportsSymlink: boolean;
  _modulePipe: () => void;
}

/**
 * How many files (complete entries, or files in batches) may wait in archiver's queue before
 * `addEntry` waits: enough to keep the disk busy (~8 batches of tiny files). Counted in files,
 * not entries: 64 batches held ~8,000 files' objects long enough to reach the old generation,
 * ~250 MB of heap growth over a million-file create.
 */
const QUEUED_FILES = 1024;
const EMPTY = Buffer.alloc(0);

export class ZipWriter extends Archiver {
  private readonly sink: FileSink;
  private failure: Error | undefined;
  /** Rejects with the first failure: what a wait on the module (which may never move again) races. */
  private readonly failed: Promise<never>;
  /** Files appended (alone or in batches) and not yet taken by the module. */
  private queued = 0;
  private room: (() => void) | undefined;
  private streaming:
    { source: PassThrough; done: Promise<void>; result?: { crc32: number; compressedSize: number } } | undefined;

  constructor(
    handle: FileHandle,
    private readonly modifiedAt: Date,
    /** A free name beside the archive, for the central directory's spool (never left behind). */
    spoolPath: string,
  ) {
    super({ highWaterMark: 1024 * 1024 });
    this.sink = new FileSink(handle);
    const internals = this as unknown as ArchiverInternals;
    internals._format = 'zip';
    internals._module = new DeterministicZip(
      modifiedAt,
      (offset, bytes) => this.sink.patch(offset, bytes),
      (offset) => this.sink.whenWritten(offset),
      spoolPath,
    );
    internals._supportsDirectory = false;
    internals._supportsSymlink = false;
    internals._modulePipe();
    // A failure anywhere (the module, the disk) fails the entry being written and every later call.
    let rejectFailed: (error: Error) => void = () => undefined;
    this.failed = new Promise<never>((_resolve, reject) => (rejectFailed = reject));
    this.failed.catch(() => undefined); // observed by whoever races it
    const fail = (error: Error): void => {
      this.failure ??= error;
      rejectFailed(this.failure);
      this.room?.(); // a caller waiting for room learns of it at once
    };
    this.on('error', fail);
    this.sink.on('error', fail);
    this.pipe(this.sink);
  }

  get bytesWritten(): number {
    return this.pointer();
  }

  /**
   * Adds an entry whose (compressed) data is complete in memory. Resolves as soon as archiver's
   * queue has room (at most QUEUED_FILES files waiting), so the caller keeps preparing the next
   * entries while these are written; a failure surfaces on a later call or in `finish`.
   */
  async addEntry(info: EntryInfo, data: Buffer): Promise<void> {
    await this.queue(data, info.name, info.executable, { kind: 'complete', info }, 1);
  }

  /** Adds complete entries in one of archiver's entries (see zip-module.ts's `batch`); same waits as addEntry. */
  async addEntries(entries: readonly { info: EntryInfo; data: Buffer }[]): Promise<void> {
    const first = entries[0];
    if (first === undefined) return;
    if (entries.length === 1) return this.addEntry(first.info, first.data);
    await this.queue(EMPTY, first.info.name, first.info.executable, { kind: 'batch', entries }, entries.length);
  }

  private async queue(
    data: Buffer,
    name: string,
    executable: boolean,
    zip: ZipEntrySpec,
    files: number,
  ): Promise<void> {
    this.assertNotStreaming();
    this.throwIfFailed();
    this.queued += files;
    const done = this.appendAndWait(data, name, executable, zip);
    done.then(
      () => this.dequeued(files),
      () => this.dequeued(files),
    );
    if (this.queued > QUEUED_FILES) await new Promise<void>((resolve) => (this.room = resolve));
    this.throwIfFailed();
  }

  private dequeued(files: number): void {
    this.queued -= files;
    if (this.queued <= QUEUED_FILES && this.room !== undefined) {
      const room = this.room;
      this.room = undefined;
      room();
    }
  }

  /**
   * Starts an entry whose data follows in chunks. The header is written with the method and
   * size known now; CRC and compressed size are patched in by `endStreamedEntry`.
   */
  async beginStreamedEntry(name: string, executable: boolean, method: 0 | 8, size: number): Promise<void> {
    this.assertNotStreaming();
    this.throwIfFailed();
    const source = new PassThrough({ highWaterMark: 4 * 1024 * 1024 });
    const streaming: NonNullable<ZipWriter['streaming']> = { source, done: Promise.resolve() };
    streaming.done = this.appendAndWait(source, name, executable, {
      kind: 'streamed',
      name,
      executable,
      method,
      size,
      finish: () => streaming.result as { crc32: number; compressedSize: number },
    });
    streaming.done.catch(() => undefined); // awaited by endStreamedEntry
    this.streaming = streaming;
  }

  async writeStreamedData(chunk: Buffer): Promise<void> {
    const streaming = this.streaming;
    if (streaming === undefined) throw new Error('writeStreamedData outside a streamed entry');
    this.throwIfFailed();
    // A full disk stops the sink, and with it the module that would drain this source: race the failure.
    if (!streaming.source.write(chunk))
      await Promise.race([once(streaming.source, 'drain'), streaming.done, this.failed]);
  }

  async endStreamedEntry(crc32: number, compressedSize: number): Promise<void> {
    const streaming = this.streaming;
    if (streaming === undefined) throw new Error('endStreamedEntry outside a streamed entry');
    streaming.result = { crc32, compressedSize };
    streaming.source.end();
    this.streaming = undefined;
    await Promise.race([streaming.done, this.failed]);
  }

  /** Writes the central directory and end records, and resolves once every byte is on disk. */
  async finish(): Promise<void> {
    this.assertNotStreaming();
    this.throwIfFailed();
    const written = Promise.race([
      once(this.sink, 'finish'),
      once(this.sink, 'error').then(([error]) => Promise.reject(error as Error)),
    ]);
    await this.finalize();
    await written;
    this.throwIfFailed();
  }

  /** Stops writing (a failure or cancellation elsewhere) and waits until the file is left alone. */
  async stop(): Promise<void> {
    const module = (this as unknown as ArchiverInternals)._module;
    if (this.sink.writableFinished || this.sink.destroyed) {
      module.abort(); // only lets go of what it still holds (the spool)
      return;
    }
    const settled = new Promise<void>((resolve) => {
      this.sink.once('finish', resolve);
      this.sink.once('close', resolve);
      this.sink.once('error', () => resolve());
    });
    this.abort();
    module.abort();
    this.room?.();
    // Archiver ends its output on abort only when its queue is idle: with an entry in progress it
    // never does, and the sink would wait forever (a create refused for a secret hung about one
    // time in twelve). The file is being abandoned, so the sink is destroyed; a write already
    // under way still completes before the caller closes the handle (FileHandle.close waits).
    this.unpipe(this.sink);
    this.sink.destroy();
    await settled;
  }

  private appendAndWait(
    source: Buffer | PassThrough,
    name: string,
    executable: boolean,
    zip: ZipEntrySpec,
  ): Promise<void> {
    this.throwIfFailed();
    return new Promise((resolve, reject) => {
      this.append(source, {
        name,
        date: this.modifiedAt,
        mode: executable ? 0o755 : 0o644,
        zip,
        // Archiver calls an entry's callback once the module has taken it (or failed).
        callback: () => (this.failure === undefined ? resolve() : reject(this.failure)),
      } as unknown as Parameters<Archiver['append']>[1]);
    });
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private assertNotStreaming(): void {
    if (this.streaming !== undefined) throw new Error('an entry is still being streamed');
  }
}
