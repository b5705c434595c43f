// Params from MLproject entry points and Python constants files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParams, readPythonConstants } from '../../../../main/core/scan/params';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-params-'));
  await writeFile(
    path.join(dir, 'MLproject'),
    'name: demo\nentry_points:\n  main:\n    parameters:\n      alpha: {type: float, default: 0.5}\n      epochs: {type: int, default: 10}\n    command: "python train.py --alpha {alpha} --epochs {epochs}"\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readParams', () => {
  it('reads MLproject parameters and proposes the entry point with defaults filled in', async () => {
    const params = await readParams(dir, ['MLproject']);
    expect(params.values).toEqual([
      { file: 'MLproject', key: 'main.alpha', value: 0.5 },
      { file: 'MLproject', key: 'main.epochs', value: 10 },
    ]);
    expect(params.entryPoints).toEqual([
      { command: 'python train.py --alpha 0.5 --epochs 10', source: 'MLproject entry point "main"' },
    ]);
  });
});

describe('readPythonConstants', () => {
  it('takes upper-case module-level literals only', () => {
    expect(
      readPythonConstants(
        [
          'LR = 3e-4',
          'N_LAYERS: int = 1_000',
          'NAME = "resnet"  # the model',
          "TAG = 'a'",
          'USE_GPU = True',
          'NOTHING = None',
          'lower = 1',
          '    INDENTED = 2',
          'COMPUTED = LR * 2',
          'LIST = [1, 2]',
        ].join('\n'),
      ),
    ).toEqual([
      ['LR', 3e-4],
      ['N_LAYERS', 1000],
      ['NAME', 'resnet'],
      ['TAG', 'a'],
      ['USE_GPU', true],
      ['NOTHING', null],
    ]);
  });
});

describe('secrets in params', () => {
  it('are never copied into the manifest: the key stays, the value is withheld', async () => {
    const key = ['BwI3kd92', 'LmQ0xZr7', 'Tp4sVb8N', 'q1W2e3R4'].join('');
    await writeFile(
      path.join(dir, 'params.yaml'),
      `train:\n  lr: 0.01\nwandb:\n  project: demo\n  api_key: ${key}\n  token_count: 512\n`,
    );
    const params = await readParams(dir, ['params.yaml']);
    expect(params.values).toEqual([
      { file: 'params.yaml', key: 'train.lr', value: 0.01 },
      { file: 'params.yaml', key: 'wandb.project', value: 'demo' },
      { file: 'params.yaml', key: 'wandb.api_key', value: '[withheld: looks like a secret]' },
      { file: 'params.yaml', key: 'wandb.token_count', value: 512 },
    ]);
    expect(JSON.stringify(params)).not.toContain(key);
  });
});
