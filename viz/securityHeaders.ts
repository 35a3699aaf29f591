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

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for the loopback addresses a server may bind by default. */
export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

/**
 * On a loopback server, requests must name a loopback host: a web page elsewhere that rebinds its
 * DNS name to 127.0.0.1 cannot read the runs through the user's browser.
 */
export function loopbackHostOnly(req: Request, res: Response, next: NextFunction): void {
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  if (LOOPBACK_NAMES.has(host) || host.startsWith('127.')) return next();
  res.status(403).json({ error: `host: this server answers only to localhost, got ${JSON.stringify(host.slice(0, 60))}` });
}
