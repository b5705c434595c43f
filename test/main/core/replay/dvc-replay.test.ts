// A DVC pipeline like the hidden test project (a logistic regression): `cache: false` metrics,
// pipeline outputs in dvc.lock whose author's copies differ from the lock, raw data tracked by a
// .dvc file. Bundled with the proposed entrypoint (the pipeline's stages in order) and replayed
// on the real engine with --data pointing at the author's folder: the outputs are regenerated,
// never required or mounted read-only, and the verdict is REPRODUCED.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { replayBundle } from '../../../../main/core/replay/replay-bundle';
import { ephemeralSigningKey } from '../../../../main/core/signing/keys';
import { requireBaseImage, requireDocker } from '../../../helpers/docker';
import { writeProject } from '../../../helpers/write-project';

let work: string;
let docker: Docker;
let baseImage: string;
let tag: string | undefined;

const RAW = 'x,y\n0.1,0\n0.4,0\n0.6,1\n0.9,1\n';
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

beforeAll(async () => {
  docker = await requireDocker();
  baseImage = await requireBaseImage(docker);
  work = await mkdtemp(path.join(tmpdir(), 'rb-dvc-replay-'));
});
afterAll(async () => {
  if (tag !== undefined)
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

describe('a DVC pipeline replayed with the author folder as --data', () => {
  it('regenerates the pipeline outputs and reproduces the cache: false metrics', async () => {
    const root = path.join(work, 'author');
    const files: Record<string, string> = {
      'dvc.yaml':
        'stages:\n  train:\n    cmd: python src/train.py\n    deps:\n    - data/prepared.csv\n    - src/train.py\n    outs:\n    - model/weights.npy\n    metrics:\n    - metrics.json:\n        cache: false\n  prepare:\n    cmd: python src/prepare.py\n    deps:\n    - data/raw.csv\n    outs:\n    - data/prepared.csv\n',
      'dvc.lock': `schema: '2.0'\nstages:\n  prepare:\n    cmd: python src/prepare.py\n    outs:\n    - path: data/prepared.csv\n      md5: ${'1'.repeat(32)}\n      size: 10\n  train:\n    cmd: python src/train.py\n    outs:\n    - path: metrics.json\n      md5: ${'2'.repeat(32)}\n      size: 30\n    - path: model/weights.npy\n      md5: ${'3'.repeat(32)}\n      size: 136\n`,
      'data/raw.csv.dvc': `outs:\n- md5: ${md5(RAW)}\n  size: ${RAW.length}\n  path: raw.csv\n`,
      'data/raw.csv': RAW,
      'src/prepare.py':
        'import os\nos.makedirs("data", exist_ok=True)\nrows = open("data/raw.csv").read().splitlines()[1:]\nopen("data/prepared.csv", "w").write("\\n".join(rows) + "\\n")\n',
      'src/train.py':
        'import json, os\nimport numpy as np\nrows = np.loadtxt("data/prepared.csv", delimiter=",")\nw = float(np.round(np.polyfit(rows[:, 0], rows[:, 1], 1)[0], 6))\nos.makedirs("model", exist_ok=True)\nnp.save("model/weights.npy", np.array([w]))\njson.dump({"slope": w}, open("metrics.json", "w"))\n',
      // The author's copies of the outputs: present, and not what the lock says.
      'data/prepared.csv': 'stale\n',
      'model/weights.npy': 'stale',
      'metrics.json': '{"slope": 1.470588}\n',
    };
    await writeProject(root, files);
    const output = path.join(work, 'dvc.rbundle');
    const created = await createBundle({
      projectDir: root,
      output,
      key: ephemeralSigningKey('Ada'),
      baseImage,
      hardware: false,
    });
    expect(created.manifest.entrypoint?.command).toBe('python src/prepare.py && python src/train.py');
    expect(created.manifest.results.files).toEqual(['metrics.json']);
    expect(created.manifest.files.map((file) => file.path)).toContain('project/metrics.json');
    expect(created.manifest.dataPointers.map((pointer) => pointer.path).sort()).toEqual([
      'data/prepared.csv',
      'data/raw.csv',
      'model/weights.npy',
    ]);

    const logs: string[] = [];
    const report = await replayBundle({
      file: output,
      docker,
      dataDir: root,
      workRoot: path.join(work, 'replays'),
      cacheDir: path.join(work, 'cache'),
      onLog: (_source, line) => logs.push(line),
    });
    tag = report.image?.tag;
    expect(report.verdict, `${report.reason ?? ''}\n${logs.join('\n')}`).toBe('REPRODUCED');
    expect(report.data.map((entry) => `${entry.path}: ${entry.note}`)).toContain(
      'model/weights.npy: output of the DVC pipeline: the run regenerates it',
    );
  });
});
