// Settings and recent bundles on disk: defaults when absent, a round trip, a clear error naming
// the file when it is damaged, and the recent list kept unique, newest first, ten at most.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReproError } from '../../../main/core/errors';
import {
  loadRecentBundles,
  loadSettings,
  rememberRecentBundle,
  saveSettings,
  SETTINGS_FILE,
} from '../../../main/core/settings';
import { DEFAULT_SETTINGS } from '../../../main/shared/settings';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-settings-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('settings', () => {
  it('are the defaults until saved, then what was saved', async () => {
    expect(await loadSettings(dir)).toEqual(DEFAULT_SETTINGS);
    const changed = {
      ...DEFAULT_SETTINGS,
      dockerHost: 'tcp://127.0.0.1:2375',
      limits: { cpus: 4, memoryMB: 2048, timeoutSeconds: 60 },
    };
    await saveSettings(dir, changed);
    expect(await loadSettings(dir)).toEqual(changed);
  });

  it('refuses to save an invalid value and leaves the file as it was', async () => {
    await saveSettings(dir, DEFAULT_SETTINGS);
    await expect(
      saveSettings(dir, { ...DEFAULT_SETTINGS, limits: { ...DEFAULT_SETTINGS.limits, memoryMB: 1 } }),
    ).rejects.toThrow();
    expect(JSON.parse(await readFile(path.join(dir, SETTINGS_FILE), 'utf8'))).toEqual(DEFAULT_SETTINGS);
  });

  it('names the damaged file and how to recover', async () => {
    await writeFile(path.join(dir, SETTINGS_FILE), '{"dockerHost": 3');
    const error = (await loadSettings(dir).catch((caught: unknown) => caught)) as ReproError;
    expect(error.code).toBe('settings-invalid');
    expect(error.file).toBe(path.join(dir, SETTINGS_FILE));
    expect(error.fix).toContain('remove it');
  });
});

describe('recent bundles', () => {
  it('keeps each bundle once, newest first, at most ten', async () => {
    for (let index = 0; index < 12; index += 1) {
      await rememberRecentBundle(dir, {
        file: `/b/${index}.rbundle`,
        name: `p${index}`,
        signer: 'Ada',
        openedAt: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
      });
    }
    await rememberRecentBundle(dir, {
      file: '/b/5.rbundle',
      name: 'p5',
      signer: 'Ada',
      openedAt: new Date(Date.UTC(2026, 0, 2)).toISOString(),
    });
    const recent = await loadRecentBundles(dir);
    expect(recent).toHaveLength(10);
    expect(recent.map((entry) => entry.file).slice(0, 3)).toEqual(['/b/5.rbundle', '/b/11.rbundle', '/b/10.rbundle']);
    expect(new Set(recent.map((entry) => entry.file)).size).toBe(10);
  });
});
