// Differential check of the ZIP reader against `unzip` and Python's zipfile on a corpus of sound
// and hostile archives: whatever ReproBundle accepts, the other two read as the same set of
// entries with the same bytes. (What it refuses, they may read however they like.)
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipReader } from '../../../../main/core/zip/zip-reader';
import { buildRawZip } from '../../../helpers/raw-zip';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-differential-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const text = (value: string): Buffer => Buffer.from(value);
const sound = (): Buffer =>
  buildRawZip([
    { name: 'project/train.py', data: text('print(1)\n') },
    { name: 'project/data/x.csv', data: text('a,b\n1,2\n'.repeat(50)), method: 8 },
  ]);

/** A corpus: the sound archive and mutations of it, each a way archives have been made to lie. */
function corpus(): [string, Buffer][] {
  const cases: [string, Buffer][] = [['sound', sound()]];
  const end = (zip: Buffer): number => zip.length - 22;
  const withCount = sound();
  withCount.writeUInt16LE(1, end(withCount) + 8);
  withCount.writeUInt16LE(1, end(withCount) + 10);
  cases.push(['hidden-record', withCount]);
  cases.push(['prefix', Buffer.concat([text('#!/bin/sh\nexit 0\n'), sound()])]);
  const comment = Buffer.concat([sound(), text('note')]);
  comment.writeUInt16LE(4, end(comment) - 4 + 20);
  cases.push(['comment', comment]);
  const lying = sound();
  lying.writeUInt32LE(0xdeadbeef, 14);
  cases.push(['local-crc', lying]);
  const renamed = sound();
  renamed.write('P', 30); // the local name says Project/…, the central one project/…
  cases.push(['local-name', renamed]);
  cases.push([
    'duplicate',
    buildRawZip([
      { name: 'project/a.py', data: text('one') },
      { name: 'project/a.py', data: text('two') },
    ]),
  ]);
  return cases;
}

/** What ReproBundle reads, or null when it refuses the archive. */
async function ours(file: string): Promise<Map<string, string> | null> {
  let reader: ZipReader;
  try {
    reader = await ZipReader.open(file);
  } catch {
    return null;
  }
  try {
    const read = new Map<string, string>();
    for (const entry of reader.entries)
      read.set(entry.name, (await reader.readWhole(entry, 1024 * 1024)).toString('hex'));
    return read;
  } catch {
    return null;
  } finally {
    await reader.close();
  }
}

function python(file: string): Map<string, string> {
  const script =
    'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({n: z.read(n).hex() for n in z.namelist()}))';
  return new Map(
    Object.entries(
      JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as Record<string, string>,
    ),
  );
}

function unzip(file: string): Map<string, string> {
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return new Map(names.map((name) => [name, execFileSync('unzip', ['-p', file, name]).toString('hex')]));
}

describe('differential: ReproBundle, unzip and Python read what ReproBundle accepts the same way', () => {
  it('on every archive of the corpus', async () => {
    const accepted: string[] = [];
    for (const [name, bytes] of corpus()) {
      const file = path.join(dir, `${name}.zip`);
      await writeFile(file, bytes);
      const read = await ours(file);
      if (read === null) continue;
      accepted.push(name);
      expect(python(file), `${name}: Python`).toEqual(read);
      expect(unzip(file), `${name}: unzip`).toEqual(read);
    }
    // The sound archive is read by all three; every lying one is refused by ReproBundle.
    expect(accepted).toEqual(['sound']);
  });
});
