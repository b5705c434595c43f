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
        // The views carry counts; the whole manifest printed here has its file list again, paged in.
        const manifest =
          summary.manifest === null ? null : { ...summary.manifest, files: await allFiles(summary.file) };
        out(`${JSON.stringify({ ...summary, manifest }, null, 2)}\n`);
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

/** Every file the bundle lists, a page at a time. */
async function allFiles(file: string): Promise<OperationResponse<'listBundleFiles'>['files']> {
  const files: OperationResponse<'listBundleFiles'>['files'] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await callOperation('listBundleFiles', { file, offset, limit: PAGE }, { progress: false });
    files.push(...page.files);
    if (offset + PAGE >= page.total) return files;
  }
}

const PAGE = 1000;
