// Reads DVC natively, as DVC users expect: `*.dvc` files and dvc.lock outputs become data pointers
// (md5, size, nfiles, `.dir` for folders) except outputs with `cache: false`, which are ordinary
// git-tracked files and stay in the bundle; `.dvc/config` names the remotes; dvc.yaml (at the top
// and nested, with `wdir`, `foreach` and `matrix`) gives the pipeline's stages, their metrics and
// the top-level `metrics:`. A pipeline of several stages is proposed as its stage commands in
// topological order — what `dvc repro` runs, without needing dvc (it cannot be installed offline).
import path from 'node:path';
import type { DataPointer, EntrypointProposal, Finding } from '../../shared/manifest';
import { isRecord, parseStructured, readText } from '../files/project-files';
import { expandStages, pipelineOrder, type Stage } from './dvc-pipeline';

export interface DvcInfo {
  pointers: DataPointer[];
  remotes: NonNullable<DataPointer['remote']>[];
  defaultRemote: string | null;
  stages: EntrypointProposal[];
  metricsFiles: string[];
  findings: Finding[];
}

export async function readDvc(root: string, files: readonly string[]): Promise<DvcInfo> {
  const info: DvcInfo = { pointers: [], remotes: [], defaultRemote: null, stages: [], metricsFiles: [], findings: [] };
  const config = await readText(root, '.dvc/config');
  if (config !== undefined) Object.assign(info, parseDvcConfig(config));
  const remote = (): DataPointer['remote'] => {
    const name = info.defaultRemote ?? info.remotes[0]?.name;
    return info.remotes.find((candidate) => candidate.name === name) ?? null;
  };

  // The pipelines first: which outputs are not cached (git-tracked files, never pointers).
  const stages: Stage[] = [];
  const uncached = new Set<string>();
  const pipelines = files.filter((file) => file === 'dvc.yaml' || file.endsWith('/dvc.yaml')).sort();
  for (const file of pipelines) {
    const pipeline = await parseFile(root, file, info.findings);
    if (!isRecord(pipeline)) continue;
    const folder = path.posix.dirname(file);
    const expanded = expandStages(pipeline, folder, file);
    stages.push(...expanded);
    for (const stage of expanded) for (const out of stage.uncached) uncached.add(out);
    for (const stage of expanded) info.metricsFiles.push(...stage.metrics);
    // DVC 3: top-level metrics (and plots) declared for the whole project.
    for (const entry of Array.isArray(pipeline['metrics']) ? pipeline['metrics'] : []) {
      const declared = typeof entry === 'string' ? entry : isRecord(entry) ? Object.keys(entry)[0] : undefined;
      if (declared !== undefined) info.metricsFiles.push(path.posix.normalize(path.posix.join(folder, declared)));
    }
  }
  info.metricsFiles = [...new Set(info.metricsFiles)];

  for (const file of files.filter((rel) => rel.endsWith('.dvc'))) {
    const parsed = await parseFile(root, file, info.findings);
    const outs = isRecord(parsed) && Array.isArray(parsed['outs']) ? parsed['outs'] : [];
    for (const out of outs) {
      const pointer = toPointer(out, path.posix.dirname(file), 'dvc-file', file, remote());
      if (pointer !== undefined) info.pointers.push(pointer);
    }
  }

  for (const lockFile of files.filter((file) => file === 'dvc.lock' || file.endsWith('/dvc.lock')).sort()) {
    const lock = await parseFile(root, lockFile, info.findings);
    if (!isRecord(lock) || !isRecord(lock['stages'])) continue;
    for (const stage of Object.values(lock['stages'])) {
      if (!isRecord(stage) || !Array.isArray(stage['outs'])) continue;
      for (const out of stage['outs']) {
        // dvc.lock paths are relative to the lock's folder (a stage's wdir is already applied).
        const pointer = toPointer(out, path.posix.dirname(lockFile), 'dvc-lock', lockFile, remote());
        if (pointer === undefined || uncached.has(pointer.path)) continue;
        if (!info.pointers.some((known) => known.path === pointer.path)) info.pointers.push(pointer);
      }
    }
  }

  if (stages.length === 1) {
    const [only] = stages as [Stage];
    info.stages.push({ command: only.command, source: `${only.file} stage "${only.name}"` });
  } else if (stages.length > 1) {
    const ordered = pipelineOrder(stages);
    info.stages.push({
      command: ordered.map((stage) => stage.command).join(' && '),
      source: `${pipelines.join(', ')}: all ${stages.length} stages in pipeline order (${ordered.map((stage) => stage.name).join(' → ')}), what dvc repro runs`,
    });
    for (const stage of stages)
      info.stages.push({ command: stage.command, source: `${stage.file} stage "${stage.name}"` });
  }
  return info;
}

async function parseFile(root: string, rel: string, findings: Finding[]): Promise<unknown> {
  const text = await readText(root, rel);
  if (text === undefined) return undefined;
  // .dvc files, dvc.lock and dvc.yaml are all YAML, which parseStructured reads for any extension but .json/.toml.
  const parsed = parseStructured(rel, text);
  if (!parsed.ok) {
    findings.push(parsed.finding);
    return undefined;
  }
  return parsed.value;
}

function toPointer(
  out: unknown,
  baseDir: string,
  source: 'dvc-file' | 'dvc-lock',
  declaredIn: string,
  remote: DataPointer['remote'],
): DataPointer | undefined {
  if (!isRecord(out) || typeof out['path'] !== 'string') return undefined;
  const md5 =
    typeof out['md5'] === 'string'
      ? out['md5']
      : typeof out['hash'] === 'string' && out['hash'] !== 'md5'
        ? out['hash']
        : null;
  return {
    path: path.posix.normalize(baseDir === '.' ? out['path'] : `${baseDir}/${out['path']}`),
    uri: null,
    size: typeof out['size'] === 'number' ? out['size'] : null,
    sha256: null,
    md5,
    nfiles: typeof out['nfiles'] === 'number' ? out['nfiles'] : null,
    isDirectory: md5?.endsWith('.dir') === true,
    source,
    declaredIn,
    remote,
  };
}

/**
 * `.dvc/config` is INI: `[core] remote = name` and `['remote "name"'] url = …` (with
 * `endpointurl = …` for S3-compatible stores). Only where the data lives is recorded, never how to
 * log in: a user name or password inside a URL is dropped, and the remote's credential keys
 * (`password`, `secret_access_key`, …, and everything in `config.local`) are not read.
 */
export function parseDvcConfig(text: string): Pick<DvcInfo, 'remotes' | 'defaultRemote'> {
  const remotes: DvcInfo['remotes'] = [];
  let defaultRemote: string | null = null;
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*'?(.*?)'?\s*\]$/.exec(line);
    if (header !== null) {
      section = header[1] ?? '';
      continue;
    }
    const [rawKey, ...rest] = line.split('=');
    const key = rawKey?.trim();
    const value = rest.join('=').trim();
    if (section === 'core' && key === 'remote') defaultRemote = value;
    const name = /^remote\s+"(.+)"$/.exec(section)?.[1];
    if (name === undefined || (key !== 'url' && key !== 'endpointurl')) continue;
    let remote = remotes.find((candidate) => candidate.name === name);
    if (remote === undefined) {
      remote = { name, url: '' };
      remotes.push(remote);
    }
    if (key === 'url') remote.url = withoutCredentials(value);
    else remote.endpointUrl = withoutCredentials(value);
  }
  return { remotes: remotes.filter((remote) => remote.url !== ''), defaultRemote };
}

/** `s3://user:password@host/…` → `s3://host/…`: a URL's user information never leaves the machine. */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
