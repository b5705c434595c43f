// Issue 13's first fault, on the real `serve`: a long verification whose browser goes away
// (the request is dropped half-way) is cancelled, and the server lives on and answers the next
// request; before, a rejection left unobserved on the worker pool ended the whole process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCli, type ServedApp } from '../../helpers/serve-cli';
import { manyFilesBundle } from '../../helpers/many-files';

let base: string;
let bundle: string;
let app: ServedApp;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'rb-dropped-'));
  // Many small files: verification hashes them in batches on worker threads for a while.
  bundle = await manyFilesBundle(base, 40);
  app = await serveCli({
    REPROBUNDLE_CONFIG_DIR: path.join(base, 'config'),
    REPROBUNDLE_WORK_DIR: path.join(base, 'work'),
  });
}, 120_000);
afterAll(async () => {
  await app.stop();
  await rm(base, { recursive: true, force: true });
});

const call = (name: string, body: unknown, signal?: AbortSignal): Promise<Response> =>
  fetch(`${app.origin}/api/op/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json', Origin: app.origin },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });

describe('a request dropped mid-operation', () => {
  it('cancels the verification and leaves the server answering', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const controller = new AbortController();
      const response = await call('verifyBundle', { file: bundle }, controller.signal);
      const reader = response.body?.getReader();
      // Drop the connection once the verification is under way (its first progress line).
      await reader?.read();
      controller.abort();
      await reader?.cancel().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const info = await call('appInfo', {}).catch((error: unknown) => {
      throw new Error(`the server no longer answers (${String(error)}); it printed:\n${app.output()}`);
    });
    expect(info.status, app.output()).toBe(200);
    expect(await info.text(), app.output()).toContain('"type":"result"');
  });
});
