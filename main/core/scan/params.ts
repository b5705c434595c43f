// Finds the project's parameters: params.yaml|json|toml, a Hydra project's composed primary config
// (hydra.ts; other conf/ and configs/ YAML files one by one, without their `defaults:` lists),
// MLproject entry-point parameters, upper-case literal constants in const.py, config.py and
// settings.py, and argparse defaults and config modules (python-params.ts), flattened to
// `key = value` rows with their source file.
import { parse as parseYaml } from 'yaml';
import type { EntrypointProposal, Finding, ParamValue } from '../../shared/manifest';
import { flattenFile, isRecord, parseStructured, readText } from '../files/project-files';
import { composeHydra, findHydraPrimary, hydraOverrides } from './hydra';
import { readPythonParams } from './python-params';
import { isSecretParam, WITHHELD_VALUE } from './secrets';

export interface ParamsInfo {
  files: string[];
  values: ParamValue[];
  /** MLproject entry points, as entrypoint proposals. */
  entryPoints: EntrypointProposal[];
  findings: Finding[];
}

const PARAMS_FILE = /^params\.(ya?ml|json|toml)$/;
const CONFIG_TREE = /^(conf|configs?)\/.+\.ya?ml$/;
const CONSTANTS_FILE = /(^|\/)(const|constants|config|settings)\.py$/;

/** `command`: the command that reproduces the result, when known: its Hydra overrides apply. */
export async function readParams(root: string, files: readonly string[], command?: string): Promise<ParamsInfo> {
  const info: ParamsInfo = { files: [], values: [], entryPoints: [], findings: [] };
  // A Hydra project's params are its composed primary config, not every alternative beside it,
  // with the overrides the command gives it.
  const hydra = await findHydraPrimary(root, files, command);
  if (hydra !== undefined) {
    const isGroup = (group: string): boolean => files.some((file) => file.startsWith(`${hydra.configDir}/${group}/`));
    const composed = await composeHydra(
      root,
      hydra,
      command === undefined ? undefined : hydraOverrides(command, hydra, isGroup),
    );
    const flat = flattenFile(hydra.primary, composed.tree);
    if (flat.ok) {
      info.files.push(...composed.files);
      for (const [key, value] of flat.values)
        info.values.push({ file: hydra.primary, key, value: withheld(key, value) });
    } else info.findings.push(flat.finding);
  }
  const inHydraTree = (file: string): boolean => hydra !== undefined && file.startsWith(`${hydra.configDir}/`);
  for (const file of files) {
    if (inHydraTree(file)) continue;
    if (PARAMS_FILE.test(file) || CONFIG_TREE.test(file)) {
      const text = await readText(root, file);
      if (text === undefined) continue;
      const parsed = parseStructured(file, text);
      if (!parsed.ok) {
        info.findings.push(parsed.finding);
        continue;
      }
      const flat = flattenFile(file, parsed.value);
      if (!flat.ok) {
        info.findings.push(flat.finding);
        continue;
      }
      info.files.push(file);
      // A `defaults:` list chooses other configs; it is not a param.
      for (const [key, value] of flat.values)
        if (key !== 'defaults' && !/^defaults[.[]/.test(key))
          info.values.push({ file, key, value: withheld(key, value) });
    } else if (file === 'MLproject') {
      await readMlproject(root, file, info);
    } else if (CONSTANTS_FILE.test(file)) {
      const text = await readText(root, file);
      if (text === undefined) continue;
      const constants = readPythonConstants(text);
      if (constants.length > 0) info.files.push(file);
      for (const [key, value] of constants) info.values.push({ file, key, value: withheld(key, value) });
    }
  }
  const python = await readPythonParams(root, files);
  info.files.push(...python.files.filter((file) => !info.files.includes(file)));
  info.values.push(...python.values.map((entry) => ({ ...entry, value: withheld(entry.key, entry.value) })));
  info.findings.push(...python.findings);
  return info;
}

async function readMlproject(root: string, file: string, info: ParamsInfo): Promise<void> {
  const text = await readText(root, file);
  if (text === undefined) return;
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    info.findings.push({
      severity: 'warning',
      code: 'unreadable-file',
      message: `${file} is not valid YAML.`,
      file,
      line: null,
      fix: null,
    });
    return;
  }
  if (!isRecord(doc) || !isRecord(doc['entry_points'])) return;
  info.files.push(file);
  for (const [name, entry] of Object.entries(doc['entry_points'])) {
    if (!isRecord(entry)) continue;
    const parameters = isRecord(entry['parameters']) ? entry['parameters'] : {};
    const defaults: Record<string, string> = {};
    for (const [param, spec] of Object.entries(parameters)) {
      const value = isRecord(spec) ? spec['default'] : spec;
      const scalar =
        typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : null;
      info.values.push({ file, key: `${name}.${param}`, value: withheld(param, scalar) });
      if (scalar !== null) defaults[param] = String(scalar);
    }
    if (typeof entry['command'] === 'string') {
      // MLflow fills {param} placeholders from the defaults.
      const command = entry['command'].replace(/\{(\w+)\}/g, (whole, param: string) => defaults[param] ?? whole);
      info.entryPoints.push({ command, source: `MLproject entry point "${name}"` });
    }
  }
}

/** `LR = 0.1`, `NAME: str = "x"`, `DEBUG = False`: module-level upper-case names bound to literals. */
export function readPythonConstants(text: string): [string, string | number | boolean | null][] {
  const found: [string, string | number | boolean | null][] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Z][A-Z0-9_]*)\s*(?::\s*[\w[\], .|]+)?\s*=\s*(.+?)\s*(#.*)?$/.exec(line);
    if (match === null) continue;
    const literal = pythonLiteral(match[2] ?? '');
    if (literal !== undefined) found.push([match[1] as string, literal]);
  }
  return found;
}

function pythonLiteral(source: string): string | number | boolean | null | undefined {
  if (source === 'True') return true;
  if (source === 'False') return false;
  if (source === 'None') return null;
  if (/^[-+]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][-+]?\d+)?$/.test(source)) return Number(source.replace(/_/g, ''));
  const quoted = /^(?:[rRuU]?)(["'])(.*)\1$/.exec(source);
  if (quoted !== null && !(quoted[2] ?? '').includes(quoted[1] as string)) return quoted[2] ?? '';
  return undefined;
}

/** A secret is never copied into the manifest's params: the key stays, the value is withheld. */
function withheld<T>(key: string, value: T): T | string {
  return isSecretParam(key, value) ? WITHHELD_VALUE : value;
}
