// The contract's operation names as a run-time list, without the schemas: the sandboxed
// preload needs the names only, and should not carry a schema library. Typed as a Record over
// OperationName, so the compiler rejects a missing or unknown name.
import type { OperationName } from './operations';

const OPERATION_KEYS: Readonly<Record<OperationName, true>> = {
  appInfo: true,
  environmentStatus: true,
};

export const operationNames = Object.keys(OPERATION_KEYS) as readonly OperationName[];
