// Synthetic-sample benchmark (part of `npm run bench`): profile + 10,000 synthetic rows from a
// generated CSV of 20 mixed columns (BENCH_SYNTH_MB, default 1024), beside a bare streaming parse
// of the same file with the same parser (papaparse: the floor) and `wc -l` (the I/O limit).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { timed } from './gnu-time';
import { mixedCsv } from './synth-corpus';

const BENCH_DIR = process.env['BENCH_DIR'] ?? '/tmp/reprobundle-bench';
const MB = Number(process.env['BENCH_SYNTH_MB'] ?? 1024);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const CLI = path.resolve('out/main/cli.js');

export async function synthBench(): Promise<void> {
  const file = await mixedCsv(path.join(BENCH_DIR, 'synth', `mixed-${MB}mb.csv`), MB);
  const bytes = (await stat(file)).size;
  const bareScript = `const Papa=require('papaparse');const fs=require('fs');let n=0;const p=Papa.parse(Papa.NODE_STREAM_INPUT,{delimiter:','});p.on('data',()=>{n++});p.on('end',()=>console.log(n));fs.createReadStream(process.argv[1],{encoding:'utf8',highWaterMark:1<<20}).pipe(p);`;
  const median = (measure: () => { seconds: number; rssMB: number }): { seconds: number; rssMB: number } => {
    const runs = Array.from({ length: RUNS }, measure);
    return {
      seconds: [...runs].sort((x, y) => x.seconds - y.seconds)[Math.floor(RUNS / 2)]?.seconds ?? 0,
      rssMB: Math.max(...runs.map((run) => run.rssMB)),
    };
  };
  const wc = median(() => timed('wc', ['-l', file]));
  const bare = median(() => timed(process.execPath, ['-e', bareScript, file]));
  const synth = median(() =>
    timed(process.execPath, [
      CLI,
      'synth',
      file,
      '-o',
      path.join(BENCH_DIR, 'synth', 'sample.csv'),
      '--rows',
      '10000',
      '--report',
      path.join(BENCH_DIR, 'synth', 'report.json'),
      // Each run replaces the last one's sample (synth never replaces a file unless asked).
      '--force',
    ]),
  );
  const mb = bytes / 1e6;
  console.log(`\nsynth: ${mb.toFixed(0)} MB CSV, 20 mixed columns, 10,000 synthetic rows (median of ${RUNS} runs)`);
  console.log(
    `  wc -l (I/O limit)            ${wc.seconds.toFixed(2).padStart(7)} s ${(mb / wc.seconds).toFixed(0).padStart(6)} MB/s`,
  );
  console.log(
    `  papaparse bare parse (floor) ${bare.seconds.toFixed(2).padStart(7)} s ${(mb / bare.seconds).toFixed(0).padStart(6)} MB/s   peak RSS ${bare.rssMB.toFixed(0)} MB`,
  );
  console.log(
    `  reprobundle synth            ${synth.seconds.toFixed(2).padStart(7)} s ${(mb / synth.seconds).toFixed(0).padStart(6)} MB/s   peak RSS ${synth.rssMB.toFixed(0)} MB`,
  );
  console.log(
    `  synth vs bare parse: ${(synth.seconds / bare.seconds).toFixed(2)}x (target < 2x); peak RSS ${synth.rssMB.toFixed(0)} MB (target < 500 MB)`,
  );
}
