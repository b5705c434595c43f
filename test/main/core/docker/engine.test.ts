// How DOCKER_HOST values map to dockerode connection options.
import { describe, expect, it } from 'vitest';
import { resolveDockerEndpoint } from '../../../../main/core/docker/engine';

describe('resolveDockerEndpoint', () => {
  it('defaults to the platform socket', () => {
    expect(resolveDockerEndpoint('').options).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(resolveDockerEndpoint('').description).toBe('unix:///var/run/docker.sock');
  });

  it('reads unix sockets', () => {
    expect(resolveDockerEndpoint('unix:///run/user/1000/docker.sock').options).toEqual({
      socketPath: '/run/user/1000/docker.sock',
    });
  });

  it("reads tcp and https addresses, with Docker's default port", () => {
    expect(resolveDockerEndpoint('tcp://127.0.0.1:2376').options).toEqual({
      protocol: 'http',
      host: '127.0.0.1',
      port: 2376,
    });
    expect(resolveDockerEndpoint('tcp://127.0.0.1').options).toEqual({
      protocol: 'http',
      host: '127.0.0.1',
      port: 2375,
    });
    expect(resolveDockerEndpoint('https://127.0.0.1:2376').options).toMatchObject({ protocol: 'https' });
  });
});
