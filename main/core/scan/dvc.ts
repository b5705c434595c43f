// Reads DVC natively: `*.dvc` files and dvc.lock outputs become data pointers (md5, size, nfiles,
// `.dir` for folders), `.dvc/config` names the remotes, dvc.yaml gives stage commands (entrypoint
// proposals) and declared metrics files.
import path from 'node:path';
import type { DataPointer, EntrypointProposal, Finding } from '../../shared/manifest';
import { isRecord, parseStructured, readText } from '../files/project-files';

export interface DvcInfo {
  pointers: DataPointer[];
  remotes: { name: string; url: string }[];
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

  for (const file of files.filter((rel) => rel.endsWith('.dvc'))) {
    const parsed = await parseFile(root, file, info.findings);
    const outs = isRecord(parsed) && Array.isArray(parsed['outs']) ? parsed['outs'] : [];
    for (const out of outs) {
      const pointer = toPointer(out, path.posix.dirname(file), 'dvc-file', file, remote());
      if (pointer !== undefined) info.pointers.push(pointer);
    }
  }

  const lock = await parseFile(root, 'dvc.lock', info.findings);
  if (isRecord(lock) && isRecord(lock['stages'])) {
    for (const stage of Object.values(lock['stages'])) {
      if (!isRecord(stage) || !Array.isArray(stage['outs'])) continue;
      for (const out of stage['outs']) {
        const pointer = toPointer(out, '.', 'dvc-lock', 'dvc.lock', remote());
        if (pointer !== undefined && !info.pointers.some((known) => known.path === pointer.path))
          info.pointers.push(pointer);
      }
    }
  }

  const pipeline = await parseFile(root, 'dvc.yaml', info.findings);
  if (isRecord(pipeline) && isRecord(pipeline['stages'])) {
    for (const [name, stage] of Object.entries(pipeline['stages'])) {
      if (!isRecord(stage)) continue;
      const cmd = stage['cmd'];
      const command =
        typeof cmd === 'string'
          ? cmd
          : Array.isArray(cmd)
            ? cmd.filter((part) => typeof part === 'string').join(' && ')
            : undefined;
      if (command !== undefined) info.stages.push({ command, source: `dvc.yaml stage "${name}"` });
      for (const metric of Array.isArray(stage['metrics']) ? stage['metrics'] : []) {
        const metricPath = typeof metric === 'string' ? metric : isRecord(metric) ? Object.keys(metric)[0] : undefined;
        if (metricPath !== undefined) info.metricsFiles.push(metricPath);
      }
    }
    if (info.stages.length > 1) info.stages.unshift({ command: 'dvc repro', source: 'dvc.yaml (all stages)' });
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

/** `.dvc/config` is INI: `[core] remote = name` and `['remote "name"'] url = …`. */
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
    const [key, ...rest] = line.split('=');
    const value = rest.join('=').trim();
    if (section === 'core' && key?.trim() === 'remote') defaultRemote = value;
    const remote = /^remote\s+"(.+)"$/.exec(section);
    if (remote !== null && key?.trim() === 'url') remotes.push({ name: remote[1] ?? '', url: value });
  }
  return { remotes, defaultRemote };
}
