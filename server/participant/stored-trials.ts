import type { TrialPhase, TrialRecord } from '../store/index.ts';
import type { FlowContext } from './context.ts';

/**
 * The stored record of one trial phase of this participant, if any (a participant has at most a few hundred): the
 * one the decision POST before this page just stored when it is that one (no read), else read from the store.
 */
export async function storedTrial(
  ctx: Pick<FlowContext, 'store' | 'participant' | 'justStored'>,
  practice: boolean,
  trialIndex: number,
  phase: TrialPhase,
): Promise<TrialRecord | null> {
  const p = ctx.participant;
  const just = ctx.justStored;
  if (just && just.participantId === p.id && just.practice === practice && just.trialIndex === trialIndex && just.phase === phase) return just;
  for await (const record of ctx.store.trials(p.experimentId, { participantId: p.id, practice })) {
    if (record.trialIndex === trialIndex && record.phase === phase) return record;
  }
  return null;
}
