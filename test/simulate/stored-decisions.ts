/**
 * Checks of what bots saw against what the store holds: each decision a bot saw acknowledged (the redirect after
 * its POST) is found exactly once, with the same answer; and what the bot read on the page (case, advice,
 * confidence) is what the server showed (the store records the advice shown).
 */
import type { Experiment } from '../../experiments/model.ts';
import { pagesOf } from '../../server/participant/pages.ts';
import { planFor } from '../../server/participant/plan.ts';
import type { AcknowledgedAnswer } from '../../server/simulate/bot.ts';
import type { Store, TrialRecord } from '../../server/store/index.ts';

export interface StoredDecision {
  ack: AcknowledgedAnswer;
  /** Every stored record at the ack's position (exactly one expected). */
  records: TrialRecord[];
}

/** For each acknowledged decision, the stored records of the same participant, trial and phase. */
export async function storedDecisions(store: Store, experiment: Experiment, acks: readonly AcknowledgedAnswer[]): Promise<StoredDecision[]> {
  const byParticipant = new Map<string, AcknowledgedAnswer[]>();
  for (const ack of acks) if (ack.kind === 'trial') byParticipant.set(ack.participantId, [...(byParticipant.get(ack.participantId) ?? []), ack]);
  const out: StoredDecision[] = [];
  for (const [participantId, list] of byParticipant) {
    const participant = await store.getParticipant(participantId);
    if (!participant) throw new Error(`participant ${participantId} is not in the store`);
    const pages = pagesOf(experiment, planFor(experiment, participant));
    const trials: TrialRecord[] = [];
    for await (const t of store.trials(experiment.file.id, { participantId })) trials.push(t);
    for (const ack of list) {
      const page = pages.find((p) => p.key === ack.at);
      if (!page || page.kind !== 'trial') throw new Error(`${participantId}: ${ack.at} is not a decision page`);
      out.push({
        ack,
        records: trials.filter((t) => t.practice === page.practice && t.trialIndex === page.number - 1 && t.phase === page.phase),
      });
    }
  }
  return out;
}
