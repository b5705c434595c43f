// Step 3: data kept outside the bundle: DVC pointers found, large files that become pointers,
// and pointers the author adds (where to fetch it, where the project reads it, and its
// checksum computed from the local copy).
import { useState, type ReactNode } from 'react';
import type { ScanSummary } from '../../../../../main/shared/views';
import { useApi } from '../../../api/api-context';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { ProgressView } from '../../../components/ProgressView';
import { DataPointersTable } from '../../../components/ProjectViews';
import { formatBytes } from '../../../format';
import { useTask } from '../../../hooks/use-task';
import { type UserPointerDraft, type StepProps } from '../wizard-state';

export function DataStep({ state, update }: StepProps): ReactNode {
  const scan = state.scan as ScanSummary;
  return (
    <>
      <h3 className="subheading">Declared with DVC</h3>
      <DataPointersTable pointers={scan.dataPointers} />
      <h3 className="subheading">Large files (become pointers, not bundled)</h3>
      {scan.largeFiles.length === 0 ? (
        <p className="muted">No file is above the size limit.</p>
      ) : (
        <ul className="plain-list" data-testid="large-files">
          {scan.largeFiles.map((file) => (
            <li key={file.path}>
              <code>{file.path}</code> · {formatBytes(file.size)}: recorded with its SHA-256; a reviewer supplies it
              with a data folder.
            </li>
          ))}
        </ul>
      )}
      <h3 className="subheading">Pointers you add</h3>
      {state.pointers.length > 0 && (
        <ul className="plain-list" data-testid="user-pointers">
          {state.pointers.map((pointer, index) => (
            <li key={`${pointer.localPath}:${index}`}>
              <code>{pointer.localPath}</code> ← {pointer.uri}
              {pointer.sha256 !== null && (
                <span className="muted">
                  {' '}
                  · sha256:{pointer.sha256.slice(0, 16)}… · {formatBytes(pointer.size ?? 0)}
                </span>
              )}{' '}
              <button
                type="button"
                className="button button--quiet button--small"
                onClick={() => update({ pointers: state.pointers.filter((_, at) => at !== index) })}
              >
                Remove {pointer.localPath}
              </button>
            </li>
          ))}
        </ul>
      )}
      <AddPointer projectDir={scan.root} onAdd={(pointer) => update({ pointers: [...state.pointers, pointer] })} />
    </>
  );
}

function AddPointer({
  projectDir,
  onAdd,
}: {
  projectDir: string;
  onAdd: (pointer: UserPointerDraft) => void;
}): ReactNode {
  const { api } = useApi();
  const [uri, setUri] = useState('');
  const [localPath, setLocalPath] = useState('');
  const task = useTask<{ sha256: string; size: number }>();
  const digest = task.state.status === 'done' ? task.state.value : null;

  const checksum = (): void => {
    void task.start((options) => api.hashFile({ path: `${projectDir}/${localPath.trim()}` }, options));
  };

  return (
    <form
      className="add-pointer"
      aria-label="Add a data pointer"
      onSubmit={(event) => {
        event.preventDefault();
        onAdd({
          uri: uri.trim(),
          localPath: localPath.trim(),
          sha256: digest?.sha256 ?? null,
          size: digest?.size ?? null,
        });
        setUri('');
        setLocalPath('');
        task.reset();
      }}
    >
      <div className="field">
        <label htmlFor="pointer-uri">Where to get it (URL, s3://, DOI…)</label>
        <input id="pointer-uri" className="input" value={uri} onChange={(event) => setUri(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="pointer-path">Where the project reads it (relative to the project folder)</label>
        <div className="field__row">
          <input
            id="pointer-path"
            className="input"
            value={localPath}
            onChange={(event) => {
              setLocalPath(event.target.value);
              task.reset();
            }}
          />
          <button
            type="button"
            className="button button--quiet"
            disabled={localPath.trim() === '' || task.state.status === 'running'}
            onClick={checksum}
          >
            Compute checksum
          </button>
        </div>
      </div>
      {task.state.status === 'running' && (
        <ProgressView label="Computing the checksum" progress={task.state.progress} onCancel={task.cancel} />
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {digest !== null && (
        <p data-testid="pointer-checksum">
          SHA-256 <code>{digest.sha256}</code> · {formatBytes(digest.size)}
        </p>
      )}
      <button type="submit" className="button" disabled={uri.trim() === '' || localPath.trim() === ''}>
        Add pointer
      </button>
    </form>
  );
}
