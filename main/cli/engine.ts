// The CLI's way to the engine: one engine host for the process, started on first use (so
// `--help` starts nothing), and `callOperation`, which runs one operation through it with
// Ctrl+C wired to cancel and progress drawn on stderr.
import type { OperationName, OperationRequest, OperationResponse } from '../contract/operations';
import { startEngineHost, type EngineHost } from '../handlers/engine-host';
import { progressPrinter } from './format';
import { cancelOnSignals } from './signals';

let host: EngineHost | undefined;

export function engineHost(): EngineHost {
  host ??= startEngineHost();
  return host;
}

export interface CallPrinting {
  /** Draw progress on stderr (not with --json, whose stdout is for tools). */
  progress?: boolean;
  /** Build and run log lines, when the operation streams them. */
  onLog?: (source: 'build' | 'run', line: string) => void;
}

export async function callOperation<O extends OperationName>(
  name: O,
  request: OperationRequest<O>,
  printing: CallPrinting = {},
): Promise<OperationResponse<O>> {
  const cancel = cancelOnSignals();
  const printer = progressPrinter();
  try {
    return await engineHost().call(name, request, {
      signal: cancel.signal,
      onProgress: (event) => {
        if (event.log !== undefined) {
          if (printing.onLog === undefined) return;
          printer.done();
          printing.onLog(event.log.source, event.log.line);
        } else if (printing.progress !== false) {
          printer.update(event);
        }
      },
    });
  } finally {
    printer.done();
    cancel.dispose();
  }
}
