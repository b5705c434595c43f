// The Python interpreter that ran the experiment (issue 15), and what it had installed: the
// project's own virtual environment when it has one (`.venv`, `venv`, `env`: its pyvenv.cfg names
// the version, its site-packages the distributions; no process needed), else `python3` on PATH,
// asked once, with a short timeout, for its version and site-packages folders. Distributions are
// read from `*.dist-info/METADATA` headers (spawning pip would take a second or more).
import { execFile } from 'node:child_process';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { readText } from '../files/project-files';

const VENV_FOLDERS = ['.venv', 'venv', 'env', '.env'];
/** A METADATA file's headers come first (name, version, then the requirements after the classifiers). */
const HEADER_BYTES = 32 * 1024;
const MAX_DISTRIBUTIONS = 5000;

/** A distribution the interpreter had, with the names its METADATA requires (extras-only ones left out). */
export interface InstalledDistribution {
  name: string;
  version: string;
  requires: string[];
}

export interface Interpreter {
  version: string;
  source: string;
  /** Folders whose `*.dist-info` list what is installed. */
  sitePackages: string[];
}

export async function findInterpreter(root: string): Promise<Interpreter | null> {
  for (const folder of VENV_FOLDERS) {
    const config = await readText(root, `${folder}/pyvenv.cfg`);
    const version =
      config === undefined ? undefined : /^\s*version(?:_info)?\s*=\s*(\d+\.\d+(?:\.\d+)?)/m.exec(config)?.[1];
    if (version === undefined) continue;
    const minor = /^\d+\.\d+/.exec(version)?.[0] ?? version;
    return {
      version,
      source: `${folder}/pyvenv.cfg`,
      sitePackages: [
        path.join(root, folder, 'lib', `python${minor}`, 'site-packages'),
        path.join(root, folder, 'Lib', 'site-packages'),
      ],
    };
  }
  const answer = await new Promise<string | undefined>((resolve) => {
    execFile(
      'python3',
      [
        '-c',
        'import json,site,sys;print(json.dumps([sys.version.split()[0]]+site.getsitepackages()+[site.getusersitepackages()]))',
      ],
      { timeout: 3000 },
      (error, stdout) => resolve(error === null ? stdout : undefined),
    );
  });
  try {
    const [version, ...folders] = JSON.parse(answer ?? '') as string[];
    if (typeof version !== 'string' || !/^\d+\.\d+/.test(version)) return null;
    return { version, source: 'python3 on PATH when the bundle was made', sitePackages: folders };
  } catch {
    return null;
  }
}

/**
 * Name, version and required names of every distribution in the interpreter's site-packages,
 * sorted by name (what a requirement reaches: constraints.ts).
 */
export async function installedDistributions(interpreter: Interpreter): Promise<InstalledDistribution[]> {
  const found = new Map<string, InstalledDistribution>();
  for (const folder of interpreter.sitePackages) {
    const entries = await readdir(folder).catch(() => [] as string[]);
    for (const entry of entries.filter((name) => name.endsWith('.dist-info')).slice(0, MAX_DISTRIBUTIONS)) {
      const headers = await readHead(path.join(folder, entry, 'METADATA'));
      const name = /^Name:\s*(\S+)/m.exec(headers)?.[1];
      const version = /^Version:\s*(\S+)/m.exec(headers)?.[1];
      // The first folder wins, as on the interpreter's path; local paths of editable or direct-URL
      // installs are never recorded (only the name and the version).
      if (name !== undefined && version !== undefined && !found.has(normalise(name)))
        found.set(normalise(name), { name: normalise(name), version, requires: requiredNames(headers) });
    }
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** `Requires-Dist:` names, except those only an extra asks for (`; extra == "test"`). */
function requiredNames(headers: string): string[] {
  return [...headers.matchAll(/^Requires-Dist:\s*([A-Za-z0-9][A-Za-z0-9._-]*)([^\n]*)$/gm)]
    .filter((match) => !/\bextra\s*==/.test(match[2] ?? ''))
    .map((match) => normalise(match[1] ?? ''));
}

/** PEP 503 normalised name: `Scikit_Learn` and `scikit-learn` are the same distribution. */
export function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (handle === undefined) return '';
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    // The headers end at the first blank line; the description after it is not read.
    const end = text.search(/\r?\n\r?\n/);
    return end === -1 ? text : text.slice(0, end);
  } finally {
    await handle.close();
  }
}
