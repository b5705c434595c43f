// Shows an operation's failure the same way everywhere: what happened, the file, the fix, and
// where in the app to make it (the inputs the engine named, in the GUI's words).
import type { ReactNode } from 'react';
import type { OperationFailure } from '../../../main/shared/operation-failure';
import { guiWordsFor } from '../input-words';
import { InlineCode } from './InlineCode';

export function ErrorMessage({ error }: { error: OperationFailure }): ReactNode {
  const where = guiWordsFor(error.inputs);
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
      {where !== undefined && <p className="error-message__where">Where: {where}</p>}
    </div>
  );
}
