// Preparing a bundle for a paper submission: its reproducibility checklist, an export (review
// copy for double-blind review, or camera-ready), and checking a reproduction attestation.
// Shown on the Open screen and as the wizard's last step.
import { useCallback, useState, type ReactNode } from 'react';
import type { OperationRequest, OperationResponse } from '../../../../main/contract/operations';
import { useApi } from '../../api/api-context';
import { Checkbox } from '../../components/Checkbox';
import { ChecklistView } from '../../components/ChecklistView';
import { ErrorMessage } from '../../components/ErrorMessage';
import { KeyPicker, passphraseFields, useSigningKeys } from '../../components/KeyPicker';
import { PathField } from '../../components/PathField';
import { ProgressView } from '../../components/ProgressView';
import { formatBytes } from '../../format';
import { escapeControls } from '../../../../main/shared/format';
import { useOperation } from '../../hooks/use-operation';
import { useTask } from '../../hooks/use-task';
import { Radio } from '../../components/Radio';

type ExportRequest = OperationRequest<'exportBundle'>;
type ExportResponse = OperationResponse<'exportBundle'>;
type Written = Extract<ExportResponse, { outcome: 'written' }>;
type Occurrence = Extract<ExportResponse, { outcome: 'identity-remains' }>['occurrences'][number];

export function SubmissionPanel({ file }: { file: string }): ReactNode {
  return (
    <div className="stack" data-testid="submission">
      <Checklist file={file} />
      <ExportForm file={file} />
      <AttestationCheck file={file} />
    </div>
  );
}

