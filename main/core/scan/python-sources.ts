// The Python files worth reading for a project's entry points, params and results: scripts near
// the top (the root and two folders down: src/, scripts/, a package, projects/<name>/), shallowest
// first, never tests or vendored code, and a bounded number of them — a project of 100,000 files
// must not have every one read to find its `@hydra.main`, its argparse options or its `open("w")`.
const SKIP = /(^|\/)(tests?|node_modules|vendor|vendored|third_party|site-packages|\.venv|venv|build|dist)\//;
const MAX_DEPTH = 3;

/**
 * The `max` first Python files by (depth, path). Chosen in one pass keeping only the best `max`
 * (sorted, each newcomer placed by binary search): filtering, tagging and sorting every module
 * made a million-module project allocate ~90 MB per call, three calls per scan.
 */
/** The choice for each list seen: three readers of one scan ask about the same (unchanging) list. */
const chosen = new WeakMap<readonly string[], { max: number; files: string[] }>();

export function pythonSources(files: readonly string[], max = 500): string[] {
  const known = chosen.get(files);
  if (known?.max === max) return [...known.files];
  const best = choose(files, max);
  chosen.set(files, { max, files: best });
  return [...best];
}

function choose(files: readonly string[], max: number): string[] {
  const best: string[] = [];
  const depths: number[] = [];
  for (const file of files) {
    if (!file.endsWith('.py')) continue;
    const depth = depthOf(file);
    if (depth > MAX_DEPTH) continue;
    if (best.length === max && !before(depth, file, depths[max - 1] as number, best[max - 1] as string)) continue;
    if (SKIP.test(file)) continue;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(depth, file, depths[middle] as number, best[middle] as string)) high = middle;
      else low = middle + 1;
    }
    best.splice(low, 0, file);
    depths.splice(low, 0, depth);
    if (best.length > max) {
      best.pop();
      depths.pop();
    }
  }
  return best;
}

/** Whether (depth, file) comes strictly before (otherDepth, other): shallowest first, then by path. */
function before(depth: number, file: string, otherDepth: number, other: string): boolean {
  return depth < otherDepth || (depth === otherDepth && file < other);
}

function depthOf(file: string): number {
  let depth = 1;
  for (let at = file.indexOf('/'); at !== -1; at = file.indexOf('/', at + 1)) depth += 1;
  return depth;
}
