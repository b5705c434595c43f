// dispatch: the one path from a transport to a handler, and how failures reach the UI.
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ReproError } from '../../../main/core/errors';
import type { ProgressEvent } from '../../../main/shared/messages';
import { dispatch } from '../../../main/handlers/dispatch';
import type { Handlers } from '../../../main/handlers/handlers';
import { startEngineHost } from '../../../main/handlers/engine-host';

const quiet = { signal: new AbortController().signal, progress: () => undefined };
const base = startEngineHost().handlers;

describe('dispatch', () => {
  it('returns the validated response', async () => {
    const result = await dispatch(base, 'appInfo', {}, quiet);
    expect(result).toMatchObject({ ok: true, value: { name: 'ReproBundle' } });
  });

  it('refuses names that are not operations, including inherited properties', async () => {
    for (const name of ['nope', 'toString', '__proto__', 'constructor']) {
      const result = await dispatch(base, name, {}, quiet);
      expect(result, name).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
    }
  });

  it('passes a ReproError through with its fix and file', async () => {
    const handlers: Handlers = {
      ...base,
      appInfo: async () => {
        throw new ReproError({
          code: 'bad-thing',
          message: 'It broke.',
          fix: 'Do X.',
          file: 'src/train.py',
          inputs: ['dataDir'],
        });
      },
    };
    expect(await dispatch(handlers, 'appInfo', {}, quiet)).toEqual({
      ok: false,
      error: {
        code: 'bad-thing',
        kind: 'problem',
        message: 'It broke.',
        fix: 'Do X.',
        file: 'src/train.py',
        inputs: ['dataDir'],
      },
    });
  });

  it("reports the machine's own failures (a full disk) in plain words, never as a bug", async () => {
    const handlers: Handlers = {
      ...base,
      appInfo: async () => {
        await writeFile('/dev/full', 'x'); // a real ENOSPC from the kernel
        throw new Error('unreachable');
      },
    };
    const outcome = await dispatch(handlers, 'appInfo', {}, quiet);
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'system-failure',
        kind: 'problem',
        message: 'The disk is full.',
        fix: 'Free some space on that disk (or write somewhere else), then try again.',
      },
    });
  });

  it('reports an unexpected exception as internal, without a stack trace', async () => {
    const handlers: Handlers = {
      ...base,
      appInfo: async () => {
        throw new TypeError('x is undefined');
      },
    };
    expect(await dispatch(handlers, 'appInfo', {}, quiet)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Unexpected error: x is undefined' },
    });
  });

  it('refuses to send a response that breaks the contract', async () => {
    const handlers: Handlers = {
      ...base,
      appInfo: async () => ({ name: 'ReproBundle' }) as never,
    };
    const result = await dispatch(handlers, 'appInfo', {}, quiet);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-response' } });
  });

  it('keeps an operation’s progress coming while its work is silent, and stops when it returns', async () => {
    const seen: ProgressEvent[] = [];
    const handlers: Handlers = {
      ...base,
      appInfo: async (request, context) => {
        context.progress({ phase: 'build', message: 'Building the image' });
        await new Promise((resolve) => setTimeout(resolve, 1600)); // a silent build step
        return base.appInfo(request, context);
      },
    };
    const result = await dispatch(
      handlers,
      'appInfo',
      {},
      {
        signal: new AbortController().signal,
        progress: (event) => seen.push(event),
      },
    );
    expect(result).toMatchObject({ ok: true });
    const after = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(seen.length).toBe(after);
    expect(seen[0]).toEqual({ phase: 'build', message: 'Building the image' });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.slice(1).every((event) => /^Building the image \(\d+ s\)$/.test(event.message ?? ''))).toBe(true);
  });
});
