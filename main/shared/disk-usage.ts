// What replays leave on disk and what cleaning removes: work folders (with their reports),
// uploads, and replay images.
import { z } from 'zod';

export const workFolderSchema = z.object({
  path: z.string(),
  /** extraction: a verified, read-only bundle extraction reused by later replays of the same file. */
  kind: z.enum(['replay', 'preflight', 'extraction', 'uploads', 'other']),
  bytes: z.number(),
  modifiedAt: z.string(),
});
export type WorkFolder = z.infer<typeof workFolderSchema>;

export const replayImageSchema = z.object({
  tag: z.string(),
  id: z.string(),
  /** Size including the layers it shares with its base image: removing it frees less. */
  bytes: z.number(),
  createdAt: z.string(),
});
export type ReplayImage = z.infer<typeof replayImageSchema>;

export const diskUsageSchema = z.object({
  workRoot: z.string(),
  folders: z.array(workFolderSchema),
  images: z.array(replayImageSchema),
  /** Why images could not be listed (no engine), when they could not. */
  imagesUnavailable: z.string().nullable(),
});
export type DiskUsage = z.infer<typeof diskUsageSchema>;

/** A container a replay or pre-flight started whose process is gone (killed before it could clean up). */
export const leftoverContainerSchema = z.object({ id: z.string(), name: z.string(), state: z.string() });
export type LeftoverContainer = z.infer<typeof leftoverContainerSchema>;

export const pruneResultSchema = z.object({
  folders: z.array(workFolderSchema),
  images: z.array(replayImageSchema),
  /** Containers left by a replay that was killed: removed whatever their age. */
  containers: z.array(leftoverContainerSchema),
  /** Bytes of the folders removed (images share layers, so what removing them frees is not known here). */
  freedBytes: z.number(),
  /** What could not be removed, and why (an image a container still uses, a permission). */
  problems: z.array(z.string()),
});
export type PruneResult = z.infer<typeof pruneResultSchema>;
