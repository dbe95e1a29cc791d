import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers. The CSP allows only our own origin: no inline script, no inline style, no third-party request.
 * Over plain HTTP (a pilot on a laptop or a LAN) HSTS and upgrade-insecure-requests would break the site, so they are
 * only sent when the public URL is https.
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: options.https ? [] : null,
      },
    },
    strictTransportSecurity: options.https ? { maxAge: 15552000 } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}
