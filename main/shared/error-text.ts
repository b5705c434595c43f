// The text of anything thrown, for messages: an Error's message, or the value as a string.
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Starts the line a server logs for a failure that escaped its own operation (tests look for it). */
export const STRAY_FAILURE_TAG = '[reprobundle:stray-failure]';
