// Batch evaluation (issue 20): replays every bundle of a folder or list, up to `jobs` at a time on
// the engine in use, writes each one's JSON and HTML report into the output folder and a summary
// (summary-files.ts). Resumable: a bundle already evaluated with the same bytes and the same
// verdict-affecting options (data, base image, limits, strictness, tool version) is taken from its
// record, except an infrastructure failure (ERROR), which is tried again. Never prompts: a
// trusted name with a changed key, or a tampered bundle, is a REFUSED row. Replays run on the
// engine in use, or as jobs of a Slurm cluster (slurm-replayer.ts).
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { APP_VERSION } from '../app-info';
import { CancelledError, ReproError } from '../errors';
import { writeFileAtomically } from '../files/atomic-write';
import { hashFile } from '../hash-file';
import type { ProgressSink } from '../progress';
import { replayBundle, type ReplayOptions } from '../replay/replay-bundle';
import { reportJson } from '../replay/report-files';
import { renderReportHtml } from '../replay/report-html';
import type { TrustStore } from '../signing/trust-store';
import { errorMessage } from '../../shared/error-text';
import { evaluationRowSchema, type EvaluationRow } from '../../shared/evaluation';
import type { ReplayReport } from '../../shared/replay-report';
import { SlurmArray, type SlurmOptions } from './slurm-replayer';
import { writeSummaryFiles, type SummaryFiles } from './summary-files';

export interface EvaluateOptions {
  /** Bundle files, folders of bundles, or text files listing bundles (one path per line). */
  inputs: readonly string[];
  outDir: string;
  jobs: number;
  docker: Docker;
  workRoot: string;
  cacheDir: string;
  trustStore?: TrustStore;
  /** Options of every replay that change what a verdict means. */
  replay: Pick<ReplayOptions, 'dataDir' | 'baseImage' | 'limits' | 'strictTolerances' | 'runTimeoutMs' | 'ownKeys'>;
  /** Replay each bundle as a job of this Slurm cluster instead of on `docker` (slurm-replayer.ts). */
  slurm?: Omit<SlurmOptions, 'jobsDir'>;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  /** Each row as soon as it is known (reused or replayed). */
  onRow?: (row: EvaluationRow) => void;
}

const BUNDLE = /\.(rbundle|zip)$/i;

/** The bundles the inputs name, in a stable order, each once. */
export async function listBundles(inputs: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const input of inputs) {
    const full = path.resolve(input);
    const info = await stat(full).catch(() => undefined);
    if (info === undefined)
      throw new ReproError({
        code: 'evaluate-input-missing',
        kind: 'usage',
        message: `${full} does not exist.`,
        fix: 'Name a folder of bundles, a bundle, or a text file listing bundles.',
        inputs: ['bundles'],
        file: full,
      });
    if (info.isDirectory()) {
      const names = (await readdir(full)).filter((name) => BUNDLE.test(name)).sort();
      found.push(...names.map((name) => path.join(full, name)));
    } else if (BUNDLE.test(full)) found.push(full);
    else {
      const listed = (await readFile(full, 'utf8'))
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
      found.push(...listed.map((line) => path.resolve(path.dirname(full), line)));
    }
  }
  return [...new Set(found)];
}

export async function evaluateBundles(
  options: EvaluateOptions,
): Promise<{ rows: EvaluationRow[]; files: SummaryFiles }> {
  const bundles = await listBundles(options.inputs);
  await mkdir(path.join(options.outDir, 'bundles'), { recursive: true });
  const rows: (EvaluationRow | undefined)[] = new Array(bundles.length);
  let done = 0;
  const started = Date.now();
  const report = (): void => {
    const elapsed = Date.now() - started;
    const left = done === 0 ? undefined : Math.round(((bundles.length - done) * elapsed) / done / 1000);
    options.onProgress?.({
      phase: 'evaluate',
      done,
      total: bundles.length,
      unit: 'files',
      message: `${done} of ${bundles.length} bundles${left === undefined || done === bundles.length ? '' : `, about ${left} s left`}`,
    });
  };
  report();
  // On Slurm, the bundles not already evaluated go out as one array job first (its throttle is
  // `jobs`); each row then waits for its task. Locally, `jobs` replays run at a time.
  let replay = (file: string): Promise<ReplayReport> =>
    replayBundle({
      file,
      docker: options.docker,
      workRoot: options.workRoot,
      cacheDir: options.cacheDir,
      ...(options.trustStore === undefined ? {} : { trustStore: options.trustStore }),
      ...options.replay,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  const lookups = new Map<string, Lookup>();
  if (options.slurm !== undefined) {
    for (const file of bundles) lookups.set(file, await lookUp(file, options));
    const toReplay = bundles.filter((file) => lookups.get(file)?.reused === undefined);
    if (toReplay.length > 0) {
      const array = await SlurmArray.submit(toReplay, options.replay, {
        ...options.slurm,
        jobsDir: path.join(options.outDir, 'slurm-jobs'),
        throttle: options.jobs,
      });
      replay = (file) => array.result(file, options.signal);
    }
  }
  const concurrency = options.slurm === undefined ? options.jobs : bundles.length;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bundles.length) {
      if (options.signal?.aborted === true) throw new CancelledError('The evaluation');
      const index = next;
      next += 1;
      const file = bundles[index] as string;
      const row = await evaluateOne(file, options, lookups.get(file) ?? (await lookUp(file, options)), replay);
      rows[index] = row;
      done += 1;
      options.onRow?.(row);
      report();
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, bundles.length)) }, () => worker());
  // Every worker is awaited before a failure is rethrown: none is left running unobserved.
  const settled = await Promise.allSettled(workers);
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  const complete = rows.filter((row): row is EvaluationRow => row !== undefined);
  return { rows: complete, files: await writeSummaryFiles(options.outDir, complete) };
}

