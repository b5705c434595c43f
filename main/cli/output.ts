// Everything the CLI prints goes through here: text that came from a bundle or a run (a signer's
// name, a metric, a log line) may carry terminal escape sequences or bidirectional controls that
// would spoof what the reviewer reads (a fake "REPRODUCED" over a real MISMATCH), so control
// characters are shown escaped, never interpreted (shared/format.ts, escapeControls).
import { escapeControls } from '../shared/format';

/** Prints to stdout (results, reports, JSON). */
export function out(text: string): void {
  process.stdout.write(escapeControls(text));
}

/** Prints to stderr (notes, errors, logs). */
export function err(text: string): void {
  process.stderr.write(escapeControls(text));
}
