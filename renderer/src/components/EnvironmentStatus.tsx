// The home screen's environment panel: whether a Docker engine answers (and which), as the
// engine itself reports it through the contract, with the fix when it does not.
import { useCallback, type ReactNode } from 'react';
import type { OperationResponse } from '../../../main/contract/operations';
import type { DockerStatus } from '../../../main/shared/environment';
import { useApi } from '../api/api-context';
import { useOperation } from '../hooks/use-operation';
import { useNavigate } from '../navigation';
import { ErrorMessage } from './ErrorMessage';
import { InlineCode } from './InlineCode';

export function EnvironmentStatus(): ReactNode {
  const { api } = useApi();
  const check = useCallback((signal: AbortSignal) => api.environmentStatus({}, { signal }), [api]);
  const { state, rerun } = useOperation(check);

  return (
    <section className="panel" aria-labelledby="environment-heading">
      <header className="panel__header">
        <h2 id="environment-heading">Environment</h2>
        <button type="button" className="button button--quiet" onClick={rerun} disabled={state.status === 'running'}>
          Check again
        </button>
      </header>
      {state.status === 'running' && (
        <p className="status" data-testid="docker-status" data-state="checking">
          <span className="status__dot status__dot--pending" aria-hidden="true" />
          Checking for a Docker engine…
        </p>
      )}
      {state.status === 'failed' && (
        <div data-testid="docker-status" data-state="error">
          <ErrorMessage error={state.error} />
        </div>
      )}
      {state.status === 'done' && (
        <>
          <DockerLine docker={state.value.docker} />
          <BaseImages images={state.value.baseImages} reachable={state.value.docker.reachable} />
          <KeyLine signingKey={state.value.key} />
        </>
      )}
    </section>
  );
}

function DockerLine({ docker }: { docker: DockerStatus }): ReactNode {
  if (!docker.reachable) {
    return (
      <div className="status-block" data-testid="docker-status" data-state="unreachable">
        <p className="status">
          <span className="status__dot status__dot--bad" aria-hidden="true" />
          <strong>Docker engine not reachable</strong> at <code>{docker.endpoint}</code>
        </p>
        <p className="status__detail">
          <InlineCode text={docker.reason} />
        </p>
        <p className="status__fix">
          <InlineCode text={docker.fix} />
        </p>
        <p className="status__detail">Bundles can still be created and inspected; replaying them needs Docker.</p>
      </div>
    );
  }
  return (
    <div className="status-block" data-testid="docker-status" data-state="reachable">
      <p className="status">
        <span className="status__dot status__dot--good" aria-hidden="true" />
        <strong>Docker engine reachable</strong>: version <span data-testid="docker-version">{docker.version}</span>
      </p>
      <dl className="facts">
        <dt>Address</dt>
        <dd>
          <code>{docker.endpoint}</code>
        </dd>
        <dt>API version</dt>
        <dd>{docker.apiVersion}</dd>
        <dt>Platform</dt>
        <dd>
          {docker.os}/{docker.arch}
        </dd>
      </dl>
    </div>
  );
}

type Status = OperationResponse<'environmentStatus'>;

function BaseImages({ images, reachable }: { images: Status['baseImages']; reachable: boolean }): ReactNode {
  const navigate = useNavigate();
  if (!reachable) return null;
  const missing = images.some((image) => !image.present);
  return (
    <div className="status-block" data-testid="base-images">
      <h3 className="subheading">Base images</h3>
      <ul className="plain-list">
        {images.map((image) => (
          <li key={image.ref}>
            <span
              className={`status__dot ${image.present ? 'status__dot--good' : 'status__dot--pending'}`}
              aria-hidden="true"
            />
            <code>{image.ref}</code>{' '}
            {image.present
              ? 'present'
              : 'not pulled yet: bundles name it unpinned, and replays need it (or network to fetch it)'}
          </li>
        ))}
      </ul>
      {missing && (
        <p className="muted" data-testid="base-image-fix">
          Offline, a replay cannot fetch a missing image. Choose an image this engine has as the default base image (or
          load one with <code>docker load</code> first).{' '}
          <button type="button" className="link-button" onClick={() => navigate({ screen: 'settings' })}>
            Choose the default base image in Settings
          </button>
        </p>
      )}
    </div>
  );
}

function KeyLine({ signingKey }: { signingKey: Status['key'] }): ReactNode {
  const navigate = useNavigate();
  return (
    <div className="status-block" data-testid="key-status" data-state={signingKey === null ? 'missing' : 'present'}>
      <h3 className="subheading">Signing key</h3>
      {signingKey === null ? (
        <p className="status">
          <span className="status__dot status__dot--pending" aria-hidden="true" />
          No signing key yet: you need one to sign bundles.{' '}
          <button type="button" className="link-button" onClick={() => navigate({ screen: 'settings' })}>
            Create one in Settings
          </button>
        </p>
      ) : (
        <p className="status">
          <span className="status__dot status__dot--good" aria-hidden="true" />
          {signingKey.name}, key <code>{signingKey.fingerprintDisplay}</code>
          {signingKey.encrypted && ' (protected by a passphrase)'}
        </p>
      )}
    </div>
  );
}
