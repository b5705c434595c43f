// Hydra's composed config (issue 16): the params a Hydra project runs with are the primary config
// named by `@hydra.main(config_path=…, config_name=…)` merged with the group options its
// `defaults:` list selects (nested defaults, `_self_`, `optional`, `override`, `@package`,
// `# @package _global_`), not every alternative under configs/, with the command line's overrides
// (`group=option`, `+group=option`, `key=value`, `+key=value`, `++key=value`, `~key`) applied as
// Hydra applies them. Interpolations (`${…}`) stay as written. Written by hand: Hydra is Python and
// no JavaScript package composes its defaults lists.
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isRecord, parseStructured, readText } from '../files/project-files';
import { pythonSources } from './python-sources';
import { fileLookup } from './file-lookup';

export interface HydraPrimary {
  /** The script that declares it. */
  script: string;
  /** Project-relative folder of the configs, and the primary config file in it. */
  configDir: string;
  primary: string;
}

/** The primary config of the first script with `@hydra.main`, when its file is in the project. */
/**
 * The script whose `@hydra.main` names an existing primary config: the one `command` runs when
 * it runs one (by path, or as `python -m package.module`); else the one that trains (the
 * Lightning+Hydra template has `train.py` and `eval.py`, whose config would pass for params).
 */
export async function findHydraPrimary(
  root: string,
  files: readonly string[],
  command?: string,
): Promise<HydraPrimary | undefined> {
  const present = fileLookup(files);
  let first: HydraPrimary | undefined;
  for (const script of pythonSources(files)) {
    const text = await readText(root, script);
    const call = text === undefined ? null : /@hydra\.main\(([^)]*)\)/.exec(text);
    if (call === null) continue;
    const argument = (name: string): string | undefined =>
      new RegExp(`${name}\\s*=\\s*["']([^"']*)["']`).exec(call[1] ?? '')?.[1];
    const configDir = path.posix.normalize(path.posix.join(path.posix.dirname(script), argument('config_path') ?? '.'));
    const name = argument('config_name');
    if (name === undefined) continue;
    const primary = path.posix.join(configDir, name.endsWith('.yaml') ? name : `${name}.yaml`);
    if (!present(primary)) continue;
    const found = { script, configDir, primary };
    if (command !== undefined && argumentsAfter(shellWords(command), script) >= 0) return found;
    if (first === undefined || scriptRank(script) < scriptRank(first.script)) first = found;
  }
  return first;
}

/** Lower first: scripts that train, then any other, then those that only evaluate or predict. */
function scriptRank(script: string): number {
  const base = path.posix.basename(script, '.py');
  if (/^train/.test(base)) return 0;
  return /^(eval|test|predict|infer|sample|export)/.test(base) ? 2 : 1;
}

/**
 * Where the arguments to `script` start among a command's words (-1 when the command does not
 * run it): after its path (`python src/train.py`, `python train.py` from its folder), or after
 * its module (`python -m src.train`, `python -m package.train` for `src/package/train.py`).
 */
function argumentsAfter(words: readonly string[], script: string): number {
  const module = script
    .replace(/(\/__main__)?\.py$/, '')
    .split('/')
    .join('.');
  const at = words.findIndex(
    (word, index) =>
      word === script ||
      word.endsWith(`/${script}`) ||
      (script.endsWith(`/${word}`) && word.endsWith('.py')) ||
      (words[index - 1] === '-m' && (word === module || module.endsWith(`.${word}`))),
  );
  return at < 0 ? -1 : at + 1;
}

type Tree = Record<string, unknown>;

/** The overrides a command gives a Hydra script, sorted into what they change. */
export interface HydraOverrides {
  /** `group=option` for a group of the config tree: replaces that group's selection. */
  groups: Map<string, string>;
  /** `+group=option`: a group the defaults list does not name, added at its end. */
  added: [string, string][];
  /** `key=value`, `+key=value`, `++key=value` for config values, applied after composing. */
  values: [string, unknown][];
  /** `~key`: removed after composing. */
  removed: string[];
}

/**
 * The overrides `command` passes to `primary.script` (the words after the script's path), or
 * none when the command does not run that script. `isGroup` says whether a name is a config group
 * (a folder of the config tree).
 */
export function hydraOverrides(
  command: string,
  primary: HydraPrimary,
  isGroup: (group: string) => boolean,
): HydraOverrides {
  const found: HydraOverrides = { groups: new Map(), added: [], values: [], removed: [] };
  const words = shellWords(command);
  const start = argumentsAfter(words, primary.script);
  if (start < 0) return found;
  for (const word of words.slice(start)) {
    if (/^[;&|]/.test(word)) break; // the next command of a shell line
    const removal = /^~([\w./-]+)(=.*)?$/.exec(word);
    if (removal !== null) {
      found.removed.push(removal[1] as string);
      continue;
    }
    const match = /^(\+{0,2})([\w./@-]+)=(.*)$/.exec(word);
    if (match === null) continue;
    const [, plus = '', key = '', raw = ''] = match;
    const group = key.split('@')[0] as string;
    if (!key.includes('.') && isGroup(group)) {
      if (plus === '+') found.added.push([key, raw]);
      else found.groups.set(group, raw);
    } else found.values.push([key, scalar(raw)]);
  }
  return found;
}

/** A value as Hydra's grammar reads it: YAML scalars (numbers, booleans, null, quoted strings). */
function scalar(raw: string): unknown {
  try {
    const value: unknown = parseYaml(raw);
    return value === undefined ? raw : value;
  } catch {
    return raw;
  }
}

/** Splits a shell command line into words: quoted parts (anywhere in a word) kept together, quotes removed. */
function shellWords(command: string): string[] {
  return [...command.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)].map((match) =>
    match[0].replace(/"([^"]*)"|'([^']*)'/g, (_, double?: string, single?: string) => double ?? single ?? ''),
  );
}

