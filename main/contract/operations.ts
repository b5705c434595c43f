// The typed contract between the UI and the engine: every operation the UI may ask for, with
// the schema of its request and response. The Electron preload (IPC) and the web client (HTTP)
// both implement `ReproBundleApi` from this one declaration, and both servers validate every
// payload against these schemas. Grow it here first when a UI feature needs a new operation.
import { z } from 'zod';

/** A failure as the UI receives it: what went wrong, where, and how to fix it. */
export const operationErrorSchema = z.object({
  /** Stable machine-readable code, e.g. `docker-unreachable`, `invalid-request`. */
  code: z.string(),
  message: z.string(),
  /** What the user can do about it, in words a researcher understands. */
  fix: z.string().optional(),
  /** The file the problem is about, when there is one. */
  file: z.string().optional(),
});
export type OperationError = z.infer<typeof operationErrorSchema>;

/** Progress of a long operation: the phase it is in and how far along it is. */
export const progressEventSchema = z.object({
  phase: z.string(),
  message: z.string().optional(),
  /** Units done and total in this phase (files, bytes, steps); total absent when unknown. */
  done: z.number().nonnegative().optional(),
  total: z.number().nonnegative().optional(),
  unit: z.enum(['files', 'bytes', 'steps']).optional(),
});
export type ProgressEvent = z.infer<typeof progressEventSchema>;

const noRequest = z.object({}).strict();

const dockerStatusSchema = z.discriminatedUnion('reachable', [
  z.object({
    reachable: z.literal(true),
    /** Where the engine was reached, e.g. `unix:///var/run/docker.sock`. */
    endpoint: z.string(),
    version: z.string(),
    apiVersion: z.string(),
    os: z.string(),
    arch: z.string(),
  }),
  z.object({
    reachable: z.literal(false),
    endpoint: z.string(),
    reason: z.string(),
    fix: z.string(),
  }),
]);
export type DockerStatus = z.infer<typeof dockerStatusSchema>;

/** Every UI operation: its request schema and its response schema. */
export const operations = {
  /** Name and version of the running app, and which front it is served through. */
  appInfo: {
    request: noRequest,
    response: z.object({
      name: z.string(),
      version: z.string(),
      node: z.string(),
      platform: z.string(),
      arch: z.string(),
    }),
  },
  /** What the machine offers for replaying bundles: is a Docker engine reachable, which one. */
  environmentStatus: {
    request: noRequest,
    response: z.object({
      docker: dockerStatusSchema,
      checkedAt: z.iso.datetime(),
    }),
  },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export type OperationName = keyof typeof operations;

export type OperationRequest<O extends OperationName> = z.input<(typeof operations)[O]['request']>;
export type OperationResponse<O extends OperationName> = z.output<(typeof operations)[O]['response']>;

/** The result of one call as a transport delivers it: never thrown, always one of these. */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: OperationError };

/** One call in flight on a transport: its eventual outcome, and a way to cancel it. */
export interface CallHandle<T> {
  outcome: Promise<CallOutcome<T>>;
  cancel: () => void;
}

export interface CallHooks {
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * What a transport offers: one function per operation. The Electron preload exposes this as
 * `window.reprobundle` (only clonable values and functions cross contextBridge, so no
 * AbortSignal and no error classes); the web client implements it over HTTP.
 */
export type ReproBundleBridge = {
  readonly [O in OperationName]: (request: OperationRequest<O>, hooks?: CallHooks) => CallHandle<OperationResponse<O>>;
};

/** Options every API call accepts: a progress listener and a signal that cancels the operation. */
export interface CallOptions {
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

/** The API the renderer programs against, built on either bridge: failures are thrown. */
export type ReproBundleApi = {
  readonly [O in OperationName]: (request: OperationRequest<O>, options?: CallOptions) => Promise<OperationResponse<O>>;
};

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}
