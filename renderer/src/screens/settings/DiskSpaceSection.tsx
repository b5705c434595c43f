// Settings › Disk space: what replays left behind (their folders, with reports; uploads; replay
// images) and removing what is older than a chosen age.
import { useCallback, useState, type ReactNode } from 'react';
import type { OperationResponse } from '../../../../main/contract/operations';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatBytes, plural } from '../../format';
import { useOperation } from '../../hooks/use-operation';
import { useTask } from '../../hooks/use-task';
import { Checkbox } from '../../components/Checkbox';

const KIND_LABEL = {
  replay: 'replay',
  preflight: 'pre-flight run',
  extraction: 'unpacked bundle kept for replaying again',
  uploads: 'upload folder',
  other: 'other folder',
} as const;

export function DiskSpaceSection(): ReactNode {
  const { api } = useApi();
  const load = useCallback((signal: AbortSignal) => api.diskUsage({}, { signal }), [api]);
  const { state, rerun } = useOperation(load);
  const [days, setDays] = useState('7');
  const [images, setImages] = useState(false);
  const task = useTask<OperationResponse<'pruneDiskSpace'>>();
  const olderThanDays = Number(days);

  return (
    <section className="panel" aria-labelledby="disk-heading">
      <h2 id="disk-heading">Disk space</h2>
      {state.status === 'failed' && <ErrorMessage error={state.error} />}
      {state.status === 'done' && (
        <div data-testid="disk-usage">
          <p>
            In <code>{state.value.workRoot}</code>:{' '}
            {(['replay', 'preflight', 'extraction', 'uploads'] as const)
              .map((kind) => {
                const folders = state.value.folders.filter((folder) => folder.kind === kind);
                return `${plural(folders.length, KIND_LABEL[kind])} (${formatBytes(folders.reduce((sum, folder) => sum + folder.bytes, 0))})`;
              })
              .join(', ')}
            .{' '}
            {state.value.imagesUnavailable === null
              ? `${plural(state.value.images.length, 'replay image')} in the Docker engine.`
              : `Replay images could not be listed: ${state.value.imagesUnavailable}.`}
          </p>
        </div>
      )}
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          if (
            !window.confirm(
              `Remove replay folders (with their reports) and uploads older than ${olderThanDays} day(s)${images ? ', and replay images' : ''}?`,
            )
          )
            return;
          void task.start((options) => api.pruneDiskSpace({ olderThanDays, images }, options)).then(() => rerun());
        }}
      >
        <div className="field">
          <label htmlFor="disk-days">Remove what is older than (days)</label>
          <input
            id="disk-days"
            className="input input--number"
            type="number"
            min={0}
            value={days}
            onChange={(event) => setDays(event.target.value)}
          />
        </div>
        <Checkbox id="disk-images" checked={images} onChange={setImages}>
          Also remove replay images (a later replay rebuilds them)
        </Checkbox>
        <button
          type="submit"
          className="button button--quiet"
          disabled={!Number.isFinite(olderThanDays) || olderThanDays < 0 || task.state.status === 'running'}
        >
          Free disk space
        </button>
        {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
        {task.state.status === 'done' && (
          <p role="status" data-testid="disk-freed">
            Removed {plural(task.state.value.folders.length, 'folder')} ({formatBytes(task.state.value.freedBytes)}) and{' '}
            {plural(task.state.value.images.length, 'image')}.
            {task.state.value.problems.length > 0 && ` Not removed: ${task.state.value.problems.join('; ')}.`}
          </p>
        )}
      </form>
    </section>
  );
}
