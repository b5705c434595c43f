// The host builds each operation's handler from the list of groups and loads a group's module on
// first use: every operation of the contract must be in exactly one group, and that group's
// module must answer it (a missing or misplaced one would fail only when first called).
import { describe, expect, it } from 'vitest';
import { operations } from '../../../main/contract/operations';
import { createEngine } from '../../../main/core/engine';
import { appHandlers } from '../../../main/handlers/app-handlers';
import { bundleHandlers } from '../../../main/handlers/bundle-handlers';
import { evaluateHandlers } from '../../../main/handlers/evaluate-handlers';
import { HANDLER_GROUPS, type HandlerGroupName } from '../../../main/handlers/handler-groups';
import { createHandlers } from '../../../main/handlers/handlers';
import { keyHandlers } from '../../../main/handlers/key-handlers';
import { projectHandlers } from '../../../main/handlers/project-handlers';
import { replayHandlers } from '../../../main/handlers/replay-handlers';
import { submissionHandlers } from '../../../main/handlers/submission-handlers';

const quiet = { signal: new AbortController().signal, progress: () => undefined };

describe('handler groups', () => {
  it('list every operation of the contract once', () => {
    const listed = Object.values(HANDLER_GROUPS).flat();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(Object.keys(operations).sort());
    expect(Object.keys(createHandlers(createEngine())).sort()).toEqual(Object.keys(operations).sort());
  });

  it('each answer exactly the operations listed for them', () => {
    const engine = createEngine();
    const modules: Record<HandlerGroupName, object> = {
      app: appHandlers(engine, {}),
      project: projectHandlers(engine),
      key: keyHandlers(engine),
      bundle: bundleHandlers(engine, {}),
      replay: replayHandlers(engine),
      evaluate: evaluateHandlers(engine),
      submission: submissionHandlers(engine),
    };
    for (const [group, listed] of Object.entries(HANDLER_GROUPS))
      expect(Object.keys(modules[group as HandlerGroupName]).sort(), group).toEqual([...listed].sort());
  });

  it('answer a call through the group loaded on first use, and the next call too', async () => {
    const handlers = createHandlers(createEngine());
    const first = await handlers.appInfo({}, quiet);
    expect(first.name).toBe('ReproBundle');
    expect(await handlers.appInfo({}, quiet)).toEqual(first);
  });
});
