// What archiver costs per entry (part of `npm run bench`, issue 18): 100,000 tiny entries, already
// compressed, written through ZipWriter (archiver's queue and events) and through the same ZIP
// module and file sink without archiver, in the same run. The difference per entry is archiver's.
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { FileSink } from '../../main/core/zip/file-sink';
import { DeterministicZip, type EntryInfo } from '../../main/core/zip/zip-module';
import { ZipWriter } from '../../main/core/zip/zip-writer';

const ENTRIES = 100_000;
const BENCH_DIR = process.env['BENCH_DIR'] ?? '/tmp/reprobundle-bench';

function entries(): { info: EntryInfo; data: Buffer }[] {
  return Array.from({ length: ENTRIES }, (_, index) => {
    const data = Buffer.from(`file ${index}\n`);
    return {
      info: {
        name: `project/d${index % 500}/f${index}.txt`,
        executable: false,
        method: 0,
        crc32: crc32(data),
        size: data.length,
        compressedSize: data.length,
      },
      data,
    };
  });
}

async function throughArchiver(file: string, list: { info: EntryInfo; data: Buffer }[]): Promise<number> {
  const handle = await open(file, 'w');
  const started = process.hrtime.bigint();
  const writer = new ZipWriter(handle, new Date(0), `${file}.central`);
  for (const { info, data } of list) await writer.addEntry(info, data);
  await writer.finish();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await handle.close();
  return ms;
}

async function moduleOnly(file: string, list: { info: EntryInfo; data: Buffer }[]): Promise<number> {
  const handle = await open(file, 'w');
  const started = process.hrtime.bigint();
  const sink = new FileSink(handle);
  const zip = new DeterministicZip(
    new Date(0),
    (offset, bytes) => sink.patch(offset, bytes),
    (offset) => sink.whenWritten(offset),
    `${file}.central`,
  );
  zip.pipe(sink);
  const finished = new Promise((resolve) => sink.on('finish', resolve));
  for (const { info, data } of list)
    await new Promise<void>((resolve, reject) =>
      zip.append(data, { zip: { kind: 'complete', info } }, (error) => (error ? reject(error) : resolve())),
    );
  zip.finalize();
  await finished;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await handle.close();
  return ms;
}

export async function archiverBench(): Promise<void> {
  const list = entries();
  const file = path.join(BENCH_DIR, 'archiver-bench.zip');
  const runs = { archiver: [] as number[], module: [] as number[] };
  for (let run = 0; run < 3; run += 1) {
    runs.module.push(await moduleOnly(file, list));
    runs.archiver.push(await throughArchiver(file, list));
  }
  await rm(file, { force: true });
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[1] as number;
  const perEntry = ((median(runs.archiver) - median(runs.module)) * 1000) / ENTRIES;
  console.log(`\narchiver's per-entry cost (${ENTRIES.toLocaleString('en')} tiny entries, medians of 3)`);
  console.log(
    `  ZIP module alone ${median(runs.module).toFixed(0)} ms; through archiver ${median(runs.archiver).toFixed(0)} ms: ${perEntry.toFixed(1)} µs per entry for archiver's queue and events`,
  );
}
