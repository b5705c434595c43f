// The replay report as one self-contained HTML page (no scripts, no external resources): the
// verdict, every metric with the failures highlighted, the hardware differences, the data used,
// the sandbox as the engine reported it, and the logs folded away.
import type { ReplayReport } from '../../shared/replay-report';
import { verdictLabel } from '../../shared/verdict-label';
import { packageSummary } from '../../shared/package-summary';

const COLOURS: Record<ReplayReport['verdict'], string> = {
  REPRODUCED: '#1e8a4c',
  MISMATCH: '#b7791f',
  FAILED: '#c0392b',
  'SMOKE-PASSED': '#2856d6',
  'SMOKE-FAILED': '#c0392b',
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function table(headers: string[], rows: string[][], rowClass: (index: number) => string = () => ''): string {
  return `<table><thead><tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row, index) => `<tr class="${rowClass(index)}">${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function number(value: number | null): string {
  // Six significant digits, without the trailing zeros toPrecision keeps.
  return value === null ? '' : Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

export function renderReportHtml(report: ReplayReport): string {
  const signer = report.verification.signer;
  const metrics = table(
    ['metric', 'file', 'recorded', 'obtained', 'difference', 'allowed', 'result'],
    report.metrics.map((metric) => [
      escapeHtml(metric.name),
      escapeHtml(metric.file),
      escapeHtml(metric.recorded),
      escapeHtml(metric.obtained ?? '—'),
      escapeHtml(number(metric.difference)),
      escapeHtml(metric.allowed === null ? 'exact' : `± ${number(metric.allowed)}`),
      `${metric.passed ? '✔' : '✘'} ${escapeHtml(metric.reason)}`,
    ]),
    (index) => (report.metrics[index]?.passed === true ? '' : 'bad'),
  );
  const hardware = table(
    ['aspect', 'recorded', 'this machine', 'note'],
    report.hardware.map((entry) => [
      escapeHtml(entry.aspect),
      escapeHtml(entry.recorded),
      escapeHtml(entry.current),
      escapeHtml(entry.note),
    ]),
    (index) => (report.hardware[index]?.severity === 'may-change-results' ? 'warn' : ''),
  );
  const difference = report.packages ?? null;
  const packages =
    difference === null
      ? ''
      : `<h2>Python packages: the author's vs the image</h2><p>${escapeHtml(packageSummary(difference))}.</p>${
          difference.changed.length === 0
            ? ''
            : table(
                ['package', "the author's", 'the image'],
                difference.changed.map((entry) => [
                  escapeHtml(entry.name),
                  escapeHtml(entry.recorded),
                  escapeHtml(entry.current),
                ]),
                () => 'warn',
              )
        }`;
  const details = (title: string, body: string): string =>
    body.trim() === ''
      ? ''
      : `<details><summary>${escapeHtml(title)}</summary><pre>${escapeHtml(body)}</pre></details>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(verdictLabel(report))}: ${escapeHtml(report.project?.name ?? report.file)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1000px;margin:2rem auto;padding:0 1rem;color:#1d2330;line-height:1.45}
.verdict{color:#fff;background:${COLOURS[report.verdict]};padding:1rem 1.25rem;border-radius:8px}
.verdict h1{margin:0;font-size:1.8rem}.verdict p{margin:.3rem 0 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;font-size:.92rem}
th,td{border-bottom:1px solid #dde1e8;padding:.35rem .5rem;text-align:left;vertical-align:top}
tr.bad td{background:#fdecea}tr.warn td{background:#fff7e6}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}pre{background:#f6f7f9;padding:.75rem;overflow:auto;max-height:30rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:#5b6475}dd{margin:0}
</style></head><body>
<div class="verdict"><h1>${escapeHtml(verdictLabel(report))}</h1><p>${escapeHtml(report.reason)}</p></div>
${(report.warnings ?? []).length > 0 ? `<h2>Warnings</h2><ul class="warnings">${(report.warnings ?? []).map((warning) => `<li>${escapeHtml(warning)}</li>`).join('')}</ul>` : ''}
<h2>Bundle</h2>
<dl>
<dt>file</dt><dd><code>${escapeHtml(report.file)}</code></dd>
<dt>signature</dt><dd>${report.verification.valid ? 'valid' : 'NOT valid'}${signer === null ? '' : `, signed by ${escapeHtml(signer.name)} (key <code>${escapeHtml(signer.fingerprintDisplay)}</code>)`}; signer ${escapeHtml(report.verification.trust?.state ?? 'unknown')}</dd>
<dt>project</dt><dd>${escapeHtml(report.project?.name ?? '')}${report.project?.commit ? ` @ <code>${escapeHtml(report.project.commit.slice(0, 12))}</code>` : ''}</dd>
<dt>command</dt><dd><code>${escapeHtml(report.project?.command ?? 'none recorded')}</code></dd>
<dt>image</dt><dd>${report.image === null ? 'not built' : report.image.source === 'frozen' ? `the author's frozen image <code>${escapeHtml(report.image.imageId)}</code>, loaded from the bundle${report.image.cached ? ' (already on the engine)' : ''}: nothing was pulled or built` : `<code>${escapeHtml(report.image.tag)}</code>${report.image.cached ? ' (reused)' : ''}, built from the recipe on <code>${escapeHtml(report.image.baseImage)}</code>${report.image.baseImageOverridden ? ' (replaced at replay time)' : ''}`}</dd>
<dt>run</dt><dd>${report.run === null ? 'not run' : `exit ${report.run.exitCode}${report.run.timedOut ? ' (timed out)' : ''} after ${(report.run.durationMs / 1000).toFixed(1)} s; ${escapeHtml(report.run.gpu)}`}</dd>
<dt>when</dt><dd>${escapeHtml(report.startedAt)} to ${escapeHtml(report.finishedAt)}</dd>
</dl>
${report.verification.problems.length > 0 ? `<h2>Verification problems</h2><ul>${report.verification.problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul>` : ''}
${report.metrics.length > 0 ? `<h2>Metrics</h2>${metrics}` : ''}
${report.hardware.length > 0 ? `<h2>Hardware: recorded vs this machine</h2>${hardware}` : ''}
${packages}
${
  report.data.length > 0
    ? `<h2>Data</h2>${table(
        ['path', 'kind', 'how it was found and checked'],
        report.data.map((entry) => [escapeHtml(entry.path), escapeHtml(entry.source), escapeHtml(entry.note)]),
      )}`
    : ''
}
${report.run === null ? '' : `<h2>Sandbox (as the engine reported it)</h2><pre>${escapeHtml(JSON.stringify(report.run.sandbox, null, 2))}</pre>`}
<h2>Logs</h2>
${details('build log (last lines)', report.buildLogTail.join('\n'))}
${details('run output (last lines)', report.run?.stdoutTail ?? '')}
${details('run errors (last lines)', report.run?.stderrTail ?? '')}
</body></html>
`;
}
