// A running operation: what it is doing, how far along (a bar when the total is known), and a
// Cancel button. Announced politely to screen readers.
import type { ReactNode } from 'react';
import type { ProgressEvent } from '../../../main/shared/messages';
import { formatBytes } from '../format';

export function ProgressView({
  label,
  progress,
  onCancel,
}: {
  label: string;
  progress: ProgressEvent | null;
  onCancel?: () => void;
}): ReactNode {
  const total = progress?.total;
  const done = progress?.done;
  const amount = (value: number): string =>
    progress?.unit === 'bytes' ? formatBytes(value) : value.toLocaleString('en');
  return (
    <div className="progress" role="status" aria-live="polite" data-testid="progress">
      <p className="progress__label">
        <span className="spinner" aria-hidden="true" /> {label}
        {progress !== null && (
          <>
            {' · '}
            <span data-testid="progress-phase">{progress.phase}</span>
            {progress.message !== undefined && `: ${progress.message}`}
            {done !== undefined &&
              ` (${amount(done)}${total === undefined ? '' : ` of ${amount(total)}`}${progress.unit === 'files' ? ' files' : ''})`}
          </>
        )}
      </p>
      {total !== undefined && total > 0 && done !== undefined && (
        <progress
          className="progress__bar"
          max={total}
          value={Math.min(done, total)}
          aria-label={`${label} progress`}
        />
      )}
      {onCancel !== undefined && (
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
