// Sender validation for IPC: a message is trusted only when it comes from the top frame of a
// window this app created and that frame shows the app's own renderer, never a navigated-to or
// embedded page.
import { pathToFileURL } from 'node:url';

/** file:///…/out/renderer/ with a trailing slash, so a sibling folder cannot match as a prefix. */
export function rendererBaseUrl(rendererDir: string): string {
  const base = pathToFileURL(rendererDir).href;
  return base.endsWith('/') ? base : `${base}/`;
}

export function isTrustedFrame(frameUrl: string | undefined, isTopFrame: boolean, rendererBase: string): boolean {
  if (frameUrl === undefined || !isTopFrame) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  // Query and fragment are the page's own business; the file it was loaded from is what counts.
  return url.protocol === 'file:' && url.host === '' && `file://${url.pathname}`.startsWith(rendererBase);
}
