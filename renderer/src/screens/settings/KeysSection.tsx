// Settings › Keys: the user's signing keys with their fingerprints; generate one (optionally
// passphrase-protected), import an existing Ed25519 key, export a public key to share.
import { useCallback, useState, type ReactNode } from 'react';
import type { KeyInfo } from '../../../../main/shared/views';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PathField } from '../../components/PathField';
import { useOperation } from '../../hooks/use-operation';
import { useTask } from '../../hooks/use-task';

export function GenerateKeyForm({
  onCreated,
  id = 'default',
}: {
  onCreated: (key: KeyInfo) => void;
  id?: string;
}): ReactNode {
  const { api } = useApi();
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const task = useTask<KeyInfo>();
  const mismatch = passphrase !== confirm;
  return (
    <form
      className="form-grid"
      aria-label="Create a signing key"
      onSubmit={(event) => {
        event.preventDefault();
        void task
          .start((options) =>
            api.generateKey({ id, name: name.trim(), ...(passphrase === '' ? {} : { passphrase }) }, options),
          )
          .then((key) => key !== undefined && onCreated(key));
      }}
    >
      <div className="field">
        <label htmlFor={`key-name-${id}`}>Your name, as signers are shown</label>
        <input
          id={`key-name-${id}`}
          className="input"
          value={name}
          autoComplete="name"
          onChange={(event) => setName(event.target.value)}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={`key-pass-${id}`}>Passphrase (optional, protects the key on disk)</label>
        <input
          id={`key-pass-${id}`}
          className="input"
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`key-confirm-${id}`}>Passphrase again</label>
        <input
          id={`key-confirm-${id}`}
          className="input"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          aria-invalid={mismatch}
        />
        {mismatch && <p className="field__error">The two passphrases differ.</p>}
      </div>
      <button
        type="submit"
        className="button"
        disabled={name.trim() === '' || mismatch || task.state.status === 'running'}
      >
        Create key
      </button>
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
    </form>
  );
}

export function KeysSection(): ReactNode {
  const { api } = useApi();
  const load = useCallback((signal: AbortSignal) => api.listKeys({}, { signal }), [api]);
  const { state, rerun } = useOperation(load);
  const keys = state.status === 'done' ? state.value.keys : [];
  const hasDefault = keys.some((key) => key.id === 'default');
  return (
    <section className="panel" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Signing keys</h2>
      {state.status === 'failed' && <ErrorMessage error={state.error} />}
      {state.status === 'done' && (
        <p className="muted">
          Kept in <code>{state.value.keysDir}</code>; private keys never leave this machine.
        </p>
      )}
      {keys.length === 0 && state.status === 'done' && <p>No key yet.</p>}
      <ul className="plain-list" data-testid="keys">
        {keys.map((key) => (
          <KeyItem key={key.id} signingKey={key} />
        ))}
      </ul>
      <details className="subsection" open={!hasDefault}>
        <summary>{hasDefault ? 'Create another key' : 'Create your signing key'}</summary>
        <GenerateKeyForm id={hasDefault ? `key-${keys.length + 1}` : 'default'} onCreated={rerun} />
      </details>
      <details className="subsection">
        <summary>Import an existing key</summary>
        <ImportKeyForm onImported={rerun} />
      </details>
    </section>
  );
}

function KeyItem({ signingKey }: { signingKey: KeyInfo }): ReactNode {
  const { api } = useApi();
  const [output, setOutput] = useState('');
  const task = useTask<{ file: string }>();
  return (
    <li className="key-item" data-testid={`key:${signingKey.id}`}>
      <p>
        <strong>{signingKey.name}</strong>{' '}
        <span className="muted">
          ({signingKey.id}
          {signingKey.encrypted ? ', passphrase-protected' : ''})
        </span>
        <br />
        Fingerprint <code>{signingKey.fingerprintDisplay}</code>
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void task.start((options) => api.exportPublicKey({ id: signingKey.id, output: output.trim() }, options));
        }}
      >
        <PathField
          label={`Export the public key of ${signingKey.id} to`}
          value={output}
          onChange={setOutput}
          purpose="export-public-key"
          extensions={['.pem']}
        />
        <button type="submit" className="button button--quiet" disabled={output.trim() === ''}>
          Export public key
        </button>
      </form>
      {task.state.status === 'done' && (
        <p role="status">
          Public key written to <code>{task.state.value.file}</code>.
        </p>
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
    </li>
  );
}

function ImportKeyForm({ onImported }: { onImported: () => void }): ReactNode {
  const { api } = useApi();
  const [file, setFile] = useState('');
  const [id, setId] = useState('imported');
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const task = useTask<KeyInfo>();
  return (
    <form
      className="form-grid"
      onSubmit={(event) => {
        event.preventDefault();
        void task
          .start((options) =>
            api.importKey(
              { path: file.trim(), id: id.trim(), name: name.trim(), ...(passphrase === '' ? {} : { passphrase }) },
              options,
            ),
          )
          .then((key) => key !== undefined && onImported());
      }}
    >
      <PathField
        label="Private key file (PEM, Ed25519)"
        value={file}
        onChange={setFile}
        purpose="import-key"
        extensions={['.pem', '.key']}
      />
      <div className="field">
        <label htmlFor="import-id">Short name for the key</label>
        <input id="import-id" className="input" value={id} onChange={(event) => setId(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="import-name">Signer name</label>
        <input id="import-name" className="input" value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="import-pass">Its passphrase, if it has one</label>
        <input
          id="import-pass"
          className="input"
          type="password"
          autoComplete="off"
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={file.trim() === '' || id.trim() === '' || name.trim() === ''}>
        Import key
      </button>
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {task.state.status === 'done' && <p role="status">Imported {task.state.value.name}.</p>}
    </form>
  );
}
