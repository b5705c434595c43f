// A streaming build/run log: the newest lines, kept to a bound so a chatty build cannot slow the
// page, scrolled to the end as lines arrive unless the user scrolled up to read.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { escapeControls } from '../../../main/shared/format';

const MAX_LINES = 2000;

export interface LogLine {
  source: 'build' | 'run';
  line: string;
}

export function useLog(): { lines: LogLine[]; append: (line: LogLine) => void; clear: () => void } {
  const [lines, setLines] = useState<LogLine[]>([]);
  const append = useCallback(
    (line: LogLine) =>
      setLines((previous) =>
        previous.length >= MAX_LINES ? [...previous.slice(previous.length - MAX_LINES + 1), line] : [...previous, line],
      ),
    [],
  );
  const clear = useCallback(() => setLines([]), []);
  return { lines, append, clear };
}

export function LogView({ lines, label }: { lines: LogLine[]; label: string }): ReactNode {
  const box = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const element = box.current;
    if (element !== null && pinned.current) element.scrollTop = element.scrollHeight;
  }, [lines]);
  if (lines.length === 0) return null;
  return (
    <pre
      className="log"
      ref={box}
      tabIndex={0}
      aria-label={label}
      data-testid="log"
      onScroll={(event) => {
        const element = event.currentTarget;
        pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
      }}
    >
      {lines.map((entry, index) => (
        <span key={index} className={`log__line log__line--${entry.source}`}>
          <span className="log__source">{entry.source}</span> {escapeControls(entry.line)}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
