// The Open screen: verification first (signature, signer and trust, every file's integrity,
// each problem named), then tabs over what the bundle records. A bundle that fails
// verification shows why and offers no Replay.
import { useEffect, useState, type ReactNode } from 'react';
import type { VerificationView } from '../../../../main/shared/views';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PathField } from '../../components/PathField';
import { ProgressView } from '../../components/ProgressView';
import { useTask } from '../../hooks/use-task';
import { useNavigate } from '../../navigation';
import { BundleTabs } from './BundleTabs';
import { SubmissionPanel } from '../submission/SubmissionPanel';
import { VerificationPanel } from './VerificationPanel';

export function OpenBundle({ initialFile }: { initialFile?: string }): ReactNode {
  const { api } = useApi();
  const navigate = useNavigate();
  const [file, setFile] = useState(initialFile ?? '');
  const [preparing, setPreparing] = useState(false);
  const task = useTask<VerificationView>();
  const { start } = task;

  const verify = (target: string): void => {
    void start((options) => api.verifyBundle({ file: target }, options));
  };
  useEffect(() => {
    if (initialFile !== undefined) void start((options) => api.verifyBundle({ file: initialFile }, options));
  }, [api, initialFile, start]);

  const report = task.state.status === 'done' ? task.state.value : null;
  return (
    <div className="stack">
      <h1>Open a bundle</h1>
      <form
        className="panel"
        onSubmit={(event) => {
          event.preventDefault();
          if (file.trim() !== '') verify(file.trim());
        }}
      >
        <PathField
          label="Bundle file"
          value={file}
          onChange={setFile}
          purpose="open-bundle"
          extensions={['.rbundle', '.zip']}
          testId="open-bundle-path"
        />
        <button type="submit" className="button" disabled={file.trim() === '' || task.state.status === 'running'}>
          {report === null ? 'Open and verify' : 'Verify again'}
        </button>
      </form>
      {task.state.status === 'running' && (
        <ProgressView label="Verifying" progress={task.state.progress} onCancel={task.cancel} />
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {report !== null && (
        <>
          <VerificationPanel report={report} onTrusted={() => verify(report.file)} />
          {report.valid && report.manifest !== null && (
            <div className="button-row">
              <button
                type="button"
                className="button"
                onClick={() =>
                  navigate({
                    screen: 'replay',
                    file: report.file,
                    hasSamples: (report.manifest?.samples.length ?? 0) > 0,
                    dataPointers: report.manifest?.dataPointers.length ?? 0,
                    frozen: (report.manifest?.image ?? null) !== null,
                  })
                }
              >
                Replay this bundle
              </button>
              <button
                type="button"
                className="button button--quiet"
                aria-expanded={preparing}
                onClick={() => setPreparing(!preparing)}
              >
                Prepare for a paper submission
              </button>
            </div>
          )}
          {report.valid && preparing && (
            <section className="panel" aria-label="Paper submission">
              <h2>Paper submission</h2>
              <SubmissionPanel file={report.file} />
            </section>
          )}
          {report.manifest !== null && <BundleTabs file={report.file} manifest={report.manifest} />}
        </>
      )}
    </div>
  );
}
