// Where does memory go? Runs create (and verify) in-process on a corpus and prints the live heap
// after a full collection at every phase change, and the peak RSS.
import { rm } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createBundle } from '../../main/core/create/create-bundle';
import { verifyBundle } from '../../main/core/open/verify-bundle';
import { ephemeralSigningKey } from '../../main/core/signing/keys';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const [dir, out = '/tmp/memory-probe.rbundle', what = 'both'] = process.argv.slice(2) as [string, string?, string?];
let peak = 0;
let peakHeap = 0;
let peakExternal = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  peakHeap = Math.max(peakHeap, m.heapTotal);
  peakExternal = Math.max(peakExternal, m.external);
}, 20);
const mb = (n: number): string => `${(n / 1e6).toFixed(0)} MB`;
let last = '';
const start = Date.now();
const mark = (label: string): void => {
  gc();
  const m = process.memoryUsage();
  console.log(
    `${((Date.now() - start) / 1000).toFixed(2)} s ${label}: heap ${mb(m.heapUsed)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)} rss ${mb(m.rss)} peak ${mb(peak)} (heap committed ${mb(peakHeap)}, external ${mb(peakExternal)})`,
  );
};
if (what !== 'verify') {
  await rm(out, { force: true });
  mark('start');
  await createBundle({
    projectDir: dir,
    output: out,
    key: ephemeralSigningKey('probe'),
    hardware: false,
    onProgress: (event) => {
      if (event.phase !== last) {
        last = event.phase;
        mark(`phase ${event.phase}`);
      }
    },
  });
  mark('created');
}
if (what !== 'create') {
  peak = 0;
  last = '';
  const report = await verifyBundle(out, {
    onProgress: (event) => {
      if (event.phase !== last) {
        last = event.phase;
        mark(`verify phase ${event.phase}`);
      }
    },
  });
  mark(`verified valid=${report.valid} problems=${report.problems.length}`);
}
clearInterval(sampler);
console.log('peak rss', mb(peak));
