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

/**
 * Splits an NDJSON byte stream into wire messages, one per line. Only each new chunk is searched
 * for line ends, its pieces joined once a line is whole: a large answer (a 100,000-file scan is one
 * 5 MB line, arriving in ~64 kB chunks) was searched from its start again at every chunk.
 */
export async function* readMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<WireMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pieces: string[] = [];
  const line = (last: string): string => {
    pieces.push(last);
    const whole = pieces.join('').trim();
    pieces = [];
    return whole;
  };
  for (;;) {
    const { value, done } = await reader.read();
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      const whole = line(text.slice(start, newline));
      start = newline + 1;
      if (whole !== '') yield JSON.parse(whole) as WireMessage;
    }
    if (start < text.length) pieces.push(text.slice(start));
    if (done) break;
  }
  const rest = line('');
  if (rest !== '') yield JSON.parse(rest) as WireMessage;
}
