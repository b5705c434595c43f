// The user's settings (Docker host, default base image, default replay limits) and the list of
// recently opened bundles, kept as JSON files in the config folder. Both are written atomically
// (temporary file, then rename) so an interrupted save never leaves a half-written file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_LIMITS } from './docker/run-container';
import { ReproError, errorMessage } from './errors';
import { DEFAULT_RUN_TIMEOUT_MS } from './replay/replay-bundle';

export const SETTINGS_FILE = 'settings.json';
export const RECENT_FILE = 'recent-bundles.json';
const MAX_RECENT = 10;

export const settingsSchema = z.object({
  /** Docker engine address (as DOCKER_HOST takes it); null: DOCKER_HOST or the platform default. */
  dockerHost: z.string().min(1).nullable(),
  /** Base image for new bundles' Dockerfiles; null: chosen from the detected runtime. */
  defaultBaseImage: z.string().min(1).nullable(),
  /** Defaults offered for replays; each replay may change them. */
  limits: z.object({
    cpus: z.number().positive().max(1024),
    memoryMB: z
      .number()
      .int()
      .min(64)
      .max(16 * 1024 * 1024),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600),
  }),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  dockerHost: null,
  defaultBaseImage: null,
  limits: {
    cpus: DEFAULT_LIMITS.cpus,
    memoryMB: DEFAULT_LIMITS.memoryBytes / 1024 ** 2,
    timeoutSeconds: DEFAULT_RUN_TIMEOUT_MS / 1000,
  },
};

export const recentBundleSchema = z.object({
  file: z.string(),
  name: z.string(),
  signer: z.string(),
  openedAt: z.iso.datetime(),
});
export type RecentBundle = z.infer<typeof recentBundleSchema>;

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
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, file);
}
