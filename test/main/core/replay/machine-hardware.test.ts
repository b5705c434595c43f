// The replaying machine's hardware is read once per ten minutes and boot: a cached replay does
// not pay systeminformation's ~80 ms each time, and a reading from another boot, an old one or a
// damaged file is never used.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineHardware } from '../../../../main/core/replay/machine-hardware';

let cacheDir: string;
const file = (): string => path.join(cacheDir, 'machine-hardware.json');

beforeAll(async () => {
  cacheDir = await mkdtemp(path.join(tmpdir(), 'rb-machine-'));
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

/** Plants a reading whose CPU model says it came from the cache. */
async function plant(change: (cached: { boot: string; readAt: number }) => void): Promise<void> {
  const cached = JSON.parse(await readFile(file(), 'utf8')) as {
    boot: string;
    readAt: number;
    hardware: { cpu: { model: string } };
  };
  cached.hardware.cpu.model = 'from the cache';
  change(cached);
  await writeFile(file(), JSON.stringify(cached));
}

describe('machineHardware', () => {
  it('reads the machine once, then answers from the cache for ten minutes of the same boot', async () => {
    const now = Date.now();
    const first = await machineHardware(cacheDir, now);
    expect(first.cpu.cores).toBeGreaterThan(0);
    await plant(() => undefined);
    expect((await machineHardware(cacheDir, now + 60_000)).cpu.model).toBe('from the cache');
    // Eleven minutes later, it is read again.
    expect((await machineHardware(cacheDir, now + 11 * 60_000)).cpu.model).toBe(first.cpu.model);
  });

  it('reads again after a reboot, or when the file is damaged', async () => {
    const now = Date.now();
    const real = await machineHardware(cacheDir, now);
    await plant((cached) => (cached.boot = 'another boot'));
    expect((await machineHardware(cacheDir, now)).cpu.model).toBe(real.cpu.model);
    await writeFile(file(), '{"boot": ');
    expect((await machineHardware(cacheDir, now)).cpu.model).toBe(real.cpu.model);
  });
});
