// Reading the project's own small text files (DVC metadata, params, lockfiles) during a scan:
// size-capped, and parse failures become findings instead of crashes.
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { errorMessage } from '../../shared/error-text';
import type { Finding } from '../../shared/manifest';
import { pathProblem } from '../../shared/bundle-path';
import { readProjectFileSync } from './read-small-file';

/** Metadata files are small; a larger one is not what we think it is. */
const MAX_METADATA_BYTES = 8 * 1024 * 1024;

/**
 * A project file's text, or undefined when it is not a plain relative path, not a regular file,
 * or over the cap. Read synchronously (readProjectFileSync: a scan reads hundreds of these, and
 * five thread-pool round trips each were most of a large project's scan); async for its callers.
 */
export async function readText(root: string, rel: string): Promise<string | undefined> {
  if (pathProblem(rel) !== undefined) return undefined;
  return readProjectFileSync(path.join(root, ...rel.split('/')), MAX_METADATA_BYTES)?.toString('utf8');
}

export type Parsed = { ok: true; value: unknown } | { ok: false; finding: Finding };

/** `flatten`, with nesting past MAX_NESTING reported as a finding about the file instead of thrown. */
export function flattenFile(
  rel: string,
  value: unknown,
): { ok: true; values: [string, string | number | boolean | null][] } | { ok: false; finding: Finding } {
  try {
    return { ok: true, values: flatten(value) };
  } catch (error) {
    if (!(error instanceof TooDeeplyNestedError)) throw error;
    return {
      ok: false,
      finding: {
        severity: 'warning',
        code: 'unreadable-file',
        message: `${rel} is ${error.message}; its values are not read.`,
        file: rel,
        line: null,
        fix: 'Keep metrics and parameters in a shallow structure.',
      },
    };
  }
}

export function parseStructured(rel: string, text: string): Parsed {
  try {
    const extension = path.posix.extname(rel).toLowerCase();
    const value =
      extension === '.json' ? JSON.parse(text) : extension === '.toml' ? parseToml(text) : (parseYaml(text) as unknown);
    return { ok: true, value };
  } catch (error) {
    return {
      ok: false,
      finding: {
        severity: 'warning',
        code: 'unreadable-file',
        message: `${rel} could not be parsed: ${errorMessage(error).split('\n')[0] ?? ''}`,
        file: rel,
        line: null,
        fix: 'Fix the syntax error so its contents are recorded.',
      },
    };
  }
}

/** How deep `flatten` goes: metrics and params are shallow; deeper nesting is refused, not recursed into. */
export const MAX_NESTING = 64;

export class TooDeeplyNestedError extends Error {
  constructor() {
    super(`nested deeper than ${MAX_NESTING} levels`);
  }
}

/** `{a: {b: 1, c: [2, 3]}}` → `a.b = 1`, `a.c.0 = 2`, `a.c.1 = 3`. Throws TooDeeplyNestedError past MAX_NESTING. */
export function flatten(value: unknown, prefix = '', depth = 0): [string, string | number | boolean | null][] {
  if (depth > MAX_NESTING) throw new TooDeeplyNestedError();
  if (value === null || typeof value !== 'object') {
    const scalar =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : value === null
          ? null
          : String(value);
    return prefix === '' ? [] : [[prefix, scalar]];
  }
  if (value instanceof Date) return [[prefix, value.toISOString()]];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, item]) => flatten(item, prefix === '' ? key : `${prefix}.${key}`, depth + 1));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
