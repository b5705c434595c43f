// The creator's hardware and system, as data (systeminformation), plus nvidia-smi/CUDA and the
// Python version when present. Every probe has a timeout: a missing tool is "not present".
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import si from 'systeminformation';
import type { HardwareInfo } from '../../shared/manifest';

const run = promisify(execFile);

/** Flags that decide whether numeric code runs (or runs the same) on another machine. */
const NOTABLE_FLAGS = [
  'sse4_2',
  'avx',
  'avx2',
  'fma',
  'f16c',
  'avx512f',
  'avx512bw',
  'avx512_vnni',
  'avx512_bf16',
  'amx_tile',
  'amx_bf16',
  'neon',
  'asimd',
  'sve',
  'sve2',
];

async function firstLine(command: string, args: string[]): Promise<string | null> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: 5_000 });
    return (stdout.trim() || stderr.trim()).split('\n')[0]?.trim() || null;
  } catch {
    return null;
  }
}

export async function readHardware(): Promise<HardwareInfo> {
  const [cpu, flags, memory, graphics, os, nvidia, python] = await Promise.all([
    si.cpu(),
    si.cpuFlags(),
    si.mem(),
    si.graphics().catch(() => ({ controllers: [] })),
    si.osInfo(),
    readNvidia(),
    firstLine('python3', ['--version']),
  ]);
  const present = new Set(flags.split(/\s+/));
  return {
    cpu: {
      manufacturer: cpu.manufacturer,
      model: cpu.brand,
      cores: cpu.cores,
      physicalCores: cpu.physicalCores,
      speedGHz: Number.isFinite(cpu.speed) && cpu.speed > 0 ? cpu.speed : null,
      flags: NOTABLE_FLAGS.filter((flag) => present.has(flag)),
    },
    memoryBytes: memory.total,
    gpus:
      nvidia.gpus.length > 0
        ? nvidia.gpus
        : graphics.controllers.map((gpu) => ({
            vendor: gpu.vendor,
            model: gpu.model,
            vramMB: gpu.vram ?? null,
            driver: gpu.driverVersion ?? null,
          })),
    os: {
      platform: os.platform,
      distro: os.distro,
      release: os.release,
      kernel: os.kernel,
      arch: os.arch,
      hostname: os.hostname,
    },
    cuda: nvidia.gpus.length > 0 ? { driver: nvidia.driver, version: nvidia.cuda } : null,
    python: python?.replace(/^Python\s+/, '') ?? null,
  };
}

async function readNvidia(): Promise<{ gpus: HardwareInfo['gpus']; driver: string | null; cuda: string | null }> {
  const none = { gpus: [], driver: null, cuda: null };
  let listing: string;
  try {
    ({ stdout: listing } = await run(
      'nvidia-smi',
      ['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader,nounits'],
      { timeout: 10_000 },
    ));
  } catch {
    return none;
  }
  const gpus = listing
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [model = '', vram = '', driver = ''] = line.split(',').map((part) => part.trim());
      return {
        vendor: 'NVIDIA',
        model,
        vramMB: Number.isFinite(Number(vram)) ? Number(vram) : null,
        driver: driver || null,
      };
    });
  const header = (await run('nvidia-smi', [], { timeout: 10_000 }).catch(() => ({ stdout: '' }))).stdout;
  return { gpus, driver: gpus[0]?.driver ?? null, cuda: /CUDA Version:\s*([\d.]+)/.exec(header)?.[1] ?? null };
}
