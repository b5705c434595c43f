// Lint rules, including the layer rules of docs/architecture.md. Do not relax the layer rules to make
// a change pass: move the code to the layer it belongs to instead (test/lint/ proves they bite).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The files of main/shared that import no zod at run time: the preload and the renderer may load them. */
const SHARED_ZOD_FREE = [
  'operation-names',
  'wire',
  'csp',
  'defaults',
  'layout',
  'format',
  'error-text',
  'inputs',
  'operation-failure',
  'optional',
  'venues',
  'verdict-label',
  'package-summary',
];

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** Raw IPC outside the two typed wrappers would bypass the contract and its validation. */
const rawIpc = {
  selector: 'Identifier[name=/^ipc(Main|Renderer)$/]',
  message:
    'Raw IPC is banned: call the contract (renderer: useApi; main: main/electron/ipc.ts). Only preload/preload.ts and main/electron/ipc.ts may use ipcMain/ipcRenderer.',
};
/** Electron emits `ready` only after the ESM entry has evaluated: a top-level await on it hangs the app. */
const topLevelAwait = {
  selector: 'AwaitExpression:not(:function AwaitExpression)',
  message:
    'No top-level await in the Electron main process: `ready` fires only after the entry module finishes, so awaiting it (or anything that waits for it) hangs the app. Use app.whenReady().then(…).',
};
const defaultExport = {
  selector: 'ExportDefaultDeclaration',
  message: 'Use named exports: they keep one name for one thing across the code base.',
};

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', rawIpc, defaultExport],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['preload/preload.ts'],
    rules: { 'no-restricted-syntax': ['error', defaultExport] },
  },
  {
    files: ['main/electron/ipc.ts'],
    rules: { 'no-restricted-syntax': ['error', defaultExport, topLevelAwait] },
  },
  {
    files: ['main/electron/**/*.ts'],
    ignores: ['main/electron/ipc.ts'],
    rules: { 'no-restricted-syntax': ['error', rawIpc, defaultExport, topLevelAwait] },
  },
  {
    // Tool configs must default-export by convention.
    files: ['*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': ['error', rawIpc] },
  },

  // The layers of docs/architecture.md. Each block names what a layer may import; the rest is
  // refused. test/lint/layer-rules.test.ts proves every one of them fires.

  // Layer: shared shapes. zod and each other, nothing else: every layer may import them.
  {
    files: ['main/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\./)',
              message:
                'main/shared imports only zod and other main/shared files: every layer imports it, so it may depend on none of them.',
            },
          ],
        },
      ],
    },
  },
  // The zod-free part of main/shared: what the sandboxed preload and the renderer load at run time.
  {
    files: SHARED_ZOD_FREE.map((name) => `main/shared/${name}.ts`),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!\\./(${SHARED_ZOD_FREE.join('|')})$)`,
              allowTypeImports: true,
              message: `This file is loaded by the preload and the renderer, which carry no schema library: it may import only types, and values from the other zod-free files (${SHARED_ZOD_FREE.join(', ')}).`,
            },
          ],
        },
      ],
    },
  },

  // Layer: the contract. The operations and their schemas, built from main/shared.
  {
    files: ['main/contract/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\./|\\.\\./shared/)',
              message:
                'main/contract imports only zod, main/shared and itself: the engine and the fronts depend on it, not the reverse.',
            },
          ],
        },
      ],
    },
  },

  // Layer: the engine is plain Node, usable from the CLI, the server and Electron alike.
  {
    files: ['main/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^electron(/|$)',
              message: 'main/core never imports Electron: it must run in plain Node (CLI, server, tests).',
            },
            {
              regex: '(^|/)(electron|server|handlers|cli)(/|$)|(^|/)cli$',
              message:
                'main/core may not import the fronts (main/electron, main/server, main/handlers, the CLI): they depend on it, not the reverse.',
            },
            {
              regex: '(^|/)contract(/|$)',
              message: 'main/core never imports the contract: shapes both need live in main/shared.',
            },
          ],
        },
      ],
    },
  },

  // Layer: the handlers implement the contract on the engine.
  {
    files: ['main/handlers/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^electron(/|$)',
              message:
                'main/handlers never import Electron: the desktop passes what it offers in (DesktopIntegration).',
            },
            {
              regex: '(^|/)(electron|server|cli)(/|$)|(^|/)cli$',
              message:
                'main/handlers may not import the fronts (main/electron, main/server, the CLI): they call the handlers, not the reverse.',
            },
          ],
        },
      ],
    },
  },

  // Layer: the fronts reach the engine only through the handlers' one entry (dispatch). One
  // exception, by name: `reprobundle serve` is the command that starts the web front.
  ...[
    { folder: 'server', others: 'electron|cli', files: ['main/server/**/*.ts'] },
    { folder: 'cli', others: 'electron|server', files: ['main/cli/**/*.ts', 'main/cli.ts'] },
    { folder: 'cli', others: 'electron', files: ['main/cli/commands/serve.ts'] },
    { folder: 'electron', others: 'server|cli', files: ['main/electron/**/*.ts'] },
  ].map(({ folder, others, files }) => ({
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core(/|$)',
              message: `main/${folder} may not import main/core: call operations through the handlers (dispatch), so every front validates alike.`,
            },
            {
              regex: `(^|/)(${others})(/|$)|(^|/)cli$`,
              message: `main/${folder} may not import another front (${others
                .split('|')
                .map((name) => `main/${name}`)
                .join(', ')}).`,
            },
          ],
        },
      ],
    },
  })),

  // Layer: the sandboxed preload carries Electron's bridge and the operation names, nothing else.
  {
    files: ['preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)main/(?!shared/|contract/)',
              message:
                'The preload may not import main/ beyond main/shared and main/contract: it is bundled into a sandboxed page.',
            },
            {
              regex: `(^|/)main/(contract/|shared/(?!(${SHARED_ZOD_FREE.join('|')})$))`,
              allowTypeImports: true,
              message:
                'The preload may import main/contract and the zod-based files of main/shared only with `import type`: it carries no schema library.',
            },
          ],
        },
      ],
    },
  },

  // Layer: the renderer runs in a sandboxed page and reaches the engine only through the contract.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message:
                'The renderer never imports Node built-ins: it runs in a sandboxed page. Ask the engine through the contract instead.',
            })),
            { name: 'electron', message: 'The renderer never imports Electron: use the contract (useApi).' },
          ],
          patterns: [
            {
              regex: '(^|/)main(/(?!contract/|shared/)|$)',
              message:
                'The renderer may not import main/: only type-only imports of main/contract and main/shared, and the zod-free files of main/shared, are allowed.',
            },
            {
              regex: `(^|/)main/(contract/|shared/(?!(${SHARED_ZOD_FREE.join('|')})$))`,
              allowTypeImports: true,
              message:
                'The renderer may import main/contract and the zod-based files of main/shared only with `import type`: their runtime code (zod schemas) stays on the engine side.',
            },
          ],
        },
      ],
    },
  },
);
