// The web mode: serves the built renderer and the contract on 127.0.0.1 for `reprobundle serve`
// and the browser tests. A contract call is `POST /api/op/<operation>` with the JSON request as
// body; the answer streams as NDJSON wire messages (progress…, then result or error), and a
// client that disconnects cancels the operation.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PREFIX, UPLOAD_PATH, type WireMessage } from '../shared/wire';
import { errorMessage } from '../shared/error-text';
import { dispatch } from '../handlers/dispatch';
import type { Handlers } from '../handlers/handlers';
import { decideAccess, generateToken, tokenCookie } from './access';
import { SECURITY_HEADERS } from './security-headers';
import { serveStatic } from './static-files';
import { handleUpload, pruneUploads, type UploadOptions } from './upload';

/** Requests are small JSON documents; anything larger is refused before it is buffered. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Only loopback: the server is never reachable from another machine. */
const LISTEN_HOST = '127.0.0.1';

export interface ServerOptions {
  handlers: Handlers;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
  /** Where dropped bundles are received; without it the upload endpoint answers 404. */
  upload?: UploadOptions;
}

export interface RunningServer {
  /** The URL to open, token included. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? generateToken();
  if (options.upload !== undefined) await pruneUploads(options.upload.dir);
  let port = 0;
  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      }
      response.end(`Internal error: ${errorMessage(error)}\n`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const access = decideAccess(request, token, port);
    if (!access.allowed) {
      response.writeHead(access.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${access.reason}\n`);
      return;
    }
    if (access.via === 'url') {
      // Trade the URL token for a cookie, and drop it from the address bar and history.
      response.writeHead(303, { Location: access.redirectTo, 'Set-Cookie': tokenCookie(port, token) }).end();
      return;
    }
    const { pathname } = new URL(request.url ?? '/', 'http://loopback');
    if (pathname === UPLOAD_PATH && options.upload !== undefined) {
      await handleUpload(request, response, options.upload);
      return;
    }
    if (pathname.startsWith(API_PREFIX)) {
      await handleOperation(request, response, pathname.slice(API_PREFIX.length));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    await serveStatic(options.rendererDir, pathname, response);
  }

  async function handleOperation(request: IncomingMessage, response: ServerResponse, name: string): Promise<void> {
    if (request.method !== 'POST') {
      sendError(response, 405, 'method-not-allowed', 'Contract operations are called with POST.', { Allow: 'POST' });
      return;
    }
    // A JSON content type cannot be sent cross-origin without a CORS preflight, which we never approve.
    if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) {
      sendError(response, 415, 'unsupported-media-type', 'Contract requests must be sent as application/json.');
      return;
    }
    const body = await readBody(request, MAX_REQUEST_BYTES);
    if (body === 'too-large') {
      sendError(response, 413, 'request-too-large', `Requests are limited to ${MAX_REQUEST_BYTES} bytes.`);
      return;
    }
    let payload: unknown;
    try {
      payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (error) {
      sendError(response, 400, 'invalid-json', `The request body is not valid JSON: ${errorMessage(error)}`);
      return;
    }

    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    response.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' });
    const result = await dispatch(options.handlers, name, payload, {
      signal: controller.signal,
      progress: (event) => writeMessage(response, { type: 'progress', event }),
    });
    writeMessage(
      response,
      result.ok ? { type: 'result', value: result.value } : { type: 'error', error: result.error },
    );
    response.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LISTEN_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${LISTEN_HOST}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

function writeMessage(response: ServerResponse, message: WireMessage): void {
  if (!response.writableEnded) response.write(`${JSON.stringify(message)}\n`);
}

function sendError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body: WireMessage = { type: 'error', error: { code, message } };
  response
    .writeHead(status, { ...headers, 'Content-Type': 'application/x-ndjson; charset=utf-8' })
    .end(`${JSON.stringify(body)}\n`);
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    request.resume(); // drain unread, so the 413 can still be delivered on this connection
    return 'too-large';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Chunked bodies have no length up front: keep reading to the end but stop buffering at the limit.
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? 'too-large' : Buffer.concat(chunks);
}
