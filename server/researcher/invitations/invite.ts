import { UserError } from '../../../experiments/user-error.ts';
import { joinParticipant } from '../../participant/join.ts';
import { hashLabel } from '../../security/index.ts';
import type { ResearcherDeps } from '../context.ts';
import { clock } from '../context.ts';
import { csvLine } from '../export/csv-cell.ts';
import { MAX_INVITATIONS } from './labels-csv.ts';

export interface Invitation {
  participantId: string;
  link: string;
  /** The label as uploaded (only in this answer: the store keeps its salted hash). */
  label: string | null;
  /** The label already had a participant: their existing link is given again. */
  existing: boolean;
}

/**
 * Creates personal participants of the running version, each joined like an open-link participant (balanced
 * condition claimed atomically in the store), at step consent: the link `/p/<id>` then behaves exactly as a resumed participant's link.
 * With labels, one participant per label; a label that already has one gets the same link again (idempotent).
 */
export async function createInvitations(
  deps: ResearcherDeps,
  experimentId: string,
  request: { count?: number; labels?: string[] },
  baseUrl: string,
): Promise<Invitation[]> {
  const running = await deps.registry.running(experimentId);
  if (!running) {
    throw new UserError(`"${experimentId}" is not running: open it (and check its file was not edited since) before inviting.`);
  }
  const { doc, experiment } = running;
  const labels = request.labels ?? null;
  const count = labels ? labels.length : (request.count ?? 0);
  if (!Number.isInteger(count) || count < 1 || count > MAX_INVITATIONS) {
    throw new UserError(`The number of invitations must be between 1 and ${MAX_INVITATIONS}.`);
  }
  const now = clock(deps)();
  const out: Invitation[] = [];
  for (let i = 0; i < count; i += 1) {
    const label = labels ? labels[i] : null;
    const labelHash = label === null ? undefined : hashLabel(deps.secret, experimentId, label);
    if (labelHash) {
      const existing = await deps.store.findParticipantByLabel(experimentId, labelHash);
      if (existing) {
        out.push({ participantId: existing.id, link: participantLink(baseUrl, existing.id), label, existing: true });
        continue;
      }
    }
    // The same join as the open link (atomic balanced claim), so invited and self-joined participants are alike.
    const participant = await joinParticipant(
      deps.store,
      experiment,
      { language: experiment.file.languages[0], ...(labelHash ? { labelHash } : {}), invited: true },
      now,
    );
    if (!participant) {
      throw new UserError(`"${experimentId}" is full: ${out.length} of ${count} invitations were created.`);
    }
    out.push({ participantId: participant.id, link: participantLink(baseUrl, participant.id), label, existing: false });
  }
  await deps.store.appendEvent(experimentId, {
    type: 'invitations_created',
    at: now,
    data: { created: out.filter((o) => !o.existing).length, labelled: labels !== null, configHash: doc.configHash },
  });
  return out;
}

export function participantLink(baseUrl: string, participantId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/p/${participantId}`;
}

export function openLink(baseUrl: string, experimentId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/e/${experimentId}`;
}

/** The download: participant_id,link,label (formula-safe like every export). */
export function invitationsCsv(invitations: readonly Invitation[]): string {
  return csvLine(['participant_id', 'link', 'label']) + invitations.map((i) => csvLine([i.participantId, i.link, i.label])).join('');
}
