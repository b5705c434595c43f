// The Python interpreter that ran the experiment (issue 15): the project's own virtual environment
// when it has one (`.venv`, `venv`, `env`: its pyvenv.cfg names the version, no process needed),
// else `python3` on PATH, asked once with a short timeout.
import { execFile } from 'node:child_process';
import { readText } from '../files/project-files';

const VENV_FOLDERS = ['.venv', 'venv', 'env', '.env'];

export async function findInterpreter(root: string): Promise<{ version: string; source: string } | null> {
  for (const folder of VENV_FOLDERS) {
    const config = await readText(root, `${folder}/pyvenv.cfg`);
    const version =
      config === undefined ? undefined : /^\s*version(?:_info)?\s*=\s*(\d+\.\d+(?:\.\d+)?)/m.exec(config)?.[1];
    if (version !== undefined) return { version, source: `${folder}/pyvenv.cfg` };
  }
  const version = await new Promise<string | undefined>((resolve) => {
    execFile('python3', ['--version'], { timeout: 3000 }, (error, stdout, stderr) =>
      resolve(error === null ? /Python (\d+\.\d+\.\d+)/.exec(`${stdout}${stderr}`)?.[1] : undefined),
    );
  });
  return version === undefined ? null : { version, source: 'python3 on PATH when the bundle was made' };
}
