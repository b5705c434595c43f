// The parts of an image config (the JSON whose digest is the image ID) that freezing records and
// loading checks: the platform, the layers' diff IDs and the run settings a reviewer is shown.
// Everything else in it passes through untouched.
import { z } from 'zod';

/** An image config is metadata; one this large is an attack on the reader. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

export const imageConfigSchema = z.object({
  architecture: z.string(),
  os: z.string(),
  variant: z.string().optional(),
  config: z
    .object({
      Env: z.array(z.string()).nullable().optional(),
      Entrypoint: z.array(z.string()).nullable().optional(),
      Cmd: z.array(z.string()).nullable().optional(),
      User: z.string().optional(),
      WorkingDir: z.string().optional(),
      Volumes: z.record(z.string(), z.unknown()).nullable().optional(),
    })
    .passthrough()
    .optional(),
  rootfs: z.object({
    type: z.literal('layers'),
    diff_ids: z.array(z.string().regex(/^sha256:[0-9a-f]{64}$/)),
  }),
});
export type ImageConfig = z.infer<typeof imageConfigSchema>;
