// A progress line for the command line: redrawn in a terminal, one line per phase in a log.
// Sizes and counts read as in the GUI (main/shared/format.ts).
import { escapeControls, formatBytes } from '../shared/format';
import type { ProgressEvent } from '../shared/messages';

/** Writes progress to stderr: a redrawn line on a terminal, one line per phase otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): {
  update: (event: ProgressEvent) => void;
  done: () => void;
} {
  let lastPhase: string | undefined;
  let drawn = false;
  return {
    update: (event) => {
      const amount =
        event.done === undefined
          ? ''
          : event.unit === 'bytes'
            ? ` ${formatBytes(event.done)}${event.total === undefined ? '' : ` of ${formatBytes(event.total)}`}`
            : ` ${event.done}${event.total === undefined ? '' : ` of ${event.total}`} ${event.unit ?? ''}`;
      // A phase message may name a bundle's files: its control characters are shown, not run.
      const line = escapeControls(`[${event.phase}]${amount}${event.message === undefined ? '' : ` ${event.message}`}`);
      if (stream.isTTY) {
        stream.write(`\r\x1b[K${line.slice(0, (stream.columns || 100) - 1)}`);
        drawn = true;
      } else if (event.phase !== lastPhase) {
        stream.write(`${line}\n`);
      }
      lastPhase = event.phase;
    },
    done: () => {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
