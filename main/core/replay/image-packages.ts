// What the replay image actually has (issue 15): the Python distributions its interpreter sees,
// read once per image ID (a short container in the sandbox, answer cached), compared with what
// the interpreter that ran the experiment had (the manifest's `environment.installed`). The
// difference sits beside the hardware difference in every report: a result that moved with numpy
// 1.24 → 2.4 is explained there.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import type { Manifest } from '../../shared/manifest';
import type { PackageDifference } from '../../shared/replay-report';
import { runContainer } from '../docker/run-container';
import { writeFileAtomically } from '../files/atomic-write';
import { normalise } from '../recipes/interpreter';
import { CONTAINER_UID } from '../recipes/dockerfile';

const LIST_TIMEOUT_MS = 30_000;
/** `python` first (a venv's or conda's on PATH), then `python3`; `null` when the image has neither. */
const LIST_SCRIPT = [
  'for p in python python3; do',
  '  if command -v "$p" >/dev/null 2>&1; then',
  `    exec "$p" -c 'import json, importlib.metadata as m; print(json.dumps(sorted({(d.metadata["Name"] or ""): d.version for d in m.distributions() if d.metadata["Name"]}.items())))'`,
  '  fi',
  'done',
  'echo null',
].join('\n');

type Distribution = { name: string; version: string };

/** The image's distributions (normalised names), from the cache or a short run; null when it has no Python. */
export async function imageDistributions(
  docker: Docker,
  image: { imageId: string; ref: string },
  cacheDir: string,
  signal?: AbortSignal,
): Promise<Distribution[] | null> {
  const cached = path.join(
    cacheDir,
    'image-packages',
    `${createHash('sha256').update(image.imageId).digest('hex').slice(0, 32)}.json`,
  );
  const known = await readFile(cached, 'utf8').then(parseList, () => undefined);
  if (known !== undefined) return known;
  const run = await runContainer(docker, {
    image: image.ref,
    entrypoint: ['/bin/sh', '-c'],
    command: [LIST_SCRIPT],
    user: `${CONTAINER_UID}:${CONTAINER_UID}`,
    env: { HOME: '/tmp' },
    timeoutMs: LIST_TIMEOUT_MS,
    ...(signal === undefined ? {} : { signal }),
  });
  const listed = run.exitCode === 0 ? parseList(run.stdout) : undefined;
  if (listed === undefined) return null;
  await mkdir(path.dirname(cached), { recursive: true });
  await writeFileAtomically(cached, JSON.stringify(listed), { replace: true });
  return listed;
}

/** The list a run printed (`[[name, version], …]` or null), or undefined when it is not one. */
function parseList(text: string): Distribution[] | null | undefined {
  try {
    const value: unknown = JSON.parse(text.trim().split('\n').at(-1) ?? '');
    if (value === null) return null;
    if (!Array.isArray(value)) return undefined;
    const found = new Map<string, string>();
    for (const entry of value)
      if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string')
        found.set(normalise(entry[0]), entry[1]);
    return [...found].map(([name, version]) => ({ name, version })).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return undefined;
  }
}

/** What changed between the author's interpreter and the image; null when either side is unknown. */
export function packageDifference(
  installed: Manifest['environment']['installed'],
  current: readonly Distribution[] | null,
): PackageDifference | null {
  if (installed === undefined || installed === null || current === null) return null;
  const recorded = new Map(installed.distributions.map((entry) => [normalise(entry.name), entry.version]));
  const now = new Map(current.map((entry) => [entry.name, entry.version]));
  const difference: PackageDifference = { recordedPython: installed.python, changed: [], added: [], removed: [] };
  for (const [name, version] of now) {
    const before = recorded.get(name);
    if (before === undefined) difference.added.push({ name, version });
    else if (before !== version) difference.changed.push({ name, recorded: before, current: version });
  }
  for (const [name, version] of recorded) if (!now.has(name)) difference.removed.push({ name, version });
  return difference;
}
