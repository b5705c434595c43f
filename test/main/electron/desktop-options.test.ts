// The desktop integration's pure choices: which argument is a bundle to open, and a native
// dialog for every purpose the contract names.
import { describe, expect, it } from 'vitest';
import { operations } from '../../../main/contract/operations';
import { bundleFromArgv, DIALOGS } from '../../../main/electron/desktop-options';

describe('bundleFromArgv', () => {
  it('finds the bundle among the switches Electron and the OS add', () => {
    expect(bundleFromArgv(['/opt/ReproBundle/reprobundle', '--no-sandbox', '/home/ada/result.rbundle'])).toBe(
      '/home/ada/result.rbundle',
    );
    expect(bundleFromArgv(['ReproBundle.exe', 'C:\\Users\\ada\\RESULT.RBUNDLE'])).toBe(
      'C:\\Users\\ada\\RESULT.RBUNDLE',
    );
  });

  it('ignores the executable itself and anything else', () => {
    expect(bundleFromArgv(['/tmp/odd.rbundle'])).toBeNull();
    expect(bundleFromArgv(['app', '--flag=x.rbundle', 'notes.txt'])).toBeNull();
  });
});

describe('DIALOGS', () => {
  it('has a dialog for every purpose in the contract, bundles filtered by extension', () => {
    expect(Object.keys(DIALOGS).sort()).toEqual([...operations.nativeDialog.request.shape.purpose.options].sort());
    expect(DIALOGS['open-bundle'].filters[0]?.extensions).toEqual(['rbundle']);
    expect(DIALOGS['project-folder'].mode).toBe('open-folder');
    expect(DIALOGS['save-bundle'].mode).toBe('save-file');
  });
});
