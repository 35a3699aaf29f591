import type { NextFunction, Request, Response } from 'express';

/**
 * Scripts only from this origin (no inline script, no eval); styles from this origin (d3 sets styles
 * through the CSSOM, which CSP allows); no plugins, frames or form posts; nothing may frame the page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    'Cache-Control': 'no-store',
  });
  next();
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** True for the loopback addresses a server may bind by default (an address, not a name that resolves to one). */
export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

/** The Host header values a loopback server bound to `bound` answers on `port`: exact names, that port. */
export function loopbackHosts(bound: string, port: number): ReadonlySet<string> {
  const names = new Set(LOOPBACK_NAMES);
  names.add(bound.includes(':') ? `[${bound}]` : bound);
  const out = new Set<string>();
  for (const n of names) {
    out.add(`${n}:${port}`);
    if (port === 80) out.add(n);
  }
  return out;
}

/** How many Host headers a request carried (Node keeps only the first in `req.headers`). */
const hostHeaders = (raw: readonly string[]) => raw.filter((v, i) => i % 2 === 0 && v.toLowerCase() === 'host').length;

/**
 * DNS rebinding: a page elsewhere that points its own name at 127.0.0.1 reaches this server through
 * the user's browser with `Host: its.name`. On loopback, only the exact loopback names with the served
 * port are answered (not `127.evil.example`, not `127.0.0.1.nip.io`); a request with more than one
 * Host header is refused everywhere, since proxies and servers disagree on which one counts.
 */
export function hostGuard(bound: string, loopback: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const count = hostHeaders(req.rawHeaders);
    if (count > 1) {
      res.status(403).json({ error: `host: ${count} Host headers in one request; send exactly one` });
      return;
    }
    if (!loopback) return next();
    const host = (req.headers.host ?? '').toLowerCase();
    if (loopbackHosts(bound, req.socket.localPort ?? 0).has(host)) return next();
    const port = req.socket.localPort ?? 0;
    res.status(403).json({ error: `host: this server answers only to localhost:${port}, 127.0.0.1:${port} or [::1]:${port}, got ${JSON.stringify(host.slice(0, 60))}` });
  };
}
