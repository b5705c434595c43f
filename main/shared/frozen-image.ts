// A frozen image (format v2, `create --freeze`): the replay image built at create time, stored in
// the bundle under image/ as Docker's docker-archive layout (what `docker save` writes: the image
// config and one uncompressed tar per layer, plus manifest.json for loading it by hand), each file
// signed like any other. The manifest's `image` record names the config and the layers in order;
// a layer's diffId is the SHA-256 of its tar, so the signed file list pins every layer.
import { z } from 'zod';
import { pathProblem } from './bundle-path';
import { IMAGE_FOLDER } from './layout';
import type { FileTable } from './file-table';

export { IMAGE_FOLDER };
/** Docker's own limit for an image (overlay2 mounts at most 127 lower layers). */
export const MAX_FROZEN_LAYERS = 127;

const digestSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'a digest sha256:<64 hex>');
const imagePathSchema = z.string().superRefine((value, context) => {
  const problem = pathProblem(value) ?? (value.startsWith(IMAGE_FOLDER) ? undefined : `must be under ${IMAGE_FOLDER}`);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: `${JSON.stringify(value)}: ${problem}` });
});

export const frozenImageSchema = z.object({
  /** docker-archive: Docker 20.10's `docker save` layout (not an OCI image layout). */
  format: z.literal('docker-archive'),
  /** The image config; its digest is the image's ID once loaded. */
  config: z.object({ path: imagePathSchema, digest: digestSchema }),
  /** The layers, lowest first; each diffId is the SHA-256 of the layer's uncompressed tar. */
  layers: z
    .array(z.object({ path: imagePathSchema, diffId: digestSchema, size: z.number().int().nonnegative() }))
    .min(1)
    .max(MAX_FROZEN_LAYERS),
  /** The platform it was built for; replay refuses an engine of another platform. */
  platform: z.object({ os: z.string(), architecture: z.string(), variant: z.string().nullable() }),
  /** Config and layers, uncompressed, in bytes: what loading it adds to the engine at most. */
  size: z.number().int().nonnegative(),
  /** The engine that built and saved it. */
  builtWith: z.object({ engine: z.string(), version: z.string() }),
});
export type FrozenImage = z.infer<typeof frozenImageSchema>;

/**
 * Why the image record does not match the signed file list, or undefined when it does: every
 * path must be a listed file, the config's file must hash to its digest and every layer's file to
 * its diffId, with the recorded size.
 */
export function frozenImageProblem(image: FrozenImage, files: FileTable): string | undefined {
  const config = files.get(image.config.path);
  if (config === undefined) return `the frozen image's config ${image.config.path} is not among the bundle's files`;
  if (`sha256:${config.sha256}` !== image.config.digest)
    return `the frozen image's config ${image.config.path} does not hash to the digest the manifest records`;
  let total = config.size;
  const counted = new Set([image.config.path]);
  for (const [index, layer] of image.layers.entries()) {
    const file = files.get(layer.path);
    if (file === undefined)
      return `layer ${index + 1} of the frozen image (${layer.path}) is not among the bundle's files`;
    if (`sha256:${file.sha256}` !== layer.diffId || file.size !== layer.size)
      return `layer ${index + 1} of the frozen image (${layer.path}) is not the layer the manifest records`;
    // A file named twice (as two layers, or as a layer and the config) counts once.
    if (!counted.has(layer.path)) total += file.size;
    counted.add(layer.path);
  }
  if (total !== image.size) return `the frozen image's size is not the sum of its config and layers`;
  return undefined;
}
