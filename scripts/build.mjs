#!/usr/bin/env node
// `npm run build`: writes out/ — the CLI (out/main/cli.js), the Electron main process
// (out/main/electron.js) and its engine process (out/main/engine-process.js), their worker threads (out/main/workers/) and preload (out/preload/preload.cjs) bundled with esbuild, and the
// renderer built with Vite (out/renderer/).
import { chmod, rm } from 'node:fs/promises';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { buildWorkers } from './build-workers.mjs';

/** What the CLI bundle leaves in node_modules (see below). */
const CLI_EXTERNAL = [
  'electron',
  'dockerode',
  'docker-modem',
  'ssh2',
  'cpu-features',
  '@grpc/grpc-js',
  '@grpc/proto-loader',
  'protobufjs',
];

const started = Date.now();
await rm('out', { recursive: true, force: true });

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Dependencies stay in node_modules (and in the packaged app); our own code is bundled.
  packages: 'external',
};

await Promise.all([
  // Worker threads load these files by path (main/core/zip/worker-pool.ts).
  buildWorkers(),
  // The CLI carries its dependencies in its one file: Node resolving and reading hundreds of
  // files in node_modules was most of a command's start (~0.5 s of a cached replay's 0.8 s).
  // Left outside: native add-ons, and packages that find files next to their own code
  // (__dirname: dockerode's BuildKit session, gRPC's protos), which a bundle would move.
  esbuild({
    ...node,
    packages: undefined,
    external: CLI_EXTERNAL,
    entryPoints: { cli: 'main/cli.ts' },
    outdir: 'out/main',
    format: 'esm',
    // What a command does not need stays unread: the handler groups are imported when first
    // called (main/handlers/handler-groups.ts), each from a chunk of its own. The chunks sit beside
    // cli.js, so what finds files relative to its own code (worker scripts, the renderer) still does.
    splitting: true,
    chunkNames: 'cli-[name]-[hash]',
    // Bundled CommonJS calls require(); an ES module has none of its own.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __reprobundleRequire } from 'node:module';\nconst require = __reprobundleRequire(import.meta.url);",
    },
  }),
  esbuild({
    ...node,
    entryPoints: { electron: 'main/electron/main.ts', 'engine-process': 'main/electron/engine-process.ts' },
    outdir: 'out/main',
    format: 'esm',
    external: ['electron'],
  }),
  // A sandboxed preload can require nothing but a few Electron modules: bundle everything else in.
  esbuild({
    ...node,
    packages: undefined,
    minify: true,
    entryPoints: { preload: 'preload/preload.ts' },
    outdir: 'out/preload',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    platform: 'browser',
    external: ['electron'],
  }),
]);
await chmod('out/main/cli.js', 0o755);

await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
console.log(`built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
