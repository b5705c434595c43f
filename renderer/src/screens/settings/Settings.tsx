// Settings: signing keys, the signers you trust, and the engine defaults (Docker host, base
// image for new bundles, resource limits offered for replays), and disk space.
import { useCallback, useState, type ReactNode } from 'react';
import type { Settings as SettingsValue } from '../../../../main/shared/views';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PathField } from '../../components/PathField';
import { useOperation } from '../../hooks/use-operation';
import { useTask } from '../../hooks/use-task';
import { DiskSpaceSection } from './DiskSpaceSection';
import { KeysSection } from './KeysSection';
import { LimitsFields, limitsDraft, parseLimits } from '../../components/LimitsFields';
import { Checkbox } from '../../components/Checkbox';

export function Settings(): ReactNode {
  return (
    <div className="stack">
      <h1>Settings</h1>
      <KeysSection />
      <SignersSection />
      <EngineSection />
      <BrowseRootsSection />
      <DiskSpaceSection />
    </div>
  );
}

function SignersSection(): ReactNode {
  const { api } = useApi();
  const load = useCallback((signal: AbortSignal) => api.listSigners({}, { signal }), [api]);
  const { state, rerun } = useOperation(load);
  const [source, setSource] = useState('');
  const [name, setName] = useState('');
  const task = useTask<unknown>();
  return (
    <section className="panel" aria-labelledby="signers-heading">
      <h2 id="signers-heading">Signers</h2>
      <p className="muted">
        A signer seen once is remembered but not trusted; only signers you trust here (or on a bundle's page) are
        reported as trusted.
      </p>
      {state.status === 'failed' && <ErrorMessage error={state.error} />}
      {state.status === 'done' && state.value.signers.length === 0 && <p>No signers known yet.</p>}
      {state.status === 'done' && state.value.signers.length > 0 && (
        <table className="table" data-testid="signers">
          <caption className="visually-hidden">Known signers</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Fingerprint</th>
              <th scope="col">Status</th>
              <th scope="col">First seen</th>
            </tr>
          </thead>
          <tbody>
            {state.value.signers.map((signer) => (
              <tr key={signer.fingerprint}>
                <td>{signer.name}</td>
                <td>
                  <code>{signer.fingerprintDisplay}</code>
                </td>
                <td>
                  <span className={`badge ${signer.trusted ? 'badge--good' : 'badge--info'}`}>
                    {signer.trusted ? 'trusted' : 'seen'}
                  </span>
                </td>
                <td>{new Date(signer.firstSeen).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="form-grid subsection"
        aria-label="Trust a signer"
        onSubmit={(event) => {
          event.preventDefault();
          void task
            .start((options) => api.trustSigner({ source: source.trim(), name: name.trim() }, options))
            .then((done) => done !== undefined && rerun());
        }}
      >
        <PathField
          label="Their public key file or a bundle they signed"
          value={source}
          onChange={setSource}
          purpose="pick-file"
        />
        <div className="field">
          <label htmlFor="trust-name">The name you know them by</label>
          <input id="trust-name" className="input" value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <button type="submit" className="button" disabled={source.trim() === '' || name.trim() === ''}>
          Trust this signer
        </button>
        {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      </form>
    </section>
  );
}

function EngineSection(): ReactNode {
  const { api } = useApi();
  const load = useCallback((signal: AbortSignal) => api.getSettings({}, { signal }), [api]);
  const { state } = useOperation(load);
  if (state.status === 'running') return <p className="muted">Loading settings…</p>;
  if (state.status === 'failed') return <ErrorMessage error={state.error} />;
  return <EngineForm initial={state.value} />;
}

function EngineForm({ initial }: { initial: SettingsValue }): ReactNode {
  const { api } = useApi();
  const [dockerHost, setDockerHost] = useState(initial.dockerHost ?? '');
  const [baseImage, setBaseImage] = useState(initial.defaultBaseImage ?? '');
  const [limits, setLimits] = useState(limitsDraft(initial.limits));
  const [strictTolerances, setStrictTolerances] = useState(initial.strictTolerances);
  const [outputsQuota, setOutputsQuota] = useState(String(initial.outputsQuotaGB));
  const task = useTask<SettingsValue>();
  const save = (): void => {
    const parsed = parseLimits(limits);
    const quota = Number(outputsQuota);
    if (parsed === null || !Number.isFinite(quota) || quota <= 0) return;
    void task.start((options) =>
      api.saveSettings(
        {
          dockerHost: dockerHost.trim() === '' ? null : dockerHost.trim(),
          defaultBaseImage: baseImage.trim() === '' ? null : baseImage.trim(),
          strictTolerances,
          outputsQuotaGB: quota,
          limits: parsed,
        },
        options,
      ),
    );
  };
  return (
    <section className="panel" aria-labelledby="engine-heading">
      <h2 id="engine-heading">Docker and replays</h2>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <div className="field">
          <label htmlFor="settings-docker-host">Docker host (empty: DOCKER_HOST or the local socket)</label>
          <input
            id="settings-docker-host"
            className="input"
            value={dockerHost}
            placeholder="unix:///var/run/docker.sock or tcp://host:2376"
            onChange={(event) => setDockerHost(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="settings-base-image">
            Default base image for new bundles (empty: from the detected runtime)
          </label>
          <input
            id="settings-base-image"
            className="input"
            value={baseImage}
            placeholder="python:3.11-slim"
            onChange={(event) => setBaseImage(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="settings-outputs-quota">Most a replay's run may write on this disk (GB)</label>
          <input
            id="settings-outputs-quota"
            className="input"
            type="number"
            min="0.001"
            step="any"
            required
            value={outputsQuota}
            onChange={(event) => setOutputsQuota(event.target.value)}
          />
        </div>
        <Checkbox id="settings-strict-tolerances" checked={strictTolerances} onChange={setStrictTolerances}>
          Strict tolerances: a metric whose tolerance is too wide to mean anything fails the replay (otherwise it passes
          with a warning)
        </Checkbox>
        <fieldset className="fieldset">
          <legend>Default limits of a replay's container</legend>
          <LimitsFields draft={limits} onChange={setLimits} />
        </fieldset>
        <button type="submit" className="button" disabled={task.state.status === 'running'}>
          Save settings
        </button>
        {task.state.status === 'done' && <p role="status">Saved.</p>}
        {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      </form>
    </section>
  );
}

/**
 * The folders the web mode's folder browser may open besides the home folder: listed, added by
 * typing a path (the server checks it is a folder when browsing), removed one by one.
 */
function BrowseRootsSection(): ReactNode {
  const { api } = useApi();
  const load = useCallback((signal: AbortSignal) => api.getSettings({}, { signal }), [api]);
  const { state, rerun } = useOperation(load);
  const [draft, setDraft] = useState('');
  const task = useTask<SettingsValue>();
  const save = (settings: SettingsValue, browseRoots: string[]): void => {
    void task.start((options) => api.saveSettings({ ...settings, browseRoots }, options)).then(rerun);
  };
  const typed = draft.trim();
  const absolute = typed.startsWith('/') || /^[A-Za-z]:[\\/]/.test(typed);
  return (
    <section className="panel" aria-labelledby="browse-roots-heading">
      <h2 id="browse-roots-heading">Folder browser</h2>
      <p className="muted">
        In the web mode, the folder browser opens your home folder and the folders listed here, nothing else.
      </p>
      {state.status === 'failed' && <ErrorMessage error={state.error} />}
      {state.status === 'done' && (
        <>
          <ul className="plain-list" data-testid="browse-roots">
            {state.value.browseRoots.length === 0 && <li className="muted">No other folder added.</li>}
            {state.value.browseRoots.map((root) => (
              <li key={root}>
                <code>{root}</code>{' '}
                <button
                  type="button"
                  className="button button--quiet button--small"
                  onClick={() =>
                    save(
                      state.value,
                      state.value.browseRoots.filter((entry) => entry !== root),
                    )
                  }
                >
                  Remove {root}
                </button>
              </li>
            ))}
          </ul>
          <form
            className="field"
            onSubmit={(event) => {
              event.preventDefault();
              if (!absolute || state.value.browseRoots.includes(typed)) return;
              save(state.value, [...state.value.browseRoots, typed]);
              setDraft('');
            }}
          >
            <label htmlFor="browse-root">Add a folder (its full path)</label>
            <div className="field__row">
              <input
                id="browse-root"
                className="input"
                value={draft}
                placeholder="/data/projects"
                aria-describedby="browse-root-problem"
                onChange={(event) => setDraft(event.target.value)}
              />
              <button type="submit" className="button" disabled={!absolute}>
                Add a folder
              </button>
            </div>
            {typed !== '' && !absolute && (
              <span id="browse-root-problem" className="field__error">
                A full path is needed (starting with /).
              </span>
            )}
          </form>
        </>
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
    </section>
  );
}
