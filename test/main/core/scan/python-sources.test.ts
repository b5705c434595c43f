// Which Python files a scan reads: the shallowest first, then by path, tests and vendored code
// left out, at most `max` — the same choice as filtering and sorting the whole list, whatever
// the order the list comes in.
import { describe, expect, it } from 'vitest';
import { pythonSources } from '../../../../main/core/scan/python-sources';

/** The choice written the plain way: filter, sort by (depth, path), take the first `max`. */
function reference(files: readonly string[], max: number): string[] {
  const depth = (file: string): number => file.split('/').length;
  return files
    .filter((file) => file.endsWith('.py') && depth(file) <= 3 && !/(^|\/)(tests?|vendor|build)\//.test(file))
    .sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, max);
}

describe('pythonSources', () => {
  it('takes scripts near the top, shallowest first, never tests or vendored code', () => {
    const files = [
      'src/pkg/deep/too_deep.py',
      'tests/test_train.py',
      'src/vendor/lib.py',
      'train.py',
      'src/model.py',
      'src/pkg/data.py',
      'README.md',
      'evaluate.py',
      'build/gen.py',
    ];
    expect(pythonSources(files)).toEqual(['evaluate.py', 'train.py', 'src/model.py', 'src/pkg/data.py']);
    expect(pythonSources(files, 2)).toEqual(['evaluate.py', 'train.py']);
  });

  it('chooses as a full sort would on 3,000 random paths, sorted, reversed or shuffled', () => {
    const segments = ['a', 'b', 'src', 'tests', 'vendor', 'build', 'pkg', 'Z'];
    let seed = 5;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    const files: string[] = [];
    for (let index = 0; index < 3000; index += 1) {
      const parts = Array.from({ length: 1 + (next() % 4) }, () => segments[next() % segments.length] as string);
      files.push(`${parts.join('/')}${next() % 1000}${next() % 3 === 0 ? '.txt' : '.py'}`);
    }
    const sorted = [...files].sort();
    for (const list of [files, sorted, [...sorted].reverse()])
      for (const max of [1, 7, 100, 500, 5000]) expect(pythonSources(list, max)).toEqual(reference(list, max));
  });
});
