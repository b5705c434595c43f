// The GUI words the inputs an engine error names: the screen and control that changes each.
import { describe, expect, it } from 'vitest';
import { GUI_INPUT_WORDS, guiWordsFor } from '../../renderer/src/input-words';

describe('the GUI words an error’s inputs', () => {
  it('names its own controls, never a command-line flag', () => {
    expect(GUI_INPUT_WORDS.newKey).toContain('Settings');
    expect(GUI_INPUT_WORDS.dataDir).toContain('Data folder');
    for (const words of Object.values(GUI_INPUT_WORDS)) expect(words).not.toMatch(/(^|\s)--[a-z]/);
    expect(guiWordsFor(['overwrite'])).toContain('Replace it if the file exists');
    expect(guiWordsFor([])).toBeUndefined();
  });
});
