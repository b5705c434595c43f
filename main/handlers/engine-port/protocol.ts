// The messages between a front and an engine host running in another thread or process (the
// desktop app's utility process; worker threads in the tests). A front sends calls, cancels and
// the answers to the engine's desktop requests; the engine sends progress, outcomes and desktop
// requests (a native dialog, the launch file). Both sides validate what they receive: the port
// is a process boundary like any other.
import { z } from 'zod';
import { operationErrorSchema, progressEventSchema } from '../../shared/messages';

const callId = z.string().min(1).max(100);

/** A channel to the other side: a worker's port, Electron's parentPort or a utility process. */
export interface PortLike {
  post(message: unknown): void;
  /** Registers the listener for every message received (a single listener per port). */
  listen(listener: (message: unknown) => void): void;
}

export const DESKTOP_METHODS = ['showDialog', 'takeLaunchFile', 'bundleOpened'] as const;

export const toEngineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: callId, operation: z.string().min(1).max(100), request: z.unknown() }),
  z.object({ type: z.literal('cancel'), id: callId }),
  z.object({
    type: z.literal('desktop-answer'),
    id: callId,
    value: z.string().nullable().optional(),
    error: z.string().optional(),
  }),
]);
export type ToEngine = z.infer<typeof toEngineSchema>;

const outcomeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: operationErrorSchema }),
]);

export const fromEngineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({ type: z.literal('progress'), id: callId, event: progressEventSchema }),
  z.object({ type: z.literal('outcome'), id: callId, outcome: outcomeSchema }),
  z.object({
    type: z.literal('desktop'),
    id: callId,
    method: z.enum(DESKTOP_METHODS),
    args: z.array(z.string().nullable()).max(2),
  }),
  /** A failure that escaped its operation inside the engine (logged by the front, which lives on). */
  z.object({ type: z.literal('stray'), text: z.string() }),
]);
export type FromEngine = z.infer<typeof fromEngineSchema>;
