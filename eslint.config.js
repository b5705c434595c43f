// Lint rules, including the layer rules of DESIGN.md §3. Do not relax the layer rules to make
// a change pass: move the code to the layer it belongs to instead (test/lint/ proves they bite).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
              regex: '(^|/)main(/(?!contract/)|$)',
              message: 'The renderer may not import main/: only type-only imports of main/contract are allowed.',
            },
            {
              regex: '(^|/)main/contract/',
              allowTypeImports: true,
              message:
                'The renderer may import main/contract only with `import type`: its runtime code (zod schemas) stays on the engine side.',
            },
          ],
        },
      ],
    },
  },
);
