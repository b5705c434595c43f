// The images a test run or a benchmark builds or loads (all under reprobundle-replay: replay,
// author-stage, freeze and frozen images), removed when it is done, so `npm test` leaves the
// engine as it found it and each benchmark run builds its own. Only images created after the run
// started are touched: a user's own replays stay.
import { REPLAY_IMAGE_REPOSITORY } from '../main/core/docker/replay-image';
import { connectDocker, resolveDockerEndpoint } from '../main/core/docker/engine';

/** Removes the run's images, newest first (a replay layer before the author's stage under it). */
export async function removeImagesSince(startedAtSeconds: number): Promise<number> {
  const docker = connectDocker(resolveDockerEndpoint(process.env['DOCKER_HOST']));
  const images = await docker
    .listImages({ filters: JSON.stringify({ reference: [REPLAY_IMAGE_REPOSITORY] }) })
    .catch(() => []);
  let removed = 0;
  for (const image of images.filter((entry) => entry.Created >= startedAtSeconds).sort((a, b) => b.Created - a.Created))
    for (const tag of image.RepoTags ?? [])
      if (tag.startsWith(`${REPLAY_IMAGE_REPOSITORY}:`))
        removed += await docker
          .getImage(tag)
          .remove({ force: true })
          .then(
            () => 1,
            () => 0, // in use by a container of another process, or gone already
          );
  return removed;
}
