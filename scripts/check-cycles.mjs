#!/usr/bin/env node
// `npm run cycles`: shows that the code has no import cycles, with dependency-cruiser's module
// graph: none between files (all of main/, the preload and the renderer, type-only imports
// included), none between the layers of main/ (shared, contract, core, handlers, the fronts) and
// none between the engine's job folders (main/core/create, open, replay, recipes, …). Prints the
// cycles it finds and exits 1, or says how much it checked and exits 0. `npm run lint` runs it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

/** The file-level graph: file → files it imports (our own code only). */
export async function importGraph(roots, cwd = process.cwd()) {
  const result = await cruise(roots, {
    baseDir: cwd,
    tsPreCompilationDeps: true, // type-only imports are edges too
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
  });
  const graph = new Map();
  for (const module of result.output.modules) {
    if (module.coreModule || module.couldNotResolve || module.source.includes('node_modules')) continue;
    graph.set(
      module.source,
      module.dependencies
        .filter((dependency) => !dependency.coreModule && !dependency.couldNotResolve)
        .map((dependency) => dependency.resolved)
        .filter((resolved) => !resolved.includes('node_modules')),
    );
  }
  return graph;
}

/** The graph with every file replaced by its group (null: left out); self-edges dropped. */
export function collapse(graph, groupOf) {
  const groups = new Map();
  for (const [file, targets] of graph) {
    const from = groupOf(file);
    if (from === null) continue;
    const edges = groups.get(from) ?? new Set();
    for (const target of targets) {
      const to = groupOf(target);
      if (to !== null && to !== from) edges.add(to);
    }
    groups.set(from, edges);
  }
  return new Map([...groups].map(([group, edges]) => [group, [...edges]]));
}

/** Every cycle, as the members of each strongly connected component larger than one node (Tarjan). */
export function findCycles(graph) {
  let index = 0;
  const indexes = new Map();
  const lowlinks = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (node) => {
    indexes.set(node, index);
    lowlinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexes.has(next)) {
        visit(next);
        lowlinks.set(node, Math.min(lowlinks.get(node), lowlinks.get(next)));
      } else if (onStack.has(next)) {
        lowlinks.set(node, Math.min(lowlinks.get(node), indexes.get(next)));
      }
    }
    if (lowlinks.get(node) === indexes.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indexes.has(node)) visit(node);
  return cycles;
}

/** main/<layer>/… → the layer (main/cli.ts belongs to the CLI). */
export const layerOf = (file) => {
  if (file === 'main/cli.ts') return 'main/cli';
  const match = /^main\/([^/]+)\//.exec(file);
  return match === null ? null : `main/${match[1]}`;
};

/** main/core/<job>/… → the job folder; a file at the core's top level is a node of its own. */
export const jobFolderOf = (file) => {
  const match = /^main\/core\/([^/]+)(\/)?/.exec(file);
  if (match === null) return null;
  return match[2] === undefined ? `main/core/${match[1]}` : `main/core/${match[1]}/`;
};

export async function checkCycles(cwd = process.cwd()) {
  const graph = await importGraph(['main', 'preload', 'renderer/src'], cwd);
  return {
    files: graph.size,
    cycles: {
      files: findCycles(graph),
      layers: findCycles(collapse(graph, layerOf)),
      jobFolders: findCycles(collapse(graph, jobFolderOf)),
    },
  };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, cycles } = await checkCycles();
  const found = Object.entries(cycles).flatMap(([level, list]) =>
    list.map((cycle) => `${level}: ${cycle.join(' ↔ ')}`),
  );
  if (found.length > 0) {
    console.error(`Import cycles found (${found.length}):\n${found.map((line) => `  ${line}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`No import cycles: ${files} files, the layers of main/ and the job folders of main/core checked.`);
}
