// The resource limits of a replay's container (CPUs, memory, time), as edited in Settings (the
// defaults) and on the Replay screen (this replay): the same fields, checks and conversion.
import { useId, type ReactNode } from 'react';
import type { Settings } from '../../../main/shared/views';

type Limits = Settings['limits'];

/** What the fields hold while the user types. */
export type LimitsDraft = Record<keyof Limits, string>;

export function limitsDraft(limits: Limits): LimitsDraft {
  return {
    cpus: String(limits.cpus),
    memoryMB: String(limits.memoryMB),
    timeoutSeconds: String(limits.timeoutSeconds),
  };
}

/** The limits, or null while a field holds something the engine would refuse. */
export function parseLimits(draft: LimitsDraft): Limits | null {
  const cpus = Number(draft.cpus);
  const memoryMB = Math.round(Number(draft.memoryMB));
  const timeoutSeconds = Math.round(Number(draft.timeoutSeconds));
  return cpus > 0 && memoryMB >= 64 && timeoutSeconds >= 1 ? { cpus, memoryMB, timeoutSeconds } : null;
}

const FIELDS: { key: keyof Limits; label: string; min: number; step?: number }[] = [
  { key: 'cpus', label: 'CPUs', min: 0.1, step: 0.1 },
  { key: 'memoryMB', label: 'Memory (MB)', min: 64 },
  { key: 'timeoutSeconds', label: 'Time limit (seconds)', min: 1 },
];

export function LimitsFields({
  draft,
  onChange,
}: {
  draft: LimitsDraft;
  onChange: (draft: LimitsDraft) => void;
}): ReactNode {
  const id = useId();
  return FIELDS.map((field) => (
    <div className="field" key={field.key}>
      <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
      <input
        id={`${id}-${field.key}`}
        className="input input--number"
        type="number"
        min={field.min}
        step={field.step}
        value={draft[field.key]}
        onChange={(event) => onChange({ ...draft, [field.key]: event.target.value })}
      />
    </div>
  ));
}
