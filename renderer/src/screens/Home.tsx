// The home screen: the two things a user comes to do (create a bundle, open one: by path, by
// picker, by drag-and-drop (uploaded to the engine in the web mode), or from the recent list)
// and whether this machine can replay.
import { useCallback, useState, type DragEvent, type ReactNode } from 'react';
import { useApi } from '../api/api-context';
import { uploadBundle } from '../api/upload-bundle';
import { EnvironmentStatus } from '../components/EnvironmentStatus';
import { ErrorMessage } from '../components/ErrorMessage';
import { ProgressView } from '../components/ProgressView';
import { PathField } from '../components/PathField';
import { useOperation } from '../hooks/use-operation';
import { useTask } from '../hooks/use-task';
import { useNavigate } from '../navigation';

export function Home(): ReactNode {
  const navigate = useNavigate();
  return (
    <div className="home">
      <header className="home__header">
        <h1>ReproBundle</h1>
        <p className="home__tagline">
          Pack a result into one signed bundle. Replay a bundle in a container and see, metric by metric, whether it
          reproduces.
        </p>
      </header>
      <section className="actions" aria-label="What would you like to do?">
        <article className="action-card">
          <h2>Create a bundle</h2>
          <p>Scan a project folder, review its code, data, parameters, environment and results, then sign it.</p>
          <button type="button" className="button" onClick={() => navigate({ screen: 'create' })}>
            Create a bundle
          </button>
        </article>
        <OpenCard />
      </section>
      <RecentBundles />
      <EnvironmentStatus />
      <AppFooter />
    </div>
  );
}

function OpenCard(): ReactNode {
  const navigate = useNavigate();
  const { front } = useApi();
  const [file, setFile] = useState('');
  const [dragging, setDragging] = useState(false);
  const upload = useTask<string>(undefined, 'A bundle is being sent to ReproBundle. Leave and cancel it?');

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped === undefined) return;
    // The desktop app learns where a dropped file lives; a browser hands over its bytes only,
    // so the web mode sends them to the engine, which may run on another machine.
    const local = front === 'desktop' ? window.reprobundlePathForFile?.(dropped) : undefined;
    if (local !== undefined && local !== '') {
      navigate({ screen: 'open', file: local });
      return;
    }
    void upload
      .start(({ signal, onProgress }) =>
        uploadBundle(dropped, {
          signal,
          onProgress: (done, total) =>
            onProgress({ phase: 'upload', message: dropped.name, done, total, unit: 'bytes' }),
        }),
      )
      .then((stored) => stored !== undefined && navigate({ screen: 'open', file: stored }));
  };

  return (
    <article
      className={`action-card drop-zone${dragging ? ' drop-zone--active' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="open-card"
    >
      <h2>Open a bundle</h2>
      <p>
        Check who signed a bundle and that nothing changed, browse it, and replay it. You can also drop a .rbundle file
        here.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (file.trim() !== '') navigate({ screen: 'open', file: file.trim() });
        }}
      >
        <PathField
          label="Bundle file"
          value={file}
          onChange={setFile}
          purpose="open-bundle"
          extensions={['.rbundle', '.zip']}
          testId="home-bundle-path"
        />
        <button type="submit" className="button" disabled={file.trim() === ''}>
          Open a bundle
        </button>
      </form>
      {upload.state.status === 'running' && (
        <ProgressView
          label="Sending the bundle to ReproBundle"
          progress={upload.state.progress}
          onCancel={upload.cancel}
        />
      )}
      {upload.state.status === 'failed' && <ErrorMessage error={upload.state.error} />}
    </article>
  );
}

function RecentBundles(): ReactNode {
  const { api } = useApi();
  const navigate = useNavigate();
  const load = useCallback((signal: AbortSignal) => api.recentBundles({}, { signal }), [api]);
  const { state } = useOperation(load);
  if (state.status !== 'done' || state.value.bundles.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent bundles</h2>
      <ul className="plain-list" data-testid="recent-bundles">
        {state.value.bundles.map((bundle) => (
          <li key={bundle.file}>
            <button
              type="button"
              className="link-button"
              onClick={() => navigate({ screen: 'open', file: bundle.file })}
            >
              {bundle.name}
            </button>{' '}
            {bundle.valid === false && (
              <span className="badge badge--error" data-testid="recent-failed">
                failed verification when last opened
              </span>
            )}{' '}
            <span className="muted">
              signed by {bundle.signer} · <code>{bundle.file}</code>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AppFooter(): ReactNode {
  const { api, front } = useApi();
  const load = useCallback((signal: AbortSignal) => api.appInfo({}, { signal }), [api]);
  const { state } = useOperation(load);
  return (
    <footer className="app-footer" data-testid="app-footer">
      {state.status === 'done'
        ? `${state.value.name} ${state.value.version} · ${front === 'web' ? 'web mode' : 'desktop'} · Node ${state.value.node} on ${state.value.platform}/${state.value.arch}`
        : '\u00a0'}
    </footer>
  );
}
