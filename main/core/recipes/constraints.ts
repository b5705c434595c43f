// The constraints a loose environment is installed with (issue 15, generator version 3): the
// versions the interpreter that ran the experiment had, for every distribution the requirements
// reach (each requirement, and what those distributions require in turn, read from their
// METADATA), so `numpy` or `pandas>=2` installs what produced the results, not the newest release.
// An explicit pin is never overridden: pinned names get no constraint, and a range the recorded
// version does not meet gets none either (the conflict is the scan's finding to report).
import type { EnvironmentInfo } from '../../shared/manifest';
import { normalise, type InstalledDistribution } from './interpreter';

export type Constraint = NonNullable<NonNullable<EnvironmentInfo['build']>['constraints']>[number];

/** Where the generated Dockerfile writes the constraints, and points pip at them (PIP_CONSTRAINT). */
export const CONSTRAINTS_FILE = '/opt/reprobundle/constraints.txt';

interface Requirement {
  name: string;
  /** The version specifier (`>=2.0,<3`), '' for none. */
  spec: string;
}

/** `name[extras] spec ; marker` lines of a requirements file (options, URLs and includes skipped). */
export function requirementLines(text: string): Requirement[] {
  const found: Requirement[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || line.startsWith('-') || /^[a-z][a-z0-9+.-]*:\/\//i.test(line)) continue;
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*([^;@]*)/.exec(line);
    if (
      match === null ||
      line
        .slice((match[0] ?? '').length)
        .trimStart()
        .startsWith('@')
    )
      continue;
    found.push({ name: match[1] ?? '', spec: (match[2] ?? '').trim() });
  }
  return found;
}

/**
 * The constraints for these requirements: every distribution they reach that the interpreter had,
 * at its recorded version, except names pinned exactly and ranges that version does not meet.
 * Sorted by name.
 */
export function constraintsFor(
  requirements: readonly Requirement[],
  installed: readonly InstalledDistribution[],
): Constraint[] {
  const byName = new Map(installed.map((entry) => [normalise(entry.name), entry]));
  const pinned = new Set<string>();
  const ranges = new Map<string, string>();
  for (const requirement of requirements) {
    const name = normalise(requirement.name);
    if (/^===?\s*[^*,\s]+$/.test(requirement.spec)) pinned.add(name);
    else if (requirement.spec !== '') ranges.set(name, requirement.spec);
  }
  const reached = new Set<string>();
  const queue = requirements.map((requirement) => normalise(requirement.name));
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (reached.has(name)) continue;
    reached.add(name);
    for (const required of byName.get(name)?.requires ?? []) queue.push(normalise(required));
  }
  const constraints: Constraint[] = [];
  for (const name of reached) {
    const entry = byName.get(name);
    if (entry === undefined || pinned.has(name) || !/^[A-Za-z0-9.+!_-]+$/.test(entry.version)) continue;
    const range = ranges.get(name);
    if (range !== undefined && !satisfies(entry.version, range)) continue;
    constraints.push({ name, version: entry.version });
  }
  return constraints.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * Whether `version` meets a PEP 440 specifier set (`>=1.2,<2`, `~=1.4`, `!=1.5`, `==1.*`), on
 * release numbers; pre-release and local parts are ignored. Anything it cannot read is "no", so
 * no constraint is added where it might contradict the author's file.
 */
export function satisfies(version: string, specifier: string): boolean {
  const release = (text: string): number[] | undefined => {
    const match = /^v?(\d+(?:\.\d+)*)/.exec(text.trim());
    return match === null ? undefined : (match[1] ?? '').split('.').map(Number);
  };
  const compare = (a: number[], b: number[]): number => {
    for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
      const difference = (a[index] ?? 0) - (b[index] ?? 0);
      if (difference !== 0) return Math.sign(difference);
    }
    return 0;
  };
  const have = release(version);
  if (have === undefined) return false;
  return specifier
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .every((part) => {
      const match = /^(~=|===|==|!=|<=|>=|<|>)\s*(.+)$/.exec(part);
      if (match === null) return false;
      const [, operator, target = ''] = match;
      if (target.endsWith('.*')) {
        const prefix = release(target.slice(0, -2));
        if (prefix === undefined) return false;
        const same = compare(have.slice(0, prefix.length), prefix) === 0;
        return operator === '!=' ? !same : operator === '==' && same;
      }
      const want = release(target);
      if (want === undefined) return false;
      const order = compare(have, want);
      switch (operator) {
        case '==':
        case '===':
          return order === 0;
        case '!=':
          return order !== 0;
        case '<=':
          return order <= 0;
        case '>=':
          return order >= 0;
        case '<':
          return order < 0;
        case '>':
          return order > 0;
        default: {
          // ~=X.Y.Z: >= X.Y.Z and == X.Y.*
          if (want.length < 2) return false;
          return order >= 0 && compare(have.slice(0, want.length - 1), want.slice(0, -1)) === 0;
        }
      }
    });
}
