// `reprobundle inspect <file>`: what a bundle holds (files, params, environment, hardware, data
// pointers, results) from its manifest, without extracting or hashing anything.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { OperationResponse } from '../../contract/operations';
import { callOperation } from '../engine';
import { formatBytes, plural } from '../../shared/format';
import { parseOptions } from '../options';
import { EXIT } from '../run';
import { out } from '../output';

const inspectOptionsSchema = z.object({ json: z.boolean().default(false) });

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('Summarise what a bundle holds, without extracting it (use `verify` to check every file).')
    .argument('<file>', 'the bundle')
    .option('--json', 'print the summary (with the whole manifest) as JSON')
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions('inspect', inspectOptionsSchema, raw);
      const summary = await callOperation('inspectBundle', { file: path.resolve(file) }, { progress: false });
      if (options.json) {
        await printJson(summary);
      } else {
        const lines: string[] = [`Bundle ${summary.file} (${formatBytes(summary.bytes)})`];
        const m = summary.manifest;
        if (summary.signature.valid)
          lines.push(
            `  signature: valid, key ${summary.signature.fingerprintDisplay ?? ''} (files not hashed: run \`reprobundle verify\`)`,
          );
        else lines.push(`  signature: NOT VALID (${summary.signature.reason ?? ''}): everything below is UNVERIFIED`);
        for (const problem of summary.problems) lines.push(`  problem: ${problem}`);
        if (m !== null) {
          lines.push(
            `  signer: ${m.signer.name}; created ${m.createdAt} with ${m.createdBy.app} ${m.createdBy.version}`,
          );
          lines.push(
            `  project: ${m.project.name}${m.project.git === null ? '' : `, git ${m.project.git.branch ?? 'detached'} @ ${m.project.git.commit?.slice(0, 12) ?? '?'}, ${plural(m.project.git.changes.length, 'uncommitted change')}`}`,
          );
          const counts = m.fileCounts;
          lines.push(
            `  files: ${plural(counts.project.files, 'project file')}, ${formatBytes(counts.project.bytes)}${counts.samples > 0 ? `; ${plural(counts.samples, 'sample file')}` : ''}${counts.image > 0 ? `; ${plural(counts.image, 'frozen image file')}` : ''}; ReproBundle's own: ${counts.own.join(', ')}`,
          );
          lines.push(
            `  entrypoint: ${m.entrypoint === null ? 'none' : `${m.entrypoint.command} [${m.entrypoint.source}]`}`,
          );
          lines.push(
            `  results: ${m.results.metrics.map((metric) => `${metric.name} = ${JSON.stringify(metric.value)}`).join(', ') || 'none recorded'}`,
          );
          lines.push(
            `  params: ${plural(m.params.values.length, 'value')} from ${m.params.files.join(', ') || 'no params files'}`,
          );
          lines.push(
            `  environment: ${m.environment.files.map((entry) => entry.path).join(', ') || 'none'}${m.environment.runtimes.map((runtime) => `; ${runtime.language} ${runtime.version}`).join('')}; ${plural(m.environment.findings.length, 'finding')}`,
          );
          const installed = m.environment.installed;
          if (installed !== null && installed !== undefined)
            lines.push(
              `  the author's Python ${installed.python} (${installed.source}) had ${plural(installed.distributions.length, 'distribution')}${installed.distributions.length === 0 ? '' : `: ${installed.distributions.map((entry) => `${entry.name} ${entry.version}`).join(', ')}`}`,
            );
          if (m.hardware !== null) {
            const gpus = m.hardware.gpus.length === 0 ? 'no GPU' : m.hardware.gpus.map((gpu) => gpu.model).join(', ');
            lines.push(
              `  hardware: ${m.hardware.cpu.model}, ${m.hardware.cpu.cores} cores, ${formatBytes(m.hardware.memoryBytes)}, ${gpus}, ${m.hardware.os.distro} ${m.hardware.os.arch}`,
            );
          }
          if (m.image !== null) {
            const image = m.image;
            lines.push(
              `  frozen image (replayed by default; --rebuild builds from the recipe): ${image.format}, config ${image.config.digest}, ${image.platform.os}/${image.platform.architecture}${image.platform.variant === null ? '' : `/${image.platform.variant}`}, ${formatBytes(image.size)} uncompressed, built with ${image.builtWith.engine} ${image.builtWith.version}`,
              ...image.layers.map(
                (layer, index) => `    layer ${index + 1}: ${layer.diffId} (${formatBytes(layer.size)}, ${layer.path})`,
              ),
              '    load it by hand from the unpacked bundle: tar -C image -c . | docker load',
            );
          }
          for (const pointer of m.dataPointers) {
            lines.push(
              `  data: ${pointer.path} (${pointer.source}${pointer.size === null ? '' : `, ${formatBytes(pointer.size)}`}${pointer.uri === null ? '' : `, ${pointer.uri}`}${pointer.remote === null ? '' : `, DVC remote ${pointer.remote.url}${pointer.remote.endpointUrl === undefined ? '' : ` at ${pointer.remote.endpointUrl}`}`})`,
            );
          }
        }
        out(`${lines.join('\n')}\n`);
      }
      if (!summary.signature.valid) process.exitCode = EXIT.failure;
    });
}

/**
 * The summary with the whole manifest, its file list paged in from the engine and printed a page
 * at a time (the views carry counts only; a million files need not be held here at once). The
 * output is what JSON.stringify(…, null, 2) of the whole object gives (a bundle always lists files).
 */
async function printJson(summary: OperationResponse<'inspectBundle'>): Promise<void> {
  if (summary.manifest === null) {
    out(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const marker = '\u0000files\u0000';
  const text = JSON.stringify({ ...summary, manifest: { ...summary.manifest, files: [marker] } }, null, 2);
  const line = `      ${JSON.stringify(marker)}`;
  const at = text.indexOf(line);
  out(text.slice(0, at));
  let first = true;
  for (let offset = 0; ; offset += PAGE) {
    const page = await callOperation(
      'listBundleFiles',
      { file: summary.file, offset, limit: PAGE },
      { progress: false },
    );
    const items = page.files.map((file) =>
      JSON.stringify(file, null, 2)
        .split('\n')
        .map((part) => `      ${part}`)
        .join('\n'),
    );
    if (items.length > 0) out(`${first ? '' : ',\n'}${items.join(',\n')}`);
    first &&= items.length === 0;
    if (offset + PAGE >= page.total) break;
  }
  out(`${text.slice(at + line.length)}\n`);
}

const PAGE = 1000;
