// The Python files worth reading for a project's entry points, params and results: scripts near
// the top (the root and two folders down: src/, scripts/, a package, projects/<name>/), shallowest
// first, never tests or vendored code, and a bounded number of them — a project of 100,000 files
// must not have every one read to find its `@hydra.main`, its argparse options or its `open("w")`.
const SKIP = /(^|\/)(tests?|node_modules|vendor|vendored|third_party|site-packages|\.venv|venv|build|dist)\//;

export function pythonSources(files: readonly string[], max = 500): string[] {
  return files
    .filter((file) => file.endsWith('.py') && file.split('/').length <= 3 && !SKIP.test(file))
    .sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, max);
}
