// Results that are results: a Lightning+Hydra template's configs/eval.yaml is an input, never the
// results file; a file the code writes by a literal path (and never reads) is a candidate; a
// guessed file counts only for its numbers, and one with none is not a results file; a dataset the
// code writes is not a result either.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanProject } from '../../../../main/core/scan/scan-project';
import { writeProject } from '../../../helpers/write-project';

let root: string;
const files: Record<string, string> = {
  'configs/eval.yaml': 'defaults:\n  - _self_\n  - data: mnist\ntask_name: "eval"\nckpt_path: ???\n',
  'configs/train.yaml': 'seed: 12345\ntrainer:\n  max_epochs: 10\n',
  'src/train.py':
    'import json\nX = open("data/generated.csv").read()\njson.dump({"test/acc": 0.98}, open("logs/scores.json", "w"))\nopen("data/generated.csv", "w").write("x")\n',
  'logs/scores.json': '{"test/acc": 0.98}\n',
  'data/generated.csv': 'x\n1\n',
  // Written and never read by the code here, but a dataset all the same.
  'src/make_data.py': 'open("data/made.csv", "w").write("a\\n1\\n")\n',
  'data/made.csv': 'a\n1\n',
  'results.yaml': 'note: "see the paper"\nstatus: done\n',
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rb-results-'));
  await writeProject(root, files);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('results candidates', () => {
  it('never configs, never files the code reads, only files with numbers', async () => {
    const scan = await scanProject(root, { hardware: false });
    expect(scan.results.files).toEqual(['logs/scores.json']);
    expect(scan.results.metrics.map((metric) => `${metric.file} ${metric.name}=${String(metric.value)}`)).toEqual([
      'logs/scores.json test/acc=0.98',
    ]);
  });
});
