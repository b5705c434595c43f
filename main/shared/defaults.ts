// Defaults every layer agrees on: the replay sandbox's resource limits and time limits, and the
// size and privacy threshold of a synthetic sample. The
// engine applies them, the settings offer them, the UI shows them; one definition for all.

export interface ResourceLimits {
  memoryBytes: number;
  cpus: number;
  pids: number;
}

/** Defaults for a replay; a user raises them per run. Documented in docs/security.md. */
export const DEFAULT_LIMITS: ResourceLimits = { memoryBytes: 4 * 1024 ** 3, cpus: 2, pids: 1024 };

export const DEFAULT_RUN_TIMEOUT_MS = 60 * 60 * 1000;
/** How much a replay's run may write into its outputs folder on the reviewer's disk. */
export const DEFAULT_OUTPUTS_QUOTA_GB = 10;
export const DEFAULT_BUILD_TIMEOUT_MS = 30 * 60 * 1000;

/** Rows in a synthetic sample. */
export const DEFAULT_SYNTH_ROWS = 1000;
/** A category seen fewer than this many times never appears in a synthetic sample. */
export const DEFAULT_K = 5;
