// The documents an export adds for readers of the submission: the reviewer README (what the
// artifact claims, how to replay it with ReproBundle and by hand, what the author's run needed)
// and a model-card skeleton prefilled from the bundle, with TODO where only the authors know.
import type { Manifest } from '../../shared/manifest';
import { replayReadme } from '../recipes/dockerfile';
import { describeCompute, runtimeOf } from './checklist';
import type { ProjectFacts } from './project-facts';

const cell = (value: unknown): string => String(value).replace(/\|/g, '\\|');

function metricsTable(manifest: Manifest): string[] {
  if (manifest.results.metrics.length === 0) return ['No results were recorded.'];
  return [
    '| Metric | Value | Allowed difference | File |',
    '|---|---|---|---|',
    ...manifest.results.metrics.map(
      (metric) =>
        `| ${cell(metric.name)} | ${cell(metric.value)} | ${metric.tolerance === null ? 'exact' : `max(${metric.tolerance.absolute}, ${metric.tolerance.relative} × value)`} | ${cell(metric.file)} |`,
    ),
  ];
}

function runtimeText(manifest: Manifest): string {
  const durations = runtimeOf(manifest);
  return durations === null
    ? 'not recorded (the author ran no pre-flight)'
    : `${durations.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} per run in the container`;
}

export function reviewerReadme(
  manifest: Manifest,
  facts: ProjectFacts,
  options: { kind: 'review' | 'camera-ready'; file: string },
): string {
  const command = manifest.entrypoint?.command ?? null;
  const dataPointers = manifest.dataPointers;
  const byHand = replayReadme({
    projectName: facts.title,
    command,
    dataPaths: dataPointers.map((pointer) => pointer.path),
    resultsFiles: manifest.results.files,
    baseImage: manifest.replay.baseImage,
    authorStage: manifest.replay.generator.version >= 3 && (manifest.environment.build?.dockerfile ?? null) !== null,
  })
    .split('\n')
    .slice(1)
    .join('\n');
  return [
    `# ${facts.title}`,
    '',
    options.kind === 'review'
      ? '*Anonymised copy for double-blind review: author identity has been removed.*'
      : `*Camera-ready artifact${facts.authors.length > 0 ? ` by ${facts.authors.map((author) => author.name).join(', ')}` : ''}.*`,
    '',
    ...(facts.description === null ? [] : [facts.description, '']),
    '## What this artifact claims',
    '',
    command === null
      ? 'No command was recorded, so only the environment can be rebuilt.'
      : `Running \`${command}\` in the container this bundle describes produces these results:`,
    '',
    ...metricsTable(manifest),
    '',
    '## Replay it with ReproBundle',
    '',
    '```sh',
    `reprobundle verify ${options.file}      # signature and every file`,
    `reprobundle replay ${options.file}${dataPointers.length > 0 ? ' --data <folder with the data>' : ''}`,
    ...(manifest.samples.length > 0
      ? [`reprobundle replay ${options.file} --sample   # smoke test on the synthetic sample, no real data needed`]
      : []),
    '```',
    '',
    'The replay rebuilds the image, runs the command without network, and compares every metric with its allowed difference: REPRODUCED, MISMATCH or FAILED.',
    '',
    '## Replay it by hand with docker',
    '',
    `Unzip ${options.file} and follow these steps in the unpacked folder.`,
    byHand,
    "## What the author's run needed",
    '',
    `- Hardware: ${describeCompute(manifest) ?? 'not recorded'}`,
    `- Time: ${runtimeText(manifest)}`,
    `- Base image: \`${manifest.replay.baseImage.ref}\``,
    ...(dataPointers.length > 0
      ? [
          '- Data kept outside the bundle:',
          ...dataPointers.map(
            (pointer) =>
              `  - \`${pointer.path}\`${pointer.size === null ? '' : `, ${pointer.size} bytes`}${pointer.uri === null ? '' : ` from ${pointer.uri}`}${pointer.sha256 === null ? '' : `, sha256 ${pointer.sha256}`}`,
          ),
        ]
      : ['- Data: all inside the bundle']),
    '',
    'See REPRODUCIBILITY.md for the reproducibility checklist and MODEL_CARD.md for the model card.',
    '',
  ].join('\n');
}

export function modelCard(manifest: Manifest, facts: ProjectFacts, kind: 'review' | 'camera-ready'): string {
  const todo = (what: string): string => `TODO (authors): ${what}`;
  const params = manifest.params.values;
  return [
    `# Model card: ${facts.title}`,
    '',
    'Prefilled by ReproBundle from the bundle. Replace every TODO; only the authors can answer those.',
    '',
    '## Model details',
    '',
    `- Version: ${facts.version ?? todo('a version')}; bundle made ${facts.date}`,
    `- Licence: ${facts.licence?.spdx ?? todo('a licence')}`,
    `- Type of model: ${todo('architecture family, task')}`,
    '',
    '## Intended use',
    '',
    todo('primary uses and users; uses that are out of scope'),
    '',
    '## Training data',
    '',
    ...(manifest.dataPointers.length === 0
      ? ['All data is inside the bundle.']
      : manifest.dataPointers.map(
          (pointer) => `- \`${pointer.path}\`${pointer.uri === null ? '' : ` (${pointer.uri})`}`,
        )),
    ...(manifest.samples.length > 0
      ? ['', `A synthetic sample ships for: ${manifest.samples.map((sample) => `\`${sample.dataset}\``).join(', ')}.`]
      : []),
    '',
    todo('where the data comes from, its licence, consent, and known biases'),
    '',
    '## Preprocessing',
    '',
    todo('cleaning, filtering, normalisation, and how the splits were made'),
    '',
    '## Architecture and hyperparameters',
    '',
    ...(params.length === 0
      ? [todo('the hyperparameters')]
      : [
          '| Parameter | Value | File |',
          '|---|---|---|',
          ...params.map((value) => `| ${cell(value.key)} | ${cell(value.value)} | ${cell(value.file)} |`),
        ]),
    '',
    todo('the architecture'),
    '',
    '## Metrics',
    '',
    ...metricsTable(manifest),
    '',
    '## Compute',
    '',
    `${describeCompute(manifest) ?? 'Hardware not recorded.'} Run time: ${runtimeText(manifest)}.`,
    '',
    '## Limitations and ethical considerations',
    '',
    todo('failure modes, populations it was not evaluated on, risks and mitigations'),
    '',
    '## Contact',
    '',
    kind === 'review'
      ? 'Withheld for double-blind review.'
      : facts.authors.length === 0
        ? todo('names and contact addresses')
        : facts.authors
            .map((author) => `- ${author.name}${author.email === null ? '' : ` <${author.email}>`}`)
            .join('\n'),
    '',
  ].join('\n');
}
