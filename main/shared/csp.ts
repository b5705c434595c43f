// The one Content Security Policy of the app: sent as a header by the web server and by the
// Electron session, and as a meta tag in renderer/index.html (which is what applies to the
// file:// page in Electron). Shared, so the three cannot drift apart.
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** Directives browsers honour only in a header (a meta tag that carries them draws a console error). */
const HEADER_ONLY_DIRECTIVES = ["frame-ancestors 'none'"];

export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, ...HEADER_ONLY_DIRECTIVES].join('; ');

/** The same policy for renderer/index.html's meta tag, which is what applies to file:// loads. */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');
