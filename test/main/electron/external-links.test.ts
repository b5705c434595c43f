// Which URLs may be handed to the system browser.
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../main/electron/external-links';

describe('isAllowedExternalUrl', () => {
  it('allows https links to listed hosts', () => {
    expect(isAllowedExternalUrl('https://docs.docker.com/engine/install/')).toBe(true);
    expect(isAllowedExternalUrl('https://doi.org/10.5281/zenodo.1234')).toBe(true);
  });

  it('refuses other schemes, hosts, credentials and ports', () => {
    for (const url of [
      'http://docs.docker.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://docs.docker.com.attacker.example/',
      'https://attacker.example/?https://doi.org',
      'https://user:pass@github.com/',
      'https://github.com:8443/',
      'smb://github.com/share',
      '',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});
