// What a replay builds is decided by the reviewer's own tool, not by the bundle (DESIGN §5a): the
// Dockerfile is generated again from the signed manifest, by the same generator that wrote it at
// creation. A shipped Dockerfile that differs (a CMD that copies baked-in numbers, an `ADD` that
// fetches from the reviewer's loopback) is not built unless the reviewer accepts it, and then only
// if it passes the instruction check below; the run's command always comes from the manifest.
import { GENERATOR_VERSION, type Manifest } from '../../shared/manifest';
import { generateDockerfile } from '../recipes/dockerfile';
import { generateDockerfileV1 } from '../recipes/generator-v1';

/**
 * The Dockerfile ReproBundle generates for this manifest (create writes exactly this), by the
 * rules of the generator version the manifest names; null for a version newer than this
 * program's. When the rules change, GENERATOR_VERSION goes up and the older versions' rules stay
 * reachable here, so a bundle made years ago is regenerated as its creator generated it.
 */
export function expectedDockerfile(manifest: Manifest): string | null {
  if (manifest.replay.generator.version > GENERATOR_VERSION) return null;
  const inputs = {
    baseImage: manifest.replay.baseImage,
    environment: manifest.environment,
    command: manifest.entrypoint?.command ?? null,
    projectName: manifest.project.name,
  };
  return manifest.replay.generator.version === 1
    ? generateDockerfileV1(inputs)
    : generateDockerfile(inputs, manifest.replay.generator.version);
}

/** The lines that differ, shown to the reviewer: `-` as generated, `+` as shipped. */
export function dockerfileDifference(expected: string, shipped: string): string[] {
  const want = expected.split('\n');
  const got = shipped.split('\n');
  const wanted = new Set(want);
  const gotten = new Set(got);
  return [
    ...want.filter((line) => !gotten.has(line)).map((line) => `- ${line}`),
    ...got.filter((line) => !wanted.has(line)).map((line) => `+ ${line}`),
  ];
}
