// How text from a manifest enters a generated Dockerfile without becoming an instruction or a
// command: a project name or a file name may carry a newline (a new instruction), or `$(…)` and
// quotes (a command, when a RUN line's shell reads it). Comments get one escaped line; file paths
// in RUN lines are shell-quoted; COPY uses the JSON form when a path is not a plain word; the base
// image must be an image reference. Plain names are written as they always were.
import { escapeControls } from '../../shared/format';
import { ReproError } from '../errors';

const PLAIN_WORD = /^[A-Za-z0-9._/:=@%+,-]+$/;

/** Text for a `#` comment: one line, control characters shown escaped. */
export function commentText(text: string): string {
  return escapeControls(text).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

/** Single-quoted for the shell: nothing inside is special; a `'` becomes `'\''`. */
function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** One shell word: as is when plain, else single-quoted. */
export function shellWord(text: string): string {
  return PLAIN_WORD.test(text) ? text : singleQuoted(text);
}

/** A double-quoted shell string when nothing in it is special to the shell, else single-quoted. */
export function shellString(text: string): string {
  return /^[A-Za-z0-9._/:=@%+, -]*$/.test(text) ? `"${text}"` : singleQuoted(text);
}

/** A COPY instruction: the plain form for plain paths, the JSON (exec) form otherwise. */
export function copyInstruction(source: string, target: string, flags = ''): string {
  const prefix = flags === '' ? 'COPY ' : `COPY ${flags} `;
  return PLAIN_WORD.test(source) && PLAIN_WORD.test(target)
    ? `${prefix}${source} ${target}`
    : `${prefix}${JSON.stringify([source, target])}`;
}

/** `name[:tag][@sha256:…]` as Docker takes it; anything else would be a second argument or a new line. */
const IMAGE_REFERENCE =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

export function imageReference(ref: string): string {
  if (!IMAGE_REFERENCE.test(ref))
    throw new ReproError({
      code: 'invalid-image-reference',
      kind: 'usage',
      message: `${JSON.stringify(ref)} is not an image reference (name, optional :tag, optional @sha256:digest).`,
      fix: 'Give a base image such as python:3.11-slim, or one pinned by digest.',
      inputs: ['baseImage'],
    });
  return ref;
}
