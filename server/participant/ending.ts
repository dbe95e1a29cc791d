/**
 * What an ended participation shows (declined consent, withdrawal, screen-out): the way back to the recruiting
 * platform with its code, and the participant's reference to quote when asking for their answers to be erased.
 */
import type { Experiment } from '../../experiments/model.ts';
import type { EndKind } from '../../experiments/recruitment/schema.ts';
import type { ParticipantDoc } from '../store/index.ts';
import type { Ending } from './page-error.ts';
import { endLink } from './recruitment.ts';
import { participantReference } from '../security/participant-codes.ts';

const END_OF_STATUS = { declined: 'declined', withdrawn: 'withdrawn', screened_out: 'screened_out' } as const satisfies Record<string, EndKind>;

export function endingOf(
  experiment: Experiment | null,
  participant: ParticipantDoc,
  status: keyof typeof END_OF_STATUS,
  secret: string,
): Ending {
  return {
    link: experiment ? endLink(experiment, END_OF_STATUS[status], participant.id, secret) : null,
    reference: participantReference(secret, participant.experimentId, participant.id),
    ...(experiment?.file.consent?.contact ? { erasureContact: experiment.file.consent.contact } : {}),
  };
}
