// Which Python the image gets (issue 15): the version that ran the experiment wherever the
// project leaves room for it. Exact versions (.python-version, runtime.txt, conda's python=X.Y,
// Pipfile's python_version, a project Dockerfile's python:X.Y image) decide; ranges
// (requires-python, poetry's python) are met with the author's interpreter when it satisfies them,
// else the newest allowed minor not newer than it; with no source, the interpreter decides. Never a
// default newer than the author's interpreter. Written by hand: PEP 440 and poetry's caret/tilde
// reduce to minor-version bounds here, and no package keeps that small piece.

export interface PythonDecision {
  version: string;
  source: string;
}

export interface PythonSources {
  /** Exact versions found, with the file that states each. */
  exact: { version: string; source: string }[];
  /** Range specifiers (`>=3.8,<3.12`, `^3.8`), with their file. */
  ranges: { spec: string; source: string }[];
  /** The interpreter that ran the experiment (`3.11.4`), and where it was found. */
  interpreter: { version: string; source: string } | null;
}

/** Minors are compared as numbers: 3.9 < 3.10. */
type Minor = [number, number];
const minorOf = (text: string): Minor | undefined => {
  const match = /(\d+)\.(\d+)/.exec(text);
  return match === null ? undefined : [Number(match[1]), Number(match[2])];
};
const compare = (a: Minor, b: Minor): number => a[0] - b[0] || a[1] - b[1];
const show = (minor: Minor): string => `${minor[0]}.${minor[1]}`;

/** Whether a minor version is allowed by a specifier (comma-separated clauses; `||` alternatives). */
export function allows(spec: string, minor: Minor): boolean {
  return spec.split('||').some((alternative) =>
    alternative
      .split(',')
      .map((clause) => clause.trim())
      .filter((clause) => clause !== '' && clause !== '*')
      .every((clause) => clauseAllows(clause, minor)),
  );
}

function clauseAllows(clause: string, minor: Minor): boolean {
  const match = /^(\^|~=|~|===|==|!=|>=|<=|>|<)?\s*v?(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?/.exec(clause);
  if (match === null) return true; // not understood: not used to rule anything out
  const operator = match[1] ?? '==';
  const major = Number(match[2]);
  const wildcard = match[3] === '*' || match[3] === undefined;
  const bound: Minor = [major, wildcard ? 0 : Number(match[3])];
  const patch = match[4] !== undefined && match[4] !== '*' ? Number(match[4]) : 0;
  const order = compare(minor, bound);
  switch (operator) {
    case '^':
      return order >= 0 && minor[0] === major;
    case '~':
      return wildcard ? minor[0] === major : order === 0;
    case '~=':
      // ~=3.8 means >=3.8,==3.*; ~=3.8.1 means >=3.8.1,==3.8.*
      return match[4] !== undefined ? order === 0 : order >= 0 && minor[0] === major;
    case '==':
    case '===':
      return wildcard ? minor[0] === major : order === 0;
    case '!=':
      // Only `!=3.8.*` rules a whole minor out; `!=3.8` or `!=3.8.1` leave other patches of it.
      return !(clause.endsWith('.*') && match[3] !== undefined && match[3] !== '*' && order === 0);
    case '>=':
    case '>': // >3.8 still allows 3.8.1, so the minor is allowed
      return order >= 0;
    case '<=':
      return order <= 0;
    case '<':
      return order < 0 || (order === 0 && patch > 0);
    default:
      return true;
  }
}

/** Python 3 minors considered when a range must be resolved without an interpreter. */
const KNOWN_MINORS: readonly Minor[] = Array.from({ length: 9 }, (_, index) => [3, 14 - index] as Minor);
/** The default when nothing at all is known: the newest minor the default image family offers. */
const DEFAULT_MINOR: Minor = [3, 12];

export function decidePython(sources: PythonSources): { decision: PythonDecision | null; findings: string[] } {
  const findings: string[] = [];
  const interpreter = sources.interpreter === null ? undefined : minorOf(sources.interpreter.version);
  const interpreterText =
    sources.interpreter === null
      ? ''
      : `the interpreter that ran the experiment (${sources.interpreter.version}, ${sources.interpreter.source})`;
  const exact = sources.exact.find((entry) => minorOf(entry.version) !== undefined);
  if (exact !== undefined) {
    const minor = minorOf(exact.version) as Minor;
    if (interpreter !== undefined && compare(minor, interpreter) > 0)
      findings.push(
        `${exact.source} pins Python ${exact.version}, newer than ${interpreterText}: which one produced the results?`,
      );
    return { decision: { version: show(minor), source: `Python ${exact.version} from ${exact.source}` }, findings };
  }
  const ranges = sources.ranges;
  const allowed = (minor: Minor): boolean => ranges.every((range) => allows(range.spec, minor));
  const rangeText = ranges.map((range) => `${range.spec} (${range.source})`).join(' and ');
  if (interpreter !== undefined) {
    if (allowed(interpreter))
      return {
        decision: {
          version: show(interpreter),
          source: `${interpreterText}${ranges.length > 0 ? `, within ${rangeText}` : ''}`,
        },
        findings,
      };
    const older = KNOWN_MINORS.filter((minor) => compare(minor, interpreter) <= 0).find(allowed);
    if (older !== undefined)
      return {
        decision: {
          version: show(older),
          source: `the newest Python allowed by ${rangeText} not newer than ${interpreterText}`,
        },
        findings,
      };
    const any = [...KNOWN_MINORS].reverse().find(allowed);
    findings.push(`${rangeText} allows no Python as old as ${interpreterText}: which one produced the results?`);
    if (any !== undefined)
      return { decision: { version: show(any), source: `the oldest Python allowed by ${rangeText}` }, findings };
    return { decision: { version: show(interpreter), source: interpreterText }, findings };
  }
  if (ranges.length > 0) {
    const newest = KNOWN_MINORS.filter((minor) => compare(minor, DEFAULT_MINOR) <= 0).find(allowed);
    if (newest !== undefined)
      return { decision: { version: show(newest), source: `the newest Python allowed by ${rangeText}` }, findings };
  }
  return { decision: null, findings };
}
