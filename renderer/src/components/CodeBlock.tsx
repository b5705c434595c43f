// Read-only code with light syntax highlighting for Dockerfiles (instructions, comments,
// strings, variables) and plain display for anything else. Rendered as React text nodes, never
// as HTML, so a hostile bundle's file cannot inject markup.
import type { ReactNode } from 'react';

const INSTRUCTION =
  /^(\s*)(FROM|RUN|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL|MAINTAINER)\b/i;
const TOKENS = /("(?:[^"\\]|\\.)*"|'[^']*'|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)/;

function highlightDockerLine(line: string, key: number): ReactNode {
  if (/^\s*#/.test(line)) {
    return (
      <span key={key} className="code__comment">
        {line}
      </span>
    );
  }
  const match = INSTRUCTION.exec(line);
  const rest = match === null ? line : line.slice(match[0].length);
  return (
    <span key={key}>
      {match !== null && (
        <>
          {match[1]}
          <span className="code__keyword">{match[2]}</span>
        </>
      )}
      {rest.split(TOKENS).map((part, index) =>
        index % 2 === 1 ? (
          <span key={index} className={part.startsWith('$') ? 'code__variable' : 'code__string'}>
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </span>
  );
}

export function CodeBlock({
  text,
  language,
  label,
  testId,
}: {
  text: string;
  language: 'dockerfile' | 'text';
  label: string;
  testId?: string;
}): ReactNode {
  const lines = text.split('\n');
  return (
    <pre className="code" aria-label={label} tabIndex={0} data-testid={testId}>
      <code>
        {lines.map((line, index) => (
          <span key={index} className="code__line">
            {language === 'dockerfile' ? highlightDockerLine(line, index) : line}
            {index < lines.length - 1 ? '\n' : ''}
          </span>
        ))}
      </code>
    </pre>
  );
}
