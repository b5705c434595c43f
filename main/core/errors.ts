// The error type the engine throws for anything a user can act on. It speaks neutrally: a stable
// code, what happened and what to do in plain words, the file concerned, and the inputs the fix
// is about as data. Each front (CLI, GUI) words those inputs in its own terms, so no message of
// the engine names a command-line flag or a button (test/main/core/neutral-messages.test.ts).
import type { InputName } from '../shared/inputs';

export interface ReproErrorDetails {
  code: string;
  /**
   * 'usage': the operation could not run as asked (bad option, a file that is missing or
   * unreadable), as opposed to running and finding a problem. The CLI exits 2 for these.
   */
  kind?: 'usage' | 'problem';
  message: string;
  fix?: string | undefined;
  file?: string | undefined;
  /** The inputs the fix is about (give a data folder, name the results files, …). */
  inputs?: readonly InputName[];
  cause?: unknown;
}

export class ReproError extends Error {
  readonly code: string;
  readonly kind: 'usage' | 'problem';
  readonly fix: string | undefined;
  readonly file: string | undefined;
  readonly inputs: readonly InputName[];

  constructor(details: ReproErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ReproError';
    this.code = details.code;
    this.kind = details.kind ?? 'problem';
    this.fix = details.fix;
    this.file = details.file;
    this.inputs = details.inputs ?? [];
  }
}

/** Thrown when an operation was cancelled through its AbortSignal. */
export class CancelledError extends ReproError {
  constructor(what: string) {
    super({ code: 'cancelled', message: `${what} was cancelled.` });
    this.name = 'CancelledError';
  }
}

/**
 * A failure of the machine rather than of ReproBundle (a full disk, a permission, a read-only
 * file system, too many open files), in plain words with the fix; undefined for anything else.
 * Such errors must never be reported as a bug in ReproBundle.
 */
export function systemFailure(error: unknown): ReproError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const file = (error as { path?: unknown } | null)?.path;
  const where = typeof file === 'string' ? ` (${file})` : '';
  const details = (message: string, fix: string): ReproError =>
    new ReproError({
      code: 'system-failure',
      message: `${message}${where}.`,
      fix,
      ...(typeof file === 'string' ? { file } : {}),
      cause: error,
    });
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return details('The disk is full', 'Free some space on that disk (or write somewhere else), then try again.');
    case 'EACCES':
    case 'EPERM':
      return details('This user may not read or write there', 'Check the permissions, or choose a place of your own.');
    case 'EROFS':
      return details('That file system is read-only', 'Choose a place on a writable disk.');
    case 'EMFILE':
    case 'ENFILE':
      return details(
        'Too many files are open at once',
        'Raise the limit on open files (ulimit -n), or close other programs.',
      );
    default:
      return undefined;
  }
}
