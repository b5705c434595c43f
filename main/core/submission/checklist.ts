// The ML reproducibility checklist (after Pineau et al.'s checklist used by NeurIPS and ICML),
// assessed from what the bundle records: each item green (shown by the bundle), amber (partly,
// or only the author can say) or red (missing), with its evidence; as data and as Markdown.
import type { Manifest } from '../../shared/manifest';
import type { Evidence, Finding } from './evidence';
import type { ProjectFacts } from './project-facts';
import type { ChecklistItem, ItemStatus } from '../../shared/submission';

const at = (finding: Finding): string => `\`${finding.text}\` in ${finding.file}:${finding.line}`;
const some = (findings: readonly Finding[], limit = 3): string[] => findings.slice(0, limit).map(at);

function formatGpu(gpu: NonNullable<Manifest['hardware']>['gpus'][number]): string {
  return `${gpu.vendor} ${gpu.model}${gpu.vramMB === null ? '' : ` ${Math.round(gpu.vramMB / 1024)} GB`}`;
}

export function describeCompute(manifest: Manifest): string | null {
  const hardware = manifest.hardware;
  if (hardware === null) return null;
  const gpus = new Map<string, number>();
  for (const gpu of hardware.gpus) gpus.set(formatGpu(gpu), (gpus.get(formatGpu(gpu)) ?? 0) + 1);
  const gpuText = [...gpus].map(([model, count]) => `${count}× ${model}`).join(', ');
  const memory = `${Math.round(hardware.memoryBytes / 1024 ** 3)} GB RAM`;
  return `${gpuText === '' ? 'no GPU' : gpuText}; ${hardware.cpu.cores}-core ${hardware.cpu.model}; ${memory}`;
}

export function runtimeOf(manifest: Manifest): number[] | null {
  const durations = manifest.preflight?.durationsMs;
  return durations === undefined || durations.length === 0 ? null : durations;
}

