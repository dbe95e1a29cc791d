/** Security middleware and helpers, composed in server/app.ts. */
export { securityHeaders } from './headers.ts';
export { formBody, jsonBody } from './body.ts';
export { requestCookies } from './cookies.ts';
export { createCsrf, type Csrf } from './csrf.ts';
export { joinRateLimit, labelLookupRateLimit } from './rate-limit.ts';
export { newParticipantId, isParticipantId } from './ids.ts';
export { hashLabel } from './label-hash.ts';
export { stampServedAt, readServedAt } from './served-stamp.ts';
export { loadOrCreateSecret } from './secret.ts';
