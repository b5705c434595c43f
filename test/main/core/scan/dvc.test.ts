// DVC read the way DVC users expect, on a project shaped like DVC's example-get-started
// (prepare → featurize → train → evaluate, top-level metrics, `cache: false` metrics and plots, a
// nested dvc.yaml with wdir, a foreach stage and a matrix stage).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDvcConfig, readDvc } from '../../../../main/core/scan/dvc';
import { writeProject } from '../../../helpers/write-project';

let root: string;
const files: Record<string, string> = {
  'dvc.yaml': `stages:
  featurize:
    cmd: python src/featurization.py data/prepared data/features
    deps:
    - data/prepared
    - src/featurization.py
    outs:
    - data/features
  prepare:
    cmd: python src/prepare.py data/data.xml
    deps:
    - data/data.xml
    - src/prepare.py
    outs:
    - data/prepared
  train:
    cmd: python src/train.py data/features model.pkl
    deps:
    - data/features
    outs:
    - model.pkl
  evaluate:
    cmd: python src/evaluate.py model.pkl data/features
    deps:
    - model.pkl
    - data/features
    outs:
    - eval/importance.png:
        cache: false
    metrics:
    - eval/metrics.json:
        cache: false
  sweep:
    foreach: [0.1, 0.2]
    do:
      cmd: python src/sweep.py --lr \${item}
      outs:
      - sweeps/\${item}.json:
          cache: false
  grid:
    matrix:
      model: [a, b]
    cmd: python src/grid.py \${item.model}
metrics:
- eval/live/metrics.json
`,
  'dvc.lock': `schema: '2.0'
stages:
  prepare:
    cmd: python src/prepare.py data/data.xml
    outs:
    - path: data/prepared
      md5: 153aad06d376b6595932470e459ef42a.dir
      size: 8437363
      nfiles: 2
  evaluate:
    cmd: python src/evaluate.py model.pkl data/features
    outs:
    - path: eval/metrics.json
      md5: 9f1b2e6d9d0f0f0f0f0f0f0f0f0f0f0f
      size: 120
    - path: model.pkl
      md5: aa1b2e6d9d0f0f0f0f0f0f0f0f0f0f0f
      size: 1200
`,
  'data/data.xml.dvc': 'outs:\n- md5: 22a1a2931c8370d3aeedd7183606fd7f\n  size: 14445097\n  path: data.xml\n',
  'eval/metrics.json': '{"avg_prec": 0.9, "roc_auc": 0.95}\n',
  'sub/dvc.yaml':
    'stages:\n  report:\n    wdir: ..\n    cmd: python src/report.py\n    deps:\n    - eval/metrics.json\n    metrics:\n    - report.json:\n        cache: false\n',
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rb-dvc-'));
  await writeProject(root, files);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('readDvc', () => {
  it('outputs with cache: false are git-tracked files, not data pointers; cached outputs and .dvc files are', async () => {
    const dvc = await readDvc(root, Object.keys(files));
    const pointers = dvc.pointers.map((pointer) => `${pointer.path} ${pointer.source}`);
    expect(pointers).toEqual(['data/data.xml dvc-file', 'data/prepared dvc-lock', 'model.pkl dvc-lock']);
  });

  it('reads stage metrics, nested dvc.yaml with wdir, and the top-level metrics', async () => {
    const dvc = await readDvc(root, Object.keys(files));
    expect(dvc.metricsFiles).toEqual(['eval/metrics.json', 'eval/live/metrics.json', 'report.json']);
  });

  it('proposes every stage in pipeline order, loops expanded and wdir applied, instead of dvc repro', async () => {
    const dvc = await readDvc(root, Object.keys(files));
    const [pipeline] = dvc.stages;
    expect(pipeline?.command).toBe(
      [
        'python src/prepare.py data/data.xml',
        'python src/featurization.py data/prepared data/features',
        'python src/train.py data/features model.pkl',
        'python src/evaluate.py model.pkl data/features',
        'python src/sweep.py --lr 0.1',
        'python src/sweep.py --lr 0.2',
        'python src/grid.py a',
        'python src/grid.py b',
        'python src/report.py',
      ].join(' && '),
    );
    expect(pipeline?.source).toContain(
      'prepare → featurize → train → evaluate → sweep@0.1 → sweep@0.2 → grid@a → grid@b → report',
    );
    expect(dvc.stages.map((stage) => stage.command)).not.toContain('dvc repro');
  });
});

describe('parseDvcConfig', () => {
  it('records where each remote is, with its endpoint, and never how to log in', () => {
    const config = [
      '[core]',
      '    remote = storage',
      '[\'remote "storage"\']',
      '    url = s3://bucket/project',
      '    endpointurl = https://minio.example.org:9000',
      '    access_key_id = AKIAEXAMPLE',
      '    secret_access_key = abc/def',
      '[remote "mirror"]',
      '    url = https://ada:hunter2@dvc.example.org/store',
      '    password = hunter2',
    ].join('\n');
    const parsed = parseDvcConfig(config);
    expect(parsed).toEqual({
      defaultRemote: 'storage',
      remotes: [
        { name: 'storage', url: 's3://bucket/project', endpointUrl: 'https://minio.example.org:9000' },
        { name: 'mirror', url: 'https://dvc.example.org/store' },
      ],
    });
    expect(JSON.stringify(parsed)).not.toMatch(/hunter2|AKIA|abc\/def|ada/);
  });
});
