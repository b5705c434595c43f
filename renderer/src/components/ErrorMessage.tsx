// Shows an operation's failure the same way everywhere: what happened, the file, the fix.
import type { ReactNode } from 'react';
import type { OperationFailure } from '../api/operation-failure';
import { InlineCode } from './InlineCode';

export function ErrorMessage({ error }: { error: OperationFailure }): ReactNode {
  return (
    <div className="error-message" role="alert">
      <p className="error-message__text">
        <InlineCode text={error.message} />
      </p>
      {error.file !== undefined && (
        <p className="error-message__file">
          File: <code>{error.file}</code>
        </p>
      )}
      {error.fix !== undefined && (
        <p className="error-message__fix">
          <InlineCode text={error.fix} />
        </p>
      )}
    </div>
  );
}
