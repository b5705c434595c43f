// The verdict on a received bundle: is the signature valid, who signed (fingerprint), do we
// trust them (trusted / seen before / unknown / a known name with another key), did every file
// check out, and each problem by name. Offers to trust an unknown signer.
import { useState, type ReactNode } from 'react';
import type { TrustState } from '../../../../main/shared/verification';
import type { VerificationView } from '../../../../main/shared/views';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatBytes, plural } from '../../format';
import { useTask } from '../../hooks/use-task';
import { escapeControls } from '../../../../main/shared/format';

function trustText(trust: TrustState | null): {
  label: string;
  tone: 'good' | 'info' | 'warning' | 'error';
  detail: string;
} {
  switch (trust?.state) {
    case 'trusted':
      return {
        label: 'trusted',
        tone: 'good',
        // `since` is a date, or why the key is trusted (your own key, named for this check).
        detail: `You trust this key (${Number.isNaN(Date.parse(trust.since)) ? trust.since : `since ${new Date(trust.since).toLocaleDateString()}`}).`,
      };
    case 'known':
      return {
        label: 'seen before, not trusted',
        tone: 'info',
        detail: `First seen ${new Date(trust.firstSeen).toLocaleString()}. Check the fingerprint with the signer, then trust it.`,
      };
    case 'key-changed':
      return {
        label: 'KEY CHANGED',
        tone: 'error',
        detail: `A signer with this name used another key before (${trust.previousFingerprints.map((fingerprint) => fingerprint.slice(0, 16)).join(', ')}…). This may be an impersonation: ask the signer.`,
      };
    default:
      return {
        label: 'unknown signer',
        tone: 'warning',
        detail:
          'The signature is valid, but you have not said you trust this key. Check the fingerprint with the signer, then trust it.',
      };
  }
}

export function VerificationPanel({
  report,
  onTrusted,
}: {
  report: VerificationView;
  onTrusted: () => void;
}): ReactNode {
  const signer = report.signature.signer;
  const trust = trustText(report.signature.trust);
  return (
    <section
      className={`panel verification ${report.valid ? 'verification--valid' : 'verification--invalid'}`}
      aria-labelledby="verification-heading"
      data-testid="verification"
      data-valid={report.valid}
    >
      <h2 id="verification-heading">
        {report.valid ? '✔ Signature valid, every file intact' : '✘ This bundle failed verification'}
      </h2>
      <dl className="facts">
        <dt>File</dt>
        <dd>
          <code>{report.file}</code> ({formatBytes(report.bytes)})
        </dd>
        <dt>Signature</dt>
        <dd data-testid="signature-state">
          {report.signature.valid ? 'valid' : `invalid: ${report.signature.reason ?? 'unknown reason'}`}
        </dd>
        {signer !== null && (
          <>
            <dt>Signed by</dt>
            <dd data-testid="signer-name">{escapeControls(signer.name)}</dd>
            <dt>Key fingerprint</dt>
            <dd>
              <code data-testid="signer-fingerprint">{signer.fingerprintDisplay}</code>
            </dd>
          </>
        )}
        {report.signature.valid && (
          <>
            <dt>Trust</dt>
            <dd>
              <span
                className={`badge badge--${trust.tone}`}
                data-testid="trust-state"
                data-state={report.signature.trust?.state ?? 'unknown'}
              >
                {trust.label}
              </span>{' '}
              {trust.detail}
            </dd>
          </>
        )}
        <dt>Integrity</dt>
        <dd data-testid="integrity">
          {plural(report.checked.files, 'file')} ({formatBytes(report.checked.bytes)}) checked against the signed
          manifest
          {report.problems.length === 0 ? ': all match.' : `: ${plural(report.problems.length, 'problem')}.`}
        </dd>
      </dl>
      {report.problems.length > 0 && (
        <>
          <h3 className="subheading">Problems</h3>
          <ul className="findings" data-testid="verification-problems">
            {report.problems.map((problem) => (
              <li key={problem} className="finding finding--error">
                {problem}
              </li>
            ))}
          </ul>
          <p>
            Do not replay or trust this bundle. Ask the sender for a fresh copy; if it fails again, it was changed after
            it was signed.
          </p>
        </>
      )}
      {report.valid && signer !== null && report.signature.trust?.state !== 'trusted' && (
        <TrustForm file={report.file} signerName={signer.name} onTrusted={onTrusted} />
      )}
    </section>
  );
}

function TrustForm({
  file,
  signerName,
  onTrusted,
}: {
  file: string;
  signerName: string;
  onTrusted: () => void;
}): ReactNode {
  const { api } = useApi();
  const [name, setName] = useState(signerName);
  const task = useTask<unknown>();
  return (
    <form
      className="trust-form"
      onSubmit={(event) => {
        event.preventDefault();
        void task
          .start((options) => api.trustSigner({ source: file, name: name.trim() }, options))
          .then((done) => done !== undefined && onTrusted());
      }}
    >
      <div className="field">
        <label htmlFor="trust-signer-name">Trust this key as</label>
        <div className="field__row">
          <input
            id="trust-signer-name"
            className="input"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button" disabled={name.trim() === '' || task.state.status === 'running'}>
            Trust this signer
          </button>
        </div>
      </div>
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
    </form>
  );
}
