// Web mode only: receives a bundle the user dropped in the browser. A browser hands a page a
// dropped file's bytes but never its path, and the engine may run on another machine (a GPU box
// behind a forwarded port), so the bytes are streamed to the engine's disk: `PUT /api/upload?
// name=<file>` with the raw bytes, answered with the path the contract's operations then take.
// Streamed to a partial file and renamed when complete; a failed or aborted upload leaves nothing.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, statfs } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadAnswer } from '../shared/wire';
import { errorMessage } from '../shared/error-text';
import { formatBytes } from '../shared/format';

/** Bundles can be large (embedded data); the limit only stops a runaway upload filling the disk. */
export const MAX_UPLOAD_BYTES = 64 * 1024 ** 3;
/** Uploads older than this are removed when the server starts. */
const UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const ACCEPTED = /\.(rbundle|zip)$/i;

export interface UploadOptions {
  dir: string;
  maxBytes?: number;
}

export async function handleUpload(
  request: IncomingMessage,
  response: ServerResponse,
  options: UploadOptions,
): Promise<void> {
  const answer = (status: number, body: UploadAnswer): void => {
    response
      .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(`${JSON.stringify(body)}\n`);
  };
  const refuse = (status: number, code: string, message: string, fix?: string): void => {
    request.resume();
    answer(status, { ok: false, error: { code, message, ...(fix === undefined ? {} : { fix }) } });
  };
  if (request.method !== 'PUT') {
    refuse(405, 'method-not-allowed', 'Uploads are sent with PUT.');
    return;
  }
  // Not a type a cross-origin form can send: a foreign page would need a CORS preflight we never approve.
  if (request.headers['content-type'] !== 'application/octet-stream') {
    refuse(415, 'unsupported-media-type', 'Uploads must be sent as application/octet-stream.');
    return;
  }
  const requested = new URL(request.url ?? '/', 'http://loopback').searchParams.get('name') ?? '';
  // Only the base name, in characters every file system accepts.
  const name = path.basename(requested.replace(/\\/g, '/')).replace(/[^A-Za-z0-9._-]/g, '_');
  if (!ACCEPTED.test(name) || name.startsWith('.')) {
    refuse(415, 'not-a-bundle', `"${requested}" is not a bundle (.rbundle or .zip).`, 'Drop a .rbundle file.');
    return;
  }
  const limit = options.maxBytes ?? MAX_UPLOAD_BYTES;
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    refuse(
      413,
      'upload-too-large',
      `The file is larger than the ${limit} bytes an upload may be.`,
      'Copy the bundle to the machine running ReproBundle and type its path.',
    );
    return;
  }

  // A disk that cannot hold the announced bytes is said so before any is received. (The server
  // reaches the engine only through the handlers; this one statfs is its own.)
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const announced = Number(request.headers['content-length'] ?? 0);
  const disk = await statfs(options.dir).catch(() => undefined);
  const free = disk === undefined ? Number.POSITIVE_INFINITY : disk.bavail * disk.bsize;
  if (announced > 0 && announced + 1024 * 1024 > free) {
    refuse(
      507,
      'disk-full',
      `Not enough free space in ${options.dir} to receive ${name}: ${formatBytes(announced)} is needed and ${formatBytes(free)} is free.`,
      'Free space on the disk ReproBundle runs on, or copy the bundle there and type its path.',
    );
    return;
  }
  const folder = path.join(options.dir, randomBytes(8).toString('hex'));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const target = path.join(folder, name);
  const partial = `${target}.partial`;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callback(received > limit ? new Error(`more than ${limit} bytes`) : null, chunk);
    },
  });
  // The request is piped, not part of the pipeline: on overflow the pipeline fails without
  // destroying the connection, so the 413 can still be delivered (then the connection closes).
  request.on('close', () => {
    if (!request.complete) counter.destroy(new Error('the browser stopped sending'));
  });
  request.pipe(counter);
  try {
    await pipeline(counter, createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, target);
  } catch (error) {
    request.unpipe(counter);
    await rm(folder, { recursive: true, force: true });
    if (!request.complete && request.destroyed) return; // the browser gave up: nobody to answer
    response.setHeader('Connection', 'close');
    refuse(
      received > limit ? 413 : 400,
      received > limit ? 'upload-too-large' : 'upload-failed',
      `The upload of ${name} failed: ${errorMessage(error)}`,
    );
    return;
  }
  answer(201, { ok: true, path: target, bytes: received });
}

/** Removes uploads left from earlier sessions (older than a day). Best effort. */
export async function pruneUploads(dir: string, now = Date.now()): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    const folder = path.join(dir, entry);
    const info = await stat(folder).catch(() => undefined);
    if (info !== undefined && now - info.mtimeMs > UPLOAD_MAX_AGE_MS)
      await rm(folder, { recursive: true, force: true });
  }
}
