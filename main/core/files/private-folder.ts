// The folders the engine keeps its own state in for one user (replays, pre-flights, uploads, the
// data cache) must be that user's alone: under a shared /tmp another local user could create the
// folder first, or make it writable, and swap a report.json a later `attest` signs, or a cached
// download a later replay trusts. Created 0700 when absent; when present, checked before use.
import { lstat, mkdir } from 'node:fs/promises';
import { ReproError } from '../errors';

export async function ensurePrivateFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  const refuse = (problem: string): ReproError =>
    new ReproError({
      code: 'work-folder-unsafe',
      message: `${dir} ${problem}, so ReproBundle will not keep replays, reports or downloads there.`,
      fix: 'Remove that folder (or have its owner remove it), or choose a work folder of your own.',
      file: dir,
      inputs: ['workFolder'],
    });
  if (info.isSymbolicLink() || !info.isDirectory()) throw refuse('is not a folder of its own (it is a link or a file)');
  if (process.platform === 'win32') return; // per-user profile folders; POSIX owners and modes do not apply
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) throw refuse(`belongs to another user (uid ${info.uid})`);
  if ((info.mode & 0o022) !== 0) throw refuse('can be written by other users');
}