function Checklist({ file }: { file: string }): ReactNode {
  const { api } = useApi();
  const task = useTask<OperationResponse<'assessBundle'>>();
  return (
    <section aria-labelledby="checklist-heading">
      <h3 className="subheading" id="checklist-heading">
        Reproducibility checklist
      </h3>
      <p>
        The ML reproducibility checklist, assessed from what this bundle records. Every export carries it as
        REPRODUCIBILITY.md.
      </p>
      <button
        type="button"
        className="button button--quiet"
        disabled={task.state.status === 'running'}
        onClick={() => void task.start((options) => api.assessBundle({ file }, options))}
      >
        {task.state.status === 'done' ? 'Assess again' : 'Assess the checklist'}
      </button>
      {task.state.status === 'running' && (
        <ProgressView label="Assessing" progress={task.state.progress} onCancel={task.cancel} />
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {task.state.status === 'done' && <ChecklistView items={task.state.value.items} />}
    </section>
  );
}

function defaultOutput(file: string, kind: ExportRequest['kind']): string {
  return `${file.replace(/\.(rbundle|zip)$/i, '')}-${kind}.zip`;
}

function ExportForm({ file }: { file: string }): ReactNode {
  const { api } = useApi();
  const loadVenues = useCallback((signal: AbortSignal) => api.venues({}, { signal }), [api]);
  const venues = useOperation(loadVenues);
  const keys = useSigningKeys();
  const [kind, setKind] = useState<ExportRequest['kind']>('review');
  const [venue, setVenue] = useState('');
  const [maxSize, setMaxSize] = useState('');
  const [output, setOutput] = useState(defaultOutput(file, 'review'));
  const [overwrite, setOverwrite] = useState(false);
  const [identity, setIdentity] = useState('');
  const [keyId, setKeyId] = useState('default');
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(false);
  const task = useTask<ExportResponse>(undefined, 'An export is being written. Leave and cancel it?');
  const key = keys.pick(keyId);
  const chosenVenue =
    venues.state.status === 'done' ? venues.state.value.venues.find((entry) => entry.id === venue) : undefined;

  const run = (
    residual: ExportRequest['residual'],
    accepted: string[] = [],
    more: { redact?: string[]; dryRun?: boolean } = {},
  ): void => {
    void task
      .start((options) =>
        api.exportBundle(
          {
            file,
            kind,
            output: output.trim(),
            overwrite,
            residual,
            accepted,
            ...more,
            identity: identity
              .split(',')
              .map((value) => value.trim())
              .filter((value) => value.length >= 3),
            ...(venue === '' ? {} : { venue }),
            ...(maxSize.trim() === '' ? {} : { maxSizeMB: Number(maxSize) }),
            ...(kind === 'camera-ready' && key !== undefined
              ? { keyId: key.id, ...passphraseFields(key, passphrase, remember) }
              : {}),
          },
          options,
        ),
      )
      .then(keys.rerun); // a remembered passphrase shows as unlocked from now on
  };

  return (
    <section aria-labelledby="export-heading">
      <h3 className="subheading" id="export-heading">
        Export for a submission
      </h3>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          run('refuse');
        }}
      >
        <fieldset className="fieldset">
          <legend>Copy</legend>
          {(['review', 'camera-ready'] as const).map((value) => (
            <Radio
              key={value}
              id={`export-${value}`}
              name="export-kind"
              checked={kind === value}
              onSelect={() => {
                setKind(value);
                setOutput(defaultOutput(file, value));
              }}
            >
              {value === 'review'
                ? 'Review copy: your identity removed, signed with a fresh key, with a commitment to yours'
                : 'Camera-ready copy: full identity, signed with your key, with CITATION.cff'}
            </Radio>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="export-venue">Venue</label>
          <select id="export-venue" className="input" value={venue} onChange={(event) => setVenue(event.target.value)}>
            <option value="">None (no size limit unless given below)</option>
            {venues.state.status === 'done' &&
              venues.state.value.venues.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.name}
                </option>
              ))}
          </select>
          {chosenVenue !== undefined && (
            <p className="field__hint">
              {chosenVenue.maxSizeMB === null ? 'No size limit' : `At most ${chosenVenue.maxSizeMB} MB`};{' '}
              {chosenVenue.anonymity}; {chosenVenue.doiRequired ? 'needs a DOI archive' : 'no DOI archive needed'}.{' '}
              {chosenVenue.notes}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="export-max-size">Size limit in MB (overrides the venue's)</label>
          <input
            id="export-max-size"
            className="input input--number"
            type="number"
            min={0.001}
            step="any"
            value={maxSize}
            onChange={(event) => setMaxSize(event.target.value)}
          />
        </div>
        {kind === 'review' && (
          <div className="field">
            <label htmlFor="export-identity">Other strings that identify you (institution, lab; comma-separated)</label>
            <input
              id="export-identity"
              className="input"
              value={identity}
              onChange={(event) => setIdentity(event.target.value)}
            />
          </div>
        )}
        {kind === 'camera-ready' && key !== undefined && (
          <KeyPicker
            label="Sign with (the key that signed the bundle)"
            keys={keys.keys}
            selected={key}
            onSelect={setKeyId}
            passphrase={passphrase}
            onPassphrase={setPassphrase}
            remember={remember}
            onRemember={setRemember}
            onKeysChanged={keys.rerun}
          />
        )}
        <PathField
          label="Write the copy to"
          value={output}
          onChange={setOutput}
          purpose="save-bundle"
          extensions={['.zip']}
          testId="export-output"
        />
        <Checkbox id="export-overwrite" checked={overwrite} onChange={setOverwrite}>
          Replace it if the file exists
        </Checkbox>
        <div className="button-row">
          <button
            type="submit"
            className="button"
            disabled={
              output.trim() === '' || task.state.status === 'running' || (kind === 'camera-ready' && key === undefined)
            }
          >
            Export {kind} copy
          </button>
          {kind === 'review' && (
            <button
              type="button"
              className="button button--quiet"
              disabled={task.state.status === 'running'}
              onClick={() => run('refuse', [], { dryRun: true })}
            >
              Preview every rewrite
            </button>
          )}
        </div>
      </form>
      {task.state.status === 'running' && (
        <ProgressView label="Exporting" progress={task.state.progress} onCancel={task.cancel} />
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {task.state.status === 'done' && task.state.value.outcome === 'identity-remains' && (
        <IdentityRemains
          occurrences={task.state.value.occurrences}
          onAccept={(keys) => run('refuse', keys)}
          onRedact={() => run('redact')}
        />
      )}
      {task.state.status === 'done' && task.state.value.outcome === 'dry-run' && (
        <RewriteReview
          preview={task.state.value}
          onExport={(redact, accepted) => run('refuse', accepted, { redact })}
        />
      )}
      {task.state.status === 'done' && task.state.value.outcome === 'written' && (
        <ExportResult result={task.state.value} />
      )}
    </section>
  );
}

function IdentityRemains({
  occurrences,
  onAccept,
  onRedact,
}: {
  occurrences: readonly Occurrence[];
  onAccept: (keys: string[]) => void;
  onRedact: () => void;
}): ReactNode {
  const [kept, setKept] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string): void =>
    setKept((previous) =>
      previous.has(key) ? new Set([...previous].filter((entry) => entry !== key)) : new Set([...previous, key]),
    );
  return (
    <div className="secrets secrets--open" role="alert" data-testid="identity-remains">
      <p>
        <strong>The review copy would still identify you in {occurrences.length} place(s)</strong> outside the
        documentation, which the export rewrites by itself. Edit these files and create the bundle again, or decide
        here:
      </p>
      <ul className="plain-list">
        {occurrences.map((found) => (
          <li key={found.key} className="finding finding--warning">
            <input
              type="checkbox"
              id={`keep-${found.key}`}
              checked={kept.has(found.key)}
              onChange={() => toggle(found.key)}
            />{' '}
            <label htmlFor={`keep-${found.key}`}>
              Keep <code>{found.key}</code>: “{found.term}” <span className="muted">{found.excerpt}</span>
            </label>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button" onClick={onRedact}>
          Replace them in the code too
        </button>
        <button
          type="button"
          className="button button--quiet"
          disabled={kept.size === 0}
          onClick={() => onAccept([...kept])}
        >
          Export, keeping the ticked ones
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => onAccept(occurrences.map((found) => found.key))}
        >
          Keep them all knowingly
        </button>
      </div>
    </div>
  );
}

type Preview = Extract<ExportResponse, { outcome: 'dry-run' }>;

/**
 * Every line the review copy would change, as a diff, before anything is written: documentation
 * is rewritten by the export itself (shown); each code line is the author's to approve (rewrite)
 * or reject (keep knowingly), and identity the export cannot rewrite (inside an archive) is listed
 * to keep knowingly. The copy is written only when every code line is decided.
 */
function RewriteReview({
  preview,
  onExport,
}: {
  preview: Preview;
  onExport: (redact: string[], accepted: string[]) => void;
}): ReactNode {
  const code = preview.rewrites.filter((rewrite) => !rewrite.automatic);
  const documentation = preview.rewrites.filter((rewrite) => rewrite.automatic);
  const rewritable = new Set(code.map((rewrite) => `${rewrite.file}:${rewrite.line}`));
  // Identity the export cannot rewrite (inside an archive, a binary file): kept knowingly or not exported.
  const other = preview.residual.filter((found) => !rewritable.has(found.key));
  const [decisions, setDecisions] = useState<Record<string, 'rewrite' | 'keep'>>({});
  const [keepOther, setKeepOther] = useState(false);
  const undecided = code.filter((rewrite) => decisions[`${rewrite.file}:${rewrite.line}`] === undefined).length;
  const keys = (choice: 'rewrite' | 'keep'): string[] =>
    Object.entries(decisions)
      .filter(([, decision]) => decision === choice)
      .map(([key]) => key);
  return (
    <div className="panel stack" data-testid="rewrite-review">
      <p>
        <strong>Nothing is written yet.</strong> The review copy would change {preview.rewrites.length} line(s):{' '}
        {documentation.length} in documentation (rewritten by the export) and {code.length} in code (yours to decide,
        one by one).
      </p>
      <ul className="plain-list">
        {preview.rewrites.map((rewrite) => {
          const key = `${rewrite.file}:${rewrite.line}`;
          return (
            <li key={key} className="rewrite" data-testid={`rewrite:${key}`}>
              <p>
                <code>{key}</code>{' '}
                <span className="muted">{rewrite.automatic ? '(documentation: rewritten)' : '(code)'}</span>
              </p>
              <pre className="log-excerpt" aria-label={`Change to ${key}`}>
                {`- ${escapeControls(rewrite.before)}\n+ ${escapeControls(rewrite.after)}`}
              </pre>
              {!rewrite.automatic && (
                <div className="button-row" role="radiogroup" aria-label={`Decision for ${key}`}>
                  <Radio
                    id={`rewrite-${key}`}
                    name={`decision-${key}`}
                    checked={decisions[key] === 'rewrite'}
                    onSelect={() => setDecisions((previous) => ({ ...previous, [key]: 'rewrite' }))}
                  >
                    Approve: rewrite this line
                  </Radio>
                  <Radio
                    id={`keep-${key}`}
                    name={`decision-${key}`}
                    checked={decisions[key] === 'keep'}
                    onSelect={() => setDecisions((previous) => ({ ...previous, [key]: 'keep' }))}
                  >
                    Reject: keep it as it is, knowingly
                  </Radio>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {other.length > 0 && (
        <Checkbox id="keep-unrewritable" checked={keepOther} onChange={setKeepOther}>
          Also keep, knowingly, what the export cannot rewrite:{' '}
          {other.map((found) => `${found.key} (“${found.term}”)`).join(', ')}
        </Checkbox>
      )}
      {preview.warnings.length > 0 && (
        <ul className="plain-list muted">
          {preview.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button"
        disabled={undecided > 0 || (other.length > 0 && !keepOther)}
        onClick={() =>
          onExport(keys('rewrite'), [...keys('keep'), ...(keepOther ? other.map((found) => found.key) : [])])
        }
      >
        {undecided > 0 ? `Decide the ${undecided} code line(s) first` : 'Export with these decisions'}
      </button>
    </div>
  );
}

function ExportResult({ result }: { result: Written }): ReactNode {
  return (
    <div className="verdict verdict--good" role="status" data-testid="export-result">
      <p className="verdict__title">
        ✔ {result.kind === 'review' ? 'Review copy written' : 'Camera-ready copy written'}
      </p>
      <p>
        <code data-testid="export-file">{result.file}</code> · {formatBytes(result.bytes)} · signed by{' '}
        {result.signer.name}
      </p>
      {result.kind === 'review' && (
        <>
          <p>
            Removed:{' '}
            {result.identity.map((term) => `“${term.value}” (${term.source})`).join(', ') || 'no identity found'}. Files
            rewritten:{' '}
            {result.redacted
              .map((entry) => `${entry.file} (${entry.count < 0 ? 'left out' : entry.count})`)
              .join(', ') || 'none'}
            .
          </p>
          {result.residual.length > 0 && (
            <p>
              Also handled in code:{' '}
              {result.residual.map((found) => `${found.file}${found.line === null ? '' : `:${found.line}`}`).join(', ')}
              .
            </p>
          )}
          <p className="muted">
            Authorship commitment {result.commitment}: the salt stays on this machine; your camera-ready copy will
            reveal it.
          </p>
        </>
      )}
      {result.citationMissing.length > 0 && (
        <details>
          <summary>CITATION.cff: {result.citationMissing.length} field(s) to complete</summary>
          <ul>
            {result.citationMissing.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
      {result.warnings.map((warning) => (
        <p key={warning} className="note">
          {warning}
        </p>
      ))}
    </div>
  );
}

function AttestationCheck({ file }: { file: string }): ReactNode {
  const { api } = useApi();
  const [attestation, setAttestation] = useState('');
  const task = useTask<OperationResponse<'verifyAttestation'>>();
  return (
    <section aria-labelledby="attestation-heading">
      <h3 className="subheading" id="attestation-heading">
        Check a reproduction attestation
      </h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void task.start((options) => api.verifyAttestation({ file: attestation.trim(), bundle: file }, options));
        }}
      >
        <PathField
          label="Attestation file"
          value={attestation}
          onChange={setAttestation}
          purpose="pick-file"
          extensions={['.json']}
          testId="attestation-path"
        />
        <button type="submit" className="button button--quiet" disabled={attestation.trim() === ''}>
          Check it against this bundle
        </button>
      </form>
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {task.state.status === 'done' && (
        <div
          className={`verdict ${task.state.value.valid ? 'verdict--good' : 'verdict--bad'}`}
          role="status"
          data-testid="attestation-check"
          data-valid={task.state.value.valid}
        >
          {task.state.value.valid ? (
            <p>
              ✔ Valid: {task.state.value.verdict}, attested by {task.state.value.attester?.name} (key{' '}
              <code>{task.state.value.attester?.fingerprintDisplay}</code>, {task.state.value.attester?.trust}),{' '}
              {task.state.value.link === 'review-copy'
                ? 'made on the review copy of this bundle'
                : 'about exactly this bundle'}
              .
            </p>
          ) : (
            <ul className="plain-list">
              {task.state.value.problems.map((problem) => (
                <li key={problem}>✘ {problem}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
