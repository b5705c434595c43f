// Builds a realistic research project on disk for the bundle tests: a git repository with a
// commit and uncommitted changes, DVC files, params, requirements, a notebook, results, and the
// traps a bundle must handle (an .env with an AWS key, an SSH private key, a link pointing
// outside, a large file, a cache folder, a virtualenv).
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface FixtureProject {
  root: string;
  /** A folder outside the project that a link points into. */
  outside: string;
}

export interface FixtureOptions {
  /** Leave out the secret files (for tests of a clean create). */
  secrets?: boolean;
  /** Size of data/big.bin; 0 leaves it out. */
  largeFileBytes?: number;
}

const FAKE_AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''); // AWS's documented example key

export async function makeFixtureProject(options: FixtureOptions = {}): Promise<FixtureProject> {
  const base = await mkdtemp(path.join(tmpdir(), 'rb-fixture-'));
  const root = path.join(base, 'mnist-experiment');
  const outside = path.join(base, 'outside');
  const files: Record<string, string> = {
    'README.md': '# MNIST experiment\n\nTrains a small classifier.\n',
    '.gitignore': 'data/raw/\n*.log\nbuild/\n',
    'src/train.py': [
      'import json, random',
      'import numpy as np',
      'rng = np.random.default_rng(7)',
      'acc = 0.9731',
      'json.dump({"eval": {"accuracy": acc, "loss": 0.0812, "epochs": 3}}, open("metrics.json", "w"))',
      '',
    ].join('\n'),
    'src/model/__init__.py': '',
    'src/model/__main__.py': 'print("model")\n',
    'src/const.py': 'LEARNING_RATE = 0.001\nBATCH_SIZE: int = 64\nMODEL_NAME = "cnn"\nDEBUG = False\nhelper = 3\n',
    'params.yaml': 'train:\n  lr: 0.1\n  epochs: 3\n  layers: [32, 64]\nseed: 7\n',
    'conf/model/cnn.yaml': 'channels: 32\ndropout: 0.25\n',
    'requirements.txt': 'numpy==1.26.4\npandas>=2.0\nscikit-learn\n',
    'runtime.txt': 'python-3.11.7\n',
    'dvc.yaml':
      'stages:\n  train:\n    cmd: python src/train.py\n    deps: [src/train.py, data/raw]\n    outs: [model.pkl]\n    metrics:\n      - metrics.json:\n          cache: false\n',
    'dvc.lock': [
      'schema: "2.0"',
      'stages:',
      '  train:',
      '    cmd: python src/train.py',
      '    outs:',
      '    - path: model.pkl',
      '      md5: 1a2b3c4d5e6f708192a3b4c5d6e7f809',
      '      size: 104857',
      '',
    ].join('\n'),
    'data/raw.dvc':
      'outs:\n- md5: 0123456789abcdef0123456789abcdef.dir\n  size: 52428800\n  nfiles: 60000\n  path: raw\n',
    '.dvc/config': '[core]\n    remote = storage\n[\'remote "storage"\']\n    url = s3://example-bucket/mnist\n',
    '.dvc/cache/00/abc': 'cached',
    'metrics.json': '{"eval": {"accuracy": 0.9731, "loss": 0.0812, "epochs": 3}}\n',
    'notebooks/explore.ipynb': '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
    'src/__pycache__/train.cpython-311.pyc': 'compiled',
    '.venv/pyvenv.cfg': 'home = /usr/bin\n',
    '.venv/lib/site.py': 'x = 1\n',
    'data/raw/train-images.idx': 'raw data, ignored by git and pointed to by DVC\n',
    'run.sh': '#!/bin/sh\npython src/train.py\n',
  };
  if (options.secrets !== false) {
    files['.env'] = `AWS_ACCESS_KEY_ID=${FAKE_AWS_KEY}\nAWS_REGION=eu-west-1\n`;
    files['.env.example'] = 'AWS_ACCESS_KEY_ID=\n';
    files['keys/id_ed25519'] = generateKeyPairSync('ed25519').privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    files['keys/id_ed25519.pub'] = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI example\n';
  }
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  await chmod(path.join(root, 'run.sh'), 0o755);
  if ((options.largeFileBytes ?? 0) > 0) {
    await mkdir(path.join(root, 'data'), { recursive: true });
    await writeFile(path.join(root, 'data/big.bin'), Buffer.alloc(options.largeFileBytes as number, 7));
  }
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(outside, 'secret-notes.txt'), 'outside the project\n');
  await symlink(path.join(outside, 'secret-notes.txt'), path.join(root, 'notes-link.txt'));
  await symlink('README.md', path.join(root, 'README-link.md'));

  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Ada Author',
        GIT_AUTHOR_EMAIL: 'ada@example.org',
        GIT_COMMITTER_NAME: 'Ada Author',
        GIT_COMMITTER_EMAIL: 'ada@example.org',
        GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
        GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
      },
    });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://ada:ghp_notarealtoken@github.com/ada/mnist-experiment.git');
  git('add', '-A');
  git('commit', '-q', '-m', 'Initial experiment');
  // An uncommitted change and an untracked file.
  await writeFile(path.join(root, 'README.md'), '# MNIST experiment\n\nTrains a small classifier. Edited.\n');
  await writeFile(path.join(root, 'src/extra.py'), 'print("new")\n');
  return { root, outside };
}
