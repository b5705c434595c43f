// IPC sender validation: only the top frame showing the app's own renderer files is trusted.
import { describe, expect, it } from 'vitest';
import { isTrustedFrame, rendererBaseUrl } from '../../../main/electron/sender';

const base = rendererBaseUrl('/opt/ReproBundle/resources/app.asar/out/renderer');

describe('isTrustedFrame', () => {
  it('trusts the renderer page in the top frame', () => {
    expect(base).toBe('file:///opt/ReproBundle/resources/app.asar/out/renderer/');
    expect(isTrustedFrame(`${base}index.html`, true, base)).toBe(true);
    expect(isTrustedFrame(`${base}index.html#/open`, true, base)).toBe(true);
  });

  it('distrusts sub-frames, other files, other schemes and look-alike folders', () => {
    expect(isTrustedFrame(`${base}index.html`, false, base)).toBe(false);
    expect(isTrustedFrame('file:///home/user/Downloads/evil.html', true, base)).toBe(false);
    expect(isTrustedFrame('file:///opt/ReproBundle/resources/app.asar/out/renderer-evil/index.html', true, base)).toBe(
      false,
    );
    expect(
      isTrustedFrame('file://remote-host/opt/ReproBundle/resources/app.asar/out/renderer/index.html', true, base),
    ).toBe(false);
    expect(isTrustedFrame('https://attacker.example/index.html', true, base)).toBe(false);
    expect(isTrustedFrame(undefined, true, base)).toBe(false);
    expect(isTrustedFrame('not a url', true, base)).toBe(false);
  });
});
