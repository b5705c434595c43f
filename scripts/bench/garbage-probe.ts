// What makes the heap grow? V8 lets the old generation grow to a multiple of the live heap before
// a full collection, so objects that survive the young generation and then die (and every large
// array, which starts old) raise the peak. This samples exactly those: allocations kept past
// minor collections, including the ones a major collection later frees, by stack, for a scan or a
// whole create of a project. Usage: node scripts/run-ts.mjs scripts/bench/garbage-probe.ts <dir> [scan|create]
import { rm } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createBundle } from '../../main/core/create/create-bundle';
import { scanProject } from '../../main/core/scan/scan-project';
import { ephemeralSigningKey } from '../../main/core/signing/keys';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const [dir, what = 'scan'] = process.argv.slice(2) as [string, string?];
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 64 * 1024,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: false,
});
const started = Date.now();
if (what === 'create') {
  const output = '/tmp/garbage-probe.rbundle';
  await rm(output, { force: true });
  await createBundle({ projectDir: dir, output, key: ephemeralSigningKey('probe'), hardware: false });
  await rm(output, { force: true });
} else {
  await scanProject(dir, { hardware: false });
}
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
const byStack = new Map<string, number>();
const visit = (node: ProfileNode, stack: string[]): void => {
  const frame = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop() ?? ''}:${node.callFrame.lineNumber + 1}`;
  const here = [frame, ...stack];
  if (node.selfSize > 0) {
    const key = here.slice(0, 4).join(' < ');
    byStack.set(key, (byStack.get(key) ?? 0) + node.selfSize);
  }
  for (const child of node.children) visit(child, here);
};
visit(profile.head, []);
const total = [...byStack.values()].reduce((sum, size) => sum + size, 0);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
console.log(`${what} took ${Date.now() - started} ms; promoted or large allocations sampled: ${mb(total)}`);
for (const [stack, size] of [...byStack].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${mb(size)}  ${stack}`);
