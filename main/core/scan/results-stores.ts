// Results kept by an experiment tracker rather than in a file (issue 16; format v2's typed results
// sources): the latest run of an MLflow store (`mlruns/`: metrics are logs, the last value counts)
// and the latest W&B offline run (`wandb/offline-run-*/files/wandb-summary.json`). Read the same
// way from the author's project and from what a replay's run wrote; in a run's outputs nothing is
// trusted: no link is followed, only regular files are read, every file under a size cap.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Metric, ResultsSourceType } from '../../shared/manifest';
import { readSmallFile } from '../files/read-small-file';
import { DEFAULT_TOLERANCE } from './results';

const MAX_STORE_FILE_BYTES = 16 * 1024 * 1024;
const MAX_RUNS = 10_000;

/** Subfolders of `folder` (project-relative), never through a link. */
async function folders(root: string, folder: string): Promise<string[]> {
  const full = path.join(root, ...folder.split('/'));
  const info = await lstat(full).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) return [];
  const entries = await readdir(full, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && !entry.isSymbolicLink())
    .slice(0, MAX_RUNS)
    .map((entry) => `${folder}/${entry.name}`);
}

async function text(root: string, file: string): Promise<string | undefined> {
  const read = await readSmallFile(root, file, { maxBytes: MAX_STORE_FILE_BYTES, followLinks: false });
  return read.ok ? read.data.toString('utf8') : undefined;
}

/** The latest MLflow run's metrics: the run with the greatest start_time across experiments. */
async function mlflowMetrics(root: string, store: string): Promise<Map<string, number>> {
  let latest: { run: string; start: number } | undefined;
  for (const experiment of await folders(root, store)) {
    for (const run of await folders(root, experiment)) {
      const meta = await text(root, `${run}/meta.yaml`);
      const start = Number(/^start_time:\s*(\d+)/m.exec(meta ?? '')?.[1] ?? Number.NaN);
      if (Number.isFinite(start) && (latest === undefined || start > latest.start)) latest = { run, start };
    }
  }
  const metrics = new Map<string, number>();
  if (latest === undefined) return metrics;
  const metricsFolder = path.join(root, ...`${latest.run}/metrics`.split('/'));
  if ((await lstat(metricsFolder).catch(() => undefined))?.isDirectory() !== true) return metrics;
  const entries = await readdir(metricsFolder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.filter((item) => item.isFile())) {
    // Each line is `<timestamp> <value> <step>`; the last logged (highest step, then latest) counts.
    const lines = ((await text(root, `${latest.run}/metrics/${entry.name}`)) ?? '')
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter((parts) => parts.length >= 2 && parts.every(Number.isFinite));
    const last = lines.sort((a, b) => (a[2] ?? 0) - (b[2] ?? 0) || (a[0] ?? 0) - (b[0] ?? 0)).at(-1);
    if (last !== undefined) metrics.set(entry.name, last[1] as number);
  }
  return metrics;
}

/** The latest W&B offline run's summary (runs are named offline-run-<time>-<id>: the name orders them). */
async function wandbMetrics(root: string, store: string): Promise<Map<string, number>> {
  const runs = (await folders(root, store)).filter((run) => /\/(offline-)?run-\d{8}_\d{6}-/.test(run)).sort();
  const metrics = new Map<string, number>();
  const latest = runs.at(-1);
  if (latest === undefined) return metrics;
  let summary: unknown;
  try {
    summary = JSON.parse((await text(root, `${latest}/files/wandb-summary.json`)) ?? 'null');
  } catch {
    return metrics;
  }
  if (summary === null || typeof summary !== 'object') return metrics;
  for (const [key, value] of Object.entries(summary))
    if (typeof value === 'number' && Number.isFinite(value) && !key.startsWith('_')) metrics.set(key, value);
  return metrics;
}

/** The metrics a results store holds (the latest run's), by name. */
export function readStore(
  root: string,
  type: Exclude<ResultsSourceType, 'file'>,
  store: string,
): Promise<Map<string, number>> {
  return type === 'mlflow' ? mlflowMetrics(root, store) : wandbMetrics(root, store);
}

/** A store's latest run as recorded metrics (the default tolerance for non-integers). */
export async function storeMetrics(
  root: string,
  type: Exclude<ResultsSourceType, 'file'>,
  store: string,
): Promise<Metric[]> {
  return [...(await readStore(root, type, store))].map(([name, value]) => ({
    name,
    file: store,
    source: type,
    value,
    tolerance: Number.isInteger(value) ? null : DEFAULT_TOLERANCE,
  }));
}

/** Stores in a project: `mlruns/` and `wandb/` at the top level, with at least one run that has metrics. */
export async function findStores(root: string, files: readonly string[]): Promise<Metric[]> {
  const found: Metric[] = [];
  if (files.some((file) => file.startsWith('mlruns/'))) found.push(...(await storeMetrics(root, 'mlflow', 'mlruns')));
  if (files.some((file) => file.startsWith('wandb/'))) found.push(...(await storeMetrics(root, 'wandb', 'wandb')));
  return found;
}
