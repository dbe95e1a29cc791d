import express, { type RequestHandler } from 'express';

/**
 * Form bodies: small and flat. `extended: false` never builds nested objects from `a[b]=` keys, so a body is always
 * a flat record of strings (or string arrays for repeated keys), which the zod schemas of each page then check.
 */
export function formBody(): RequestHandler {
  return express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 200 });
}

/** JSON bodies (researcher API): bounded too. */
export function jsonBody(): RequestHandler {
  return express.json({ limit: '256kb', strict: true });
}
