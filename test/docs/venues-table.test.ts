// docs/submissions.md documents the venue profiles: its table must say what the code applies.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VENUES } from '../../main/shared/venues';
import { REPO_ROOT } from '../helpers/serve-cli';

describe('docs/submissions.md', () => {
  it('lists every venue profile exactly as the export applies it', async () => {
    const text = await readFile(path.join(REPO_ROOT, 'docs', 'submissions.md'), 'utf8');
    const table = /<!-- venues:start -->\n([\s\S]*?)<!-- venues:end -->/.exec(text)?.[1] ?? '';
    const rows = table.split('\n').filter((line) => line.startsWith('| `'));
    const expected = VENUES.map(
      (venue) =>
        `| \`${venue.id}\` | ${venue.name} | ${venue.maxSizeMB === null ? 'none' : `${venue.maxSizeMB} MB`} | ${venue.formats.join(', ')} | ${venue.anonymity} | ${venue.doiRequired ? 'yes' : 'no'} |`,
    );
    expect(rows).toEqual(expected);
  });
});
