// Resolves the base image for a bundle's Dockerfile: the one asked for, or the default for the
// detected runtime; pinned by digest when the local engine knows the image (pulled before), so a
// replay years later builds from the same bytes.
import type Docker from 'dockerode';
import type { EnvironmentInfo } from '../../shared/manifest';
import { defaultBaseImage, type BaseImage } from './dockerfile';

const LOOKUP_TIMEOUT_MS = 3_000;

/**
 * The base image, and whether the local engine has it (`present`; null when no engine was asked).
 * An image that is not present must be pulled by a pre-flight or replay: offline, that fails, so
 * every front says so before it does.
 */
export async function resolveBaseImage(
  environment: EnvironmentInfo,
  requested: string | undefined,
  docker: Docker | undefined,
): Promise<BaseImage & { present: boolean | null }> {
  // A project's own Dockerfile names its base image itself: a requested one does not apply.
  const own = environment.build?.dockerfile ?? null;
  const chosen =
    requested === undefined || own !== null
      ? defaultBaseImage(environment)
      : { ref: requested, source: 'chosen by the author' };
  if (docker === undefined) {
    return {
      ref: chosen.ref,
      digest: /@(sha256:[0-9a-f]{64})$/.exec(chosen.ref)?.[1] ?? null,
      source: chosen.source,
      present: null,
    };
  }
  const info = await Promise.race([
    docker
      .getImage(chosen.ref)
      .inspect()
      .catch(() => undefined),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), LOOKUP_TIMEOUT_MS).unref()),
  ]);
  // RepoDigests name the registry's content digest; a locally imported image has none.
  const present = info !== undefined;
  if (chosen.ref.includes('@sha256:'))
    return {
      ref: chosen.ref,
      digest: /@(sha256:[0-9a-f]{64})$/.exec(chosen.ref)?.[1] ?? null,
      source: chosen.source,
      present,
    };
  const digest = info?.RepoDigests?.map((repoDigest) => /@(sha256:[0-9a-f]{64})$/.exec(repoDigest)?.[1]).find(
    (value) => value !== undefined,
  );
  return digest === undefined
    ? { ...chosen, digest: null, present }
    : { ref: `${chosen.ref}@${digest}`, digest, source: chosen.source, present };
}
