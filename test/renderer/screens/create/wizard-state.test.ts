// The Create wizard's derived answers: exclusions as exact gitignore patterns (checked against
// the real walker), secrets left to resolve, the problems before signing, the request sent to
// create, and the default place to save.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanSummary } from '../../../../main/shared/views';
import { scanProject } from '../../../../main/core/scan/scan-project';
import {
  bundleContent,
  defaultOutput,
  exactPattern,
  INITIAL_STATE,
  isExcluded,
  problemsBeforeSigning,
  tolerancesOf,
  unresolvedSecrets,
  type WizardState,
} from '../../../../renderer/src/screens/create/wizard-state';

const plainKey = { name: 'Ada', encrypted: false };

function scanWith(overrides: Partial<ScanSummary>): ScanSummary {
  return {
    root: '/home/ada/proj',
    name: 'proj',
    git: null,
    files: [],
    excluded: [],
    links: [],
    secrets: [],
    largeFiles: [],
    dataPointers: [],
    params: { files: [], values: [] },
    environment: { files: [], runtimes: [], findings: [] },
    hardware: null,
    entrypointProposals: [{ command: 'python train.py', source: 'train.py' }],
    results: {
      files: ['metrics.json'],
      metrics: [
        {
          name: 'acc',
          file: 'metrics.json',
          source: 'file',
          value: 0.9,
          tolerance: { absolute: 1e-9, relative: 1e-3 },
        },
      ],
    },
    sampleCandidates: [],
    findings: [],
    totals: { files: 0, bytes: 0 },
    ...overrides,
  };
}

const secret = (file: string, severity: 'block' | 'warn' = 'block'): ScanSummary['secrets'][number] => ({
  path: file,
  rule: 'r',
  severity,
  line: null,
  description: 'd',
});

describe('exclusions', () => {
  it('leave out exactly the chosen files and folders, whatever their names, in the real walker', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'rb-wizard-'));
    const names = [
      'a[1].txt',
      '!important.md',
      '#notes.txt',
      'dir/x*.py',
      'dir/keep.py',
      'dir2/sub/deep.txt',
      'other.txt',
      'a1.txt',
    ];
    for (const name of names) {
      await mkdir(path.dirname(path.join(root, name)), { recursive: true });
      await writeFile(path.join(root, name), name);
    }
    const excluded = ['a[1].txt', '!important.md', '#notes.txt', 'dir/x*.py', 'dir2'];
    const scanned = await scanProject(root, { exclude: excluded.map(exactPattern), hardware: false });
    expect(scanned.files.map((file) => file.path).sort()).toEqual(['a1.txt', 'dir/keep.py', 'other.txt']);
    // The wizard's own view agrees with the walker's.
    const state = { excluded };
    expect(names.filter((name) => !isExcluded(state, name)).sort()).toEqual(['a1.txt', 'dir/keep.py', 'other.txt']);
    await rm(root, { recursive: true, force: true });
  });
});

describe('secrets and problems', () => {
  const base: WizardState = {
    ...INITIAL_STATE,
    scan: scanWith({ secrets: [secret('.env'), secret('keys/id_rsa'), secret('notes.md', 'warn')] }),
    output: '/tmp/x.rbundle',
  };

  it('blocks signing until every blocking secret is left out or kept knowingly', () => {
    expect(unresolvedSecrets(base).map((found) => found.path)).toEqual(['.env', 'keys/id_rsa']);
    const resolved = { ...base, excluded: ['keys'], allowSecrets: ['.env'] };
    expect(unresolvedSecrets(resolved)).toEqual([]);
    expect(
      problemsBeforeSigning(base, plainKey)
        .filter((problem) => problem.severity === 'blocking')
        .map((problem) => problem.step),
    ).toEqual(['files', 'files']);
    expect(problemsBeforeSigning(resolved, plainKey).filter((problem) => problem.severity === 'blocking')).toEqual([]);
  });

  it('names a missing key, a missing destination and a half-filled pointer as blocking', () => {
    const state = {
      ...base,
      excluded: ['.env', 'keys'],
      output: ' ',
      pointers: [{ uri: '', localPath: 'data/x.csv', sha256: null, size: null }],
    };
    expect(problemsBeforeSigning(state, undefined).map((problem) => problem.text)).toEqual([
      'No signing key: create or import one.',
      'Choose where to save the bundle.',
      'A data pointer needs both a URI and a local path.',
    ]);
  });

  it('names a missing passphrase and every tolerance that is not a usable number, never signing the default', () => {
    const state: WizardState = {
      ...base,
      excluded: ['.env', 'keys'],
      tolerances: {
        'metrics.json:acc': { absolute: '0,05', relative: 'abc' },
        'metrics.json:loss': { absolute: '-1', relative: '' },
        'metrics.json:f1': { absolute: '1e-4', relative: '0.02' },
      },
    };
    expect(
      problemsBeforeSigning(state, { name: 'Ada', encrypted: true })
        .filter((problem) => problem.severity === 'blocking')
        .map((problem) => problem.text),
    ).toEqual([
      'Type the passphrase of the key "Ada".',
      'acc (absolute tolerance): "0,05" uses a comma: write it with a dot (0.05)',
      'acc (relative tolerance): "abc" is not a number',
      'loss (absolute tolerance): "-1" is negative: a tolerance is 0 or more',
    ]);
    expect(tolerancesOf(state)).toContainEqual({ metric: 'metrics.json:f1', absolute: 1e-4, relative: 0.02 });
  });
});

describe('the create request', () => {
  it('carries the answers, only the tolerances changed, and no empty options', () => {
    const state: WizardState = {
      ...INITIAL_STATE,
      scan: scanWith({}),
      excluded: ['data/raw'],
      allowSecrets: ['.env.example'],
      run: '  python train.py --seed 7 ',
      tolerances: { 'metrics.json:acc': { absolute: '0.01', relative: '' } },
      samples: ['data/points.csv'],
    };
    expect(bundleContent(state)).toEqual({
      projectDir: '/home/ada/proj',
      run: 'python train.py --seed 7',
      pointers: [],
      exclude: ['/data/raw'],
      allowSecrets: ['.env.example'],
      tolerances: [{ metric: 'metrics.json:acc', absolute: 0.01 }],
      samples: ['data/points.csv'],
    });
  });
});

describe('defaultOutput', () => {
  it("puts the bundle beside the project folder, named after it, on the engine's own paths", () => {
    expect(defaultOutput(scanWith({}))).toBe('/home/ada/proj.rbundle');
    expect(defaultOutput(scanWith({ root: '/proj' }))).toBe('/proj.rbundle');
    expect(defaultOutput(scanWith({ root: 'C:\\Users\\ada\\proj' }))).toBe('C:\\Users\\ada\\proj.rbundle');
  });
});
