import { createHmac } from 'node:crypto';

/**
 * An external label (e.g. an agent number) is never stored: only this keyed hash, salted with the server secret and
 * the experiment id, so the same label in two studies gives unrelated hashes. Labels are trimmed first, so that a
 * trailing space in a link does not create a second participant.
 */
export function hashLabel(secret: string, experimentId: string, label: string): string {
  return createHmac('sha256', secret).update(`label\u001f${experimentId}\u001f${label.trim()}`).digest('hex');
}
