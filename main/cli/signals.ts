// Ctrl+C and SIGTERM cancel the running command through an AbortSignal, so it can clean up
// (a partial bundle is removed) before the process exits with the conventional status 130.
export function cancelOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const cancel = (): void => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl+C: stop now
    process.stderr.write('\nCancelling… (press Ctrl+C again to stop at once)\n');
    controller.abort();
  };
  process.on('SIGINT', cancel);
  process.on('SIGTERM', cancel);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', cancel);
      process.off('SIGTERM', cancel);
    },
  };
}
