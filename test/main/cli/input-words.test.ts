// The CLI words the inputs an engine error names: its flags, commands and environment variables,
// printed under the fix. (The engine's own text names none: test/main/core/neutral-messages.test.ts.)
import { describe, expect, it } from 'vitest';
import { CLI_INPUT_WORDS } from '../../../main/cli/input-words';
import { formatError } from '../../../main/cli/run';
import { OperationFailure } from '../../../main/shared/operation-failure';

describe('the CLI words an error’s inputs', () => {
  it('names the command that makes a key, the flags and the passphrase variable', () => {
    expect(CLI_INPUT_WORDS.newKey).toContain('reprobundle keygen');
    expect(CLI_INPUT_WORDS.dataDir).toContain('--data');
    expect(CLI_INPUT_WORDS.useSample).toContain('--sample');
    expect(CLI_INPUT_WORDS.passphrase).toContain('REPROBUNDLE_PASSPHRASE');
  });

  it('prints them under the fix', () => {
    const text = formatError(
      new OperationFailure({
        code: 'data-missing',
        message: 'The replay needs data that is not in the bundle.',
        fix: 'Give a folder holding the data.',
        inputs: ['dataDir', 'useSample'],
      }),
    );
    expect(text).toBe(
      'error: The replay needs data that is not in the bundle.\n' +
        '  fix:  Give a folder holding the data.\n' +
        '  with: --data <folder>; replay --sample\n',
    );
  });
});
