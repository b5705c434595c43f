// Runs one API call for a component: tracks loading/done/failed, cancels the call when the
// component goes away or the call is re-run, and offers `rerun` for a "Check again" button.
import { useCallback, useEffect, useState } from 'react';
import { toFailure, type OperationFailure } from '../../../main/shared/operation-failure';

export type OperationState<T> =
  { status: 'running' } | { status: 'done'; value: T } | { status: 'failed'; error: OperationFailure };

export function useOperation<T>(run: (signal: AbortSignal) => Promise<T>): {
  state: OperationState<T>;
  rerun: () => void;
} {
  const [state, setState] = useState<OperationState<T>>({ status: 'running' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    run(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'done', value });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'failed', error: toFailure(error) });
      },
    );
    return () => controller.abort();
  }, [run, generation]);

  const rerun = useCallback(() => {
    setState({ status: 'running' });
    setGeneration((value) => value + 1);
  }, []);
  return { state, rerun };
}
