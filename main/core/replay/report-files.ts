// A replay's report as files: report.html (for people) and report.json (for tools and
// `attest`), written into the replay's own work folder, and copied wherever the user saves them.
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { refuseExistingOutput } from '../files/output-target';
import { writeAtomically, writeFileAtomically } from '../files/atomic-write';
import { renderReportHtml } from './report-html';
import type { ReplayReport } from '../../shared/replay-report';

export interface ReportFiles {
  html: string;
  json: string;
}

export function reportJson(report: ReplayReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Writes both files into the replay's work folder; none when the replay stopped before it had one. */
export async function writeReportFiles(report: ReplayReport): Promise<ReportFiles | undefined> {
  if (report.workDir === null) return undefined;
  const files = { html: path.join(report.workDir, 'report.html'), json: path.join(report.workDir, 'report.json') };
  await writeFile(files.html, renderReportHtml(report));
  await writeFile(files.json, reportJson(report));
  return files;
}

/** Saves one format where the user asked, from the work-folder copy when there is one. */
export async function saveReport(
  report: ReplayReport,
  files: ReportFiles | undefined,
  format: 'html' | 'json',
  output: string,
  /** Replace an existing file at `output`; otherwise it is refused, up front and at the rename. */
  replace = false,
): Promise<string> {
  const target = path.resolve(output);
  await refuseExistingOutput(target, replace);
  if (files !== undefined) await writeAtomically(target, (partial) => copyFile(files[format], partial), { replace });
  else
    await writeFileAtomically(target, format === 'html' ? renderReportHtml(report) : reportJson(report), { replace });
  return target;
}
