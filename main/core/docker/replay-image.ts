// The name of the image a replay builds: one per distinct manifest and base image, so a second
// replay of the same bundle reuses it, and disk-space cleaning finds every one by repository.
import { createHash } from 'node:crypto';
import type { Manifest } from '../../shared/manifest';

/** The image repository replays tag their images with. */
export const REPLAY_IMAGE_REPOSITORY = 'reprobundle-replay';

export function replayImageTag(manifest: Manifest, baseImage: string): string {
  const digest = createHash('sha256').update(JSON.stringify(manifest)).update(baseImage).digest('hex');
  return `${REPLAY_IMAGE_REPOSITORY}:${digest.slice(0, 24)}`;
}
