// Reading the project's own small text files (DVC metadata, params, lockfiles) during a scan:
// size-capped, and parse failures become findings instead of crashes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { errorMessage } from '../../shared/error-text';
import type { Finding } from '../../shared/manifest';

/** Metadata files are small; a larger one is not what we think it is. */
const MAX_METADATA_BYTES = 8 * 1024 * 1024;

export async function readText(root: string, rel: string): Promise<string | undefined> {
  try {
    const data = await readFile(path.join(root, rel));
    return data.length > MAX_METADATA_BYTES ? undefined : data.toString('utf8');
  } catch {
    return undefined;
  }
}

export type Parsed = { ok: true; value: unknown } | { ok: false; finding: Finding };

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

/** `{a: {b: 1, c: [2, 3]}}` → `a.b = 1`, `a.c.0 = 2`, `a.c.1 = 3`. */
export function flatten(value: unknown, prefix = ''): [string, string | number | boolean | null][] {
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
  return entries.flatMap(([key, item]) => flatten(item, prefix === '' ? key : `${prefix}.${key}`));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
