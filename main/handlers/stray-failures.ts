// The last line of defence of a process that serves the engine (`serve`, the desktop's engine
// process): a failure that escaped its own operation (a callback of a worker, a timer, a stream)
// is reported as one tagged line and the process keeps answering everyone else. Each operation
// handles its own failures; the tests fail on a tagged line, so a stray one is a bug found, not a
// crash hidden.
import { errorMessage, STRAY_FAILURE_TAG } from '../shared/error-text';

export function reportStrayFailures(report: (line: string) => void): void {
  const log = (what: string) => (reason: unknown) =>
    report(
      `${STRAY_FAILURE_TAG} ${what}: ${reason instanceof Error ? (reason.stack ?? reason.message) : errorMessage(reason)}`,
    );
  process.on('unhandledRejection', log('a promise rejected with nobody to handle it'));
  process.on('uncaughtException', log('an exception escaped its operation'));
}
