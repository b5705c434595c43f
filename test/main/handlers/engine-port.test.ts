// The engine host behind a message port (the desktop app runs it in an Electron utility process,
// which cannot run here): the same protocol over a worker thread, and over a forked Node process
// that a test can kill. Calls, progress, cancellation, the desktop's requests, messages outside
// the protocol, and an engine that dies mid-call and is started again.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchResult } from '../../../main/handlers/dispatch';
import { connectEngine, type EngineChannel, type RemoteEngine } from '../../../main/handlers/engine-port/engine-client';
import type { DesktopIntegration } from '../../../main/handlers/handler-types';
import type { ProgressEvent } from '../../../main/shared/messages';
import { STRAY_FAILURE_TAG } from '../../../main/shared/error-text';
import { REPO_ROOT } from '../../helpers/serve-cli';
import { manyFilesBundle } from '../../helpers/many-files';
import { TEST_WORKERS_DIR } from '../../setup/build-workers';

const ENTRY = path.join(REPO_ROOT, TEST_WORKERS_DIR, 'engine-host.js');

let base: string;
let bundle: string;
let engineOptions: { configDir: string; workDir: string };

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'rb-engine-port-'));
  engineOptions = { configDir: path.join(base, 'config'), workDir: path.join(base, 'work') };
  bundle = await manyFilesBundle(base, 30);
}, 120_000);
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

function workerChannel(options: object): EngineChannel {
  const worker = new Worker(ENTRY, { workerData: options });
  return {
    post: (message) => worker.postMessage(message),
    listen: (listener) => worker.on('message', listener),
    onExit: (listener) => worker.once('exit', (code) => listener(`exit code ${code}`)),
    stop: () => void worker.terminate(),
  };
}

function processChannel(options: object, started: ChildProcess[]): EngineChannel {
  const child = fork(ENTRY, [], { env: { ...process.env, ENGINE_OPTIONS: JSON.stringify(options) }, stdio: 'pipe' });
  started.push(child);
  return {
    post: (message) => {
      if (child.connected) child.send(message as object);
    },
    listen: (listener) => child.on('message', listener),
    onExit: (listener) =>
      child.once('exit', (code, signal) => listener(signal === null ? `exit code ${code}` : `killed by ${signal}`)),
    stop: () => child.kill(),
  };
}

const call = (
  engine: RemoteEngine,
  name: string,
  request: unknown,
  signal = new AbortController().signal,
  progress: (event: ProgressEvent) => void = () => undefined,
): Promise<DispatchResult> => engine.dispatch(name, request, { signal, progress });

describe('the engine host in a worker thread', () => {
  const asked: string[] = [];
  const strays: string[] = [];
  const desktop: DesktopIntegration = {
    showDialog: (purpose, defaultPath) => {
      asked.push(`${purpose} ${defaultPath ?? ''}`);
      return Promise.resolve('/home/ada/chosen.rbundle');
    },
    takeLaunchFile: () => Promise.resolve('/home/ada/launched.rbundle'),
    bundleOpened: (file) => asked.push(`opened ${file}`),
  };
  let engine: RemoteEngine;
  beforeAll(() => {
    engine = connectEngine({
      start: () => workerChannel({ engine: engineOptions, desktop: true }),
      desktop,
      onStray: (text) => strays.push(text),
    });
  });
  afterAll(() => engine.close());

  it('answers calls, validated on the engine side', async () => {
    const info = await call(engine, 'appInfo', {});
    expect(info.ok).toBe(true);
    const bad = await call(engine, 'verifyBundle', { file: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const unknown = await call(engine, 'formatDisk', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
  });

  it('relays progress, and a cancel ends the call as cancelled', async () => {
    const controller = new AbortController();
    const phases: string[] = [];
    const outcome = await call(engine, 'verifyBundle', { file: bundle }, controller.signal, (event) => {
      phases.push(event.phase);
      controller.abort();
    });
    expect(phases.length).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const full = await call(engine, 'verifyBundle', { file: bundle });
    expect(full.ok, JSON.stringify(full)).toBe(true);
  });

  it("asks the front for the desktop's dialogs and launch file", async () => {
    const dialog = await call(engine, 'nativeDialog', { purpose: 'open-bundle', defaultPath: '/home/ada' });
    expect(dialog).toEqual({ ok: true, value: { path: '/home/ada/chosen.rbundle' } });
    expect(asked).toContain('open-bundle /home/ada');
    expect(await call(engine, 'takeLaunchFile', {})).toEqual({
      ok: true,
      value: { file: '/home/ada/launched.rbundle' },
    });
  });

  it('reports a message outside the protocol and keeps answering', async () => {
    const channel = workerChannel({ engine: engineOptions });
    const received: unknown[] = [];
    channel.listen((message) => received.push(message));
    channel.post({ type: 'format-disk', id: 'x' });
    await expect.poll(() => received.some((message) => JSON.stringify(message).includes(STRAY_FAILURE_TAG))).toBe(true);
    channel.post({ type: 'call', id: 'c1', operation: 'appInfo', request: {} });
    await expect.poll(() => received.some((message) => (message as { type?: string }).type === 'outcome')).toBe(true);
    channel.stop();
  });
});

describe('the engine host in a process that dies', () => {
  it('ends the call in flight as engine-stopped and starts a new engine for the next call', async () => {
    const started: ChildProcess[] = [];
    let dialogShown: () => void = () => undefined;
    const shown = new Promise<void>((resolve) => (dialogShown = resolve));
    const engine = connectEngine({
      start: () => processChannel({ engine: engineOptions, desktop: true }, started),
      desktop: {
        // The dialog stays open: the call waits until the engine dies under it.
        showDialog: () => {
          dialogShown();
          return new Promise(() => undefined);
        },
        takeLaunchFile: () => Promise.resolve(null),
        bundleOpened: () => undefined,
      },
    });
    try {
      const waiting = call(engine, 'nativeDialog', { purpose: 'open-bundle' });
      await shown;
      started[0]?.kill('SIGKILL');
      const outcome = await waiting;
      expect(outcome).toMatchObject({ ok: false, error: { code: 'engine-stopped' } });
      if (!outcome.ok) expect(outcome.error.message).toMatch(/killed by SIGKILL.*"nativeDialog"/);

      const info = await call(engine, 'appInfo', {});
      expect(info.ok, JSON.stringify(info)).toBe(true);
      expect(started).toHaveLength(2);
      expect(started[1]?.pid).not.toBe(started[0]?.pid);
    } finally {
      engine.close();
    }
  }, 60_000);
});
