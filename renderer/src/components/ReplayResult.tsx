// A replay's outcome: the verdict banner with its reason, the metric table (recorded, obtained,
// difference, tolerance) with failures marked, and the hardware differences.
import type { ReactNode } from 'react';
import type { PackageDifference, ReplayReport } from '../../../main/shared/replay-report';
import { formatDuration, formatValue } from '../format';
import { escapeControls } from '../../../main/shared/format';
import { verdictLabel } from '../../../main/shared/verdict-label';
import { packageSummary } from '../../../main/shared/package-summary';

const GOOD = new Set(['REPRODUCED', 'SMOKE-PASSED']);

export function VerdictBanner({ report }: { report: ReplayReport }): ReactNode {
  const good = GOOD.has(report.verdict);
  return (
    <div
      className={`verdict ${good ? 'verdict--good' : 'verdict--bad'}`}
      role="status"
      data-testid="verdict"
      data-verdict={report.verdict}
    >
      <p className="verdict__title">
        <span aria-hidden="true">{good ? '✔' : '✘'}</span> {verdictLabel(report)}
      </p>
      <p className="verdict__reason">{escapeControls(report.reason)}</p>
      {(report.warnings ?? []).length > 0 && (
        <ul className="verdict__warnings" data-testid="verdict-warnings">
          {(report.warnings ?? []).map((warning) => (
            <li key={warning}>Warning: {escapeControls(warning)}</li>
          ))}
        </ul>
      )}
      {report.run !== null && (
        <p className="muted">
          Run: exit status {report.run.exitCode} after {formatDuration(report.run.durationMs)}
          {report.image !== null &&
            (report.image.source === 'frozen'
              ? ` · the author's frozen image, ${report.image.cached ? 'already on the engine' : 'loaded from the bundle'}; nothing pulled or built`
              : ` · image ${report.image.cached ? 'reused' : 'built'} from ${report.image.baseImage}`)}
        </p>
      )}
    </div>
  );
}

export function MetricComparisonTable({ metrics }: { metrics: ReplayReport['metrics'] }): ReactNode {
  if (metrics.length === 0) return <p className="muted">No metrics were compared.</p>;
  return (
    <table className="table" data-testid="metric-table">
      <caption>Metrics, recorded against obtained</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Recorded</th>
          <th scope="col">Obtained</th>
          <th scope="col">Difference</th>
          <th scope="col">Allowed</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {metrics.map((metric) => (
          <tr
            key={`${metric.file}:${metric.name}`}
            className={metric.passed ? '' : 'row--failed'}
            data-metric={metric.name}
            data-passed={metric.passed}
          >
            <td>
              <code>{escapeControls(metric.name)}</code> <span className="muted">({metric.file})</span>
            </td>
            <td>{formatValue(metric.recorded)}</td>
            <td>{formatValue(metric.obtained)}</td>
            <td>{metric.difference === null ? '—' : formatValue(metric.difference)}</td>
            <td>{metric.allowed === null ? 'exact' : `±${formatValue(metric.allowed)}`}</td>
            <td>
              <span className={`badge ${metric.passed ? 'badge--good' : 'badge--error'}`}>
                {metric.passed ? 'pass' : 'FAIL'}
              </span>{' '}
              {escapeControls(metric.reason)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HardwareDiffTable({ differences }: { differences: ReplayReport['hardware'] }): ReactNode {
  if (differences.length === 0) return <p className="muted">This machine matches the recorded hardware.</p>;
  return (
    <table className="table" data-testid="hardware-diff">
      <caption>Hardware: recorded against this machine</caption>
      <thead>
        <tr>
          <th scope="col">Aspect</th>
          <th scope="col">Recorded</th>
          <th scope="col">Here</th>
          <th scope="col">Matters?</th>
        </tr>
      </thead>
      <tbody>
        {differences.map((difference) => (
          <tr key={difference.aspect}>
            <td>{difference.aspect}</td>
            <td>{difference.recorded}</td>
            <td>{difference.current}</td>
            <td>
              <span
                className={`badge ${difference.severity === 'may-change-results' ? 'badge--warning' : 'badge--info'}`}
              >
                {difference.severity === 'may-change-results' ? 'may change results' : 'informational'}
              </span>{' '}
              {difference.note}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The Python packages of the image against the author's interpreter: the versions that differ, listed. */
export function PackageDiffTable({ difference }: { difference: PackageDifference | null | undefined }): ReactNode {
  if (difference === null || difference === undefined) return null;
  return (
    <div data-testid="package-diff">
      <p>{packageSummary(difference)}.</p>
      {difference.changed.length > 0 && (
        <table className="table">
          <caption>Python packages whose version differs</caption>
          <thead>
            <tr>
              <th scope="col">Package</th>
              <th scope="col">The author's</th>
              <th scope="col">The image's</th>
            </tr>
          </thead>
          <tbody>
            {difference.changed.map((entry) => (
              <tr key={entry.name}>
                <td>
                  <code>{escapeControls(entry.name)}</code>
                </td>
                <td>{escapeControls(entry.recorded)}</td>
                <td>{escapeControls(entry.current)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The build log's last lines, or the Dockerfile difference that stopped a replay before the build. */
export function BuildLogTail({ report }: { report: ReplayReport }): ReactNode {
  if (report.verdict !== 'FAILED' || report.buildLogTail.length === 0) return null;
  return (
    <details className="panel" open={report.image === null}>
      <summary>Build log (last lines)</summary>
      <pre className="log" data-testid="build-log-tail">
        {escapeControls(report.buildLogTail.join('\n'))}
      </pre>
    </details>
  );
}
