// The web-mode server on a real loopback port: the contract round-trip through the renderer's
// own web bridge, progress and cancellation over a real connection, and every request the
// access rules must refuse.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import type { Handlers } from '../../../main/handlers/handlers';
import { startEngineHost } from '../../../main/handlers/engine-host';
import { MAX_REQUEST_BYTES, startServer, type RunningServer } from '../../../main/server/server';
import { CONTENT_SECURITY_POLICY } from '../../../main/shared/csp';
import { createApi } from '../../../renderer/src/api/create-api';
import { OperationFailure } from '../../../main/shared/operation-failure';
import { createWebBridge } from '../../../renderer/src/api/web-bridge';
import { rawRequest } from '../../helpers/http';
import { requireDocker } from '../../helpers/docker';

let rendererDir: string;

beforeAll(async () => {
  // A stand-in renderer build: the server's job is to serve whatever the folder holds.
  rendererDir = await mkdtemp(path.join(tmpdir(), 'rb-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>ReproBundle test page</title>');
  await writeFile(path.join(rendererDir, 'app.js'), 'console.log("asset");');
  await writeFile(path.join(path.dirname(rendererDir), `${path.basename(rendererDir)}-secret.txt`), 'outside');
});

afterAll(async () => {
  await rm(rendererDir, { recursive: true, force: true });
  await rm(path.join(path.dirname(rendererDir), `${path.basename(rendererDir)}-secret.txt`), { force: true });
});

/** A contract call sent by hand, so every header can be wrong on purpose. */
function postOperation(
  server: RunningServer,
  name: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
) {
  return rawRequest({
    port: server.port,
    path: `/api/op/${name}`,
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...options.headers },
    body: options.body ?? '{}',
  });
}

async function withServer(handlers: Handlers, test: (server: RunningServer) => Promise<void>): Promise<void> {
  const server = await startServer({ handlers, rendererDir });
  try {
    await test(server);
  } finally {
    await server.close();
  }
}

describe('contract over HTTP', () => {
  it('round-trips appInfo and environmentStatus through the web bridge against the real engine', async () => {
    await requireDocker();
    const engineVersion = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      encoding: 'utf8',
    }).trim();
    await withServer(startEngineHost().handlers, async (server) => {
      const api = createApi(createWebBridge({ baseUrl: server.origin, token: server.token }));

      const info = await api.appInfo({});
      expect(info).toMatchObject({ name: 'ReproBundle', version: packageJson.version, node: process.versions.node });

      const status = await api.environmentStatus({});
      expect(status.docker.reachable).toBe(true);
      if (status.docker.reachable) expect(status.docker.version).toBe(engineVersion);
      expect(Date.now() - Date.parse(status.checkedAt)).toBeLessThan(60_000);
    });
  });

  it('reports an invalid request with the schema problem, without calling the handler', async () => {
    let called = false;
    const handlers: Handlers = {
      ...startEngineHost().handlers,
      appInfo: async () => {
        called = true;
        throw new Error('must not be called');
      },
    };
    await withServer(handlers, async (server) => {
      const api = createApi(createWebBridge({ baseUrl: server.origin, token: server.token }));
      const failure = await api.appInfo({ unexpected: true } as never).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OperationFailure);
      expect((failure as OperationFailure).code).toBe('invalid-request');
      expect((failure as OperationFailure).message).toContain('unexpected');
      expect(called).toBe(false);
    });
  });

  it('answers an unknown operation with a named error', async () => {
    await withServer(startEngineHost().handlers, async (server) => {
      const response = await postOperation(server, 'deleteEverything');
      expect(JSON.parse(response.body)).toEqual({
        type: 'error',
        error: { code: 'unknown-operation', message: 'There is no operation named "deleteEverything".' },
      });
    });
  });

  it('streams progress events before the result, in order', async () => {
    const handlers: Handlers = {
      ...startEngineHost().handlers,
      appInfo: async (_request, context) => {
        context.progress({ phase: 'scan', done: 1, total: 3, unit: 'files' });
        context.progress({ phase: 'scan', done: 3, total: 3, unit: 'files' });
        return { name: 'ReproBundle', version: '9.9.9', node: '20', platform: 'linux', arch: 'x64' };
      },
    };
    await withServer(handlers, async (server) => {
      const api = createApi(createWebBridge({ baseUrl: server.origin, token: server.token }));
      const seen: unknown[] = [];
      const info = await api.appInfo({}, { onProgress: (event) => seen.push(event) });
      expect(info.version).toBe('9.9.9');
      expect(seen).toEqual([
        { phase: 'scan', done: 1, total: 3, unit: 'files' },
        { phase: 'scan', done: 3, total: 3, unit: 'files' },
      ]);
    });
  });

  it('cancels the operation on the server when the client aborts', async () => {
    let handlerSawAbort: () => void = () => undefined;
    const aborted = new Promise<void>((resolve) => (handlerSawAbort = resolve));
    const handlers: Handlers = {
      ...startEngineHost().handlers,
      environmentStatus: (_request, context) =>
        new Promise((_, reject) => {
          context.progress({ phase: 'waiting' });
          context.signal.addEventListener('abort', () => {
            handlerSawAbort();
            reject(new Error('aborted'));
          });
        }),
    };
    await withServer(handlers, async (server) => {
      const api = createApi(createWebBridge({ baseUrl: server.origin, token: server.token }));
      const controller = new AbortController();
      const call = api.environmentStatus({}, { signal: controller.signal, onProgress: () => controller.abort() });
      await expect(call).rejects.toMatchObject({ code: 'cancelled' });
      await aborted; // the handler's signal fired: the server really stopped the work
    });
  });
});

