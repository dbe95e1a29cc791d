import { createHash, timingSafeEqual } from 'node:crypto';

/** A shorter token can be guessed or brute-forced; the researcher routes then stay closed rather than run open. */
export const MIN_TOKEN_LENGTH = 32;

/** Why the configured RESEARCHER_TOKEN cannot protect the researcher routes, or null when it can. */
export function researcherTokenProblem(token: string | undefined): string | null {
  if (token === undefined || token === '') {
    return 'RESEARCHER_TOKEN is not set: the researcher dashboard and API (/admin, /api) are disabled. Set it to a random string of at least 32 characters (e.g. `openssl rand -base64 32`).';
  }
  if (token.length < MIN_TOKEN_LENGTH) {
    return `RESEARCHER_TOKEN is shorter than ${MIN_TOKEN_LENGTH} characters: the researcher dashboard and API (/admin, /api) are disabled.`;
  }
  return null;
}

/**
 * Constant-time comparison. Both sides are hashed first so that neither the content nor the length of the expected
 * token shows in the timing (timingSafeEqual itself needs equal lengths).
 */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
