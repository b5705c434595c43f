// Where ReproBundle keeps the user's own state (keys, trusted signers): REPROBUNDLE_CONFIG_DIR
// when set (tests, portable installs), else the platform's per-user config folder.
import os from 'node:os';
import path from 'node:path';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['REPROBUNDLE_CONFIG_DIR'];
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'ReproBundle');
    case 'win32':
      return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'ReproBundle');
    default:
      return path.join(env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'), 'reprobundle');
  }
}

export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'keys', 'default');
}

/** Where replays unpack and run: one fresh folder per replay (REPROBUNDLE_WORK_DIR to move it). */
export function replayWorkRoot(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['REPROBUNDLE_WORK_DIR'];
  return explicit !== undefined && explicit !== ''
    ? path.resolve(explicit)
    : path.join(os.tmpdir(), `reprobundle-replays-${os.userInfo().uid}`);
}

/** Downloaded data, kept by SHA-256 between replays (REPROBUNDLE_CACHE_DIR to move it). */
export function dataCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['REPROBUNDLE_CACHE_DIR'];
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const base =
    process.platform === 'linux'
      ? (env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'))
      : path.join(configDir(env), 'cache');
  return path.join(base, 'reprobundle', 'data');
}
