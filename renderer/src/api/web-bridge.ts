// The contract over HTTP, for the web mode: `POST /api/op/<name>` with the JSON request, and an
// NDJSON answer of progress events then one result or error. Aborting the fetch cancels the
// operation on the server. Authentication is the cookie the server set when the page was first
// opened with its token, or an explicit bearer token (tests, scripts).
import type {
  CallHandle,
  CallHooks,
  CallOutcome,
  OperationName,
  ReproBundleBridge,
} from '../../../main/contract/operations';
import type { OperationError } from '../../../main/shared/messages';
import type { API_PREFIX, WireMessage } from '../../../main/shared/wire';
import { OPERATION_NAMES } from '../../../main/shared/operation-names';

// Type-checked against the server's constant, so the two cannot drift apart.
const apiPrefix: typeof API_PREFIX = '/api/op/';

export interface WebBridgeOptions {
  /** Origin of the server; defaults to the page's own. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer`; browsers rely on the cookie instead. */
  token?: string;
}

export function createWebBridge(options: WebBridgeOptions = {}): ReproBundleBridge {
  const baseUrl = options.baseUrl ?? '';
  const bridge: Record<string, (request: unknown, hooks?: CallHooks) => CallHandle<unknown>> = {};
  for (const name of OPERATION_NAMES) {
    bridge[name] = (request, hooks) => call(baseUrl, options.token, name, request, hooks);
  }
  return bridge as unknown as ReproBundleBridge;
}

function call(
  baseUrl: string,
  token: string | undefined,
  name: OperationName,
  request: unknown,
  hooks: CallHooks | undefined,
): CallHandle<unknown> {
  const controller = new AbortController();
  const outcome = (async (): Promise<CallOutcome<unknown>> => {
    try {
      const response = await fetch(`${baseUrl}${apiPrefix}${name}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(request ?? {}),
        credentials: 'same-origin',
        signal: controller.signal,
      });
      if (!(response.headers.get('content-type') ?? '').startsWith('application/x-ndjson') || response.body === null) {
        return { ok: false, error: await httpError(response) };
      }
      for await (const message of readMessages(response.body)) {
        if (message.type === 'progress') hooks?.onProgress?.(message.event);
        else if (message.type === 'result') return { ok: true, value: message.value };
        else return { ok: false, error: message.error };
      }
      return {
        ok: false,
        error: { code: 'incomplete-answer', message: `The server ended the answer to "${name}" without a result.` },
      };
    } catch (error) {
      if (controller.signal.aborted) {
        return { ok: false, error: { code: 'cancelled', message: `Cancelled at your request (${name}).` } };
      }
      if (error instanceof SyntaxError) {
        return {
          ok: false,
          error: {
            code: 'invalid-answer',
            message: `The server's answer to "${name}" is not valid JSON: ${error.message}`,
          },
        };
      }
      return {
        ok: false,
        error: {
          code: 'server-unreachable',
          message: `Could not reach the ReproBundle server: ${error instanceof Error ? error.message : String(error)}`,
          fix: 'Check that `reprobundle serve` is still running, then reload this page.',
        },
      };
    }
  })();
  return { outcome, cancel: () => controller.abort() };
}

async function httpError(response: Response): Promise<OperationError> {
  const text = (await response.text()).trim();
  return {
    code: `http-${response.status}`,
    message: text === '' ? `The server answered HTTP ${response.status}.` : text,
    ...(response.status === 401
      ? { fix: 'Open the full URL that `reprobundle serve` printed (it ends in ?token=…).' }
      : {}),
  };
}

/** Splits an NDJSON byte stream into wire messages, one per line. */
async function* readMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<WireMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== '') yield JSON.parse(line) as WireMessage;
    }
  }
  buffered += decoder.decode();
  if (buffered.trim() !== '') yield JSON.parse(buffered) as WireMessage;
}
