// DVC's pipeline model, read from dvc.yaml without dvc: stages (with `foreach` and `matrix`
// expanded and `wdir` applied), what each reads and writes, and their order. DVC's own templating
// (`${item}`, `${key}`, `${item.field}`) is substituted for the loop variables only; other
// `${…}` (params interpolation) are left as written, as dvc would resolve them from params.yaml.
import path from 'node:path';
import { isRecord } from '../files/project-files';

export interface Stage {
  /** As dvc names it: `train`, `build@cpu`, `build@lr-0.1`. */
  name: string;
  /** The dvc.yaml that declares it. */
  file: string;
  /** The shell command, run in the project's root (`cd <wdir> && …` when the stage has one). */
  command: string;
  /** Project-relative paths the stage reads and writes. */
  deps: string[];
  outs: string[];
  /** Outputs (outs, metrics, plots) with `cache: false`: kept in git, not in DVC's cache. */
  uncached: string[];
  /** Metrics files the stage declares. */
  metrics: string[];
}

type Substitutions = Record<string, unknown>;

/** Replaces `${item}`, `${item.a.b}`, `${key}` with the loop's values; everything else is kept. */
function substitute(value: unknown, variables: Substitutions): unknown {
  if (typeof value === 'string')
    return value.replace(/\$\{\s*([\w.]+)\s*\}/g, (whole, name: string) => {
      const [head, ...rest] = name.split('.');
      if (head === undefined || !(head in variables)) return whole;
      let current: unknown = variables[head];
      for (const part of rest) current = isRecord(current) ? current[part] : undefined;
      return current === undefined || isRecord(current) || Array.isArray(current) ? whole : String(current);
    });
  if (Array.isArray(value)) return value.map((entry) => substitute(entry, variables));
  if (isRecord(value))
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [substitute(key, variables) as string, substitute(entry, variables)]),
    );
  return value;
}

/** Every stage of one dvc.yaml, loops expanded; `folder` is the file's folder in the project. */
export function expandStages(pipeline: Record<string, unknown>, folder: string, file: string): Stage[] {
  const stages: Stage[] = [];
  const declared = isRecord(pipeline['stages']) ? pipeline['stages'] : {};
  for (const [name, definition] of Object.entries(declared)) {
    if (!isRecord(definition)) continue;
    if ('foreach' in definition && isRecord(definition['do'])) {
      const items = definition['foreach'];
      const entries: [string, unknown][] = Array.isArray(items)
        ? items.map((item) => [isRecord(item) ? JSON.stringify(item) : String(item), item])
        : isRecord(items)
          ? Object.entries(items)
          : [];
      for (const [key, item] of entries) {
        const body = substitute(definition['do'], { item, key }) as Record<string, unknown>;
        const stage = toStage(`${name}@${key}`, body, folder, file);
        if (stage !== undefined) stages.push(stage);
      }
      continue;
    }
    if (isRecord(definition['matrix'])) {
      const axes = Object.entries(definition['matrix']).filter((axis): axis is [string, unknown[]] =>
        Array.isArray(axis[1]),
      );
      let combinations: Record<string, unknown>[] = [{}];
      for (const [axis, values] of axes)
        combinations = combinations.flatMap((combination) =>
          values.map((value) => ({ ...combination, [axis]: value })),
        );
      const { matrix: _matrix, ...body } = definition;
      for (const combination of combinations) {
        const suffix = Object.values(combination)
          .map((value) => String(value))
          .join('-');
        const stage = toStage(
          `${name}@${suffix}`,
          substitute(body, { item: combination }) as Record<string, unknown>,
          folder,
          file,
        );
        if (stage !== undefined) stages.push(stage);
      }
      continue;
    }
    const stage = toStage(name, definition, folder, file);
    if (stage !== undefined) stages.push(stage);
  }
  return stages;
}

function toStage(name: string, body: Record<string, unknown>, folder: string, file: string): Stage | undefined {
  const cmd = body['cmd'];
  const commands =
    typeof cmd === 'string'
      ? [cmd]
      : Array.isArray(cmd)
        ? cmd.filter((part): part is string => typeof part === 'string')
        : [];
  if (commands.length === 0) return undefined;
  const wdir = typeof body['wdir'] === 'string' ? path.posix.normalize(path.posix.join(folder, body['wdir'])) : folder;
  const inProject = (entry: string): string => path.posix.normalize(path.posix.join(wdir, entry));
  const joined = commands.join(' && ');
  const outputs = (key: string): { path: string; cache: boolean }[] =>
    (Array.isArray(body[key]) ? body[key] : []).flatMap((entry: unknown) => {
      if (typeof entry === 'string') return [{ path: inProject(entry), cache: key === 'outs' }];
      if (!isRecord(entry)) return [];
      return Object.entries(entry).map(([out, options]) => ({
        path: inProject(out),
        // outs are cached unless told otherwise; metrics and plots too (DVC 2+), except cache: false.
        cache: !(isRecord(options) && options['cache'] === false),
      }));
    });
  const outs = [...outputs('outs'), ...outputs('metrics'), ...outputs('plots')];
  return {
    name,
    file,
    command: wdir === '.' ? joined : `(cd ${wdir} && ${joined})`,
    deps: (Array.isArray(body['deps']) ? body['deps'] : [])
      .filter((dep): dep is string => typeof dep === 'string')
      .map(inProject),
    outs: outs.map((out) => out.path),
    uncached: outs.filter((out) => !out.cache).map((out) => out.path),
    metrics: outputs('metrics').map((out) => out.path),
  };
}

/** Whether `dep` is `out` or inside the folder `out`. */
const produces = (out: string, dep: string): boolean => dep === out || dep.startsWith(`${out}/`);

/**
 * The stages in an order that runs every producer before its consumers (Kahn's algorithm); ties
 * keep dvc.yaml's order. A cycle (which dvc refuses) leaves the remaining stages in file order.
 */
export function pipelineOrder(stages: readonly Stage[]): Stage[] {
  const needs = stages.map(
    (stage) =>
      new Set(
        stages
          .map((other, index) =>
            other !== stage && stage.deps.some((dep) => other.outs.some((out) => produces(out, dep))) ? index : -1,
          )
          .filter((index) => index >= 0),
      ),
  );
  const done = new Set<number>();
  const order: Stage[] = [];
  while (order.length < stages.length) {
    const next = stages.findIndex(
      (_, index) => !done.has(index) && [...(needs[index] ?? [])].every((need) => done.has(need)),
    );
    const pick = next >= 0 ? next : stages.findIndex((_, index) => !done.has(index));
    done.add(pick);
    order.push(stages[pick] as Stage);
  }
  return order;
}
