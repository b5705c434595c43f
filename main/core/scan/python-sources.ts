// The Python files worth reading for a project's entry points, params and results: scripts near
// the top (the root and two folders down: src/, scripts/, a package, projects/<name>/), shallowest
// first, never tests or vendored code, and a bounded number of them — a project of 100,000 files
// must not have every one read to find its `@hydra.main`, its argparse options or its `open("w")`.
const SKIP = /(^|\/)(tests?|node_modules|vendor|vendored|third_party|site-packages|\.venv|venv|build|dist)\//;

export function pythonSources(files: readonly string[], max = 500): string[] {
  // Depths counted once, not in every comparison (100,000 modules took 170 ms to sort).
  return files
    .filter((file) => file.endsWith('.py') && !SKIP.test(file))
    .map((file) => ({ file, depth: depthOf(file) }))
    .filter((entry) => entry.depth <= 3)
    .sort((a, b) => a.depth - b.depth || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .slice(0, max)
    .map((entry) => entry.file);
}

function depthOf(file: string): number {
  let depth = 1;
  for (let at = file.indexOf('/'); at !== -1; at = file.indexOf('/', at + 1)) depth += 1;
  return depth;
}
