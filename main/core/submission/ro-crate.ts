// ro-crate-metadata.json for an export: RO-Crate 1.2 with the Process Run Crate profile. The
// root dataset (name, description, licence, datePublished) lists every file of the copy with its
// sha256 and contentSize through hasPart; one CreateAction records the author's run: the
// entrypoint as instrument, data and params as object, the metrics as result, the container
// image with its digest, and the environment the image sets.
import type { Manifest, ManifestFile } from '../../shared/manifest';
import { PROJECT_PREFIX } from '../../shared/layout';
import type { ProjectFacts } from './project-facts';

export const RO_CRATE_METADATA = 'ro-crate-metadata.json';
export const RO_CRATE_CONTEXT = 'https://w3id.org/ro/crate/1.2/context';
export const RO_CRATE_SPEC = 'https://w3id.org/ro/crate/1.2';
export const PROCESS_RUN_CRATE = 'https://w3id.org/ro/wfrun/process/0.5';
const WORKFLOW_RUN_CONTEXT = 'https://w3id.org/ro/terms/workflow-run/context';

const DATA_FILE =
  /\.(csv|tsv|jsonl|ndjson|parquet|feather|arrow|npy|npz|h5|hdf5|nc|zarr|pkl|pt|tfrecord|xlsx?|sqlite|db)$/i;

type Entity = Record<string, unknown> & { '@id': string; '@type': string | string[] };
const ref = (id: string): { '@id': string } => ({ '@id': id });

/** Data entity ids are relative URIs: each path segment percent-encoded. */
export function fileId(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const MEDIA_TYPES: Record<string, string> = {
  py: 'text/x-python',
  md: 'text/markdown',
  json: 'application/json',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  toml: 'application/toml',
  ipynb: 'application/x-ipynb+json',
  parquet: 'application/vnd.apache.parquet',
  cff: 'application/yaml',
};

function encodingFormat(path: string): string | undefined {
  return MEDIA_TYPES[/\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? ''];
}

/** The environment the generated Dockerfile sets (its ENV lines) as name/value pairs. */
function dockerfileEnvironment(dockerfile: string): { name: string; value: string }[] {
  const pairs: { name: string; value: string }[] = [];
  for (const line of dockerfile.split('\n')) {
    const body = /^\s*ENV\s+(.+)$/i.exec(line)?.[1];
    if (body === undefined) continue;
    for (const match of body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g))
      pairs.push({ name: match[1] as string, value: (match[2] as string).replace(/^"|"$/g, '') });
  }
  return pairs;
}

