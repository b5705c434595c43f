// Which links the app may hand to the system browser: https only, to a short list of hosts a
// bundle's UI legitimately points at (docs, archives, DOIs). Everything else is dropped.
const ALLOWED_HOSTS = new Set([
  'github.com',
  'docs.docker.com',
  'www.docker.com',
  'doi.org',
  'zenodo.org',
  'ror.org',
  'orcid.org',
  'spdx.org',
  'www.researchobject.org',
]);

export function isAllowedExternalUrl(candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    ALLOWED_HOSTS.has(url.hostname)
  );
}
