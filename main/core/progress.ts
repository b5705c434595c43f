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

/**
 * Keeps progress coming during work that says nothing for a while (an image build sending a
 * gigabyte of context, a silent training run): the last event is sent again, with the time since
 * its phase began, once half of `everyMs` passed without one (checked ten times as often), so
 * that a busy moment of the thread (a collection, a burst of build output) still leaves it
 * under `everyMs`. `stop` when the work ends.
 */
export function keepAlive(
  sink: ProgressSink | undefined,
  everyMs = 1000,
): { sink: ProgressSink | undefined; stop: () => void } {
  if (sink === undefined) return { sink, stop: () => undefined };
  let last: ProgressEvent | undefined;
  let phaseStarted = Date.now();
  let sentAt = Date.now();
  const timer = setInterval(() => {
    if (last === undefined || Date.now() - sentAt < everyMs / 2) return;
    const seconds = Math.round((Date.now() - phaseStarted) / 1000);
    sentAt = Date.now();
    sink({ ...last, message: `${last.message ?? last.phase} (${seconds} s)` });
  }, everyMs / 10);
  timer.unref();
  return {
    sink: (event) => {
      sentAt = Date.now();
      if (event.log === undefined) {
        if (event.phase !== last?.phase) phaseStarted = sentAt;
        last = event;
      }
      sink(event);
    },
    stop: () => clearInterval(timer),
  };
}
