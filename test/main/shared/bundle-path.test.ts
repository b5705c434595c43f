// The bundle format's one path type: every reason a path is refused, word for word, and the
// same verdict as the rules written as regular expressions (the form they were first written in)
// on 20,000 random paths made of the characters that matter.
import { describe, expect, it } from 'vitest';
import { pathProblem } from '../../../main/shared/bundle-path';

/** The rules as first written: split and regular expressions (the specification the fast form keeps). */
function reference(path: string, noun = 'path'): string | undefined {
  if (path.length === 0) return `empty ${noun}`;
  if (path.length > 4096) return `${noun} longer than 4096 characters`;
  if (path.includes('\0')) return `NUL byte in ${noun}`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(path)) return `control character in ${noun}`;
  if (path.includes('\\')) return `backslash in ${noun} (a path separator on Windows)`;
  if (path.startsWith('/')) return 'absolute path';
  if (/^[a-zA-Z]:/.test(path)) return 'drive-letter path';
  if (path.endsWith('/')) return 'ends in a slash (a folder, not a file)';
  for (const segment of path.split('/')) {
    if (segment === '') return 'empty path segment (//)';
    if (segment === '.' || segment === '..') return `"${segment}" path segment`;
    if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i.test(segment))
      return `"${segment}" is a reserved device name on Windows`;
    if (/[. ]$/.test(segment)) return `"${segment}" ends in a dot or space (Windows drops them)`;
  }
  return undefined;
}

describe('pathProblem', () => {
  it('names each problem', () => {
    const cases: [string, string | undefined][] = [
      ['data/train.csv', undefined],
      ['.hidden/.env.example', undefined],
      ['a/...b', undefined],
      ['console.log', undefined],
      ['com10', undefined],
      ['', 'empty name'],
      ['a'.repeat(4097), 'name longer than 4096 characters'],
      ['a\0b', 'NUL byte in name'],
      ['a\nb', 'control character in name'],
      ['a\\b', 'backslash in name (a path separator on Windows)'],
      ['/etc/passwd', 'absolute path'],
      ['C:evil', 'drive-letter path'],
      ['folder/', 'ends in a slash (a folder, not a file)'],
      ['a//b', 'empty path segment (//)'],
      ['./a', '"." path segment'],
      ['a/../../b', '".." path segment'],
      ['x/CON', '"CON" is a reserved device name on Windows'],
      ['nul.tar.gz', '"nul.tar.gz" is a reserved device name on Windows'],
      ['Lpt9.txt/x', '"Lpt9.txt" is a reserved device name on Windows'],
      ['con./x', '"con." is a reserved device name on Windows'],
      ['a/notes.', '"notes." ends in a dot or space (Windows drops them)'],
      ['a /b', '"a " ends in a dot or space (Windows drops them)'],
      ['a/.../b', '"..." ends in a dot or space (Windows drops them)'],
    ];
    for (const [path, problem] of cases) expect([path, pathProblem(path, 'name')]).toEqual([path, problem]);
  });

  it('agrees with the rules written as regular expressions on 20,000 random paths', () => {
    const pieces = [
      '/',
      '.',
      ' ',
      'a',
      'c',
      'o',
      'n',
      'CON',
      'nul',
      'Com',
      'lpt',
      '1',
      '9',
      'x',
      'é',
      '\\',
      ':',
      'aux',
    ];
    let seed = 11;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    let refused = 0;
    for (let round = 0; round < 20_000; round += 1) {
      let path = '';
      for (let count = next() % 9; count >= 0; count -= 1) path += pieces[next() % pieces.length] as string;
      const expected = reference(path);
      if (expected !== undefined) refused += 1;
      expect([path, pathProblem(path)]).toEqual([path, expected]);
    }
    // Both verdicts are well represented (the comparison is not all accepts or all refusals).
    expect(refused).toBeGreaterThan(2_000);
    expect(refused).toBeLessThan(18_000);
  });
});