function setPath(tree: Tree, key: string, value: unknown): void {
  const [head, ...rest] = key.split('.');
  if (rest.length === 0) {
    tree[head as string] = value;
    return;
  }
  const child = isRecord(tree[head as string]) ? { ...(tree[head as string] as Tree) } : {};
  setPath(child, rest.join('.'), value);
  tree[head as string] = child;
}

function removePath(tree: Tree, key: string): void {
  const [head, ...rest] = key.split('.');
  if (rest.length === 0) Reflect.deleteProperty(tree, head as string);
  else if (isRecord(tree[head as string])) removePath(tree[head as string] as Tree, rest.join('.'));
}

function merge(target: Tree, source: Tree): Tree {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] = isRecord(existing) && isRecord(value) ? merge({ ...existing }, value) : value;
  }
  return target;
}

function placeAt(tree: Tree, packagePath: string, value: Tree): Tree {
  if (packagePath === '') return merge(tree, value);
  const [head, ...rest] = packagePath.split('.');
  const key = head as string;
  const child = isRecord(tree[key]) ? (tree[key] as Tree) : {};
  tree[key] = placeAt({ ...child }, rest.join('.'), value);
  return tree;
}

/** Composes the primary config with the command's overrides; returns the tree and every config file it read. */
export async function composeHydra(
  root: string,
  primary: HydraPrimary,
  cli: HydraOverrides = { groups: new Map(), added: [], values: [], removed: [] },
): Promise<{ tree: Tree; files: string[] }> {
  const used: string[] = [];
  const load = async (file: string): Promise<{ doc: Tree; global: boolean } | undefined> => {
    const text = await readText(root, file);
    if (text === undefined) return undefined;
    const parsed = parseStructured(file, text);
    if (!parsed.ok) return undefined;
    used.push(file);
    return { doc: isRecord(parsed.value) ? parsed.value : {}, global: /^#\s*@package\s+_global_/m.test(text) };
  };
  const compose = async (
    file: string,
    group: string,
    depth: number,
  ): Promise<{ tree: Tree; global: boolean } | undefined> => {
    if (depth > 10) return undefined;
    const loaded = await load(file);
    if (loaded === undefined) return undefined;
    const { defaults, ...own } = loaded.doc;
    // The primary config's list also takes the command line's added groups, at its end.
    const entries = [
      ...(Array.isArray(defaults) ? defaults : []),
      ...(depth === 0 ? cli.added.map(([key, option]) => ({ [key]: option })) : []),
    ];
    // `override group: option` entries replace the selection of that group made elsewhere; the
    // command line's `group=option` replaces both.
    const overrides = new Map<string, unknown>();
    for (const entry of entries)
      if (isRecord(entry))
        for (const [key, option] of Object.entries(entry))
          if (key.startsWith('override ')) overrides.set(key.slice('override '.length).trim(), option);
    const groupPrefix = group === '' ? '' : `${group}/`;
    for (const [cliGroup, option] of cli.groups)
      if (depth === 0 || cliGroup.startsWith(groupPrefix)) overrides.set(cliGroup.slice(groupPrefix.length), option);
    let result: Tree = {};
    let selfDone = false;
    for (const entry of entries) {
      if (entry === '_self_') {
        result = merge(result, own);
        selfDone = true;
        continue;
      }
      const selections: [string, unknown][] =
        typeof entry === 'string' ? [['', entry]] : isRecord(entry) ? Object.entries(entry) : [];
      for (const [rawKey, rawOption] of selections) {
        if (rawKey.startsWith('override ')) continue;
        const key = rawKey.replace(/^optional\s+/, '').trim();
        const [groupKey, packageOverride] = key.split('@') as [string, string | undefined];
        const option = overrides.get(groupKey) ?? rawOption;
        if (typeof option !== 'string' || option === '???' || option === '') continue;
        const groupPath =
          groupKey === ''
            ? group
            : groupKey.startsWith('/')
              ? groupKey.slice(1)
              : group === ''
                ? groupKey
                : `${group}/${groupKey}`;
        const optionFile = path.posix.join(
          primary.configDir,
          groupPath,
          option.endsWith('.yaml') ? option : `${option}.yaml`,
        );
        const sub = await compose(optionFile, groupKey === '' ? group : groupPath, depth + 1);
        if (sub === undefined) continue;
        // Where the option's values go: `_global_` (by `@` or the file's header) is the root; a
        // plain group option goes under its group's path; a config named without a group merges here.
        const packagePath =
          packageOverride === '_global_' || sub.global
            ? ''
            : packageOverride !== undefined
              ? packageOverride.replace(/^_group_/, groupPath.replace(/\//g, '.'))
              : groupKey === ''
                ? ''
                : relativePackage(groupPath.replace(/\//g, '.'), group);
        result = placeAt(result, packagePath, sub.tree);
      }
    }
    // Hydra 1.1 and later: without `_self_` in the list, the config's own values come last.
    if (!selfDone) result = merge(result, own);
    return { tree: result, global: loaded.global };
  };
  const tree = (await compose(primary.primary, '', 0))?.tree ?? {};
  for (const [key, value] of cli.values) setPath(tree, key, value);
  for (const key of cli.removed) removePath(tree, key);
  return { tree, files: [...new Set(used)] };
}

/** A group's package is its path from the config root; inside a group config, relative to that group. */
function relativePackage(packagePath: string, group: string): string {
  const prefix = group.replace(/\//g, '.');
  return prefix !== '' && packagePath.startsWith(`${prefix}.`) ? packagePath.slice(prefix.length + 1) : packagePath;
}
