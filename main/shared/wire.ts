// The messages that carry one operation call over a transport (HTTP stream or Electron IPC):
// zero or more progress events, then exactly one result or error. Both transports and both
// clients share these shapes so they cannot drift apart. No run-time dependencies: the sandboxed
// preload bundles this file.
import type { OperationError, ProgressEvent } from './messages';

export type WireMessage =
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'result'; value: unknown }
  | { type: 'error'; error: OperationError };

/** HTTP path prefix of the web mode's contract endpoint: `POST /api/op/<operation>`. */
export const API_PREFIX = '/api/op/';

/** Electron IPC channel names; only the typed wrappers (preload, main/electron/ipc) use them. */
export const IPC_CHANNELS = {
  invoke: 'reprobundle:invoke',
  progress: 'reprobundle:progress',
  cancel: 'reprobundle:cancel',
} as const;

/** HTTP path of the web mode's upload of a dropped bundle: `PUT /api/upload?name=<file>`. */
export const UPLOAD_PATH = '/api/upload';

/** The answer to an upload: where the engine stored the file, or why it did not. */
export type UploadAnswer = { ok: true; path: string; bytes: number } | { ok: false; error: OperationError };
