// PEP 440 specifiers as the constraints read them: a constraint is added only where the recorded
// version meets the author's range.
import { describe, expect, it } from 'vitest';
import { requirementLines, satisfies } from '../../../../main/core/recipes/constraints';

describe('satisfies', () => {
  it('reads the comparison operators, wildcards, compatible releases and sets', () => {
    const cases: [string, string, boolean][] = [
      ['2.2.1', '>=2.0', true],
      ['1.9', '>=2.0', false],
      ['2.2.1', '>=2.0,<3', true],
      ['3.0', '>=2.0,<3', false],
      ['1.4.5', '~=1.4.2', true],
      ['1.5.0', '~=1.4.2', false],
      ['1.5', '~=1.4', true],
      ['2.0', '~=1.4', false],
      ['1.26.4', '==1.26.*', true],
      ['1.27.0', '==1.26.*', false],
      ['1.26.4', '!=1.26.*', false],
      ['2.9.0.post0', '>=2.8.2', true],
      ['2.0', '!=2.0.0', false],
      ['2.0', '===2.0', true],
      ['2.0', 'latest', false], // unreadable: no constraint
    ];
    for (const [version, specifier, expected] of cases)
      expect(satisfies(version, specifier), `${version} ${specifier}`).toBe(expected);
  });

  it('reads requirement lines, leaving options, includes, URLs and direct references out', () => {
    expect(
      requirementLines(
        '# comment\n-r base.txt\n-e .\nnumpy==1.26.4 # pinned\npandas[performance] >=2.0 ; python_version >= "3.9"\ntorch @ https://x/y.whl\nhttps://x/z.tar.gz\nrequests\n',
      ),
    ).toEqual([
      { name: 'numpy', spec: '==1.26.4' },
      { name: 'pandas', spec: '>=2.0' },
      { name: 'requests', spec: '' },
    ]);
  });
});
