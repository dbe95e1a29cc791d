/**
 * Joining: a new participant gets an unguessable id and a condition claimed atomically in the store (balanced,
 * dropout-aware: least filled by completed + in-progress-not-stale, see stale-cutoff.ts), so concurrent joins cannot
 * overbook.
 * Returns null when every condition is full.
 */
import { assignCondition } from '../../experiments/assignment.ts';
import type { Experiment } from '../../experiments/model.ts';
import { seedFor } from '../../experiments/random.ts';
import type { Language } from '../../experiments/schema.ts';
import { newParticipantId } from '../security/ids.ts';
import { DamagedRecordError, StoreUnavailableError, type ParticipantDoc, type Store } from '../store/index.ts';
import { assignmentOptions, planForCondition, targetPerOption } from './plan.ts';
import type { CapturedRecruitment } from './recruitment.ts';
import { staleCutoffs } from './stale-cutoff.ts';

export interface JoinRequest {
  language: Language;
  labelHash?: string;
  invited?: boolean;
  /** From a panel's link (recruitment.ts): the parameters kept and the platform id's hash. */
  recruitment?: CapturedRecruitment;
}

export async function joinParticipant(
  store: Store,
  experiment: Experiment,
  request: JoinRequest,
  now: Date,
): Promise<ParticipantDoc | null> {
  const id = newParticipantId();
  const options = assignmentOptions(experiment);
  const { close_when_full, stale_after_minutes } = experiment.file.assignment;
  // A claim that failed on the database (a failover, a time limit) is run once more with the same id: the store finds
  // what the first attempt wrote (server/store/assignment.ts), so the participant is neither lost nor duplicated.
  const claim = () => store.claimCondition(
    {
      id,
      experimentId: experiment.file.id,
      configHash: experiment.configHash,
      seed: seedFor(experiment.file.seed, id),
      step: 'consent',
      stepIndex: 0,
      status: 'active',
      language: request.language,
      ...(request.labelHash ? { labelHash: request.labelHash } : {}),
      ...(request.invited ? { invited: true } : {}),
      ...(request.recruitment ? { recruitment: request.recruitment.values } : {}),
      ...(request.recruitment?.platformIdHash ? { platformIdHash: request.recruitment.platformIdHash } : {}),
      createdAt: now,
      lastActivityAt: now,
    },
    (counts) =>
      assignCondition(
        options.map((condition) => ({
          condition,
          completed: counts[condition]?.completed ?? 0,
          inProgress: counts[condition]?.inProgress ?? 0,
        })),
        { targetPerCondition: targetPerOption(experiment), closeWhenFull: close_when_full },
        seedFor(experiment.file.seed, id, 'assignment'),
      ),
    {
      staleBefore: staleCutoffs(stale_after_minutes, now),
      // Stored with the participant: what they see never changes, even if the design engine does.
      planFor: (condition) => planForCondition(experiment, id, condition),
    },
  );
  const participant = await claim().catch((error: unknown) => {
    if (error instanceof StoreUnavailableError && !(error instanceof DamagedRecordError)) return claim();
    throw error;
  });
  if (participant) {
    await store.appendEvent(experiment.file.id, { type: 'participant_joined', participantId: id, at: now });
  }
  return participant;
}
