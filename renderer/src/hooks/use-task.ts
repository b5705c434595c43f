// Runs a long operation when the user asks (not on mount): tracks its progress events, lets the
// user cancel it, and keeps its result or failure for the screen. Starting again cancels the
// previous run; leaving the screen cancels whatever is still running.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallOptions } from '../../../main/contract/operations';
import type { ProgressEvent } from '../../../main/shared/messages';
import { toFailure, type OperationFailure } from '../../../main/shared/operation-failure';
import { useLeaveGuard } from '../navigation';

export type TaskState<T> =
  | { status: 'idle' }
  | { status: 'running'; progress: ProgressEvent | null }
  | { status: 'done'; value: T }
  | { status: 'failed'; error: OperationFailure };

export interface Task<T> {
  state: TaskState<T>;
  start: (run: (options: Required<Pick<CallOptions, 'signal' | 'onProgress'>>) => Promise<T>) => Promise<T | undefined>;
  cancel: () => void;
  reset: () => void;
}

/**
 * `onLog` receives streamed log lines, which are not progress and never replace it.
 * `leaveMessage`: for long work, leaving the screen while it runs asks first, with this message.
 */
export function useTask<T>(onLog?: (event: NonNullable<ProgressEvent['log']>) => void, leaveMessage?: string): Task<T> {
  const [state, setState] = useState<TaskState<T>>({ status: 'idle' });
  // Set and cleared with the run itself, not after a render: a caller that navigates as soon
  // as the work is done must not be asked whether to abandon it.
  const guardLeaving = useLeaveGuard();
  const controller = useRef<AbortController | undefined>(undefined);
  const logListener = useRef(onLog);
  useEffect(() => {
    logListener.current = onLog;
  });
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback<Task<T>['start']>(
    async (run) => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      setState({ status: 'running', progress: null });
      if (leaveMessage !== undefined) guardLeaving(leaveMessage);
      try {
        const value = await run({
          signal: mine.signal,
          onProgress: (event) => {
            if (mine.signal.aborted) return;
            if (event.log !== undefined) logListener.current?.(event.log);
            else setState({ status: 'running', progress: event });
          },
        });
        if (controller.current === mine) setState({ status: 'done', value });
        return value;
      } catch (error) {
        if (controller.current === mine) setState({ status: 'failed', error: toFailure(error) });
        return undefined;
      } finally {
        if (controller.current === mine) guardLeaving(null);
      }
    },
    [guardLeaving, leaveMessage],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);
  const reset = useCallback(() => {
    controller.current?.abort();
    controller.current = undefined;
    guardLeaving(null);
    setState({ status: 'idle' });
  }, [guardLeaving]);
  return { state, start, cancel, reset };
}
