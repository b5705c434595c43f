// The Create wizard's answers and what follows from them: which files are left out, which
// secrets still block signing, the problems to show before signing, and the request that
// writes the bundle. Pure functions, so each step and the summary agree.
import type { FidelityReport as Fidelity, ScanSummary } from '../../../../main/shared/views';
import type { OperationRequest, OperationResponse } from '../../../../main/contract/operations';

export interface UserPointerDraft {
  uri: string;
  localPath: string;
  sha256: string | null;
  size: number | null;
}

export interface ToleranceDraft {
  absolute: string;
  relative: string;
}

export interface WizardState {
  projectDir: string;
  scan: ScanSummary | null;
  /**
   * A reload found no scan because it was too large to keep in the tab's storage: the project
   * root it was of, and its file count. Scanning that project again keeps every answer.
   */
  scanDropped: { root: string; files: number } | null;
  /** Project paths (files or folders) the author left out in the Files step. */
  excluded: string[];
  /** Files flagged as secrets the author keeps, knowingly (recorded in the manifest). */
  allowSecrets: string[];
  pointers: UserPointerDraft[];
  samples: string[];
  sampleReports: Record<string, Fidelity>;
  /** '' means the image chosen from the detected runtime (or the default in Settings). */
  baseImage: string;
  /** Extras of the project to install with it, among those the scan found it offers. */
  extras: string[];
  /** The requirements file pip installs; '' means the scan's choice. */
  requirements: string;
  run: string;
  /** Results files chosen; null: the ones the scan proposed. */
  results: string[] | null;
  /** Tolerances the author changed, by `file:metric`. */
  tolerances: Record<string, ToleranceDraft>;
  preflight: OperationResponse<'preflightRun'> | null;
  keyId: string;
  passphrase: string;
  /** Ask the engine to keep the key unlocked until it stops. */
  rememberPassphrase: boolean;
  output: string;
  overwrite: boolean;
  /** Build the replay image now and store it in the bundle (`create --freeze`). */
  freeze: boolean;
  /** The bundle written by the Sign step, for the Submission step. */
  created: string | null;
}

export const INITIAL_STATE: WizardState = {
  projectDir: '',
  scan: null,
  scanDropped: null,
  excluded: [],
  allowSecrets: [],
  pointers: [],
  samples: [],
  sampleReports: {},
  baseImage: '',
  extras: [],
  requirements: '',
  run: '',
  results: null,
  tolerances: {},
  preflight: null,
  keyId: 'default',
  passphrase: '',
  rememberPassphrase: false,
  output: '',
  overwrite: false,
  freeze: false,
  created: null,
};

export function isExcluded(state: Pick<WizardState, 'excluded'>, file: string): boolean {
  return state.excluded.some((entry) => file === entry || file.startsWith(`${entry}/`));
}

/** Secrets that stop signing: blocking findings in files neither left out nor knowingly kept. */
export function unresolvedSecrets(state: WizardState): ScanSummary['secrets'] {
  return (state.scan?.secrets ?? []).filter(
    (secret) =>
      secret.severity === 'block' && !isExcluded(state, secret.path) && !state.allowSecrets.includes(secret.path),
  );
}

/** gitignore pattern matching exactly this project path (anchored; special characters escaped). */
export function exactPattern(projectPath: string): string {
  return `/${projectPath.replace(/[\\*?[\]!#]/g, (character) => `\\${character}`)}`;
}

/**
 * A tolerance as typed: empty keeps the default; otherwise a plain non-negative number with a dot
 * ("0.05", "1e-4"). Anything else is a problem to fix before signing, never silently the default.
 */
export function parseTolerance(text: string): { value: number | undefined } | { problem: string } {
  const typed = text.trim();
  if (typed === '') return { value: undefined };
  if (/^\d+,\d+$/.test(typed))
    return { problem: `"${typed}" uses a comma: write it with a dot (${typed.replace(',', '.')})` };
  const value = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(typed) ? Number(typed) : Number.NaN;
  if (/^-/.test(typed) && Number.isFinite(Number(typed)))
    return { problem: `"${typed}" is negative: a tolerance is 0 or more` };
  if (!Number.isFinite(value)) return { problem: `"${typed}" is not a number` };
  return { value };
}

/** Each tolerance typed that cannot be used, as "metric (absolute): why". */
export function toleranceProblems(state: WizardState): string[] {
  const problems: string[] = [];
  for (const [metric, draft] of Object.entries(state.tolerances))
    for (const part of ['absolute', 'relative'] as const) {
      const parsed = parseTolerance(draft[part]);
      if ('problem' in parsed)
        problems.push(`${metric.split(':').slice(1).join(':')} (${part} tolerance): ${parsed.problem}`);
    }
  return problems;
}

