// Params from MLproject entry points and Python constants files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParams, readPythonConstants } from '../../../../main/core/scan/params';
import { writeProject } from '../../../helpers/write-project';

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

describe('params in real layouts', () => {
  it('a Lightning+Hydra template: the composed primary config, not every alternative nor the defaults list', async () => {
    const root = await writeProject(path.join(dir, 'hydra'), {
      'src/train.py':
        'import hydra\n\n@hydra.main(version_base="1.3", config_path="../configs", config_name="train.yaml")\ndef main(cfg):\n    pass\n',
      'configs/train.yaml':
        'defaults:\n  - _self_\n  - data: mnist\n  - model: mnist\n  - trainer: default\n  - optional local: default\n\ntask_name: "train"\nseed: 12345\n',
      'configs/data/mnist.yaml': 'batch_size: 128\ndata_dir: ${paths.data_dir}\n',
      'configs/data/cifar.yaml': 'batch_size: 256\n',
      'configs/model/mnist.yaml': 'defaults:\n  - net: simple\n\nlr: 0.001\n',
      'configs/model/net/simple.yaml': 'hidden: 64\n',
      'configs/model/net/big.yaml': 'hidden: 1024\n',
      'configs/trainer/default.yaml': 'max_epochs: 10\n',
      'configs/trainer/gpu.yaml': 'max_epochs: 10\naccelerator: gpu\n',
      'configs/experiment/example.yaml': '# @package _global_\nseed: 7\n',
    });
    const params = await readParams(root, [
      'src/train.py',
      'configs/train.yaml',
      'configs/data/mnist.yaml',
      'configs/data/cifar.yaml',
      'configs/model/mnist.yaml',
      'configs/model/net/simple.yaml',
      'configs/model/net/big.yaml',
      'configs/trainer/default.yaml',
      'configs/trainer/gpu.yaml',
      'configs/experiment/example.yaml',
    ]);
    expect(Object.fromEntries(params.values.map((entry) => [entry.key, entry.value]))).toEqual({
      task_name: 'train',
      seed: 12345,
      'data.batch_size': 128,
      'data.data_dir': '${paths.data_dir}',
      'model.net.hidden': 64,
      'model.lr': 0.001,
      'trainer.max_epochs': 10,
    });
    expect(params.files).not.toContain('configs/data/cifar.yaml');
  });

  it("a Lightning+Hydra run's command-line overrides: an experiment chosen, values set, added and removed", async () => {
    const files = {
      'src/train.py':
        'import hydra\n\n@hydra.main(version_base="1.3", config_path="../configs", config_name="train.yaml")\ndef main(cfg):\n    pass\n',
      'configs/train.yaml':
        'defaults:\n  - _self_\n  - model: mnist\n  - trainer: default\n  - experiment: null\n\nseed: 12345\ntags: [dev]\n',
      'configs/model/mnist.yaml': 'defaults:\n  - net: simple\n\nlr: 0.001\n',
      'configs/model/net/simple.yaml': 'hidden: 64\n',
      'configs/model/net/big.yaml': 'hidden: 1024\n',
      'configs/trainer/default.yaml': 'max_epochs: 10\n',
      'configs/trainer/gpu.yaml': 'max_epochs: 10\naccelerator: gpu\n',
      'configs/experiment/example.yaml':
        '# @package _global_\nseed: 7\nmodel:\n  lr: 0.002\ntrainer:\n  max_epochs: 20\n',
      'configs/logger/csv.yaml': 'save_dir: logs\n',
    };
    const root = await writeProject(path.join(dir, 'hydra-overrides'), files);
    const params = await readParams(
      root,
      Object.keys(files),
      "python src/train.py experiment=example trainer=gpu model/net=big trainer.max_epochs=3 +logger=csv ++extra.note='a b' ~tags",
    );
    expect(Object.fromEntries(params.values.map((entry) => [entry.key, entry.value]))).toEqual({
      seed: 7,
      'model.net.hidden': 1024,
      'model.lr': 0.002,
      'trainer.max_epochs': 3,
      'trainer.accelerator': 'gpu',
      'logger.save_dir': 'logs',
      'extra.note': 'a b',
    });
    // Without the command, the same project reads as its defaults say.
    const plain = await readParams(root, Object.keys(files));
    expect(Object.fromEntries(plain.values.map((entry) => [entry.key, entry.value]))).toMatchObject({
      seed: 12345,
      'model.net.hidden': 64,
      'trainer.max_epochs': 10,
    });
  });

  it('the Hydra script the command runs, by path or as a module, decides the primary config', async () => {
    const script = (config: string): string =>
      `import hydra\n\n@hydra.main(version_base="1.3", config_path="../configs", config_name="${config}")\ndef main(cfg):\n    pass\n`;
    const files = {
      // eval.py sorts first: without the command, it would be taken.
      'src/eval.py': script('eval.yaml'),
      'src/train.py': script('train.yaml'),
      'src/__init__.py': '',
      'configs/eval.yaml': 'ckpt_path: ???\nbatch: 8\n',
      'configs/train.yaml': 'lr: 0.01\nbatch: 32\n',
    };
    const root = await writeProject(path.join(dir, 'hydra-module'), files);
    for (const command of [
      'python -m src.train batch=64',
      'python src/train.py batch=64',
      'cd src && python train.py batch=64',
    ])
      expect(
        Object.fromEntries((await readParams(root, Object.keys(files), command)).values.map((v) => [v.key, v.value])),
        command,
      ).toEqual({ lr: 0.01, batch: 64 });
    expect((await readParams(root, Object.keys(files), 'python -m src.eval')).files).toEqual(['configs/eval.yaml']);
    // Without a command, the script that trains, not the evaluation beside it.
    expect((await readParams(root, Object.keys(files))).files).toEqual(['configs/train.yaml']);
  });

  it('argparse defaults and a nanoGPT-style config module, read with a real Python parser', async () => {
    const root = await writeProject(path.join(dir, 'classic'), {
      'train.py': [
        'import argparse',
        'parser = argparse.ArgumentParser()',
        "parser.add_argument('--lr', type=float,",
        "                    default=0.1,  # the paper's value",
        "                    help='learning rate')",
        "parser.add_argument('--batch-size', default=64, type=int)",
        "parser.add_argument('--data', default=os.path.join('data', 'x'))",
        "parser.add_argument('--cuda', action='store_true')",
        '',
      ].join('\n'),
      'config/train_shakespeare_char.py':
        "out_dir = 'out-shakespeare-char'\nbatch_size = 64\nlearning_rate = 1e-3\n_private = 1\n",
    });
    const params = await readParams(root, ['train.py', 'config/train_shakespeare_char.py']);
    expect(params.values).toEqual([
      { file: 'train.py', key: 'lr', value: 0.1 },
      { file: 'train.py', key: 'batch_size', value: 64 },
      { file: 'train.py', key: 'data', value: null },
      { file: 'train.py', key: 'cuda', value: false },
      { file: 'config/train_shakespeare_char.py', key: 'out_dir', value: 'out-shakespeare-char' },
      { file: 'config/train_shakespeare_char.py', key: 'batch_size', value: 64 },
      { file: 'config/train_shakespeare_char.py', key: 'learning_rate', value: 0.001 },
    ]);
  });
});
