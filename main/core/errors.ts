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
