// A project of many small files and its bundle, for the tests that drop or cancel a long
// operation part-way (verification hashes such a bundle in many worker batches).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createBundle } from '../../main/core/create/create-bundle';
import { ephemeralSigningKey } from '../../main/core/signing/keys';

/** `folders` × 200 small text files (part<N>/f<M>.txt) and a train.py. */
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

/** The project under `base`/project, bundled as `base`/many.rbundle (signed by a throwaway key). */
export async function manyFilesBundle(base: string, folders: number): Promise<string> {
  const project = await writeManyFiles(path.join(base, 'project'), folders);
  const bundle = path.join(base, 'many.rbundle');
  await createBundle({
    projectDir: project,
    output: bundle,
    key: ephemeralSigningKey('Ada'),
    baseImage: 'python:3.11-slim',
    hardware: false,
  });
  return bundle;
}
