// Membership in a project's list of paths without a Set of them: the walk's list is sorted, and
// a binary search over it costs nothing to build, where a Set of a million paths was ~50 MB held
// across the reads of the passes that asked (hydra.ts, results.ts). Unsorted lists get a Set.

/** A `has` for `files`: a binary search when the list is sorted (the walk's is), else a Set. */
export function fileLookup(files: readonly string[]): (file: string) => boolean {
  let sorted = true;
  for (let index = 1; index < files.length && sorted; index += 1)
    sorted = (files[index - 1] as string) < (files[index] as string);
  if (!sorted) {
    const present = new Set(files);
    return (file) => present.has(file);
  }
  return (file) => indexInSorted(files, file, (entry) => entry) >= 0;
}

/** Where `wanted` is among items sorted by `key` (JavaScript's string order), or −1. */
export function indexInSorted<T>(items: readonly T[], wanted: string, key: (item: T) => string): number {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const candidate = key(items[middle] as T);
    if (candidate === wanted) return middle;
    if (candidate < wanted) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
