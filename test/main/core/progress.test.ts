// Progress for long work: throttled when it floods, kept alive when the work is silent (a build
// sending its context, a training run that prints nothing), so a front always sees it move.
import { describe, expect, it } from 'vitest';
import { keepAlive, throttle } from '../../../main/core/progress';
import type { ProgressEvent } from '../../../main/shared/messages';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('keepAlive', () => {
  it('sends the last event again, with the time in its phase, while nothing else comes, and stops', async () => {
    const seen: ProgressEvent[] = [];
    const alive = keepAlive((event) => seen.push(event), 100);
    alive.sink?.({ phase: 'build', message: 'Building the image' });
    alive.sink?.({ phase: 'build', log: { source: 'build', line: 'Step 1/3 : FROM python' } });
    // At least three beats (every ~50–60 ms; waited for, so a busy machine only makes it slower).
    for (const started = Date.now(); seen.length < 5 && Date.now() - started < 5000;) await sleep(20);
    alive.stop();
    const count = seen.length;
    await sleep(250);
    expect(seen.length).toBe(count);
    const beats = seen.slice(2);
    expect(beats.length).toBeGreaterThanOrEqual(3);
    for (const beat of beats) {
      expect(beat.phase).toBe('build');
      expect(beat.log).toBeUndefined();
      expect(beat.message).toMatch(/^Building the image \(\d+ s\)$/);
    }
  });

  it('stays quiet while events come often enough, and passes each one on as it is', async () => {
    const seen: ProgressEvent[] = [];
    const alive = keepAlive((event) => seen.push(event), 1000);
    for (let step = 0; step < 8; step += 1) {
      alive.sink?.({ phase: 'verify', done: step, unit: 'bytes' });
      await sleep(40);
    }
    alive.stop();
    expect(seen).toEqual(Array.from({ length: 8 }, (_, step) => ({ phase: 'verify', done: step, unit: 'bytes' })));
  });

  it('needs no timer without a sink', () => {
    const alive = keepAlive(undefined);
    expect(alive.sink).toBeUndefined();
    alive.stop();
  });
});

describe('throttle', () => {
  it('passes phase changes and final events, and at most one other event per interval', () => {
    const seen: ProgressEvent[] = [];
    const sink = throttle((event) => seen.push(event), 10_000);
    sink({ phase: 'archive', done: 1, total: 3 });
    sink({ phase: 'archive', done: 2, total: 3 });
    sink({ phase: 'archive', done: 3, total: 3 });
    sink({ phase: 'seal' });
    expect(seen.map((event) => `${event.phase} ${event.done ?? ''}`)).toEqual(['archive 1', 'archive 3', 'seal ']);
  });
});
