// The web mode's NDJSON answers: messages split anywhere across chunks (inside a line, inside a
// multi-byte character, several in one chunk), and one message far larger than a chunk.
import { describe, expect, it } from 'vitest';
import { readMessages } from '../../../renderer/src/api/web-bridge';
import type { WireMessage } from '../../../main/shared/wire';

function streamOf(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) controller.close();
      else {
        controller.enqueue(bytes.subarray(at, at + chunk));
        at += chunk;
      }
    },
  });
}

async function read(text: string, chunk: number): Promise<WireMessage[]> {
  const messages: WireMessage[] = [];
  for await (const message of readMessages(streamOf(new TextEncoder().encode(text), chunk))) messages.push(message);
  return messages;
}

describe('readMessages', () => {
  const files = Array.from({ length: 40_000 }, (_, index) => ({ path: `data/é/${index}.csv`, size: index }));
  const messages: WireMessage[] = [
    { type: 'progress', event: { phase: 'scan', done: 1, unit: 'files' } },
    { type: 'progress', event: { phase: 'scan', message: 'Lecture des paramètres ✓' } },
    { type: 'result', value: { files } },
  ];
  const text = messages.map((message) => `${JSON.stringify(message)}\n`).join('');

  it('reads every message, whatever the chunks', async () => {
    expect(text.length).toBeGreaterThan(1_000_000);
    for (const chunk of [1, 7, 64 * 1024, text.length * 2]) {
      // Byte by byte: the first two lines only (the large one would take long that way).
      const sample = chunk === 1 ? text.slice(0, text.indexOf('\n', text.indexOf('\n') + 1) + 1) : text;
      const expected = chunk === 1 ? messages.slice(0, 2) : messages;
      expect(await read(sample, chunk), `chunks of ${chunk}`).toEqual(expected);
    }
  });

  it('reads a last message without a line end, and skips blank lines', async () => {
    const last = JSON.stringify(messages[0]);
    expect(await read(`\n\n${last}\n\n${last}`, 5)).toEqual([messages[0], messages[0]]);
  });
});
