// Handlers for the Replay screen: replay a bundle with the user's options, streaming phases and
// log lines, and save its report. Reports are kept for the session so "Save report" writes the
// very report shown, not one the browser sends back.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../shared/defaults';
import { ReproError } from '../core/errors';
import { optional } from '../shared/optional';
import { saveReport, writeReportFiles, type ReportFiles } from '../core/replay/report-files';
import { replayBundle } from '../core/replay/replay-bundle';
import { type ReplayReport } from '../shared/replay-report';
import { replayReportSchema } from '../shared/replay-report';
import { formatFingerprint } from '../shared/format';
import { attestReplay, readReplayReport } from '../core/submission/attestation';
import type { EngineContext } from '../core/engine';
import { resolveTrustedKey } from '../core/open/resolve-trusted-key';
import { listKeys } from '../core/signing/key-store';
import { signingKeyFor } from './signing-key';
import type { GroupOperations } from './handler-groups';
import type { HandlerGroup } from './handler-types';

type ReplayOperations = GroupOperations<'replay'>;

/** Reports kept for saving; the oldest go first (each is small, but a session may run many). */
const MAX_KEPT_REPORTS = 50;

export function replayHandlers(context: EngineContext): HandlerGroup<ReplayOperations> {
  const reports = new Map<string, { report: ReplayReport; files: ReportFiles | undefined }>();

  const keptReport = (reportId: string): { report: ReplayReport; files: ReportFiles | undefined } => {
    const kept = reports.get(reportId);
    if (kept === undefined) {
      throw new ReproError({
        code: 'report-unknown',
        kind: 'usage',
        message: "This replay's report is no longer held (the app was restarted).",
        fix: 'Replay the bundle again.',
      });
    }
    return kept;
  };

  return {
    replayBundle: async (request, { signal, progress }) => {
      const docker = await context.reachableEngine();
      const trusted = await Promise.all(request.trust.map(resolveTrustedKey));
      const report = await replayBundle({
        file: path.resolve(request.file),
        docker,
        workRoot: context.workRoot(),
        cacheDir: context.cacheDir(),
        trustStore: await context.trustStore(),
        strictTolerances: request.strictTolerances ?? (await context.settings()).strictTolerances,
        outputsQuotaBytes: (request.outputsQuotaGB ?? (await context.settings()).outputsQuotaGB) * 1e9,
        useShippedDockerfile: request.useShippedDockerfile,
        rebuild: request.rebuild,
        buildNetwork: request.buildNetwork,
        ...(trusted.length === 0
          ? { ownKeys: (await listKeys(context.configDir())).map((key) => key.fingerprint) }
          : { trust: trusted.map((key) => key.fingerprint) }),
        sample: request.sample,
        network: request.network,
        limits: {
          cpus: request.cpus ?? DEFAULT_LIMITS.cpus,
          memoryBytes: request.memoryMB === undefined ? DEFAULT_LIMITS.memoryBytes : request.memoryMB * 1024 * 1024,
          pids: DEFAULT_LIMITS.pids,
        },
        signal,
        onProgress: progress,
        onLog: (source, line) => progress({ phase: source, log: { source, line } }),
        ...optional('dataDir', request.dataDir === undefined ? undefined : path.resolve(request.dataDir)),
        ...optional(
          'dvcRemoteDir',
          request.dvcRemoteDir === undefined ? undefined : path.resolve(request.dvcRemoteDir),
        ),
        ...optional('baseImage', request.baseImage),
        ...optional('runTimeoutMs', request.timeoutSeconds === undefined ? undefined : request.timeoutSeconds * 1000),
      });
      const reportId = randomUUID();
      const files = await writeReportFiles(report);
      reports.set(reportId, { report, files });
      if (reports.size > MAX_KEPT_REPORTS) reports.delete(reports.keys().next().value as string);
      return { reportId, report, reportFiles: files ?? null };
    },
    saveReplayReport: async (request) => {
      const kept = keptReport(request.reportId);
      return { file: await saveReport(kept.report, kept.files, request.format, request.output, request.overwrite) };
    },
    attestReplay: async (request) => {
      const report =
        request.reportFile === undefined
          ? replayReportSchema.parse(keptReport(request.reportId ?? '').report)
          : await readReplayReport(path.resolve(request.reportFile));
      const key = await signingKeyFor(context, request);
      const { file, statement } = await attestReplay({
        report,
        key,
        output: request.output,
        replace: request.overwrite,
        ...optional('bundle', request.bundle),
      });
      const subject = statement.subject[0] as { name: string; digest: { sha256: string } };
      return {
        file,
        verdict: statement.predicate.verdict,
        subject: { name: subject.name, sha256: subject.digest.sha256 },
        attester: {
          name: key.name,
          fingerprint: key.fingerprint,
          fingerprintDisplay: formatFingerprint(key.fingerprint),
        },
        statement,
      };
    },
  };
}