/** The record of one bundle's evaluation, kept to resume. */
function recordFile(outDir: string, sha256: string, file: string): string {
  return path.join(outDir, 'bundles', `${path.basename(file).replace(BUNDLE, '')}-${sha256.slice(0, 12)}.record.json`);
}

/** What is known of a bundle before replaying it: its digest, the resume key, a row to reuse. */
interface Lookup {
  sha256: string | null;
  key: string;
  reused?: EvaluationRow;
}

async function lookUp(file: string, options: EvaluateOptions): Promise<Lookup> {
  const sha256 = await hashFile(file, options.signal).then(
    (digest) => digest.sha256,
    () => null,
  );
  const key = createHash('sha256')
    .update(JSON.stringify({ bundle: sha256, version: APP_VERSION, ...options.replay }))
    .digest('hex');
  if (sha256 === null) return { sha256, key };
  const previous = await readFile(recordFile(options.outDir, sha256, file), 'utf8')
    .then((text) => JSON.parse(text) as { key: string; row: unknown })
    .catch(() => undefined);
  const row = previous?.key === key ? evaluationRowSchema.safeParse(previous.row) : undefined;
  return row?.success === true && row.data.verdict !== 'ERROR'
    ? { sha256, key, reused: { ...row.data, file, reused: true } }
    : { sha256, key };
}

async function evaluateOne(
  file: string,
  options: EvaluateOptions,
  { sha256, key, reused }: Lookup,
  replay: (file: string) => Promise<ReplayReport>,
): Promise<EvaluationRow> {
  if (reused !== undefined) return reused;
  const started = Date.now();
  let row: EvaluationRow;
  try {
    const replayed = await replay(file);
    row = await rowOf(file, sha256, replayed, options.outDir, Date.now() - started);
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    // The engine went away, a disk filled: not the bundle's fault, so tried again next time.
    row = {
      file,
      bundleSha256: sha256,
      project: null,
      signer: null,
      trust: null,
      verdict: 'ERROR',
      image: null,
      mismatching: [],
      durationMs: Date.now() - started,
      firstError: firstLine(errorMessage(error)),
      report: null,
      reused: false,
    };
  }
  if (sha256 !== null)
    await writeFileAtomically(recordFile(options.outDir, sha256, file), `${JSON.stringify({ key, row }, null, 2)}\n`, {
      replace: true,
    });
  return row;
}

async function rowOf(
  file: string,
  sha256: string | null,
  report: ReplayReport,
  outDir: string,
  durationMs: number,
): Promise<EvaluationRow> {
  const base = path.join(
    outDir,
    'bundles',
    `${path.basename(file).replace(BUNDLE, '')}-${(sha256 ?? 'unhashed').slice(0, 12)}`,
  );
  const files = { json: `${base}.report.json`, html: `${base}.report.html` };
  await writeFileAtomically(files.json, reportJson(report), { replace: true });
  await writeFileAtomically(files.html, renderReportHtml(report), { replace: true });
  const verification = report.verification;
  const refused = !verification.valid || verification.trust?.state === 'key-changed';
  return {
    file,
    bundleSha256: sha256,
    project: report.project?.name ?? null,
    signer: verification.signer?.name ?? null,
    trust: verification.trust?.state ?? null,
    verdict: refused ? 'REFUSED' : report.verdict,
    image: report.run === null ? null : (report.image?.source ?? 'built'),
    mismatching: report.metrics.filter((metric) => !metric.passed).map((metric) => metric.name),
    durationMs,
    firstError: report.verdict === 'REPRODUCED' ? null : firstLine(report.reason),
    report: files,
    reused: false,
  };
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
