/**
 * Recruitment through a panel (the experiment file's `recruitment`): the URL parameters of the open link kept with
 * the participant, the platform's participant id as a resume credential (the same PROLIFIC_PID comes back to the same
 * participant, never to a second one), and where each end of the study sends the participant (a code to paste, a
 * link back to the platform). A label alone never resumes anyone; a platform id does, as the platform vouches for it.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Experiment } from '../../experiments/model.ts';
import {
  participantIdParameter,
  prolificCompletionUrl,
  recruitmentParameters,
  type EndKind,
  type Recruitment,
} from '../../experiments/recruitment/schema.ts';
import type { ParticipantDoc, Store } from '../store/index.ts';
import { completionCodeOf } from '../security/participant-codes.ts';

/** A platform's value: ids, study and session ids (Prolific: 24 hex digits), never markup or spaces. */
const parameterValue = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/);

export interface CapturedRecruitment {
  /** Parameter name -> value as given, or its salted hash (`store: hashed`). */
  values: Record<string, string>;
  /** Salted hash of the platform's participant id, the resume key. */
  platformIdHash?: string;
}

/** The zod shape of the recruitment parameters as optional form fields (carried from the link to the join form). */
export function recruitmentFormShape(exp: Experiment): Record<string, z.ZodOptional<typeof parameterValue>> {
  const r = exp.file.recruitment;
  return r ? Object.fromEntries(recruitmentParameters(r).map((p) => [p.name, parameterValue.optional()])) : {};
}

/** The recruitment parameters present and well-formed in a query or form (others are ignored, never stored). */
export function presentParameters(exp: Experiment, source: Record<string, unknown>): Record<string, string> {
  const r = exp.file.recruitment;
  if (!r) return {};
  const present: Record<string, string> = {};
  for (const { name } of recruitmentParameters(r)) {
    const value = parameterValue.safeParse(source[name]);
    if (value.success) present[name] = value.data;
  }
  return present;
}

/** What is stored of the parameters: each as given or hashed, and the platform id's hash. */
export function captureRecruitment(exp: Experiment, present: Record<string, string>, secret: string): CapturedRecruitment | undefined {
  const r = exp.file.recruitment;
  if (!r || Object.keys(present).length === 0) return undefined;
  const values: Record<string, string> = {};
  for (const { name, store } of recruitmentParameters(r)) {
    const value = present[name];
    if (value !== undefined) values[name] = store === 'as_given' ? value : keyedHash(secret, `param\u001f${exp.file.id}\u001f${name}`, value);
  }
  const idName = participantIdParameter(r);
  const id = idName !== undefined ? present[idName] : undefined;
  return { values, ...(id !== undefined ? { platformIdHash: platformIdHash(exp, id, secret) } : {}) };
}

/** The participant who already came with this platform id, if any: they resume instead of joining again. */
export async function participantByPlatformId(store: Store, exp: Experiment, present: Record<string, string>, secret: string): Promise<ParticipantDoc | null> {
  const r = exp.file.recruitment;
  const idName = r ? participantIdParameter(r) : undefined;
  const id = idName !== undefined ? present[idName] : undefined;
  return id === undefined ? null : store.findParticipantByPlatformId(exp.file.id, platformIdHash(exp, id, secret));
}

/** The key that serialises the joins of one platform id in this process (none without a platform id). */
export function platformLockKey(exp: Experiment, present: Record<string, string>, secret: string): string | undefined {
  const r = exp.file.recruitment;
  const idName = r ? participantIdParameter(r) : undefined;
  const id = idName !== undefined ? present[idName] : undefined;
  return id === undefined ? undefined : `${exp.file.id}\u0000platform\u0000${platformIdHash(exp, id, secret)}`;
}

function platformIdHash(exp: Experiment, id: string, secret: string): string {
  return keyedHash(secret, `platform-id\u001f${exp.file.id}`, id);
}

function keyedHash(secret: string, context: string, value: string): string {
  return createHmac('sha256', secret).update(`${context}\u001f${value}`).digest('hex');
}

export interface EndLink {
  code?: string;
  url?: string;
}

/** Where one end of the study sends the participant (completion, declined consent, withdrawal, screen-out). */
export function endLink(exp: Experiment, kind: EndKind, participantId: string, secret: string): EndLink | null {
  const r: Recruitment | undefined = exp.file.recruitment;
  if (kind === 'completion') {
    const code = completionCodeOf(exp.file, participantId, secret);
    const url = r?.completion.url ?? (r?.platform === 'prolific' ? prolificCompletionUrl(code) : undefined);
    return { code, ...(url ? { url } : {}) };
  }
  const end = r?.[kind];
  if (!end) return null;
  const url = end.url ?? (r?.platform === 'prolific' && end.code ? prolificCompletionUrl(end.code) : undefined);
  return { ...(end.code ? { code: end.code } : {}), ...(url ? { url } : {}) };
}