describe('access rules', () => {
  it('refuses requests without a token, and with a wrong one', async () => {
    await withServer(startEngineHost().handlers, async (server) => {
      expect((await rawRequest({ port: server.port, path: '/' })).status).toBe(401);
      expect((await rawRequest({ port: server.port, path: '/?token=wrong' })).status).toBe(401);
      const api = await postOperation(server, 'appInfo', { headers: { Authorization: 'Bearer wrong' } });
      expect(api.status).toBe(401);
      expect(api.body).toContain('?token=');
    });
  });

  it('trades the URL token for an HttpOnly, SameSite=Strict cookie and drops it from the URL', async () => {
    await withServer(startEngineHost().handlers, async (server) => {
      const first = await rawRequest({ port: server.port, path: `/?token=${server.token}` });
      expect(first.status).toBe(303);
      expect(first.headers.location).toBe('/');
      const cookie = String(first.headers['set-cookie']);
      expect(cookie).toContain(`reprobundle-token-${server.port}=${server.token}`);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');

      const page = await rawRequest({
        port: server.port,
        path: '/',
        headers: { Cookie: `reprobundle-token-${server.port}=${server.token}` },
      });
      expect(page.status).toBe(200);
      expect(page.body).toContain('ReproBundle test page');
      expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(page.headers['referrer-policy']).toBe('no-referrer');
    });
  });

  it('refuses a non-loopback Host header even with the right token (DNS rebinding)', async () => {
    await withServer(startEngineHost().handlers, async (server) => {
      for (const host of [
        `attacker.example:${server.port}`,
        `127.0.0.1.attacker.example:${server.port}`,
        `[::2]:${server.port}`,
      ]) {
        const response = await rawRequest({
          port: server.port,
          path: '/',
          headers: { Host: host, Authorization: `Bearer ${server.token}` },
        });
        expect(response.status, host).toBe(403);
      }
      // No Host at all: Node's HTTP/1.1 parser refuses it before our code runs.
      const hostless = await rawRequest({
        port: server.port,
        path: '/',
        headers: { Host: '', Authorization: `Bearer ${server.token}` },
      });
      expect(hostless.status).toBe(400);
      for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, 'localhost:9000']) {
        const response = await rawRequest({
          port: server.port,
          path: '/',
          headers: { Host: host, Authorization: `Bearer ${server.token}` },
        });
        expect(response.status, host).toBe(200);
      }
    });
  });

  it('refuses a foreign Origin, and accepts its own', async () => {
    await withServer(startEngineHost().handlers, async (server) => {
      const call = (origin: string) => postOperation(server, 'appInfo', { headers: { Origin: origin } });
      expect((await call('http://attacker.example')).status).toBe(403);
      expect((await call(`http://localhost:${server.port}`)).status).toBe(403); // not the Host it was sent to
      expect((await call('null')).status).toBe(403);
      const own = await call(server.origin);
      expect(own.status).toBe(200);
      expect(JSON.parse(own.body)).toMatchObject({ type: 'result', value: { name: 'ReproBundle' } });
    });
  });

  it('refuses non-JSON, oversized and non-POST contract calls', async () => {
    await withServer(startEngineHost().handlers, async (server) => {
      const text = await postOperation(server, 'appInfo', { headers: { 'Content-Type': 'text/plain' } });
      expect(text.status).toBe(415);
      const huge = await postOperation(server, 'appInfo', { body: Buffer.alloc(MAX_REQUEST_BYTES + 1, 0x20) });
      expect(huge.status).toBe(413);
      const get = await rawRequest({
        port: server.port,
        path: '/api/op/appInfo',
        headers: { Authorization: `Bearer ${server.token}` },
      });
      expect(get.status).toBe(405);
      const badJson = await postOperation(server, 'appInfo', { body: '{not json' });
      expect(badJson.status).toBe(400);
      expect(JSON.parse(badJson.body)).toMatchObject({ type: 'error', error: { code: 'invalid-json' } });
    });
  });

  it('never serves a file outside the renderer folder', async () => {
    await withServer(startEngineHost().handlers, async (server) => {
      const auth = { Authorization: `Bearer ${server.token}` };
      const sibling = `${path.basename(rendererDir)}-secret.txt`;
      for (const attempt of [`/../${sibling}`, `/%2e%2e/${sibling}`, `/..%2f${sibling}`, '/%00index.html']) {
        const response = await rawRequest({ port: server.port, path: attempt, headers: auth });
        expect(response.body, attempt).not.toContain('outside');
      }
      const asset = await rawRequest({ port: server.port, path: '/app.js', headers: auth });
      expect(asset.status).toBe(200);
      expect(asset.headers['content-type']).toContain('text/javascript');
      expect((await rawRequest({ port: server.port, path: '/missing.js', headers: auth })).status).toBe(404);
      // A client-side route without an extension gets the app.
      expect((await rawRequest({ port: server.port, path: '/open/bundle', headers: auth })).body).toContain(
        'ReproBundle test page',
      );
    });
  });

  it('listens on 127.0.0.1 only', async () => {
    await withServer(startEngineHost().handlers, async (server) => {
      expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
      expect(server.token).toMatch(/^[\w-]{43}$/);
    });
  });
});