export function assessChecklist(manifest: Manifest, facts: ProjectFacts, evidence: Evidence): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const add = (item: ChecklistItem): number => items.push(item);
  const codeFiles = manifest.files.filter((file) => file.path.startsWith('project/')).length;
  const numericParams = manifest.params.values;

  add({
    id: 'model-description',
    section: 'Models and algorithms',
    title: 'A clear description of the model or algorithm',
    status: evidence.readmeWords >= 150 ? 'green' : evidence.readmeWords > 0 ? 'amber' : 'red',
    evidence:
      evidence.readmeWords === 0
        ? ['no README in the project']
        : [
            `README: ${evidence.readmeWords} words${evidence.readmeWords < 150 ? ' (short: describe the method and the claims)' : ''}`,
          ],
  });
  add({
    id: 'complexity',
    section: 'Models and algorithms',
    title: 'Analysis of complexity (time, space, sample size)',
    status: 'amber',
    evidence: ['only the authors can state this; TODO in the model card'],
  });
  add({
    id: 'datasets-statistics',
    section: 'Datasets',
    title: 'Relevant statistics, such as the number of examples',
    status: evidence.datasetRows.length > 0 ? 'green' : 'amber',
    evidence:
      evidence.datasetRows.length > 0
        ? evidence.datasetRows.map(
            (entry) => `${entry.dataset}: ${entry.rows} rows (from its synthetic sample's report)`,
          )
        : ['no dataset statistics recorded: ship a synthetic sample with the bundle, or state them in the README'],
  });
  add({
    id: 'datasets-splits',
    section: 'Datasets',
    title: 'Details of train / validation / test splits',
    status: evidence.splits.length > 0 ? 'green' : 'amber',
    evidence: evidence.splits.length > 0 ? some(evidence.splits) : ['no split found in code or params; describe it'],
  });
  const unreachable = manifest.dataPointers.filter(
    (pointer) => pointer.uri === null && pointer.remote === null && pointer.source !== 'dvc-lock',
  );
  const unchecked = manifest.dataPointers.filter((pointer) => pointer.sha256 === null && pointer.md5 === null);
  add({
    id: 'datasets-availability',
    section: 'Datasets',
    title: 'Data available for download, with checksums',
    status:
      manifest.dataPointers.length === 0
        ? 'green'
        : unreachable.length > 0
          ? 'red'
          : unchecked.length > 0
            ? 'amber'
            : 'green',
    evidence:
      manifest.dataPointers.length === 0
        ? ['all data is inside the bundle']
        : [
            ...manifest.dataPointers.map(
              (pointer) =>
                `${pointer.path}: ${pointer.uri ?? (pointer.remote === null ? 'no download location' : `DVC remote ${pointer.remote.url}`)}${pointer.sha256 === null && pointer.md5 === null ? ', no checksum' : ''}`,
            ),
            ...(manifest.samples.length > 0
              ? [`synthetic sample(s) for a smoke test: ${manifest.samples.map((sample) => sample.dataset).join(', ')}`]
              : []),
          ],
  });
  const lockfiles = manifest.environment.files.filter((file) => /lock/i.test(file.kind));
  const unpinned = manifest.environment.findings.filter((finding) => /unpinned|range|no-lockfile/.test(finding.code));
  add({
    id: 'code-dependencies',
    section: 'Code',
    title: 'Specification of dependencies',
    status:
      manifest.environment.files.length === 0
        ? 'red'
        : lockfiles.length > 0 || unpinned.length === 0
          ? 'green'
          : 'amber',
    evidence:
      manifest.environment.files.length === 0
        ? ['no environment file (requirements.txt, lockfile, environment.yml)']
        : [
            `${manifest.environment.files.map((file) => file.path).join(', ')}; image from ${manifest.replay.baseImage.ref}${manifest.replay.baseImage.digest === null ? ' (not pinned by digest)' : ''}`,
            ...unpinned
              .slice(0, 3)
              .map(
                (finding) =>
                  `${finding.message}${finding.file === null ? '' : ` (${finding.file}${finding.line === null ? '' : `:${finding.line}`})`}`,
              ),
          ],
  });
  add({
    id: 'code-training-evaluation',
    section: 'Code',
    title: 'Training and evaluation code, with the command that runs it',
    status: manifest.entrypoint === null ? 'red' : 'green',
    evidence: [
      `${codeFiles} project files in the bundle`,
      manifest.entrypoint === null ? 'no command recorded' : `command: \`${manifest.entrypoint.command}\``,
    ],
  });
  add({
    id: 'code-readme',
    section: 'Code',
    title: 'A README with the results and how to reproduce them',
    status: 'green',
    evidence: ['README.md for reviewers is generated in this copy, with the recorded results and the replay commands'],
  });
  add({
    id: 'code-licence',
    section: 'Code',
    title: 'A licence',
    status: facts.licence === null ? 'red' : 'green',
    evidence: [facts.licence === null ? 'no LICENSE file recognised' : `${facts.licence.spdx} (${facts.licence.file})`],
  });
  add({
    id: 'experiments-ranges',
    section: 'Experiments',
    title: 'The range of hyperparameters considered and how they were chosen',
    status: evidence.sweeps.length > 0 ? 'green' : 'amber',
    evidence: evidence.sweeps.length > 0 ? some(evidence.sweeps) : ['no sweep or search found; state the ranges tried'],
  });
  add({
    id: 'experiments-best-config',
    section: 'Experiments',
    title: 'The exact configuration of the reported results',
    status: numericParams.length > 0 ? 'green' : 'amber',
    evidence:
      numericParams.length > 0
        ? [`${numericParams.length} parameter values recorded from ${manifest.params.files.join(', ')}`]
        : ['no params file found (params.yaml, Hydra config, MLproject)'],
  });
  add({
    id: 'experiments-seeds',
    section: 'Experiments',
    title: 'Random seeds',
    status: evidence.seeds.length > 0 ? 'green' : 'red',
    evidence:
      evidence.seeds.length > 0
        ? some(evidence.seeds).map((text) => `seeds: ${text}`)
        : ['no seed is set in code or params'],
  });
  add({
    id: 'experiments-statistic',
    section: 'Experiments',
    title: 'The evaluation metrics and statistic reported',
    status: manifest.results.metrics.length > 0 ? 'green' : 'red',
    evidence:
      manifest.results.metrics.length > 0
        ? [
            `${manifest.results.metrics.length} metrics recorded: ${manifest.results.metrics
              .slice(0, 6)
              .map((metric) => metric.name)
              .join(', ')}`,
          ]
        : ['no results recorded'],
  });
  const runs = manifest.preflight?.runs ?? 0;
  add({
    id: 'experiments-variation',
    section: 'Experiments',
    title: 'Variation across runs (error bars, number of runs)',
    status: runs >= 2 ? 'green' : 'amber',
    evidence:
      runs >= 2
        ? [
            `${runs} pre-flight runs: ${manifest.preflight?.varying.length === 0 ? 'every metric identical' : `varying: ${manifest.preflight?.varying.map((variation) => `${variation.name} ${variation.min}–${variation.max}`).join(', ')}`}`,
          ]
        : ['one run recorded: run a pre-flight of 2 or more runs before signing'],
  });
  const compute = describeCompute(manifest);
  add({
    id: 'experiments-hardware',
    section: 'Experiments',
    title: 'The computing infrastructure used',
    status: compute === null ? 'red' : 'green',
    evidence: [compute === null ? 'no hardware recorded' : `compute: ${compute} recorded`],
  });
  const durations = runtimeOf(manifest);
  add({
    id: 'experiments-runtime',
    section: 'Experiments',
    title: 'The average runtime',
    status: durations === null ? 'amber' : 'green',
    evidence: [
      durations === null
        ? 'no run time recorded: run a pre-flight'
        : `runs took ${durations.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} in the container`,
    ],
  });
  return items;
}

const MARK: Record<ItemStatus, string> = { green: '🟢 green', amber: '🟠 amber', red: '🔴 red' };

export function checklistMarkdown(title: string, items: readonly ChecklistItem[]): string {
  const lines = [
    `# Reproducibility checklist: ${title}`,
    '',
    'Assessed by ReproBundle from what the bundle records. Green: shown by the bundle. Amber: partly, or only the authors can say. Red: missing.',
    '',
  ];
  for (const section of [...new Set(items.map((item) => item.section))]) {
    lines.push(`## ${section}`, '', '| Item | Status | Evidence |', '|---|---|---|');
    for (const item of items.filter((entry) => entry.section === section)) {
      lines.push(`| ${item.title} | ${MARK[item.status]} | ${item.evidence.join('<br>').replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  const counts = (['green', 'amber', 'red'] as const).map(
    (status) => `${items.filter((item) => item.status === status).length} ${status}`,
  );
  lines.push(`Summary: ${counts.join(', ')}.`, '');
  return lines.join('\n');
}
