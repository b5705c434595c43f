// The evaluation's summary in three forms: summary.csv (one row per bundle, for a spreadsheet),
// summary.json (for tools) and summary.html (self-contained, sortable by any column; every string
// that came from a bundle or a run is escaped).
import path from 'node:path';
import { writeFileAtomically } from '../files/atomic-write';
import { escapeHtml } from '../replay/report-html';
import type { EvaluationRow } from '../../shared/evaluation';

export interface SummaryFiles {
  csv: string;
  json: string;
  html: string;
}

const COLUMNS = ['file', 'signer', 'trust', 'verdict', 'image', 'mismatching', 'duration_s', 'first_error'] as const;

function cells(row: EvaluationRow): string[] {
  return [
    row.file,
    row.signer ?? '',
    row.trust ?? '',
    row.verdict,
    row.image === 'frozen' ? "author's frozen image" : (row.image ?? ''),
    row.mismatching.join(' '),
    (row.durationMs / 1000).toFixed(1),
    row.firstError ?? '',
  ];
}

/** RFC 4180: quoted when needed, quotes doubled; a leading = + - @ is prefixed so no spreadsheet runs it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function writeSummaryFiles(outDir: string, rows: readonly EvaluationRow[]): Promise<SummaryFiles> {
  const files = {
    csv: path.join(outDir, 'summary.csv'),
    json: path.join(outDir, 'summary.json'),
    html: path.join(outDir, 'summary.html'),
  };
  const csv = [COLUMNS.join(','), ...rows.map((row) => cells(row).map(csvCell).join(','))].join('\r\n');
  await writeFileAtomically(files.csv, `${csv}\r\n`, { replace: true });
  await writeFileAtomically(files.json, `${JSON.stringify({ rows }, null, 2)}\n`, { replace: true });
  await writeFileAtomically(files.html, summaryHtml(rows), { replace: true });
  return files;
}

const COLOURS: Record<EvaluationRow['verdict'], string> = {
  REPRODUCED: '#1e8a4c',
  'SMOKE-PASSED': '#2856d6',
  MISMATCH: '#b7791f',
  FAILED: '#c0392b',
  'SMOKE-FAILED': '#c0392b',
  REFUSED: '#7b1fa2',
  ERROR: '#5b6475',
};

export function summaryHtml(rows: readonly EvaluationRow[]): string {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.verdict, (counts.get(row.verdict) ?? 0) + 1);
  const body = rows
    .map((row) => {
      const values = cells(row);
      const link =
        row.report === null
          ? escapeHtml(values[0])
          : `<a href="${escapeHtml(encodeURI(`file://${row.report.html}`))}">${escapeHtml(values[0])}</a>`;
      return `<tr><td>${link}</td>${values
        .slice(1)
        .map((value, index) =>
          index === 2
            ? `<td><span class="verdict" style="background:${COLOURS[row.verdict]}">${escapeHtml(value)}</span></td>`
            : `<td>${escapeHtml(value)}</td>`,
        )
        .join('')}</tr>`;
    })
    .join('\n');
  // The one script sorts the table by the column clicked; nothing is loaded from anywhere.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>ReproBundle evaluation: ${rows.length} bundles</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2330}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border-bottom:1px solid #dde1e8;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{cursor:pointer;user-select:none}th button{font:inherit;background:none;border:0;padding:0;cursor:pointer}
.verdict{color:#fff;padding:.1rem .4rem;border-radius:4px;font-weight:600}
</style></head><body>
<h1>Evaluation of ${rows.length} bundles</h1>
<p>${[...counts].map(([verdict, count]) => `${escapeHtml(verdict)}: ${count}`).join(' · ')}</p>
<table id="summary"><thead><tr>${COLUMNS.map((column, index) => `<th><button type="button" data-column="${index}">${escapeHtml(column.replace('_', ' '))}</button></th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table>
<script>
document.querySelectorAll('th button').forEach(function (button) {
  button.addEventListener('click', function () {
    var column = Number(button.dataset.column), body = document.querySelector('#summary tbody');
    var ascending = button.dataset.order !== 'asc';
    button.dataset.order = ascending ? 'asc' : 'desc';
    Array.from(body.rows).sort(function (a, b) {
      var x = a.cells[column].textContent, y = b.cells[column].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
      return ascending ? order : -order;
    }).forEach(function (row) { body.appendChild(row); });
  });
});
</script>
</body></html>
`;
}
