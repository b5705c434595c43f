// The shapes of the user's settings (Docker host, default base image, default replay limits)
// and of the recently opened bundles, with the defaults. Reading and writing them is the
// engine's job (main/core/settings.ts).
import { z } from 'zod';
import { DEFAULT_LIMITS, DEFAULT_OUTPUTS_QUOTA_GB, DEFAULT_RUN_TIMEOUT_MS } from './defaults';

/** Absolute paths (POSIX, or a Windows drive path). */
export const browseRootsSchema = z
  .array(
    z
      .string()
      .min(1)
      .refine((value) => value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value), 'an absolute path'),
  )
  .max(20);

export const settingsSchema = z.object({
  /** Docker engine address (as DOCKER_HOST takes it); null: DOCKER_HOST or the platform default. */
  dockerHost: z.string().min(1).nullable(),
  /** Base image for new bundles' Dockerfiles; null: chosen from the detected runtime. */
  defaultBaseImage: z.string().min(1).nullable(),
  /** How much a replay's run may write on this disk, in GB (SI); over it the run is stopped. */
  outputsQuotaGB: z.number().positive().max(1_000_000).default(DEFAULT_OUTPUTS_QUOTA_GB),
  /** Metrics whose tolerance is too wide fail instead of passing with a warning (absent: false). */
  strictTolerances: z.boolean().default(false),
  /**
   * Folders the web mode's folder browser may open besides the home folder, added by the user
   * (absolute paths; absent: none).
   */
  browseRoots: browseRootsSchema.default([]),
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
  strictTolerances: false,
  browseRoots: [],
  outputsQuotaGB: DEFAULT_OUTPUTS_QUOTA_GB,
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
  /** Whether it verified when last opened (absent in lists written before it was recorded). */
  valid: z.boolean().optional(),
});
export type RecentBundle = z.infer<typeof recentBundleSchema>;
