// Step 1: the project folder, scanned live (files counted as they are found, then checked for
// secrets), cancellable; a summary of what was found once done.
import type { ReactNode } from 'react';
import { useApi } from '../../../api/api-context';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { PathField } from '../../../components/PathField';
import { ProgressView } from '../../../components/ProgressView';
import { formatBytes, plural } from '../../../format';
import { useTask } from '../../../hooks/use-task';
import type { ScanSummary } from '../../../../../main/shared/views';
import { defaultOutput, INITIAL_STATE, type StepProps } from '../wizard-state';

export function ProjectStep({ state, update }: StepProps): ReactNode {
  const { api } = useApi();
  const task = useTask<ScanSummary>();

  const scan = async (): Promise<void> => {
    const scanned = await task.start((options) => api.scanProject({ projectDir: state.projectDir.trim() }, options));
    if (scanned === undefined) return;
    if ((state.scan?.root ?? state.scanDropped?.root) === scanned.root) {
      // The same project scanned again (or after a reload dropped its large scan): keep every
      // answer, take the fresh findings.
      update({ scan: scanned, scanDropped: null });
      return;
    }
    const settings = await api.getSettings({}).catch(() => null);
    // Another project starts the answers afresh; only the folder and the scan carry over.
    update({
      ...INITIAL_STATE,
      projectDir: state.projectDir,
      scan: scanned,
      run: scanned.entrypointProposals[0]?.command ?? '',
      baseImage: settings?.defaultBaseImage ?? '',
      output: defaultOutput(scanned),
    });
  };

  return (
    <>
      <p>Choose the folder that holds the project: its code, configuration and results. Nothing is changed in it.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void scan();
        }}
      >
        <PathField
          label="Project folder"
          value={state.projectDir}
          onChange={(projectDir) => update({ projectDir })}
          purpose="project-folder"
          required
          testId="project-folder"
        />
        <button
          type="submit"
          className="button"
          disabled={state.projectDir.trim() === '' || task.state.status === 'running'}
        >
          {state.scan === null ? 'Scan the project' : 'Scan again'}
        </button>
      </form>
      {task.state.status === 'running' && (
        <ProgressView label="Scanning" progress={task.state.progress} onCancel={task.cancel} />
      )}
      {state.scan === null && state.scanDropped !== null && task.state.status !== 'running' && (
        <p className="status" data-testid="scan-dropped">
          The scan of this project ({plural(state.scanDropped.files, 'file')}) is too large to keep across a reload:
          scan it again to go on. Your answers in the other steps are kept.
        </p>
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {state.scan !== null && task.state.status !== 'running' && <ScanOverview scan={state.scan} />}
    </>
  );
}

function ScanOverview({ scan }: { scan: ScanSummary }): ReactNode {
  const blocking = new Set(scan.secrets.filter((secret) => secret.severity === 'block').map((secret) => secret.path))
    .size;
  return (
    <div className="scan-overview" data-testid="scan-overview" role="status">
      <h3 className="subheading">Found in {scan.name}</h3>
      <dl className="facts">
        <dt>Files to bundle</dt>
        <dd data-testid="scan-totals">
          {plural(scan.totals.files, 'file')}, {formatBytes(scan.totals.bytes)}
        </dd>
        <dt>Left out</dt>
        <dd>{plural(scan.excluded.length, 'path')} (reasons in the next step)</dd>
        <dt>Secrets</dt>
        <dd>{blocking === 0 ? 'none found' : `${plural(blocking, 'file')} to resolve before signing`}</dd>
        <dt>Data pointers</dt>
        <dd>
          {scan.dataPointers.length} from DVC, {scan.largeFiles.length} large file(s)
        </dd>
        <dt>Parameters</dt>
        <dd>{plural(scan.params.values.length, 'value')}</dd>
        <dt>Results</dt>
        <dd>{plural(scan.results.metrics.length, 'metric')}</dd>
        <dt>git</dt>
        <dd>
          {scan.git === null
            ? 'not a git repository'
            : `${scan.git.branch ?? 'detached'} @ ${scan.git.commit?.slice(0, 10) ?? '?'}${scan.git.changes.length > 0 ? `, ${scan.git.changes.length} uncommitted change(s)` : ''}`}
        </dd>
      </dl>
    </div>
  );
}
