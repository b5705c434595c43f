// The error an API call throws when its operation fails: the contract's error (code, message,
// fix, file) as an Error, so UI code can `catch` it and show each part where it belongs.
import type { OperationError } from '../../../main/contract/operations';

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
