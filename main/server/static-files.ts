// Serves the built renderer (out/renderer) read-only. Paths are resolved inside the root and
// checked with path.relative, so no request can read a file outside it; unknown paths without
// an extension fall back to index.html (client-side routes).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<void> {
  const file = await resolveFile(root, pathname);
  if (file === undefined) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: ${pathname}\n`);
    return;
  }
  const extension = path.extname(file.path).toLowerCase();
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'Content-Length': String(file.size),
    // Vite names assets by content hash; the page itself must always be fresh.
    'Cache-Control': extension === '.html' ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  createReadStream(file.path)
    .on('error', () => response.destroy())
    .pipe(response);
}

async function resolveFile(root: string, pathname: string): Promise<{ path: string; size: number } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  const relative = path.relative(root, candidate);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;

  const found = await fileSize(relative === '' ? path.join(root, 'index.html') : candidate);
  if (found !== undefined) return found;
  // A client-side route (no extension) gets the app; a missing asset gets a 404.
  return path.extname(candidate) === '' ? fileSize(path.join(root, 'index.html')) : undefined;
}

async function fileSize(file: string): Promise<{ path: string; size: number } | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? { path: file, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}
