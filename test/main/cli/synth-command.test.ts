// `reprobundle synth` never replaces a file the user has (issue 13): a second run onto the same
// output is refused naming the file and --force, the first sample left as it was; --force replaces.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';
import { requireBuiltCli } from '../../helpers/serve-cli';

let work: string;

beforeAll(async () => {
  requireBuiltCli();
  work = await mkdtemp(path.join(tmpdir(), 'rb-synth-cli-'));
  const rows = Array.from(
    { length: 200 },
    (_, index) => `${index},${(index * 37) % 100},${index % 2 === 0 ? 'a' : 'b'}`,
  );
  await writeFile(path.join(work, 'data.csv'), `id,score,group\n${rows.join('\n')}\n`);
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('synth', () => {
  it('refuses to replace an existing sample or report unless --force', async () => {
    const output = path.join(work, 'sample.csv');
    const report = path.join(work, 'report.json');
    const args = ['synth', path.join(work, 'data.csv'), '-o', output, '--report', report, '--rows', '50'];
    expect((await runCli(args)).code).toBe(0);
    const first = await readFile(output, 'utf8');

    const again = await runCli([...args, '--seed', '7']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(output);
    expect(again.stderr).toContain('--force');
    expect(await readFile(output, 'utf8')).toBe(first);

    const forced = await runCli([...args, '--seed', '7', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(output, 'utf8')).not.toBe(first);
  });
});
