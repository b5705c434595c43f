// The layer rules of DESIGN.md §3 are enforced by lint: each rule reports a violating file, and
// the allowed form of the same import passes. Files are linted in memory at the path they claim.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/serve-cli';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'fatal'}: ${message.message}`);
}

const restricted = '@typescript-eslint/no-restricted-imports';

describe('layer rules', () => {
  it('main/core may not import Electron', async () => {
    const found = await problems(
      'main/core/violation.ts',
      "import { app } from 'electron';\nexport const name = app.name;\n",
    );
    expect(found.join('\n')).toContain(`${restricted}: 'electron' import is restricted`);
    expect(found.join('\n')).toContain('main/core never imports Electron');
  });

  it('main/core may not import the fronts', async () => {
    for (const target of ['../electron/window', '../server/server', '../../handlers/handlers', '../cli/run']) {
      const found = await problems(
        'main/core/docker/violation.ts',
        `import { x } from '${target}';\nexport const y = x;\n`,
      );
      expect(found.join('\n'), target).toContain('main/core may not import the fronts');
    }
    expect(
      await problems(
        'main/core/docker/fine.ts',
        "import { ReproError } from '../errors';\nexport const E = ReproError;\n",
      ),
    ).toEqual([]);
  });

  it('the renderer may not import Node built-ins or Electron', async () => {
    for (const target of ['node:fs', 'fs', 'child_process', 'electron']) {
      const found = await problems('renderer/src/violation.ts', `import x from '${target}';\nexport const y = x;\n`);
      expect(
        found.some((line) => line.startsWith(restricted)),
        target,
      ).toBe(true);
    }
  });

  it('the renderer may import the contract only as types, and nothing else from main/', async () => {
    const value = await problems(
      'renderer/src/violation.ts',
      "import { operations } from '../../main/contract/operations';\nexport const o = operations;\n",
    );
    expect(value.join('\n')).toContain('only with `import type`');

    const engine = await problems(
      'renderer/src/violation.ts',
      "import type { ReproError } from '../../main/core/errors';\nexport type E = ReproError;\n",
    );
    expect(engine.join('\n')).toContain('may not import main/');

    const typeOnly = await problems(
      'renderer/src/fine.ts',
      "import type { OperationName } from '../../main/contract/operations';\nexport type N = OperationName;\n",
    );
    expect(typeOnly).toEqual([]);
  });

  it('raw ipcRenderer/ipcMain are banned outside the typed wrappers', async () => {
    const renderer = await problems(
      'main/electron/window-extra.ts',
      "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\n",
    );
    expect(renderer.join('\n')).toContain('Raw IPC is banned');
    const viaNamespace = await problems(
      'main/electron/other.ts',
      "import * as electron from 'electron';\nelectron.ipcMain.on('x', () => undefined);\n",
    );
    expect(viaNamespace.join('\n')).toContain('Raw IPC is banned');
    const wrapper = await problems(
      'main/electron/ipc.ts',
      "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\n",
    );
    expect(wrapper.join('\n')).not.toContain('Raw IPC is banned');
  });

  it('the Electron main process has no top-level await (it would hang before `ready`)', async () => {
    const topLevel = await problems(
      'main/electron/main.ts',
      "import { app } from 'electron';\nawait app.whenReady();\nexport const ready = true;\n",
    );
    expect(topLevel.join('\n')).toContain('No top-level await in the Electron main process');
    const inCallback = await problems(
      'main/electron/main.ts',
      "import { app } from 'electron';\nvoid app.whenReady().then(async () => {\n  await Promise.resolve();\n});\n",
    );
    expect(inCallback).toEqual([]);
  });
});
