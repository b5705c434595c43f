// Results kept by an experiment tracker (format v2's typed sources): an MLflow project whose
// script logs to mlruns/ the way MLflow's file store lays it out (written by hand: no MLflow in
// the offline image), bundled and replayed on the real engine — the author's store is removed
// before the run, the run's new store is read, REPRODUCED; and a W&B offline run's summary.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { replayBundle } from '../../../../main/core/replay/replay-bundle';
import { readStore } from '../../../../main/core/scan/results-stores';
import { ephemeralSigningKey } from '../../../../main/core/signing/keys';
import { requireBaseImage, requireDocker } from '../../../helpers/docker';
import { writeProject } from '../../../helpers/write-project';

let work: string;
let docker: Docker;
let baseImage: string;
let tag: string | undefined;

const LOG_RUN = `import os, time, uuid
import numpy as np
run = os.path.join("mlruns", "0", uuid.uuid4().hex)
os.makedirs(os.path.join(run, "metrics"))
now = int(time.time() * 1000)
open(os.path.join(run, "meta.yaml"), "w").write(f"run_id: x\\nstart_time: {now}\\nstatus: 3\\n")
acc = float(np.round(np.mean(np.arange(10) / 10), 6))
with open(os.path.join(run, "metrics", "accuracy"), "w") as f:
    f.write(f"{now} 0.1 0\\n{now + 1} {acc} 1\\n")
`;

beforeAll(async () => {
  docker = await requireDocker();
  baseImage = await requireBaseImage(docker);
  work = await mkdtemp(path.join(tmpdir(), 'rb-stores-'));
});
afterAll(async () => {
  if (tag !== undefined)
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

describe('results stores', () => {
  it('an MLflow project: the latest run is the recorded result, and the replay logs its own', async () => {
    const root = await writeProject(path.join(work, 'mlflow-project'), {
      MLproject: 'name: demo\nentry_points:\n  main:\n    command: "python train.py"\n',
      'train.py': LOG_RUN,
      // The author's runs: an older one, and the latest, whose last logged value counts.
      'mlruns/0/old/meta.yaml': 'run_id: old\nstart_time: 1000\n',
      'mlruns/0/old/metrics/accuracy': '1000 0.2 0\n',
      'mlruns/0/new/meta.yaml': 'run_id: new\nstart_time: 2000\n',
      'mlruns/0/new/metrics/accuracy': '2000 0.1 0\n2001 0.45 1\n',
    });
    const output = path.join(work, 'mlflow.rbundle');
    const created = await createBundle({
      projectDir: root,
      output,
      key: ephemeralSigningKey('Ada'),
      baseImage,
      hardware: false,
      run: 'python train.py',
    });
    expect(created.manifest.results.files).toEqual(['mlruns']);
    expect(created.manifest.results.metrics).toEqual([
      expect.objectContaining({ name: 'accuracy', file: 'mlruns', source: 'mlflow', value: 0.45 }),
    ]);
    const report = await replayBundle({
      file: output,
      docker,
      workRoot: path.join(work, 'replays'),
      cacheDir: path.join(work, 'cache'),
    });
    tag = report.image?.tag;
    expect(report.verdict, report.reason).toBe('REPRODUCED');
  });

  it("a W&B offline run: the latest run's summary, numbers only", async () => {
    const root = await writeProject(path.join(work, 'wandb-project'), {
      'wandb/offline-run-20240101_120000-aaaa/files/wandb-summary.json': '{"acc": 0.5}',
      'wandb/offline-run-20240301_120000-bbbb/files/wandb-summary.json': '{"acc": 0.9, "_runtime": 12, "note": "x"}',
    });
    expect([...(await readStore(root, 'wandb', 'wandb'))]).toEqual([['acc', 0.9]]);
  });
});