export function buildRoCrate(options: {
  manifest: Manifest;
  facts: ProjectFacts;
  /** Every file of the copy (the manifest's list, before the crate itself is added). */
  files: readonly ManifestFile[];
  dockerfile: string;
  kind: 'review' | 'camera-ready';
}): string {
  const { manifest, facts, files, kind } = options;
  const graph: Entity[] = [];
  const listed = files.filter((file) => file.path !== RO_CRATE_METADATA);
  const has = (path: string): boolean => listed.some((file) => file.path === path);

  graph.push({ '@id': RO_CRATE_METADATA, '@type': 'CreativeWork', conformsTo: ref(RO_CRATE_SPEC), about: ref('./') });
  const licenceId = facts.licence === null ? null : `https://spdx.org/licenses/${facts.licence.spdx}`;
  const authors =
    kind === 'camera-ready'
      ? facts.authors.map((author, index) => ({
          id: author.email === null ? `#author-${index + 1}` : `mailto:${author.email}`,
          author,
        }))
      : [];
  graph.push({
    '@id': './',
    '@type': 'Dataset',
    name: facts.title,
    description:
      facts.description ??
      `A ReproBundle bundle of ${facts.title}: code, environment, parameters and recorded results, signed, with the run that produced them.`,
    datePublished: manifest.createdAt,
    ...(licenceId === null ? {} : { license: ref(licenceId) }),
    ...(authors.length === 0 ? {} : { author: authors.map((entry) => ref(entry.id)) }),
    conformsTo: ref(PROCESS_RUN_CRATE),
    hasPart: listed.map((file) => ref(fileId(file.path))),
    mentions: ref('#run'),
  });
  graph.push({ '@id': PROCESS_RUN_CRATE, '@type': 'CreativeWork', name: 'Process Run Crate', version: '0.5' });
  if (licenceId !== null && facts.licence !== null)
    graph.push({ '@id': licenceId, '@type': 'CreativeWork', name: facts.licence.name, identifier: facts.licence.spdx });
  for (const { id, author } of authors)
    graph.push({
      '@id': id,
      '@type': 'Person',
      name: author.name,
      ...(author.email === null ? {} : { email: author.email }),
    });

  for (const file of listed) {
    const format = encodingFormat(file.path);
    graph.push({
      '@id': fileId(file.path),
      '@type': 'File',
      name: file.path.split('/').pop() ?? file.path,
      contentSize: String(file.size),
      sha256: file.sha256,
      ...(format === undefined ? {} : { encodingFormat: format }),
    });
  }

  // The instrument: the entrypoint's script when the command names a bundled file, else the project as code.
  const command = manifest.entrypoint?.command ?? null;
  const script =
    command === null
      ? undefined
      : command
          .split(/\s+/)
          .map((word) => `${PROJECT_PREFIX}${word}`)
          .find(has);
  const instrumentId = script === undefined ? '#project-code' : fileId(script);
  if (script === undefined) {
    graph.push({
      '@id': '#project-code',
      '@type': ['SoftwareApplication', 'SoftwareSourceCode'],
      name: `${facts.title} (project code)`,
      ...(facts.version === null ? {} : { version: facts.version }),
    });
  } else {
    const entity = graph.find((entry) => entry['@id'] === instrumentId) as Entity;
    entity['@type'] = ['File', 'SoftwareSourceCode', 'SoftwareApplication'];
    if (facts.version !== null) entity['version'] = facts.version;
  }

  // Data: what is kept outside (pointers), what has a sample, and bundled files in data formats.
  const results = new Set(manifest.results.files.map((file) => `${PROJECT_PREFIX}${file}`));
  const bundledData = listed
    .map((file) => file.path)
    .filter(
      (file) =>
        file.startsWith(PROJECT_PREFIX) &&
        DATA_FILE.test(file) &&
        !results.has(file) &&
        !manifest.params.files.includes(file.slice(PROJECT_PREFIX.length)),
    );
  const objects = [
    ...manifest.params.files
      .map((file) => `${PROJECT_PREFIX}${file}`)
      .filter(has)
      .map(fileId),
    ...bundledData.map(fileId),
    ...manifest.dataPointers
      .filter((pointer) => !bundledData.includes(`${PROJECT_PREFIX}${pointer.path}`))
      .map((pointer) =>
        has(`${PROJECT_PREFIX}${pointer.path}`) ? fileId(`${PROJECT_PREFIX}${pointer.path}`) : `#data-${pointer.path}`,
      ),
  ];
  for (const pointer of manifest.dataPointers) {
    if (has(`${PROJECT_PREFIX}${pointer.path}`)) continue;
    graph.push({
      '@id': `#data-${pointer.path}`,
      '@type': pointer.isDirectory ? 'Dataset' : 'CreativeWork',
      name: pointer.path,
      description: 'Data kept outside the bundle; replay fetches it or takes it from a data folder.',
      ...(pointer.uri === null ? {} : { url: pointer.uri }),
      ...(pointer.size === null ? {} : { contentSize: String(pointer.size) }),
      ...(pointer.sha256 === null ? {} : { sha256: pointer.sha256 }),
    });
  }

  const metricIds = manifest.results.metrics.map((metric) => {
    const id = `#metric-${metric.file}-${metric.name}`;
    graph.push({
      '@id': id,
      '@type': 'PropertyValue',
      name: metric.name,
      value: metric.value,
      ...(metric.tolerance === null
        ? {}
        : {
            description: `allowed difference: max(${metric.tolerance.absolute}, ${metric.tolerance.relative} × value)`,
          }),
    });
    return id;
  });
  const resultFiles = manifest.results.files
    .map((file) => `${PROJECT_PREFIX}${file}`)
    .filter(has)
    .map(fileId);

  const image = manifest.replay.baseImage;
  const [repository = image.ref, tag] = image.ref.replace(/@sha256:[0-9a-f]{64}$/, '').split(/:(?=[^/:]+$)/);
  graph.push({
    '@id': '#image',
    '@type': 'ContainerImage',
    additionalType: ref('https://w3id.org/ro/terms/workflow-run#DockerImage'),
    name: repository,
    ...(tag === undefined ? {} : { tag }),
    ...(image.digest === null ? {} : { sha256: image.digest.replace(/^sha256:/, '') }),
    description: `Base image of the generated Dockerfile (${image.source})${image.digest === null ? '; not pinned by digest' : ''}.`,
  });
  const environment = dockerfileEnvironment(options.dockerfile).map((pair) => {
    const id = `#env-${pair.name}`;
    graph.push({ '@id': id, '@type': 'PropertyValue', name: pair.name, value: pair.value });
    return id;
  });
  graph.push({
    '@id': '#run',
    '@type': 'CreateAction',
    name: `Run of ${facts.title}`,
    description: command ?? 'no command recorded',
    endTime: manifest.createdAt,
    instrument: ref(instrumentId),
    object: objects.map(ref),
    result: [...resultFiles, ...metricIds].map(ref),
    containerImage: ref('#image'),
    environment: environment.map(ref),
    ...(authors[0] === undefined ? {} : { agent: ref(authors[0].id) }),
  });
  return `${JSON.stringify({ '@context': [RO_CRATE_CONTEXT, WORKFLOW_RUN_CONTEXT], '@graph': graph }, null, 2)}\n`;
}
