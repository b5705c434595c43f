// Which Dockerfiles a build may run (DESIGN §5a). A shipped Dockerfile that differs from the
// generated one, built only at the reviewer's request, passes the strict check: known
// instructions, no ADD, no parser directives, no secret or SSH mounts, no chosen network, no COPY
// from another image or a URL. A project's own Dockerfile (the author's stage) passes the same
// check with what ordinary project Dockerfiles need: ADD of the project's own files (never a URL or
// a git address) and COPY --from a stage of the same file.

const KNOWN_INSTRUCTIONS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'EXPOSE',
  'ENV',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

/** Why this Dockerfile may not be built, one line each; empty when it may. `author`: a project's own. */
export function dockerfileProblems(text: string, options: { author?: boolean } = {}): string[] {
  const problems: string[] = [];
  const author = options.author === true;
  // Continuation lines join an instruction; comments and blank lines are dropped first.
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line) || /^\s*#\s*(syntax|escape)\s*=/i.test(line))
    .join('\n')
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  /** Stage names and indexes so far (`FROM … AS name`): what COPY --from may name in an author's file. */
  const stages: string[] = [];
  for (const line of logical) {
    if (/^#\s*syntax\s*=/i.test(line)) {
      problems.push('a "# syntax=" line (it makes the builder fetch and run a frontend image)');
      continue;
    }
    if (/^#\s*escape\s*=/i.test(line)) {
      problems.push('an "# escape=" line (it changes how every later line is read)');
      continue;
    }
    const instruction = /^([A-Za-z]+)\b/.exec(line)?.[1]?.toUpperCase();
    if (instruction === 'FROM') {
      stages.push(String(stages.length));
      const name = /\sAS\s+(\S+)\s*$/i.exec(line)?.[1];
      if (name !== undefined) stages.push(name.toLowerCase());
    }
    if (instruction === 'ADD') {
      if (!author) {
        problems.push(
          `ADD (it fetches URLs and unpacks archives during the build; COPY does neither): ${line.slice(0, 80)}`,
        );
        continue;
      }
      if (/[a-z][a-z0-9+.-]*:\/\/|(^|\s)git@/i.test(line)) {
        problems.push(`ADD of a URL (a build must use only the bundled files): ${line.slice(0, 80)}`);
        continue;
      }
    } else if (
      instruction === undefined ||
      !(KNOWN_INSTRUCTIONS.has(instruction) || (author && instruction === 'MAINTAINER'))
    ) {
      problems.push(`unknown or disallowed instruction: ${line.slice(0, 80)}`);
      continue;
    }
    if (/--mount=[^\s]*type=(ssh|secret)/i.test(line))
      problems.push(`a RUN that mounts a secret or SSH agent: ${line.slice(0, 80)}`);
    if (/(^|\s)--network(=|\s)/i.test(line))
      problems.push(`a build step that chooses its network: ${line.slice(0, 80)}`);
    const from = instruction === 'COPY' ? /(?:^|\s)--from=(\S+)/i.exec(line)?.[1] : undefined;
    if (from !== undefined && !(author && stages.includes(from.toLowerCase())))
      problems.push(`COPY --from another image: ${line.slice(0, 80)}`);
    if (instruction === 'COPY' && /[a-z][a-z0-9+.-]*:\/\//i.test(line))
      problems.push(`COPY of a URL: ${line.slice(0, 80)}`);
  }
  return problems;
}
