// Data resolution without Docker: --data folders, a DVC remote (local and over HTTP on
// loopback), URLs with a download cache, and checksum mismatches.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ReproError } from '../../../../main/core/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataPointer } from '../../../../main/shared/manifest';
import { resolveData } from '../../../../main/core/replay/resolve-data';

const content = Buffer.from('x,y\n1,2\n3,4\n');
const sha256 = createHash('sha256').update(content).digest('hex');
const md5 = createHash('md5').update(content).digest('hex');
const pointer = (extra: Partial<DataPointer>): DataPointer => ({
  path: 'data/train.csv',
  uri: null,
  size: content.length,
  sha256: null,
  md5: null,
  nfiles: 1,
  isDirectory: false,
  source: 'user',
  declaredIn: null,
  remote: null,
  ...extra,
});

let dir: string;
let server: Server;
let base: string;
let requests: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-data-'));
  await mkdir(path.join(dir, 'project', 'data'), { recursive: true });
  await writeFile(path.join(dir, 'project', 'data', 'train.csv'), content);
  await mkdir(path.join(dir, 'remote', 'files', 'md5', md5.slice(0, 2)), { recursive: true });
  await writeFile(path.join(dir, 'remote', 'files', 'md5', md5.slice(0, 2), md5.slice(2)), content);
  requests = [];
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === `/dvc/files/md5/${md5.slice(0, 2)}/${md5.slice(2)}` || request.url === '/train.csv')
      response.end(content);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('resolveData', () => {
  it('finds data in --data and checks its SHA-256', async () => {
    const [found] = await resolveData([pointer({ sha256 })], {
      dataDir: path.join(dir, 'project'),
      cacheDir: path.join(dir, 'cache'),
    });
    expect(found).toMatchObject({
      hostPath: path.join(dir, 'project', 'data', 'train.csv'),
      note: 'from the data folder, SHA-256 checked',
    });
  });

  it('refuses data whose checksum differs, naming the file', async () => {
    await expect(
      resolveData([pointer({ sha256: '0'.repeat(64) })], {
        dataDir: path.join(dir, 'project'),
        cacheDir: path.join(dir, 'cache'),
      }),
    ).rejects.toMatchObject({
      code: 'data-mismatch',
      file: path.join(dir, 'project', 'data', 'train.csv'),
    });
  });

  it("reads a DVC remote on disk the reviewer names, and one served over HTTP, checking DVC's MD5", async () => {
    const local = await resolveData(
      [pointer({ md5, source: 'dvc-file', remote: { name: 'storage', url: '/somewhere/on/the/authors/disk' } })],
      { cacheDir: path.join(dir, 'cache'), dvcRemoteDir: path.join(dir, 'remote') },
    );
    expect(local[0]?.note).toBe(`from the DVC remote ${path.join(dir, 'remote')}, MD5 (DVC) checked`);
    const remote = await resolveData(
      [pointer({ md5, source: 'dvc-file', remote: { name: 'web', url: `${base}/dvc` } })],
      { cacheDir: path.join(dir, 'cache-http') },
    );
    expect(remote[0]?.note).toContain('MD5 (DVC) checked');
    expect(requests).toContain(`/dvc/files/md5/${md5.slice(0, 2)}/${md5.slice(2)}`);
  });

  it('never reads a local folder or file:// URL because a manifest names it', async () => {
    // The author's local DVC remote is a hint for the reviewer, not a place to read from.
    const error = (await resolveData(
      [pointer({ md5, source: 'dvc-file', remote: { name: 'storage', url: path.join(dir, 'remote') } })],
      { cacheDir: path.join(dir, 'cache-hint') },
    ).catch((caught: unknown) => caught)) as ReproError;
    expect(error.code).toBe('data-missing');
    expect(error.message).toContain(
      `the author's DVC remote storage (${path.join(dir, 'remote')}: a folder on their machine, not read)`,
    );
    const url = (await resolveData([pointer({ uri: `file://${path.join(dir, 'project', 'data', 'train.csv')}` })], {
      cacheDir: path.join(dir, 'cache-file'),
    }).catch((caught: unknown) => caught)) as ReproError;
    expect(url.code).toBe('data-missing');
  });

  it('downloads a URL once into the cache, keyed by its SHA-256', async () => {
    const cacheDir = path.join(dir, 'cache-url');
    const first = await resolveData([pointer({ sha256, uri: `${base}/train.csv` })], { cacheDir });
    expect(first[0]?.hostPath).toBe(path.join(cacheDir, sha256));
    const count = requests.filter((url) => url === '/train.csv').length;
    const second = await resolveData([pointer({ sha256, uri: `${base}/train.csv` })], { cacheDir });
    expect(second[0]?.note).toContain('from the download cache');
    expect(requests.filter((url) => url === '/train.csv').length).toBe(count);
    expect((await readdir(cacheDir)).filter((name) => name.startsWith('.download'))).toEqual([]);
  });

  it('lists everything missing at once, and treats DVC pipeline outputs as optional', async () => {
    const error: Error = await resolveData(
      [
        pointer({ path: 'data/a.csv' }),
        pointer({ path: 'data/b.csv', uri: 's3://bucket/b.csv' }),
        pointer({ path: 'model.pkl', source: 'dvc-lock' }),
      ],
      { dataDir: path.join(dir, 'nowhere'), cacheDir: path.join(dir, 'cache') },
    ).then(
      () => new Error('resolved, but data was missing'),
      (caught: unknown) => caught as Error,
    );
    expect(error.message).toContain('data/a.csv');
    expect(error.message).toContain('data/b.csv');
    expect(error.message).toContain('s3://bucket/b.csv');
    expect(error.message).not.toContain('model.pkl');
  });
});
