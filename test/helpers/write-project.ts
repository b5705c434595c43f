// Writes a small project folder from a map of project-relative paths to contents: the fixtures
// shaped like real public layouts (DVC, cookiecutter, Hydra, MLflow…) are written this way.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeProject(root: string, files: Record<string, string>): Promise<string> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}
