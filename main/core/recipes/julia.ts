// Julia (generator version 3): a project with `Project.toml` (and, for exact versions,
// `Manifest.toml`) instantiated with Pkg into a depot under /opt at build time, on the Julia
// version the manifest records (base-image choice in dockerfile.ts). At run time the depot is
// read-only behind a writable one in the sandbox's HOME, where Julia keeps its logs and caches.
import { namedFileOfKind, type Recipe } from './recipe';

const DEPOT = '/opt/julia-depot';
/** The replay's writable HOME (replay-bundle.ts RUN_HOME). */
const RUN_DEPOT = '/tmp/home/.julia';

export const juliaRecipe: Recipe = {
  name: 'Julia',
  kinds: ['Julia project', 'Julia manifest'],
  install(environment) {
    const project = namedFileOfKind(environment, 'Julia project', 'Project.toml');
    if (project === undefined) return undefined;
    const manifest = namedFileOfKind(environment, 'Julia manifest', 'Manifest.toml');
    const folder = project.includes('/') ? project.slice(0, project.lastIndexOf('/')) : '.';
    return [
      manifest === undefined
        ? `# Dependencies: resolved from ${project} (no Manifest.toml: versions may differ from the author's)`
        : `# Dependencies: exactly the versions in ${manifest}`,
      `ENV JULIA_DEPOT_PATH=${DEPOT} JULIA_PROJECT=${folder === '.' ? '/app' : `/app/${folder}`}`,
      `RUN julia -e 'using Pkg; Pkg.instantiate(); Pkg.precompile()' && chmod -R a+rX ${DEPOT}`,
      `ENV JULIA_DEPOT_PATH=${RUN_DEPOT}:${DEPOT}`,
    ];
  },
};
