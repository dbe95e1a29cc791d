import type { TrialPhase, TrialRecord } from '../store/index.ts';
import type { FlowContext } from './context.ts';

/** The stored record of one trial phase of this participant, if any (a participant has at most a few hundred). */
export async function storedTrial(
  ctx: Pick<FlowContext, 'store' | 'participant'>,
  practice: boolean,
  trialIndex: number,
  phase: TrialPhase,
): Promise<TrialRecord | null> {
  const p = ctx.participant;
  for await (const record of ctx.store.trials(p.experimentId, { participantId: p.id, practice })) {
    if (record.trialIndex === trialIndex && record.phase === phase) return record;
  }
  return null;
}
