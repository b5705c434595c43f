// The web mode's upload of a dropped bundle on a real loopback port: the bytes land intact under
// the upload folder, and everything the endpoint must refuse is refused with nothing left behind.
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadAnswer } from '../../../main/shared/wire';
import { startEngineHost } from '../../../main/handlers/engine-host';
import { startServer, type RunningServer } from '../../../main/server/server';
import { pruneUploads } from '../../../main/server/upload';
import { rawRequest } from '../../helpers/http';

let base: string;
let uploads: string;
let server: RunningServer;
const LIMIT = 64 * 1024;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'rb-upload-'));
  uploads = path.join(base, 'uploads');
  await writeFile(path.join(base, 'index.html'), '<!doctype html><title>t</title>');
  server = await startServer({
    handlers: startEngineHost().handlers,
    rendererDir: base,
    upload: { dir: uploads, maxBytes: LIMIT },
  });
});
afterAll(async () => {
  await server.close();
  await rm(base, { recursive: true, force: true });
});

function upload(name: string, body: Buffer, headers: Record<string, string> = {}) {
  return rawRequest({
    port: server.port,
    path: `/api/upload?name=${encodeURIComponent(name)}`,
    method: 'PUT',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/octet-stream', ...headers },
    body,
  });
}

async function leftovers(): Promise<string[]> {
  const folders = await readdir(uploads).catch(() => [] as string[]);
  return (
    await Promise.all(
      folders.map(async (folder) => (await readdir(path.join(uploads, folder))).map((file) => `${folder}/${file}`)),
    )
  ).flat();
}

describe('upload of a dropped bundle', () => {
  it('stores the bytes intact under a fresh folder and answers with the path', async () => {
    const bytes = Buffer.from(Array.from({ length: 40_000 }, (_, index) => index % 251));
    const response = await upload('../../etc/My Result.rbundle', bytes);
    expect(response.status).toBe(201);
    const answer = JSON.parse(response.body) as UploadAnswer;
    if (!answer.ok) throw new Error(response.body);
    // Only the base name survives, in safe characters, inside the upload folder.
    expect(path.basename(answer.path)).toBe('My_Result.rbundle');
    expect(path.relative(uploads, answer.path).startsWith('..')).toBe(false);
    expect(answer.bytes).toBe(bytes.length);
    expect((await readFile(answer.path)).equals(bytes)).toBe(true);
  });

  it('refuses requests without the token, from another origin, of another type, or not a bundle', async () => {
    const before = await leftovers();
    const body = Buffer.from('PK');
    expect((await upload('a.rbundle', body, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await upload('a.rbundle', body, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await upload('a.rbundle', body, { 'Content-Type': 'text/plain' })).status).toBe(415);
    const notBundle = await upload('notes.txt', body);
    expect(notBundle.status).toBe(415);
    expect((JSON.parse(notBundle.body) as UploadAnswer & { ok: false }).error.code).toBe('not-a-bundle');
    expect(await leftovers()).toEqual(before);
  });

  it('refuses a file over the limit, declared or streamed, and keeps no partial file', async () => {
    const before = await leftovers();
    const declared = await upload('big.rbundle', Buffer.alloc(LIMIT + 1));
    expect(declared.status).toBe(413);
    // A chunked body has no length up front: the stream is cut at the limit.
    const streamed = await upload('big.rbundle', Buffer.alloc(LIMIT + 10), { 'Transfer-Encoding': 'chunked' });
    expect(streamed.status).toBe(413);
    expect(await leftovers()).toEqual(before);
  });

  it('prunes uploads older than a day', async () => {
    const old = path.join(uploads, 'old');
    const fresh = path.join(uploads, 'fresh');
    await mkdir(old, { recursive: true });
    await mkdir(fresh, { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(old, twoDaysAgo, twoDaysAgo);
    await pruneUploads(uploads);
    const remaining = await readdir(uploads);
    expect(remaining).toContain('fresh');
    expect(remaining).not.toContain('old');
  });
});
