// The error type the engine throws for anything a user can act on. It carries a stable code,
// the file concerned and the fix, so every front (CLI, IPC, HTTP) can show the same message.
export interface ReproErrorDetails {
  code: string;
  /**
   * 'usage': the command could not run as asked (bad option, a file that is missing or
   * unreadable), as opposed to running and finding a problem. The CLI exits 2 for these.
   */
  kind?: 'usage' | 'problem';
  message: string;
  fix?: string | undefined;
  file?: string | undefined;
  cause?: unknown;
}

export class ReproError extends Error {
  readonly code: string;
  readonly kind: 'usage' | 'problem';
  readonly fix: string | undefined;
  readonly file: string | undefined;

  constructor(details: ReproErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ReproError';
    this.code = details.code;
    this.kind = details.kind ?? 'problem';
    this.fix = details.fix;
    this.file = details.file;
  }
}

/** Thrown when an operation was cancelled through its AbortSignal. */
export class CancelledError extends ReproError {
  constructor(what: string) {
    super({ code: 'cancelled', message: `${what} was cancelled.` });
    this.name = 'CancelledError';
  }
}
