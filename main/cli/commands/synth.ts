// `reprobundle synth <file> -o <out>`: a seeded synthetic sample of a CSV/TSV table that keeps its
// columns, formats and the statistics that matter but copies no real record, with a fidelity
// and privacy report.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_K, DEFAULT_SYNTH_ROWS } from '../../shared/defaults';
import { optional } from '../../shared/optional';
import { callOperation } from '../engine';
import { parseOptions } from '../options';
import { out } from '../output';

const synthOptionsSchema = z.object({
  output: z.string({ error: 'is required: where to write the sample' }).min(1),
  rows: z.coerce
    .number()
    .int('must be a whole number')
    .positive('must be at least 1')
    .max(10_000_000)
    .default(DEFAULT_SYNTH_ROWS),
  seed: z.coerce
    .number()
    .int('must be a whole number')
    .min(0)
    .max(2 ** 32 - 1)
    .default(0),
  k: z.coerce.number().int('must be a whole number').min(1).default(DEFAULT_K),
  report: z.string().optional(),
  force: z.boolean().default(false),
  json: z.boolean().default(false),
});

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description(
      'Write a privacy-safe synthetic sample of a CSV, TSV or JSON Lines table, with a fidelity and privacy report.',
    )
    .argument('<file>', 'the real table (CSV, TSV, or JSON Lines: .jsonl/.ndjson)')
    .requiredOption('-o, --output <file>', 'where to write the sample (same format as the input)')
    .option('--rows <n>', `rows to generate (default ${DEFAULT_SYNTH_ROWS})`)
    .option('--seed <s>', 'random seed: the same input, options and seed give the same bytes (default 0)')
    .option('--k <k>', `categories seen fewer than k times never appear (default ${DEFAULT_K})`)
    .option('--report <file.json>', 'write the fidelity and privacy report here')
    .option('--force', 'replace the files at --output and --report if there are any (never replaced otherwise)')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions('synth', synthOptionsSchema, raw);
      const report = await callOperation(
        'synthesizeFile',
        {
          input: path.resolve(file),
          output: path.resolve(options.output),
          rows: options.rows,
          seed: options.seed,
          k: options.k,
          overwrite: options.force,
          ...optional('report', options.report === undefined ? undefined : path.resolve(options.report)),
        },
        { progress: false },
      );
      if (options.json) {
        out(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const lines = [
        `Wrote ${options.output}: ${report.options.rows} synthetic rows from ${report.realRows} real ones (seed ${report.options.seed}, k ${report.options.k})`,
        `  ${report.fidelity.summary}`,
      ];
      for (const column of report.fidelity.columns) {
        const distance = column.distance === null ? column.measure : `${column.measure} ${column.distance.toFixed(3)}`;
        lines.push(
          `  ${column.name.padEnd(20)} ${column.type.padEnd(11)} ${distance}; missing ${(column.missingRate.real * 100).toFixed(1)}% → ${(column.missingRate.synthetic * 100).toFixed(1)}%`,
        );
      }
      out(`${lines.join('\n')}\n`);
    });
}
