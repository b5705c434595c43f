// JSON Lines tables: one object per line. Columns are the keys in order of first appearance;
// values are profiled as text like CSV fields, and each column remembers whether its values were
// JSON numbers, strings or booleans and how missing values appeared (null or an absent key), so
// a sample is written back the same way.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ReproError } from '../errors';

export interface JsonlColumn {
  name: string;
  kind: 'number' | 'string' | 'boolean' | 'json';
  /** How a missing value appeared: `null`, or the key left out. */
  missing: 'null' | 'absent';
}

export function isJsonLines(file: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(file);
}

/** Streams the rows; keys are collected as they appear, so later keys extend the columns. */
export async function readJsonl(
  file: string,
  onRow: (fields: string[], line: number) => void,
): Promise<{ columns: JsonlColumn[]; rows: number }> {
  const columns: JsonlColumn[] = [];
  const index = new Map<string, number>();
  const kinds: Map<string, number>[] = [];
  const nulls: number[] = [];
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 }),
    crlfDelay: Infinity,
  });
  let line = 0;
  let rows = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ReproError({
        code: 'synth-malformed',
        kind: 'usage',
        message: `${file}, line ${line}: not valid JSON (${(error as Error).message}).`,
        fix: 'Each line of a JSON Lines file must hold one JSON object.',
        file,
      });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ReproError({
        code: 'synth-malformed',
        kind: 'usage',
        message: `${file}, line ${line}: a ${Array.isArray(value) ? 'list' : typeof value}, not an object.`,
        fix: 'Each line of a JSON Lines file must hold one JSON object.',
        file,
      });
    }
    const fields = new Array<string>(columns.length).fill('');
    for (const [key, item] of Object.entries(value)) {
      let at = index.get(key);
      if (at === undefined) {
        at = columns.length;
        index.set(key, at);
        columns.push({ name: key, kind: 'string', missing: 'absent' });
        kinds.push(new Map());
        nulls.push(0);
      }
      const kind = item === null ? 'null' : typeof item === 'object' ? 'json' : typeof item;
      (kinds[at] as Map<string, number>).set(kind, ((kinds[at] as Map<string, number>).get(kind) ?? 0) + 1);
      if (item === null) nulls[at] = (nulls[at] as number) + 1;
      fields[at] = item === null ? '' : typeof item === 'object' ? JSON.stringify(item) : String(item);
    }
    rows += 1;
    onRow(fields, line);
  }
  columns.forEach((column, at) => {
    const seen = [...(kinds[at] as Map<string, number>)]
      .filter(([kind]) => kind !== 'null')
      .sort((a, b) => b[1] - a[1]);
    column.kind = (seen[0]?.[0] as JsonlColumn['kind'] | undefined) ?? 'string';
    column.missing = (nulls[at] as number) > 0 ? 'null' : 'absent';
  });
  return { columns, rows };
}

export function formatJsonl(columns: readonly JsonlColumn[], rows: readonly (readonly string[])[]): string {
  const lines = rows.map((row) => {
    const object: Record<string, unknown> = {};
    columns.forEach((column, at) => {
      const raw = row[at] ?? '';
      if (raw === '') {
        if (column.missing === 'null') object[column.name] = null;
        return;
      }
      // Nested values (kind 'json') are written as their (fake) text.
      if (column.kind === 'number' && Number.isFinite(Number(raw))) object[column.name] = Number(raw);
      else if (column.kind === 'boolean') object[column.name] = raw === 'true';
      else object[column.name] = raw;
    });
    return JSON.stringify(object);
  });
  return `${lines.join('\n')}\n`;
}
