// Recorded hardware against this machine, flagging the differences that can change numbers
// (CPU instruction sets, GPU model and driver, CUDA) apart from those that rarely do.
import type { HardwareInfo } from '../../shared/manifest';
import type { HardwareDifference } from '../../shared/replay-report';

export function diffHardware(recorded: HardwareInfo | null, current: HardwareInfo): HardwareDifference[] {
  if (recorded === null)
    return [
      {
        aspect: 'hardware',
        recorded: 'not recorded',
        current: describeCpu(current),
        severity: 'informational',
        note: 'The author did not record their hardware.',
      },
    ];
  const out: HardwareDifference[] = [];
  const add = (aspect: string, a: string, b: string, severity: HardwareDifference['severity'], note: string): void => {
    if (a !== b) out.push({ aspect, recorded: a, current: b, severity, note });
  };
  add(
    'CPU',
    describeCpu(recorded),
    describeCpu(current),
    'informational',
    'Different CPUs can round floating-point reductions differently.',
  );
  const missingFlags = recorded.cpu.flags.filter((flag) => !current.cpu.flags.includes(flag));
  if (missingFlags.length > 0) {
    out.push({
      aspect: 'CPU instruction sets',
      recorded: recorded.cpu.flags.join(' '),
      current: current.cpu.flags.join(' ') || 'none of note',
      severity: 'may-change-results',
      note: `Missing here: ${missingFlags.join(', ')}. Numeric libraries take other code paths, which can change the last digits.`,
    });
  }
  add(
    'architecture',
    recorded.os.arch,
    current.os.arch,
    'may-change-results',
    'A different architecture runs different numeric kernels.',
  );
  const gpus = (info: HardwareInfo): string => info.gpus.map((gpu) => gpu.model).join(', ') || 'none';
  add(
    'GPU',
    gpus(recorded),
    gpus(current),
    recorded.gpus.length > 0 ? 'may-change-results' : 'informational',
    recorded.gpus.length > 0 && current.gpus.length === 0
      ? 'The author used a GPU and this machine has none: the run may fail or fall back to the CPU with different results.'
      : 'GPU kernels differ between models.',
  );
  add(
    'GPU driver / CUDA',
    `${recorded.cuda?.driver ?? '-'} / ${recorded.cuda?.version ?? '-'}`,
    `${current.cuda?.driver ?? '-'} / ${current.cuda?.version ?? '-'}`,
    recorded.cuda === null ? 'informational' : 'may-change-results',
    'cuDNN and cuBLAS choose algorithms by version.',
  );
  if (current.memoryBytes < recorded.memoryBytes * 0.9) {
    out.push({
      aspect: 'memory',
      recorded: gib(recorded.memoryBytes),
      current: gib(current.memoryBytes),
      severity: 'informational',
      note: 'Less memory than the author had: the run may run out of memory.',
    });
  }
  add(
    'operating system',
    `${recorded.os.distro} ${recorded.os.release}`,
    `${current.os.distro} ${current.os.release}`,
    'informational',
    'The container provides the environment; the host OS rarely matters.',
  );
  return out;
}

function describeCpu(info: HardwareInfo): string {
  return `${info.cpu.model} (${info.cpu.cores} cores)`;
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}
