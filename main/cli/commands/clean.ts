// `reprobundle clean`: shows what replays left behind (work folders, uploads, replay images) and
// removes what is older than a given age. `--dry-run` lists without removing.
import type { Command } from 'commander';
import { z } from 'zod';
import { callOperation } from '../engine';
import { formatBytes, plural } from '../../shared/format';
import { parseOptions } from '../options';
import { out } from '../output';

const cleanOptionsSchema = z.object({
  olderThan: z.coerce.number({ error: 'must be a number of days' }).nonnegative('must be 0 or more').default(7),
  images: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  list: z.boolean().default(false),
  json: z.boolean().default(false),
});

export function registerClean(program: Command): void {
  program
    .command('clean')
    .description(
      'Free disk space: remove replay and pre-flight folders (with their reports) and uploads older than N days; --images also removes replay images.',
    )
    .option('--older-than <days>', 'only what is older than this many days', '7')
    .option('--images', 'also remove reprobundle-replay images created before then (a later replay rebuilds them)')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--list', 'only show what is there')
    .option('--json', 'print the result as JSON')
    .action(async (raw: unknown) => {
      const options = parseOptions('clean', cleanOptionsSchema, raw);
      if (options.list) {
        const usage = await callOperation('diskUsage', {}, { progress: false });
        const workRoot = usage.workRoot;
        if (options.json) {
          out(`${JSON.stringify(usage, null, 2)}\n`);
          return;
        }
        const total = usage.folders.reduce((sum, folder) => sum + folder.bytes, 0);
        out(`${workRoot}: ${plural(usage.folders.length, 'folder')}, ${formatBytes(total)}\n`);
        for (const folder of usage.folders)
          out(`  ${folder.modifiedAt.slice(0, 10)}  ${formatBytes(folder.bytes).padStart(9)}  ${folder.path}\n`);
        out(
          usage.imagesUnavailable === null
            ? `${plural(usage.images.length, 'replay image')}\n`
            : `replay images: not listed (${usage.imagesUnavailable})\n`,
        );
        return;
      }
      const result = await callOperation(
        'pruneDiskSpace',
        { olderThanDays: options.olderThan, images: options.images, dryRun: options.dryRun },
        { progress: false },
      );
      if (options.json) {
        out(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const verb = options.dryRun ? 'Would remove' : 'Removed';
      out(
        `${verb} ${plural(result.folders.length, 'folder')} (${formatBytes(result.freedBytes)})${options.images ? ` and ${plural(result.images.length, 'replay image')}` : ''} older than ${options.olderThan} day(s).\n`,
      );
      for (const folder of result.folders) out(`  ${folder.path}\n`);
      for (const image of result.images) out(`  ${image.tag}\n`);
      for (const container of result.containers)
        out(`  container ${container.name} (${container.state}): left by a replay that was killed\n`);
      for (const problem of result.problems) out(`  not removed: ${problem}\n`);
    });
}
