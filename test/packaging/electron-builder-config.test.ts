// electron-builder.yml as electron-builder itself reads and validates it (its own schema, no
// network), plus what the issue requires of it: the four installer targets, the .rbundle file
// association, an icon large enough for every platform, and entry points that the build writes.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { REPO_ROOT, requireBuiltCli } from '../helpers/serve-cli';

const targetsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).map((target) =>
    typeof target === 'string' ? target : (target as { target: string }).target,
  );

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    const config = await getConfig(REPO_ROOT, path.join(REPO_ROOT, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();

    expect(config.appId).toBe('org.reprobundle.app');
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.productName).toBe('ReproBundle');
    expect(targetsOf(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.mac?.target)).toEqual(['dmg']);
    expect(targetsOf(config.win?.target)).toEqual(['nsis']);
    const associations = Array.isArray(config.fileAssociations) ? config.fileAssociations : [config.fileAssociations];
    expect(associations).toContainEqual(
      expect.objectContaining({ ext: 'rbundle', mimeType: 'application/x-reprobundle' }),
    );
  });

  it('points at an icon of at least 1024×1024', async () => {
    const png = await readFile(path.join(REPO_ROOT, 'resources', 'icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    // IHDR: width and height are the big-endian words at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
  });

  it('packages entry points that the build writes', () => {
    requireBuiltCli();
    expect(existsSync(path.join(REPO_ROOT, packageJson.main))).toBe(true);
    expect(existsSync(path.join(REPO_ROOT, packageJson.bin.reprobundle))).toBe(true);
    expect(existsSync(path.join(REPO_ROOT, 'out', 'preload', 'preload.cjs'))).toBe(true);
    expect(existsSync(path.join(REPO_ROOT, 'out', 'renderer', 'index.html'))).toBe(true);
  });
});
