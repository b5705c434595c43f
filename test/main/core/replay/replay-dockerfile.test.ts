// How a shipped Dockerfile that differs from the generated one is shown to the reviewer.
import { describe, expect, it } from 'vitest';
import { dockerfileDifference } from '../../../../main/core/replay/replay-dockerfile';
import { generateDockerfile } from '../../../../main/core/recipes/dockerfile';

const generated = generateDockerfile({
  baseImage: { ref: 'python:3.11-slim', digest: null, source: 'x' },
  environment: { files: [{ path: 'requirements.txt', kind: 'pip requirements' }], runtimes: [], findings: [] },
  command: 'python train.py',
  projectName: 'demo',
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
