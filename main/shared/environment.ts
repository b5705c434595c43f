// What the machine offers, as the Home screen and `reprobundle status` show it: the app and
// runtime versions, and whether a Docker engine answers (and if not, why and what to do).
import { z } from 'zod';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const dockerStatusSchema = z.discriminatedUnion('reachable', [
  z.object({
    reachable: z.literal(true),
    /** Where the engine was reached, e.g. `unix:///var/run/docker.sock`. */
    endpoint: z.string(),
    version: z.string(),
    apiVersion: z.string(),
    os: z.string(),
    arch: z.string(),
  }),
  z.object({
    reachable: z.literal(false),
    endpoint: z.string(),
    reason: z.string(),
    fix: z.string(),
  }),
]);
export type DockerStatus = z.infer<typeof dockerStatusSchema>;
