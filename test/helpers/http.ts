// A raw HTTP request to the loopback server with full control of every header (fetch refuses
// to set Host, and normalises paths), for testing what the server must refuse.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** `Host: ''` sends no Host header at all (Node would otherwise fill in its own). */
export function rawRequest(options: {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Promise<RawResponse> {
  const headers: Record<string, string> = { Host: `127.0.0.1:${options.port}`, ...options.headers };
  const omitHost = headers['Host'] === '';
  if (omitHost) delete headers['Host'];
  return new Promise((resolve, reject) => {
    const req = request(
      {
        setHost: !omitHost,
        host: '127.0.0.1',
        port: options.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // A server that answers before reading the whole body (a 413, a 507) may reset the connection
    // while the rest is still being written: after the answer has come, that write's failure is
    // expected, and must not surface as an uncaught error once the request has let go of its socket.
    req.on('socket', (socket) => socket.on('error', () => undefined));
    req.end(options.body);
  });
}