export function tolerancesOf(state: WizardState): OperationRequest<'createBundle'>['content']['tolerances'] {
  const overrides: NonNullable<OperationRequest<'createBundle'>['content']['tolerances']> = [];
  for (const [metric, draft] of Object.entries(state.tolerances)) {
    const absolute = parseTolerance(draft.absolute);
    const relative = parseTolerance(draft.relative);
    overrides.push({
      metric,
      ...('value' in absolute && absolute.value !== undefined ? { absolute: absolute.value } : {}),
      ...('value' in relative && relative.value !== undefined ? { relative: relative.value } : {}),
    });
  }
  return overrides;
}

export function bundleContent(state: WizardState): OperationRequest<'createBundle'>['content'] {
  return {
    projectDir: state.scan?.root ?? state.projectDir,
    ...(state.run.trim() === '' ? {} : { run: state.run.trim() }),
    ...(state.results === null ? {} : { results: state.results }),
    pointers: state.pointers.map((pointer) => ({ uri: pointer.uri, localPath: pointer.localPath })),
    exclude: state.excluded.map(exactPattern),
    allowSecrets: state.allowSecrets,
    tolerances: tolerancesOf(state),
    ...(state.extras.length > 0 ? { extras: state.extras } : {}),
    ...(state.requirements === '' ? {} : { requirements: state.requirements }),
    ...(state.baseImage.trim() === '' ? {} : { baseImage: state.baseImage.trim() }),
    samples: state.samples,
  };
}

export interface Problem {
  severity: 'blocking' | 'warning';
  text: string;
  /** The step that fixes it. */
  step: StepId;
}

export const STEPS = [
  { id: 'project', title: 'Project folder' },
  { id: 'files', title: 'Files' },
  { id: 'data', title: 'Data' },
  { id: 'params', title: 'Params' },
  { id: 'environment', title: 'Environment' },
  { id: 'hardware', title: 'Hardware' },
  { id: 'samples', title: 'Synthetic samples' },
  { id: 'run', title: 'Entrypoint and results' },
  { id: 'sign', title: 'Sign and save' },
  { id: 'submission', title: 'Submission' },
] as const;
export type StepId = (typeof STEPS)[number]['id'];

/** Everything to fix or accept before signing, blocking problems first. */
export function problemsBeforeSigning(
  state: WizardState,
  key: { name: string; encrypted: boolean; unlocked?: boolean | undefined } | undefined,
): Problem[] {
  const scan = state.scan;
  if (scan === null) return [{ severity: 'blocking', text: 'The project has not been scanned yet.', step: 'project' }];
  const problems: Problem[] = [];
  for (const secret of unresolvedSecrets(state)) {
    problems.push({
      severity: 'blocking',
      text: `Secret not resolved: ${secret.path}${secret.line === null ? '' : `:${secret.line}`} (${secret.description})`,
      step: 'files',
    });
  }
  if (key === undefined)
    problems.push({ severity: 'blocking', text: 'No signing key: create or import one.', step: 'sign' });
  else if (key.encrypted && key.unlocked !== true && state.passphrase === '')
    problems.push({ severity: 'blocking', text: `Type the passphrase of the key "${key.name}".`, step: 'sign' });
  for (const problem of toleranceProblems(state)) problems.push({ severity: 'blocking', text: problem, step: 'run' });
  if (state.output.trim() === '')
    problems.push({ severity: 'blocking', text: 'Choose where to save the bundle.', step: 'sign' });
  for (const pointer of state.pointers) {
    if (pointer.uri.trim() === '' || pointer.localPath.trim() === '')
      problems.push({ severity: 'blocking', text: 'A data pointer needs both a URI and a local path.', step: 'data' });
  }
  if (state.run.trim() === '' && scan.entrypointProposals.length === 0) {
    problems.push({
      severity: 'warning',
      text: 'No command to reproduce the result: a replay can only check the build.',
      step: 'run',
    });
  }
  if (scan.results.metrics.length === 0)
    problems.push({ severity: 'warning', text: 'No results recorded: a replay has nothing to compare.', step: 'run' });
  const lint = [...scan.environment.findings, ...scan.findings].filter((finding) => finding.severity !== 'info');
  if (lint.length > 0)
    problems.push({
      severity: 'warning',
      text: `${lint.length} finding(s) about the environment and project files.`,
      step: 'environment',
    });
  return problems;
}

/** Where the bundle goes by default: beside the project folder, named after it. */
export function defaultOutput(scan: ScanSummary): string {
  // The engine's own separator: the root it reported is a path on its machine (maybe Windows).
  const separator = scan.root.includes('\\') && !scan.root.includes('/') ? '\\' : '/';
  const cut = scan.root.lastIndexOf(separator);
  const parent = cut <= 0 ? scan.root.slice(0, cut + 1) || separator : scan.root.slice(0, cut);
  return `${parent}${parent.endsWith(separator) ? '' : separator}${scan.name}.rbundle`;
}

/** What every step of the wizard gets: the answers, a way to change them, and a way to go to another step. */
export interface StepProps {
  state: WizardState;
  update: (patch: Partial<WizardState>) => void;
  goTo: (step: StepId) => void;
}
