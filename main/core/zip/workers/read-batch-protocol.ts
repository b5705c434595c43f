// What small-file-reader.ts and its worker (read-batch.worker.ts) send each other: a batch of
// small files named by path goes out; their contents, entry data, CRC-32s and SHA-256s come back
// as typed arrays, transferred. No object per file either way, bar the paths.

export interface ReadBatchPayload {
  /**
   * Where each file's bytes are read from, joined by NUL (which no path holds): one string to
   * copy across, where an array of 128 strings cost ~140 µs of main-thread time per batch.
   */
  paths: string;
  /** Each file's size when the project was scanned: a file of any other size is an error. */
  sizes: Float64Array;
  /** Per file: 1 to try deflate (kept only when it saves `minSaving`), 0 to store. */
  compress: Uint8Array;
  level: number;
  minSaving: number;
  /** Send the contents back too (a caller that inspects them); otherwise only the entries' data. */
  wantContents: boolean;
  /**
   * Where to read the files, one after another, with a byte to spare: the main thread's memory,
   * transferred there and back, so it is allocated and freed on one thread (buffers made on the
   * workers and freed on the main thread left the allocator holding ~30–40 MB more at a million
   * files).
   */
  contents: ArrayBuffer;
}

export interface ReadBatchAnswer {
  /** The entries' data one after another: each file stored, or deflated (`methods`). */
  data: ArrayBuffer;
  /** The files' contents one after another, when asked for. */
  contents?: ArrayBuffer;
  /** ZIP method per file: 0 stored, 8 deflated. */
  methods: Uint8Array;
  /** Bytes of each file's entry data in `data`. */
  dataSizes: Float64Array;
  crcs: Uint32Array;
  /** SHA-256 per file, 32 bytes each. */
  digests: Uint8Array;
  /**
   * Files that could not be read as scanned, by index: the size found (it changed), or the
   * system's error (its code and message). Later files are still read.
   */
  errors?: Record<number, { found?: number; code?: string; message?: string }>;
}
