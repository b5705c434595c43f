// A project that names its author everywhere a real one does: git history and remote, README,
// a notebook (metadata and a home path in its output), LICENSE, and one planted in code, on top
// of the bundled example project (so it also replays). For the double-blind export tests.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './serve-cli';

export const AUTHOR = {
  name: 'Ada Lovelace',
  email: 'ada@lovelace.example',
  account: 'adalovelace',
  homeUser: 'alovelace',
};

/** `parent`: where to put it (a test's home folder); a fresh temporary folder otherwise. */
export async function makeIdentityProject(parent?: string): Promise<{ base: string; project: string }> {
  const base = parent ?? (await mkdtemp(path.join(tmpdir(), 'rb-identity-')));
  const project = path.join(base, 'analytical-engine');
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  await writeFile(
    path.join(project, 'README.md'),
    `# Logistic regression on points\n\nA seeded logistic-regression experiment by ${AUTHOR.name} (${AUTHOR.email}).\nIt trains on data/points.csv with train_test_split-style 80/20 split and reports accuracy and loss.\n\nCode: https://github.com/${AUTHOR.account}/analytical-engine\n`,
  );
  await writeFile(
    path.join(project, 'LICENSE'),
    `MIT License\n\nCopyright (c) 2026 ${AUTHOR.name}\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software.\n`,
  );
  await writeFile(
    path.join(project, 'explore.ipynb'),
    `${JSON.stringify({ cells: [{ cell_type: 'code', source: ['import pandas'], outputs: [{ output_type: 'stream', text: [`/home/${AUTHOR.homeUser}/analytical-engine/data loaded\n`] }] }], metadata: { authors: [{ name: AUTHOR.name }] }, nbformat: 4, nbformat_minor: 5 })}\n`,
  );
  // Planted in code: the export must find it and say where.
  const train = await readFile(path.join(project, 'train.py'), 'utf8');
  await writeFile(
    path.join(project, 'train.py'),
    train.replace('import json\n', `import json\n# Questions: ${AUTHOR.email}\n`),
  );
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', project, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: AUTHOR.name,
        GIT_AUTHOR_EMAIL: AUTHOR.email,
        GIT_COMMITTER_NAME: AUTHOR.name,
        GIT_COMMITTER_EMAIL: AUTHOR.email,
      },
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'Experiment');
  git('remote', 'add', 'origin', `git@github.com:${AUTHOR.account}/analytical-engine.git`);
  return { base, project };
}
