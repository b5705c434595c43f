// Which Dockerfiles a build may run (DESIGN §5a): a shipped one the reviewer accepts passes the
// strict check (only known instructions, none that fetches from the network, mounts the reviewer's
// secrets, chooses its own network or copies from another image); a project's own Dockerfile
// passes it with ADD of its own files and COPY --from its own stages. The generated one always passes.
import { describe, expect, it } from 'vitest';
import { dockerfileProblems } from '../../../../main/core/recipes/dockerfile-problems';
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

describe("a project's own Dockerfile (the author's stage)", () => {
  it('may ADD its own files and COPY from its own stages, never a URL, another image, a secret or a network', () => {
    const ordinary = [
      'FROM python:3.11-slim AS deps',
      'MAINTAINER Ada',
      'ADD requirements.txt /tmp/',
      'RUN pip install -r /tmp/requirements.txt',
      'FROM python:3.11-slim',
      'COPY --from=deps /usr/local /usr/local',
      'COPY --from=0 /tmp/requirements.txt /tmp/',
      'ADD . /app',
    ].join('\n');
    expect(dockerfileProblems(ordinary, { author: true })).toEqual([]);
    // The strict check (a shipped Dockerfile) refuses the same file.
    expect(dockerfileProblems(ordinary).length).toBeGreaterThan(0);

    const hostile = dockerfileProblems(
      [
        'FROM python:3.11-slim',
        'ADD https://example.org/weights.bin /opt/',
        'ADD git@github.com:someone/repo.git /src',
        'COPY --from=evil/image:latest /x /y',
        'RUN --mount=type=ssh git clone x',
        'RUN --network=host true',
        'ONBUILD RUN true',
      ].join('\n'),
      { author: true },
    );
    expect(hostile).toHaveLength(6);
    expect(hostile[0]).toContain('ADD of a URL');
    expect(hostile[1]).toContain('ADD of a URL');
    expect(hostile[2]).toContain('COPY --from another image');
    expect(hostile[3]).toContain('mounts a secret or SSH agent');
    expect(hostile[4]).toContain('chooses its network');
    expect(hostile[5]).toContain('ONBUILD');
  });
});
