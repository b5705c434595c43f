// The error an API call throws when its operation fails: the contract's error (code, message,
// fix, file) as an Error, so UI code can `catch` it and show each part where it belongs.
import type { OperationError } from '../../../main/shared/messages';

export class OperationFailure extends Error {
  readonly code: string;
  readonly fix: string | undefined;
  readonly file: string | undefined;

  constructor(error: OperationError) {
    super(error.message);
    this.name = 'OperationFailure';
    this.code = error.code;
    this.fix = error.fix;
    this.file = error.file;
  }
}

/** Any error as an OperationFailure: the contract's own kept as is, anything else as internal. */
export function toFailure(error: unknown): OperationFailure {
  return error instanceof OperationFailure
    ? error
    : new OperationFailure({ code: 'internal', message: error instanceof Error ? error.message : String(error) });
}
