/**
 * When a participant who is not finishing stops holding a place in the study. Someone working keeps their place for
 * the study's `assignment.stale_after_minutes` (default 60) after their last answer or visit; someone who followed the
 * open link but never consented has shown no intent yet and keeps it only UNCONSENTED_STALE_MINUTES (or the study's
 * timeout when shorter), so that a client joining again and again cannot hold the places of a study for an hour.
 * Invited participants keep the normal timeout: their place was reserved for them by the researcher.
 */
import type { ParticipantDoc } from '../store/index.ts';

export const UNCONSENTED_STALE_MINUTES = 10;

export interface StaleCutoffs {
  staleBefore: Date;
  unconsentedBefore: Date;
}

export function staleCutoffs(staleAfterMinutes: number, now: Date): StaleCutoffs {
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  return { staleBefore: minutesAgo(staleAfterMinutes), unconsentedBefore: minutesAgo(Math.min(UNCONSENTED_STALE_MINUTES, staleAfterMinutes)) };
}

/** The same rule as the store's counts (countByCondition), for one participant document. */
export function isStale(p: ParticipantDoc, cutoffs: StaleCutoffs): boolean {
  if (p.status !== 'active') return false;
  if (p.lastActivityAt < cutoffs.staleBefore) return true;
  return p.step === 'consent' && p.invited !== true && p.lastActivityAt < cutoffs.unconsentedBefore;
}
