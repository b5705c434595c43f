// Steps 4 and 6: what was detected and needs no decision, shown for the author to check: the
// flattened params with their source files, and this machine's hardware.
import type { ReactNode } from 'react';
import type { ScanSummary } from '../../../../../main/shared/views';
import { HardwareTable, ParamsTable } from '../../../components/ProjectViews';
import type { StepProps } from '../wizard-state';

export function ParamsStep({ state }: StepProps): ReactNode {
  const scan = state.scan as ScanSummary;
  return (
    <>
      <p>The parameters are recorded in the bundle so a reviewer sees the configuration the result came from.</p>
      <ParamsTable values={scan.params.values} files={scan.params.files} />
    </>
  );
}

export function HardwareStep({ state }: StepProps): ReactNode {
  const scan = state.scan as ScanSummary;
  return (
    <>
      <p>
        The machine the result was obtained on. A replay compares it with its own and flags differences that can change
        numbers.
      </p>
      <HardwareTable hardware={scan.hardware} />
    </>
  );
}
