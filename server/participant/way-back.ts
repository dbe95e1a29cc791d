/**
 * The way back from an error page to where the participant is: their own link (`/p/<id>`, which always shows the
 * current step) or the study's open link (`/e/<id>`). Read from the request path, not from route parameters, because
 * some errors (an expired CSRF token, a body too large) are raised before any participant route has matched.
 */
import { isParticipantId } from '../security/ids.ts';

const PARTICIPANT_PATH = /^\/p\/([^/?#]+)/;
const STUDY_PATH = /^\/e\/([a-z0-9][a-z0-9_-]{0,63})(?:\/|$)/;

export function wayBack(path: string): string | undefined {
  const participant = PARTICIPANT_PATH.exec(path)?.[1];
  if (participant !== undefined) return isParticipantId(participant) ? `/p/${participant}` : undefined;
  const study = STUDY_PATH.exec(path)?.[1];
  return study !== undefined ? `/e/${study}` : undefined;
}
