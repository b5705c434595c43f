// Step 9: sign and save. Pick a key (or create one, optionally protected by a passphrase), see
// its fingerprint, choose where the bundle goes, review the problems summary, then write it
// with progress; the result shows size, file count and a button to open it.
import type { ReactNode } from 'react';
import type { OperationResponse } from '../../../../../main/contract/operations';
import { useApi } from '../../../api/api-context';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { KeyPicker, passphraseFields, useSigningKeys } from '../../../components/KeyPicker';
import { PathField } from '../../../components/PathField';
import { ProgressView } from '../../../components/ProgressView';
import { formatBytes, plural } from '../../../format';
import { useTask } from '../../../hooks/use-task';
import { useNavigate } from '../../../navigation';
import { GenerateKeyForm } from '../../settings/KeysSection';
import {
  bundleContent,
  isExcluded,
  problemsBeforeSigning,
  STEPS,
  type StepProps,
  type WizardState,
} from '../wizard-state';

export function SignStep({ state, update, goTo }: StepProps): ReactNode {
  const { api } = useApi();
  const navigate = useNavigate();
  const keys = useSigningKeys();
  const task = useTask<OperationResponse<'createBundle'>>(
    undefined,
    'The bundle is being written. Leave and cancel it (nothing partial is kept)?',
  );
  const available = keys.keys;
  const key = keys.pick(state.keyId);
  const problems = problemsBeforeSigning(state, key);
  const blocking = problems.filter((problem) => problem.severity === 'blocking');

  const sign = (): void => {
    if (key === undefined) return;
    void task
      .start((options) =>
        api.createBundle(
          {
            content: bundleContent(state),
            output: state.output.trim(),
            keyId: key.id,
            ...passphraseFields(key, state.passphrase, state.rememberPassphrase),
            ...(state.preflight === null ? {} : { preflightId: state.preflight.preflightId }),
            overwrite: state.overwrite,
            freeze: state.freeze,
          },
          options,
        ),
      )
      .then((result) => {
        if (result === undefined) return;
        update({ created: result.file, passphrase: '' });
        keys.rerun(); // a remembered passphrase shows as unlocked from now on
      });
  };

  if (task.state.status === 'done') {
    const result = task.state.value;
    return (
      <div className="verdict verdict--good" role="status" data-testid="create-result">
        <p className="verdict__title">✔ Bundle signed and saved</p>
        <p>
          <code data-testid="created-file">{result.file}</code>
        </p>
        <p data-testid="created-summary">
          {formatBytes(result.bytes)}, {plural(result.files, 'file')}, signed by {result.signer.name} with key{' '}
          <code>{result.signer.fingerprintDisplay}</code>
        </p>
        {result.frozenImage !== null && (
          <p data-testid="created-frozen">
            Frozen image <code>{result.frozenImage.config.digest.slice(0, 19)}…</code> ({result.frozenImage.platform.os}
            /{result.frozenImage.platform.architecture}, {plural(result.frozenImage.layers.length, 'layer')},{' '}
            {formatBytes(result.frozenImage.size)} uncompressed) stored in the bundle.
          </p>
        )}
        {result.warnings.map((warning) => (
          <p key={warning} className="note note--warning" data-testid="created-warning">
            {warning}
          </p>
        ))}
        <div className="button-row">
          <button type="button" className="button" onClick={() => navigate({ screen: 'open', file: result.file })}>
            Open this bundle
          </button>
          <button type="button" className="button button--quiet" onClick={() => goTo('submission')}>
            Prepare it for a paper submission
          </button>
        </div>
      </div>
    );
  }

  return (
    <>
      {state.created !== null && (
        <p className="note" role="status">
          Already saved as <code>{state.created}</code>.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => navigate({ screen: 'open', file: state.created as string })}
          >
            Open this bundle
          </button>{' '}
          Signing again replaces it only if you tick "Replace it".
        </p>
      )}
      <h3 className="subheading">Signing key</h3>
      {keys.state.status === 'failed' && <ErrorMessage error={keys.state.error} />}
      {keys.state.status === 'done' && available.length === 0 && (
        <>
          <p>
            You have no signing key yet. Create one: your name is shown to everyone who opens your bundles, with the
            key's fingerprint.
          </p>
          <GenerateKeyForm
            onCreated={(created) => {
              update({ keyId: created.id });
              keys.rerun();
            }}
          />
        </>
      )}
      {key !== undefined && (
        <>
          <KeyPicker
            label="Sign with"
            keys={available}
            selected={key}
            onSelect={(keyId) => update({ keyId })}
            passphrase={state.passphrase}
            onPassphrase={(passphrase) => update({ passphrase })}
            remember={state.rememberPassphrase}
            onRemember={(rememberPassphrase) => update({ rememberPassphrase })}
            onKeysChanged={keys.rerun}
          />
          <p data-testid="sign-fingerprint">
            Fingerprint <code>{key.fingerprintDisplay}</code>. Give it to the people who receive your bundles so they
            can check it is you.
          </p>
        </>
      )}
      <h3 className="subheading">Where to save</h3>
      <PathField
        label="Bundle file"
        value={state.output}
        onChange={(output) => update({ output })}
        purpose="save-bundle"
        extensions={['.rbundle']}
        testId="bundle-output"
      />
      <div className="checkbox">
        <input
          type="checkbox"
          id="sign-overwrite"
          checked={state.overwrite}
          onChange={(event) => update({ overwrite: event.target.checked })}
        />
        <label htmlFor="sign-overwrite">Replace it if the file exists</label>
      </div>
      <div className="checkbox">
        <input
          type="checkbox"
          id="sign-freeze"
          checked={state.freeze}
          aria-describedby="sign-freeze-help"
          onChange={(event) => update({ freeze: event.target.checked })}
        />
        <label htmlFor="sign-freeze">Freeze the replay image into the bundle</label>
      </div>
      <p className="note" id="sign-freeze-help">
        Builds the image now{state.preflight === null ? '' : " (the pre-flight's, when the recipe is the same)"} and
        stores it, signed, so the bundle replays years later with no registry or package index. The bundle grows by the
        compressed image (often hundreds of MB); reviewers can still rebuild from the recipe.
      </p>
      <SigningSummary state={state} />
      <h3 className="subheading">Before signing</h3>
      {problems.length === 0 ? (
        <p className="status" data-testid="problems-none">
          <span className="status__dot status__dot--good" aria-hidden="true" /> Nothing to fix.
        </p>
      ) : (
        <ul className="findings" data-testid="problems">
          {problems.map((problem, index) => (
            <li key={index} className={`finding finding--${problem.severity === 'blocking' ? 'error' : 'warning'}`}>
              <span className={`badge ${problem.severity === 'blocking' ? 'badge--error' : 'badge--warning'}`}>
                {problem.severity === 'blocking' ? 'must fix' : 'warning'}
              </span>{' '}
              {problem.text}{' '}
              <button type="button" className="link-button" onClick={() => goTo(problem.step)}>
                Go to {STEPS.find((step) => step.id === problem.step)?.title}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button"
        disabled={blocking.length > 0 || task.state.status === 'running'}
        onClick={sign}
      >
        Sign and save
      </button>
      {task.state.status === 'running' && (
        <ProgressView label="Writing the bundle" progress={task.state.progress} onCancel={task.cancel} />
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
    </>
  );
}

/**
 * Exactly what the signature will cover, from the request that will be sent (bundleContent): the
 * command, the results and their tolerances, the files, the data kept outside, the samples and
 * the environment choices — so nothing is signed that the author has not seen.
 */
function SigningSummary({ state }: { state: WizardState }): ReactNode {
  const content = bundleContent(state);
  const scan = state.scan;
  if (scan === null) return null;
  const files = scan.files.filter((file) => !isExcluded(state, file.path));
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  const results = content.results ?? scan.results.files;
  const tolerances = content.tolerances ?? [];
  return (
    <>
      <h3 className="subheading">What will be signed</h3>
      <dl className="facts" data-testid="signing-summary">
        <dt>Command</dt>
        <dd>
          {content.run === undefined ? (
            <span className="muted">none (the bundle records no command)</span>
          ) : (
            <code>{content.run}</code>
          )}
        </dd>
        <dt>Results</dt>
        <dd>{results.length === 0 ? <span className="muted">none</span> : results.join(', ')}</dd>
        <dt>Tolerances</dt>
        <dd>
          {tolerances.length === 0
            ? 'the defaults (exact for integers and text, ±0.1% for other numbers)'
            : tolerances
                .map(
                  (tolerance) =>
                    `${tolerance.metric}: ${[
                      ...(tolerance.absolute === undefined ? [] : [`±${tolerance.absolute}`]),
                      ...(tolerance.relative === undefined ? [] : [`±${tolerance.relative * 100}%`]),
                    ].join(' or ')}`,
                )
                .join('; ')}
        </dd>
        <dt>Files</dt>
        <dd>
          {plural(files.length, 'project file')} ({formatBytes(bytes)})
          {state.allowSecrets.length > 0 &&
            `, including ${state.allowSecrets.join(', ')} kept although it looks like a secret`}
        </dd>
        <dt>Data outside</dt>
        <dd>
          {plural(scan.dataPointers.length + (content.pointers ?? []).length, 'pointer')} (checksums, not the data)
        </dd>
        <dt>Samples</dt>
        <dd>{state.samples.length === 0 ? 'none' : state.samples.join(', ')}</dd>
        <dt>Environment</dt>
        <dd>
          {[
            content.baseImage === undefined ? 'base image chosen from the project' : `base image ${content.baseImage}`,
            ...((content.extras ?? []).length > 0 ? [`extras ${(content.extras ?? []).join(', ')}`] : []),
            ...(content.requirements === undefined ? [] : [`requirements from ${content.requirements}`]),
            ...(state.freeze ? ['the replay image frozen into the bundle'] : []),
          ].join('; ')}
        </dd>
      </dl>
    </>
  );
}
