// The web mode's file picker: a modal dialog listing folders on the server, inside the user's
// home and the folders added in Settings (it says which). Folders open on click; in file mode a file is picked on click; in folder and save mode
// the current folder is chosen (save mode adds a file name).
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { OperationResponse } from '../../../main/contract/operations';
import { useApi } from '../api/api-context';
import { formatBytes } from '../format';
import { toFailure, type OperationFailure } from '../../../main/shared/operation-failure';
import { ErrorMessage } from './ErrorMessage';

type Listing = OperationResponse<'browseFolder'>;

export interface FolderBrowserProps {
  title: string;
  mode: 'folder' | 'file' | 'save';
  start: string;
  extensions?: string[];
  onPick: (path: string) => void;
  onClose: () => void;
}

/** Splits a typed path into the folder to open and, when saving, the file name to keep. */
function startingPoint(start: string, mode: FolderBrowserProps['mode']): { folder: string | undefined; name: string } {
  if (start.trim() === '') return { folder: undefined, name: '' };
  if (mode === 'folder') return { folder: start, name: '' };
  const slash = start.lastIndexOf('/');
  return slash <= 0
    ? { folder: undefined, name: start }
    : { folder: start.slice(0, slash), name: start.slice(slash + 1) };
}

export function FolderBrowser({ title, mode, start, extensions, onPick, onClose }: FolderBrowserProps): ReactNode {
  const { api } = useApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const initial = startingPoint(start, mode);
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<OperationFailure | null>(null);
  const [name, setName] = useState(initial.name);

  const list = useCallback(
    (target: string | undefined): Promise<Listing> =>
      api.browseFolder({
        ...(target === undefined ? {} : { path: target }),
        ...(mode === 'folder' || extensions === undefined ? {} : { extensions }),
      }),
    [api, extensions, mode],
  );
  const show = (next: Listing): void => {
    setListing(next);
    setError(null);
  };
  const open = (folder: string | undefined): void => {
    list(folder).then(show, (failure: unknown) => setError(toFailure(failure)));
  };

  useEffect(() => {
    dialog.current?.showModal();
    // A typed path that does not exist (yet) is no reason to fail: start from home instead.
    list(initial.folder)
      .catch(() => list(undefined))
      .then(
        (next) => {
          setListing(next);
        },
        (failure: unknown) => setError(toFailure(failure)),
      );
    // Opened once, on mount; later navigation goes through `open`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <dialog ref={dialog} className="browser" aria-labelledby="browser-title" onClose={onClose} onCancel={onClose}>
      <h2 id="browser-title">{title}</h2>
      {listing !== null && (
        <div className="browser__roots" data-testid="browser-roots">
          <span className="muted">This browser can open:</span>{' '}
          {listing.roots.map((root, index) => (
            <button key={root} type="button" className="link-button" onClick={() => open(root)}>
              {root}
              {index === 0 ? ' (your home folder)' : ''}
            </button>
          ))}
          <span className="muted"> — add other folders in Settings › Folder browser, or type a full path.</span>
        </div>
      )}
      <p className="browser__path">
        <code data-testid="browser-path">{listing?.path ?? '…'}</code>
      </p>
      {error !== null && <ErrorMessage error={error} />}
      <div className="browser__list" role="list" aria-label="Folder contents">
        {listing?.parent !== null && listing !== null && (
          <div role="listitem">
            <button type="button" className="browser__entry" onClick={() => open(listing.parent ?? undefined)}>
              ../ (parent folder)
            </button>
          </div>
        )}
        {listing?.entries.map((entry) => (
          <div role="listitem" key={entry.path}>
            <button
              type="button"
              className="browser__entry"
              disabled={entry.kind === 'file' && mode === 'folder'}
              onClick={() =>
                entry.kind === 'folder' ? open(entry.path) : mode === 'save' ? setName(entry.name) : onPick(entry.path)
              }
            >
              {entry.kind === 'folder' ? `${entry.name}/` : entry.name}
              {entry.size !== null && <span className="muted"> · {formatBytes(entry.size)}</span>}
            </button>
          </div>
        ))}
        {listing?.entries.length === 0 && (
          <p className="muted">
            This folder is empty{extensions === undefined ? '' : ` (showing ${extensions.join(', ')} files)`}.
          </p>
        )}
        {listing?.truncated === true && (
          <p className="muted">Only the first entries are shown; type the path to reach others.</p>
        )}
      </div>
      {mode === 'save' && (
        <div className="field">
          <label htmlFor="browser-name">File name</label>
          <input id="browser-name" className="input" value={name} onChange={(event) => setName(event.target.value)} />
        </div>
      )}
      <div className="button-row">
        {mode !== 'file' && (
          <button
            type="button"
            className="button"
            disabled={listing === null || (mode === 'save' && name.trim() === '')}
            onClick={() =>
              listing !== null && onPick(mode === 'save' ? `${listing.path}/${name.trim()}` : listing.path)
            }
          >
            {mode === 'save' ? 'Save here' : 'Choose this folder'}
          </button>
        )}
        <button type="button" className="button button--quiet" onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
