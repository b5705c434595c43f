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
  return manifest.replay.generator.version === 1 ? generateDockerfileV1(inputs) : generateDockerfile(inputs);
}

const KNOWN_INSTRUCTIONS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'EXPOSE',
  'ENV',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

/** Why this Dockerfile may not be built by a replay, one line each; empty when it may. */
export function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  // Continuation lines join an instruction; comments and blank lines are dropped first.
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line) || /^\s*#\s*(syntax|escape)\s*=/i.test(line))
    .join('\n')
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  for (const line of logical) {
    if (/^#\s*syntax\s*=/i.test(line)) {
      problems.push('a "# syntax=" line (it makes the builder fetch and run a frontend image)');
      continue;
    }
    if (/^#\s*escape\s*=/i.test(line)) {
      problems.push('an "# escape=" line (it changes how every later line is read)');
      continue;
    }
    const instruction = /^([A-Za-z]+)\b/.exec(line)?.[1]?.toUpperCase();
    if (instruction === 'ADD') {
      problems.push(
        `ADD (it fetches URLs and unpacks archives during the build; COPY does neither): ${line.slice(0, 80)}`,
      );
      continue;
    }
    if (instruction === undefined || !KNOWN_INSTRUCTIONS.has(instruction)) {
      problems.push(`unknown or disallowed instruction: ${line.slice(0, 80)}`);
      continue;
    }
    if (/--mount=[^\s]*type=(ssh|secret)/i.test(line))
      problems.push(`a RUN that mounts a secret or SSH agent: ${line.slice(0, 80)}`);
    if (/(^|\s)--network(=|\s)/i.test(line))
      problems.push(`a build step that chooses its network: ${line.slice(0, 80)}`);
    if (instruction === 'COPY' && /(^|\s)--from=/i.test(line))
      problems.push(`COPY --from another image: ${line.slice(0, 80)}`);
    if (instruction === 'COPY' && /[a-z][a-z0-9+.-]*:\/\//i.test(line))
      problems.push(`COPY of a URL: ${line.slice(0, 80)}`);
  }
  return problems;
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
