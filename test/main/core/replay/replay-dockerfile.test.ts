// What a replay will build when the reviewer accepts a shipped Dockerfile: only known
// instructions, and none that fetches from the network, mounts the reviewer's secrets, chooses
// its own network or copies from another image (DESIGN §5a). The generated one always passes.
import { describe, expect, it } from 'vitest';
import { dockerfileDifference, dockerfileProblems } from '../../../../main/core/replay/replay-dockerfile';
import { generateDockerfile } from '../../../../main/core/recipes/dockerfile';

const generated = generateDockerfile({
  baseImage: { ref: 'python:3.11-slim', digest: null, source: 'x' },
  environment: { files: [{ path: 'requirements.txt', kind: 'pip requirements' }], runtimes: [], findings: [] },
  command: 'python train.py',
  projectName: 'demo',
});

describe('dockerfileProblems', () => {
  it('accepts what the generator writes', () => {
    expect(dockerfileProblems(generated)).toEqual([]);
  });

  it('names each disallowed line, continuation lines included', () => {
    const problems = dockerfileProblems(
      [
        '# syntax=docker/dockerfile:1',
        'FROM python:3.11-slim',
        'ADD https://example.org/x.tar.gz /opt/',
        'RUN --mount=type=secret,id=aws \\',
        '    cat /run/secrets/aws',
        'RUN --network=host curl http://127.0.0.1:8080/',
        'COPY --from=evil/image:latest /x /y',
        'ONBUILD RUN rm -rf /',
        'MAINTAINER someone',
      ].join('\n'),
    );
    expect(problems).toHaveLength(7);
    expect(problems[0]).toContain('"# syntax=" line');
    expect(problems[1]).toContain('ADD');
    expect(problems[2]).toContain('mounts a secret or SSH agent');
    expect(problems[3]).toContain('chooses its network');
    expect(problems[4]).toContain('COPY --from another image');
    expect(problems[5]).toContain('unknown or disallowed instruction: ONBUILD');
    expect(problems[6]).toContain('unknown or disallowed instruction: MAINTAINER');
  });
});

describe('dockerfileDifference', () => {
  it('shows generated lines with - and shipped lines with +', () => {
    const shipped = generated.replace('CMD ["/bin/sh", "-c", "python train.py"]', 'CMD ["cat", "/baked.json"]');
    expect(dockerfileDifference(generated, shipped)).toEqual([
      '- CMD ["/bin/sh", "-c", "python train.py"]',
      '+ CMD ["cat", "/baked.json"]',
    ]);
  });
});
