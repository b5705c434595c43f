// Small text helpers for the command line: sizes, lists, and a progress line that redraws in a
// terminal and prints only phase changes when the output is a log.
import type { ProgressEvent } from '../shared/messages';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

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
      const line = `[${event.phase}]${amount}${event.message === undefined ? '' : ` ${event.message}`}`;
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
