// Where does create's time go? Times scan, secret rules and archiving separately on a corpus.
import { open, rm } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { scanProject } from '../../main/core/scan/scan-project';
import { secretsInContent } from '../../main/core/scan/secrets';
import { archiveFiles } from '../../main/core/zip/archive-files';
import { ZipWriter } from '../../main/core/zip/zip-writer';

const dir = process.argv[2] as string;
let t = Date.now();
const scan = await scanProject(dir, { hardware: false });
console.log('scan', Date.now() - t, 'ms', scan.files.length);
t = Date.now();
let bytes = 0;
for (const file of scan.files) {
  const d = await readFile(file.absolute);
  bytes += d.length;
}
console.log('read all', Date.now() - t, 'ms', bytes);
t = Date.now();
for (const file of scan.files) {
  secretsInContent(file.path, await readFile(file.absolute));
}
console.log('read+secrets', Date.now() - t, 'ms');
t = Date.now();
const handle = await open('/tmp/prof.zip', 'w');
const writer = new ZipWriter(handle, new Date(0), '/tmp/prof.zip.central');
await archiveFiles(
  writer,
  scan.files.map((f) => ({ name: f.path, source: f.absolute, size: f.size, executable: false })),
);
await writer.finish();
await handle.close();
console.log('archive', Date.now() - t, 'ms');
await rm('/tmp/prof.zip');
