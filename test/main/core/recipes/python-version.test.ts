// Which Python the image gets: exact pins decide, ranges meet the author's interpreter, never a
// default newer than it.
import { describe, expect, it } from 'vitest';
import { allows, decidePython } from '../../../../main/core/recipes/python-version';

const interpreter = (version: string) => ({ version, source: '.venv/pyvenv.cfg' });

describe('allows', () => {
  it('reads PEP 440 and poetry specifiers at minor precision', () => {
    expect(allows('^3.8', [3, 8])).toBe(true);
    expect(allows('^3.8', [3, 13])).toBe(true);
    expect(allows('^3.8', [3, 7])).toBe(false);
    expect(allows('>=3.9,<3.12', [3, 11])).toBe(true);
    expect(allows('>=3.9,<3.12', [3, 12])).toBe(false);
    expect(allows('~3.9', [3, 9])).toBe(true);
    expect(allows('~3.9', [3, 10])).toBe(false);
    expect(allows('~=3.9', [3, 12])).toBe(true);
    expect(allows('==3.10.*', [3, 10])).toBe(true);
    expect(allows('==3.10.*', [3, 11])).toBe(false);
    expect(allows('>=3.8,!=3.9.*', [3, 9])).toBe(false);
    expect(allows('>=3.8,!=3.9.1', [3, 9])).toBe(true);
    expect(allows('>3.8', [3, 8])).toBe(true);
    expect(allows('<3.10', [3, 10])).toBe(false);
    expect(allows('>=3.7, <3.9 || >=3.11', [3, 10])).toBe(false);
  });
});

describe('decidePython', () => {
  it('an exact pin decides, and one newer than the interpreter is a finding', () => {
    const pinned = decidePython({
      exact: [{ version: '3.9.7', source: '.python-version' }],
      ranges: [],
      interpreter: interpreter('3.11.4'),
    });
    expect(pinned.decision).toEqual({ version: '3.9', source: 'Python 3.9.7 from .python-version' });
    expect(pinned.findings).toEqual([]);
    const newer = decidePython({
      exact: [{ version: '3.12', source: 'runtime.txt' }],
      ranges: [],
      interpreter: interpreter('3.11.4'),
    });
    expect(newer.decision?.version).toBe('3.12');
    expect(newer.findings[0]).toContain(
      'runtime.txt pins Python 3.12, newer than the interpreter that ran the experiment',
    );
  });

  it("a range takes the author's interpreter when it allows it: ^3.8 is 3.11 here, never 3.8", () => {
    expect(
      decidePython({
        exact: [],
        ranges: [{ spec: '^3.8', source: 'pyproject.toml' }],
        interpreter: interpreter('3.11.4'),
      }).decision,
    ).toEqual({
      version: '3.11',
      source: 'the interpreter that ran the experiment (3.11.4, .venv/pyvenv.cfg), within ^3.8 (pyproject.toml)',
    });
  });

  it('else the newest allowed minor not newer than the interpreter', () => {
    const decided = decidePython({
      exact: [],
      ranges: [{ spec: '>=3.8,<3.11', source: 'pyproject.toml' }],
      interpreter: interpreter('3.12.1'),
    });
    expect(decided.decision?.version).toBe('3.10');
    const impossible = decidePython({
      exact: [],
      ranges: [{ spec: '>=3.13', source: 'pyproject.toml' }],
      interpreter: interpreter('3.11.4'),
    });
    expect(impossible.decision?.version).toBe('3.13');
    expect(impossible.findings[0]).toContain('allows no Python as old as');
  });

  it('with no source the interpreter decides; with nothing at all there is no decision', () => {
    expect(decidePython({ exact: [], ranges: [], interpreter: interpreter('3.10.12') }).decision?.version).toBe('3.10');
    expect(decidePython({ exact: [], ranges: [], interpreter: null }).decision).toBeNull();
    expect(
      decidePython({ exact: [], ranges: [{ spec: '>=3.9', source: 'pyproject.toml' }], interpreter: null }).decision
        ?.version,
    ).toBe('3.12');
  });
});
