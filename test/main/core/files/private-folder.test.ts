// Class 8 of the adversarial review: a shared work root. The folder replays, reports and
// downloads live in must be this user's alone: a folder another user owns (CI runs as root, so
// the test gives it to `nobody`), one others may write, or a link is refused, naming the folder.
import { chown, chmod, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReproError } from '../../../../main/core/errors';
import { ensurePrivateFolder } from '../../../../main/core/files/private-folder';
import { freshWorkFolder } from '../../../../main/core/open/extract-bundle';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'rb-private-'));
});
afterAll(async () => rm(base, { recursive: true, force: true }));

const refusal = async (dir: string): Promise<ReproError> =>
  (await ensurePrivateFolder(dir).catch((error: unknown) => error)) as ReproError;

describe('ensurePrivateFolder', () => {
  it('creates a missing folder 0700, and accepts it again', async () => {
    const dir = path.join(base, 'fresh', 'replays');
    await ensurePrivateFolder(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    await expect(ensurePrivateFolder(dir)).resolves.toBeUndefined();
    expect(path.dirname(await freshWorkFolder(dir, 'replay'))).toBe(dir);
  });

  it('refuses a folder others may write, and a link', async () => {
    const open = path.join(base, 'world-writable');
    await mkdir(open);
    await chmod(open, 0o777);
    const error = await refusal(open);
    expect(error.code).toBe('work-folder-unsafe');
    expect(error.message).toBe(
      `${open} can be written by other users, so ReproBundle will not keep replays, reports or downloads there.`,
    );
    await expect(freshWorkFolder(open, 'replay')).rejects.toMatchObject({ code: 'work-folder-unsafe' });
    const link = path.join(base, 'link');
    await symlink(path.join(base, 'fresh'), link);
    expect((await refusal(link)).message).toContain('is not a folder of its own');
  });

  it.runIf(process.getuid?.() === 0)(
    'refuses a folder another user created first (run as root, given to nobody)',
    async () => {
      const taken = path.join(base, 'taken');
      await mkdir(taken, { mode: 0o700 });
      await chown(taken, 65534, 65534);
      expect((await refusal(taken)).message).toContain('belongs to another user (uid 65534)');
    },
  );
});
