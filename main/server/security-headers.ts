// Headers sent with every web-mode response, and the one Content Security Policy of the app:
// sent as a header here and by the Electron session, and as a meta tag in renderer/index.html
// (which is what applies to the file:// page in Electron).
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

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The first URL carries the token: never leak it to another site through Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
