// Params that live in Python source (issue 16): argparse defaults (`add_argument("--lr",
// default=0.1, type=float, help=…)`) and lower-case config modules (nanoGPT's `config/*.py`:
// `batch_size = 64`). Read with Python's own parser (the `ast` module of the interpreter on PATH,
// one process for every file), not with regular expressions: defaults spread over lines, nested
// calls and comments are what real scripts have. Without a python3, nothing is read and a finding
// says so.
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Finding, ParamValue } from '../../shared/manifest';
import { readText } from '../files/project-files';
import { pythonSources } from './python-sources';

/** Files a script reads its options in; a config module is a `.py` under config/ or configs/. */
const CONFIG_MODULE = /(^|\/)configs?\/[^/]+\.py$/;
const MAX_FILES = 300;

// Runs in the author's python3: prints {file: {"args": [...], "config": [...]}} as JSON.
const READER = String.raw`
import ast, json, sys
def literal(node):
    try:
        value = ast.literal_eval(node)
    except Exception:
        return None, False
    if value is None or isinstance(value, (bool, int, float, str)):
        if isinstance(value, float) and value != value: return None, False
        return value, True
    return None, False
out = {}
for path, config in json.load(sys.stdin):
    try:
        tree = ast.parse(open(path, encoding="utf-8", errors="replace").read())
    except Exception:
        continue
    args, consts = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument":
            names = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if not names: continue
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            dest = keywords.get("dest")
            name = dest.value if isinstance(dest, ast.Constant) and isinstance(dest.value, str) else next((n for n in names if n.startswith("--")), names[0]).lstrip("-").replace("-", "_")
            action = keywords.get("action")
            action = action.value if isinstance(action, ast.Constant) else None
            implicit = {"store_true": False, "store_false": True}.get(action)
            value, ok = literal(keywords["default"]) if "default" in keywords else (implicit, True)
            kind = keywords.get("type")
            args.append({"name": name, "default": value if ok else None, "type": ast.unparse(kind) if kind is not None else None})
    if config:
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                name = stmt.targets[0].id
                value, ok = literal(stmt.value)
                if ok and not name.startswith("_"): consts.append([name, value])
    out[path] = {"args": args, "config": consts}
print(json.dumps(out))
`;

interface Parsed {
  args: { name: string; default: string | number | boolean | null; type: string | null }[];
  config: [string, string | number | boolean | null][];
}

export async function readPythonParams(
  root: string,
  files: readonly string[],
): Promise<{ values: ParamValue[]; files: string[]; findings: Finding[] }> {
  const candidates: [string, boolean][] = [];
  const configModules = files.filter((file) => CONFIG_MODULE.test(file)).slice(0, MAX_FILES);
  for (const file of [...new Set([...pythonSources(files), ...configModules])]) {
    if (candidates.length >= MAX_FILES) break;
    if (CONFIG_MODULE.test(file)) candidates.push([file, true]);
    else if ((await readText(root, file))?.includes('add_argument') === true) candidates.push([file, false]);
  }
  if (candidates.length === 0) return { values: [], files: [], findings: [] };
  const parsed = await runReader(candidates.map(([file, config]) => [path.join(root, ...file.split('/')), config]));
  if (parsed === undefined)
    return {
      values: [],
      files: [],
      findings: [
        {
          severity: 'info',
          code: 'python-params-not-read',
          message: `The options of ${candidates.length} Python file(s) (argparse defaults, config modules) were not read: no python3 answered.`,
          file: null,
          line: null,
          fix: 'Make python3 available when bundling, or record the params in params.yaml.',
        },
      ],
    };
  const values: ParamValue[] = [];
  const used: string[] = [];
  for (const [file] of candidates) {
    const found = parsed[path.join(root, ...file.split('/'))];
    if (found === undefined) continue;
    const before = values.length;
    for (const arg of found.args) values.push({ file, key: arg.name, value: arg.default });
    for (const [name, value] of found.config) values.push({ file, key: name, value });
    if (values.length > before) used.push(file);
  }
  return { values, files: used, findings: [] };
}

function runReader(files: [string, boolean][]): Promise<Record<string, Parsed> | undefined> {
  return new Promise((resolve) => {
    const child = execFile(
      'python3',
      ['-c', READER],
      { timeout: 20_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        if (error !== null) return resolve(undefined);
        try {
          resolve(JSON.parse(stdout) as Record<string, Parsed>);
        } catch {
          resolve(undefined);
        }
      },
    );
    child.stdin?.end(JSON.stringify(files));
  });
}
