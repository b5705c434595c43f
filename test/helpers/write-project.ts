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

/**
 * A project of `folders` × 200 small text files (part<N>/f<M>.txt) and a train.py: enough files
 * that verifying its bundle hashes them in many worker batches, for the tests that drop or cancel
 * an operation part-way.
 */
export async function writeManyFiles(root: string, folders: number): Promise<string> {
  for (let folder = 0; folder < folders; folder += 1) {
    await mkdir(path.join(root, `part${folder}`), { recursive: true });
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        writeFile(path.join(root, `part${folder}`, `f${index}.txt`), `file ${folder}/${index}\n`.repeat(40)),
      ),
    );
  }
  await writeFile(path.join(root, 'train.py'), 'print(1)\n');
  return root;
}
