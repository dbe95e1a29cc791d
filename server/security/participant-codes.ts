/**
 * Short codes derived from a participant id with the server SECRET: a per-participant completion code (the
 * researcher checks it by recomputing it) and the reference a participant quotes to ask for erasure. Both are keyed
 * hashes: they reveal nothing of the participant's link, and nobody can make one up without the SECRET.
 */
import { createHmac } from 'node:crypto';
import type { ExperimentFile } from '../../experiments/schema.ts';

/**
 * A participant's own completion code: HMAC-SHA256 of the participant id keyed with the server SECRET, its first 50
 * bits in 10 Crockford base-32 characters. The researcher checks a code by recomputing it (the participant API shows
 * it, and `GET /api/experiments/:id/participants?code=` finds its owner); nobody can make one up without the SECRET.
 */
export function participantCompletionCode(secret: string, experimentId: string, participantId: string): string {
  return shortKeyedCode(secret, `completion\u001f${experimentId}`, participantId);
}

/**
 * The reference a participant quotes to ask for the erasure of their answers (shown on the withdrawal page and the
 * debrief): like the completion code, a keyed hash of their id, so it reveals nothing of their link; the researcher
 * finds the participant from it (`GET /api/experiments/:id/participants?reference=`).
 */
export function participantReference(secret: string, experimentId: string, participantId: string): string {
  return shortKeyedCode(secret, `reference\u001f${experimentId}`, participantId);
}

function shortKeyedCode(secret: string, context: string, participantId: string): string {
  const digest = createHmac('sha256', secret).update(`${context}\u001f${participantId}`).digest();
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let bits = 0n;
  for (const byte of digest.subarray(0, 7)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 10; i++) code += alphabet[Number((bits >> BigInt(51 - 5 * i)) & 31n)];
  return code;
}

/** The completion code of a participant: their own (recruitment.completion.per_participant) or the study's. */
export function completionCodeOf(file: Pick<ExperimentFile, 'id' | 'recruitment' | 'completion_code'>, participantId: string, secret: string): string {
  const r = file.recruitment;
  if (r?.completion.per_participant) return participantCompletionCode(secret, file.id, participantId);
  return r?.completion.code ?? file.completion_code;
}

