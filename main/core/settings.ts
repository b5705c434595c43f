// Reads and writes the user's settings and the list of recently opened bundles (their shapes:
// main/shared/settings.ts), kept as JSON files in the config folder. Both are written atomically
// (temporary file, then rename) so an interrupted save never leaves a half-written file.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from './files/atomic-write';
import { z } from 'zod';
import { ReproError } from './errors';
import { errorMessage } from '../shared/error-text';
import {
  DEFAULT_SETTINGS,
  recentBundleSchema,
  settingsSchema,
  type RecentBundle,
  type Settings,
} from '../shared/settings';

export const SETTINGS_FILE = 'settings.json';
export const RECENT_FILE = 'recent-bundles.json';
const MAX_RECENT = 10;

export async function loadSettings(dir: string): Promise<Settings> {
  return (await readJson(path.join(dir, SETTINGS_FILE), settingsSchema)) ?? DEFAULT_SETTINGS;
}

export async function saveSettings(dir: string, settings: Settings): Promise<void> {
  await writeJson(path.join(dir, SETTINGS_FILE), settingsSchema.parse(settings));
}

export async function loadRecentBundles(dir: string): Promise<RecentBundle[]> {
  return (await readJson(path.join(dir, RECENT_FILE), z.array(recentBundleSchema))) ?? [];
}

/** Puts a bundle first in the recent list (once), keeping the newest ten. */
export async function rememberRecentBundle(dir: string, entry: RecentBundle): Promise<RecentBundle[]> {
  const recent = [entry, ...(await loadRecentBundles(dir)).filter((item) => item.file !== entry.file)].slice(
    0,
    MAX_RECENT,
  );
  await writeJson(path.join(dir, RECENT_FILE), recent);
  return recent;
}

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw new ReproError({
      code: 'settings-unreadable',
      message: `${file} cannot be read: ${errorMessage(error)}`,
      fix: 'Check its permissions.',
      file,
      cause: error,
    });
  }
  try {
    return schema.parse(JSON.parse(text));
  } catch (error) {
    throw new ReproError({
      code: 'settings-invalid',
      message: `${file} is not valid: ${errorMessage(error)}`,
      fix: 'Fix the file, or remove it to go back to the defaults.',
      file,
      cause: error,
    });
  }
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomically(file, `${JSON.stringify(value, null, 2)}\n`);
}
