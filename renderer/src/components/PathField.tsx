// A path on the machine running the engine: typed, or picked with the desktop's native dialog,
// or (in the web mode, where the browser cannot read local paths) with the server-side browser
// that is confined to the user's home.
import { useId, useState, type ReactNode } from 'react';
import type { OperationRequest } from '../../../main/contract/operations';
import { useApi } from '../api/api-context';
import { toFailure, type OperationFailure } from '../../../main/shared/operation-failure';
import { ErrorMessage } from './ErrorMessage';
import { FolderBrowser } from './FolderBrowser';

type Purpose = OperationRequest<'nativeDialog'>['purpose'];

export interface PathFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  purpose: Purpose;
  /** For file purposes in the web browser: which names to list. */
  extensions?: string[];
  hint?: string;
  required?: boolean;
  testId?: string;
}

const FOLDER_PURPOSES: ReadonlySet<Purpose> = new Set(['project-folder', 'data-folder']);
const SAVE_PURPOSES: ReadonlySet<Purpose> = new Set([
  'save-bundle',
  'save-report-html',
  'save-report-json',
  'export-public-key',
]);

export function PathField({
  label,
  value,
  onChange,
  purpose,
  extensions,
  hint,
  required,
  testId,
}: PathFieldProps): ReactNode {
  const { api, front } = useApi();
  const id = useId();
  const [browsing, setBrowsing] = useState(false);
  const [error, setError] = useState<OperationFailure | null>(null);

  const browse = async (): Promise<void> => {
    setError(null);
    if (front === 'desktop') {
      try {
        const picked = await api.nativeDialog({ purpose, ...(value === '' ? {} : { defaultPath: value }) });
        if (picked.path !== null) onChange(picked.path);
      } catch (failure) {
        setError(toFailure(failure));
      }
      return;
    }
    setBrowsing(true);
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="field__row">
        <input
          id={id}
          className="input input--path"
          type="text"
          value={value}
          spellCheck={false}
          autoComplete="off"
          required={required}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={hint === undefined ? undefined : `${id}-hint`}
          data-testid={testId}
        />
        <button
          type="button"
          className="button button--quiet"
          onClick={() => void browse()}
          aria-label={`Browse for ${label.toLowerCase()}`}
        >
          Browse…
        </button>
      </div>
      {hint !== undefined && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {browsing && (
        <FolderBrowser
          title={label}
          mode={FOLDER_PURPOSES.has(purpose) ? 'folder' : SAVE_PURPOSES.has(purpose) ? 'save' : 'file'}
          start={value}
          {...(extensions === undefined ? {} : { extensions })}
          onClose={() => setBrowsing(false)}
          onPick={(picked) => {
            setBrowsing(false);
            onChange(picked);
          }}
        />
      )}
    </div>
  );
}
