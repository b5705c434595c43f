// Who may talk to the web-mode server. It listens on 127.0.0.1 only, yet any web page the user
// visits can send requests to loopback, and a DNS-rebinding page can even make them look
// same-origin. So every request must (1) name a loopback host in its Host header, (2) carry no
// Origin but our own, and (3) prove it knows the per-launch token: once in the URL (exchanged
// for an HttpOnly, SameSite=Strict cookie), then by that cookie or an `Authorization: Bearer`.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Host names that can only mean this machine. Any port: `ssh -L 9000:127.0.0.1:7777` must work. */
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Cookies are shared across ports of one host, so the cookie name carries the port. */
export function tokenCookieName(port: number): string {
  return `reprobundle-token-${port}`;
}

export type AccessDecision =
  | { allowed: true; via: 'cookie' | 'bearer' }
  /** The URL carried the right token: set the cookie and redirect to the same URL without it. */
  | { allowed: true; via: 'url'; redirectTo: string }
  | { allowed: false; status: 401 | 403; reason: string };

export function decideAccess(request: IncomingMessage, token: string, port: number): AccessDecision {
  const host = request.headers.host;
  if (host === undefined || !isLoopbackHost(host)) {
    return {
      allowed: false,
      status: 403,
      reason: `Host "${host ?? ''}" is not a loopback address; ReproBundle only answers requests addressed to 127.0.0.1 or localhost.`,
    };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return { allowed: false, status: 403, reason: `Requests from origin "${origin}" are not allowed.` };
  }

  const url = new URL(request.url ?? '/', `http://${host}`);
  const urlToken = url.searchParams.get('token');
  if (urlToken !== null) {
    if (!sameSecret(urlToken, token)) {
      return { allowed: false, status: 401, reason: 'The token in this URL is not the one this server printed.' };
    }
    url.searchParams.delete('token');
    return { allowed: true, via: 'url', redirectTo: `${url.pathname}${url.search}` };
  }

  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ') === true && sameSecret(authorization.slice('Bearer '.length), token)) {
    return { allowed: true, via: 'bearer' };
  }
  const cookie = readCookie(request.headers.cookie, tokenCookieName(port));
  if (cookie !== undefined && sameSecret(cookie, token)) {
    return { allowed: true, via: 'cookie' };
  }
  return {
    allowed: false,
    status: 401,
    reason:
      'This request carries no valid token. Open the full URL that `reprobundle serve` printed (it ends in ?token=…).',
  };
}

export function isLoopbackHost(hostHeader: string): boolean {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(hostHeader.trim().toLowerCase());
  return match?.[1] !== undefined && LOOPBACK_HOSTNAMES.has(match[1]);
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
