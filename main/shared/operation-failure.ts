// The error a front throws when an operation fails: the contract's error (code, message, fix,
// file, kind, inputs) as an Error, so code can `catch` it and show each part where it belongs.
// The renderer and the CLI both use it.
import type { InputName } from './inputs';
import type { OperationError } from './messages';

export class OperationFailure extends Error {
  readonly code: string;
  readonly kind: 'usage' | 'problem';
  readonly fix: string | undefined;
  readonly file: string | undefined;
  readonly inputs: readonly InputName[];

  constructor(error: OperationError) {
    super(error.message);
    this.name = 'OperationFailure';
    this.code = error.code;
    this.kind = error.kind ?? 'problem';
    this.fix = error.fix;
    this.file = error.file;
    this.inputs = error.inputs ?? [];
  }
}

/** Any error as an OperationFailure: the contract's own kept as is, anything else as internal. */
export function toFailure(error: unknown): OperationFailure {
  return error instanceof OperationFailure
    ? error
    : new OperationFailure({ code: 'internal', message: error instanceof Error ? error.message : String(error) });
}
