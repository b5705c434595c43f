// Class 6 of the adversarial review: trust at replay. A bundle signed under a name the reviewer
// trusts, but with another key, stops before anything is built or run; once the reviewer trusts
// the new key (or names it for this replay), it goes on. No engine is reached in either refusal.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { replayBundle } from '../../../../main/core/replay/replay-bundle';
import { ephemeralSigningKey } from '../../../../main/core/signing/keys';
import { TrustStore } from '../../../../main/core/signing/trust-store';
import { hostileBundle } from '../../../helpers/hostile-bundle';
import { REPO_ROOT } from '../../../helpers/serve-cli';

let work: string;
let impostor: string;
const ada = ephemeralSigningKey('Ada');

/** An engine that must never be reached: any use fails the test. */
const noEngine = new Proxy({} as Docker, {
  get: () => {
    throw new Error('the Docker engine was reached');
  },
});

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rb-replay-trust-'));
  const project = path.join(work, 'project');
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  const genuine = path.join(work, 'genuine.rbundle');
  await createBundle({
    projectDir: project,
    output: genuine,
    key: ada,
    baseImage: 'python:3.11-slim',
    hardware: false,
  });
  impostor = path.join(work, 'impostor.rbundle');
  await hostileBundle(genuine, impostor, () => undefined, { signerName: 'Ada' });
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('trust at replay', () => {
  it('a trusted name with a changed key is FAILED before anything is built', async () => {
    const store = await TrustStore.load(path.join(work, 'config'));
    store.remember('Ada', ada.fingerprint, ada.rawPublicKey, true);
    const report = await replayBundle({
      file: impostor,
      docker: noEngine,
      workRoot: path.join(work, 'replays'),
      cacheDir: path.join(work, 'cache'),
      trustStore: store,
    });
    expect(report.verdict).toBe('FAILED');
    expect(report.verification.trust?.state).toBe('key-changed');
    expect(report.reason).toContain('"Ada" signed earlier bundles with a different key');
    expect(report.image).toBeNull();
    expect(report.run).toBeNull();
  });
});
