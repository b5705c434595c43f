// Format v2's file list (docs/FORMAT.md): the entry `FILES`, one line per file,
// `<sha256> <size> <mode> <path>`, sorted by path, whose SHA-256 and line count the signed manifest
// holds. Text rather than JSON so it can be written and read a line at a time at any size, and
// checked with `sha256sum` and `awk` by hand. Parsed as strictly as the manifest: anything a
// writer would not produce is refused with the line and the reason.
import { pathProblem } from '../../shared/bundle-path';
import { nextTurn, sliceSpent } from '../yield';
import type { ManifestFile } from '../../shared/manifest';

/** A file list larger than this is an attack on the reader (500,000 entries of long paths fit). */
export const MAX_FILE_LIST_BYTES = 512 * 1024 * 1024;

export function fileListLine(file: ManifestFile): string {
  return `${file.sha256} ${file.size} ${file.executable ? '755' : '644'} ${file.path}\n`;
}

const LINE = /^([0-9a-f]{64}) (0|[1-9][0-9]{0,15}) (644|755) (.+)$/;

/** The files the list names, or why it is not one a writer made. */
export async function parseFileList(bytes: Buffer, entryName: string): Promise<ManifestFile[] | string> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `${entryName} is not UTF-8 text`;
  }
  if (text === '') return [];
  if (!text.endsWith('\n')) return `${entryName} does not end with a line feed (cut short, or data appended)`;
  const files: ManifestFile[] = [];
  const lines = text.slice(0, -1).split('\n');
  for (const [index, line] of lines.entries()) {
    if (sliceSpent(index)) await nextTurn();
    const where = `${entryName}, line ${index + 1}`;
    const match = LINE.exec(line);
    if (match === null) return `${where}: not "<sha256> <size> <mode> <path>"`;
    const [, sha256, size, mode, filePath] = match as unknown as [string, string, string, string, string];
    const problem = pathProblem(filePath);
    if (problem !== undefined) return `${where}: ${JSON.stringify(filePath)}: ${problem}`;
    const previous = files.at(-1)?.path;
    if (previous !== undefined && !(previous < filePath))
      return `${where}: ${JSON.stringify(filePath)} is ${previous === filePath ? 'listed twice' : 'out of order (the list is sorted by path)'}`;
    const bytesCount = Number(size);
    if (!Number.isSafeInteger(bytesCount)) return `${where}: size out of range`;
    files.push({ path: filePath, size: bytesCount, sha256, executable: mode === '755' });
  }
  return files;
}
