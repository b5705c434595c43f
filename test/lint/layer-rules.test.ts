// The layer rules of docs/architecture.md are enforced by lint: each rule reports a violating file, and
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

  it('main/shared imports only zod and itself', async () => {
    for (const target of ['node:fs', '../core/errors', '../contract/operations', 'yaml']) {
      const found = await problems('main/shared/violation.ts', `import x from '${target}';\nexport const y = x;\n`);
      expect(found.join('\n'), target).toContain('main/shared imports only zod');
    }
    expect(
      await problems(
        'main/shared/fine.ts',
        "import { z } from 'zod';\nimport { INPUT_NAMES } from './inputs';\nexport const s = z.enum(INPUT_NAMES);\n",
      ),
    ).toEqual([]);
  });

  it('the zod-free files of main/shared load no zod and no zod-based file', async () => {
    for (const target of ['zod', './messages']) {
      const found = await problems(
        'main/shared/operation-names.ts',
        `import { x } from '${target}';\nexport const y = x;\n`,
      );
      expect(found.join('\n'), target).toContain('carry no schema library');
    }
    expect(
      await problems(
        'main/shared/operation-failure.ts',
        "import type { OperationError } from './messages';\nexport type E = OperationError;\n",
      ),
    ).toEqual([]);
  });

  it('main/contract imports only zod and main/shared', async () => {
    for (const target of ['../core/engine', '../handlers/handlers', 'node:path']) {
      const found = await problems('main/contract/violation.ts', `import x from '${target}';\nexport const y = x;\n`);
      expect(found.join('\n'), target).toContain('main/contract imports only zod, main/shared');
    }
    expect(
      await problems(
        'main/contract/fine.ts',
        "import { z } from 'zod';\nimport { manifestSchema } from '../shared/manifest';\nexport const m = z.array(manifestSchema);\n",
      ),
    ).toEqual([]);
  });

  it('main/core never imports the contract', async () => {
    const found = await problems(
      'main/core/replay/violation.ts',
      "import type { OperationName } from '../../contract/operations';\nexport type N = OperationName;\n",
    );
    expect(found.join('\n')).toContain('main/core never imports the contract');
  });

  it('main/handlers may not import the fronts or Electron', async () => {
    for (const target of ['../server/server', '../cli/run', '../electron/window', 'electron']) {
      const found = await problems('main/handlers/violation.ts', `import x from '${target}';\nexport const y = x;\n`);
      expect(
        found.some((line) => line.startsWith(restricted)),
        target,
      ).toBe(true);
    }
  });

  it('the fronts reach the engine only through the handlers, and not through each other', async () => {
    for (const file of ['main/cli/commands/violation.ts', 'main/server/violation.ts', 'main/electron/violation.ts']) {
      const found = await problems(file, "import { x } from '../../core/engine';\nexport const y = x;\n");
      expect(found.join('\n'), file).toContain('may not import main/core');
    }
    expect(
      (await problems('main/cli.ts', "import { x } from './core/engine';\nexport const y = x;\n")).join('\n'),
    ).toContain('may not import main/core');
    expect(
      (await problems('main/server/violation.ts', "import { x } from '../cli/run';\nexport const y = x;\n")).join('\n'),
    ).toContain('may not import another front');
    expect(
      (
        await problems('main/cli/commands/scan.ts', "import { x } from '../../server/server';\nexport const y = x;\n")
      ).join('\n'),
    ).toContain('may not import another front');
    // The one exception: `reprobundle serve` starts the web front.
    expect(
      await problems(
        'main/cli/commands/serve.ts',
        "import { startServer } from '../../server/server';\nexport const s = startServer;\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'main/cli/commands/fine.ts',
        "import { startEngineHost } from '../../handlers/engine-host';\nexport const h = startEngineHost;\n",
      ),
    ).toEqual([]);
  });

  it('the preload loads only the zod-free names, and contract types', async () => {
    for (const target of ['../main/shared/messages', '../main/contract/operations', '../main/core/errors']) {
      const found = await problems('preload/preload.ts', `import { x } from '${target}';\nexport const y = x;\n`);
      expect(
        found.some((line) => line.startsWith(restricted)),
        target,
      ).toBe(true);
    }
    expect(
      await problems(
        'preload/preload.ts',
        "import { OPERATION_NAMES } from '../main/shared/operation-names';\nimport type { CallHooks } from '../main/contract/operations';\nexport const n = OPERATION_NAMES;\nexport type H = CallHooks;\n",
      ),
    ).toEqual([]);
  });

  it('the renderer may load the zod-free files of main/shared, and only types from the rest', async () => {
    expect(
      await problems(
        'renderer/src/fine.ts',
        "import { formatBytes } from '../../main/shared/format';\nexport const f = formatBytes;\n",
      ),
    ).toEqual([]);
    const schema = await problems(
      'renderer/src/violation.ts',
      "import { manifestSchema } from '../../main/shared/manifest';\nexport const m = manifestSchema;\n",
    );
    expect(schema.join('\n')).toContain('only with `import type`');
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
