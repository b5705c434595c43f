// `reprobundle export --for review --dry-run`: every rewrite shown as a diff before anything is
// written; then only the code lines named with --redact are rewritten, and the copy is written.
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHOR, makeIdentityProject } from '../../helpers/identity-project';
import { readAllEntries } from '../../helpers/rewrite-bundle';
import { runCli } from '../../helpers/run-cli';
import { requireBuiltCli } from '../../helpers/serve-cli';

let work: string;
let bundle: string;
let env: Record<string, string>;
const run = (args: string[]) => runCli(args, env);

beforeAll(async () => {
  requireBuiltCli();
  work = await mkdtemp(path.join(tmpdir(), 'rb-dry-run-'));
  const { project } = await makeIdentityProject(work);
  env = {
    REPROBUNDLE_CONFIG_DIR: path.join(work, 'config'),
    REPROBUNDLE_WORK_DIR: path.join(work, 'replays'),
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  expect((await run(['keygen', '--name', AUTHOR.name])).code).toBe(0);
  bundle = path.join(work, 'original.rbundle');
  const created = await run(['create', project, '-o', bundle, '--no-hardware', '--run', 'python train.py']);
  expect(created.code, created.stderr).toBe(0);
}, 60_000);
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('export --dry-run', () => {
  it('prints every rewrite as a diff and writes nothing; --redact applies the named code line', async () => {
    const output = path.join(work, 'review.zip');
    const dry = await run(['export', bundle, '--for', 'review', '-o', output, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    expect(dry.stdout).toContain('project/README.md:3  (documentation: rewritten by the export)');
    expect(dry.stdout).toContain(`- A seeded logistic-regression experiment by ${AUTHOR.name} (${AUTHOR.email}).`);
    expect(dry.stdout).toContain(
      '+ A seeded logistic-regression experiment by Anonymous Author (anonymous@example.org).',
    );
    const codeLine =
      /project\/train\.py:(\d+) {2}\(code: rewritten only with --redact project\/train\.py:\d+ or --redact-all\)/.exec(
        dry.stdout,
      );
    expect(codeLine, dry.stdout).not.toBeNull();
    await expect(access(output)).rejects.toThrow();

    const written = await run([
      'export',
      bundle,
      '--for',
      'review',
      '-o',
      output,
      '--redact',
      `project/train.py:${codeLine?.[1] ?? ''}`,
    ]);
    expect(written.code, written.stderr).toBe(0);
    const train = (await readAllEntries(output)).get('project/train.py')?.data.toString('utf8') ?? '';
    expect(train).toContain('# Questions: anonymous@example.org');
    expect(train).not.toContain(AUTHOR.email);
    expect((await readFile(output)).length).toBeGreaterThan(0);
  });
});
