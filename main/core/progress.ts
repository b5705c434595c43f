// Progress reporting for long work: a sink the UI/CLI passes in, throttled so a fast loop over
// 20,000 files does not flood IPC or a terminal (phase changes always go through).
import type { ProgressEvent } from '../shared/messages';

export type ProgressSink = (event: ProgressEvent) => void;

export function throttle(sink: ProgressSink | undefined, intervalMs = 100): ProgressSink {
  if (sink === undefined) return () => undefined;
  let lastPhase: string | undefined;
  let lastTime = 0;
  return (event) => {
    const now = Date.now();
    const final = event.total !== undefined && event.done === event.total;
    if (event.phase !== lastPhase || final || now - lastTime >= intervalMs) {
      lastPhase = event.phase;
      lastTime = now;
      sink(event);
    }
  };
}
