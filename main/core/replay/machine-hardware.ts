// The replaying machine's hardware, for the comparison with the author's: read with
// systeminformation (~80 ms, a tenth of a cached replay) and kept for ten minutes in the cache
// folder, keyed by this boot of the machine — hardware does not change under a running system
// in that time, and a reboot (a new GPU, more memory) reads it again.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { hardwareSchema, type HardwareInfo } from '../../shared/manifest';
import { writeFileAtomically } from '../files/atomic-write';
import { ensurePrivateFolder } from '../files/private-folder';
import { readHardware } from '../scan/hardware';

const KEEP_MS = 10 * 60 * 1000;
const CACHE_FILE = 'machine-hardware.json';
const cachedSchema = z.object({ boot: z.string(), readAt: z.number(), hardware: hardwareSchema });

/** Which boot of this machine this is: Linux's boot id, elsewhere the boot time to the minute. */
async function bootId(): Promise<string> {
  const linux = await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => undefined);
  if (linux !== undefined) return linux.trim();
  return String(Math.round((Date.now() - os.uptime() * 1000) / 60_000));
}

export async function machineHardware(cacheDir: string, now = Date.now()): Promise<HardwareInfo> {
  const file = path.join(cacheDir, CACHE_FILE);
  const boot = await bootId();
  const kept = await readFile(file, 'utf8')
    .then((text) => cachedSchema.safeParse(JSON.parse(text)))
    .catch(() => undefined);
  if (
    kept?.success === true &&
    kept.data.boot === boot &&
    now - kept.data.readAt >= 0 &&
    now - kept.data.readAt < KEEP_MS
  )
    return kept.data.hardware;
  const hardware = await readHardware();
  // Keeping it is a saving, never a requirement: a cache folder that cannot be written is no error.
  await ensurePrivateFolder(cacheDir)
    .then(() => writeFileAtomically(file, JSON.stringify({ boot, readAt: now, hardware }), { mode: 0o600 }))
    .catch(() => undefined);
  return hardware;
}
