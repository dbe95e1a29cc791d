import { UserError } from '../../../experiments/user-error.ts';
import type { Experiment } from '../../../experiments/model.ts';
import { joinParticipant } from '../../participant/join.ts';
import { assignmentOptions, targetPerOption } from '../../participant/plan.ts';
import { hashLabel } from '../../security/index.ts';
import type { ResearcherDeps } from '../context.ts';
import { clock } from '../context.ts';
import { csvLine } from '../../store/tidy/csv-cell.ts';
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
  await refuseBeyondPlacesLeft(deps, experiment, labels, count, now);
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

/**
 * A study that closes when full takes only the places left (slots neither completed nor held by an active
 * participant): a larger request is refused before any participant is created, rather than half-done and answered
 * with an error. Labels that already have a participant take no place. A join racing this request can still fill
 * the last places first; the loop above then reports how many were created.
 */
async function refuseBeyondPlacesLeft(
  deps: ResearcherDeps,
  experiment: Experiment,
  labels: readonly string[] | null,
  count: number,
  now: Date,
): Promise<void> {
  const { close_when_full, stale_after_minutes } = experiment.file.assignment;
  if (!close_when_full) return;
  const id = experiment.file.id;
  let needed = count;
  if (labels) {
    needed = 0;
    for (const label of labels) {
      if (!(await deps.store.findParticipantByLabel(id, hashLabel(deps.secret, id, label)))) needed += 1;
    }
  }
  const counts = await deps.store.countByCondition(id, experiment.configHash, new Date(now.getTime() - stale_after_minutes * 60_000));
  const target = targetPerOption(experiment);
  const left = assignmentOptions(experiment).reduce((n, option) => {
    const filled = (counts[option]?.completed ?? 0) + (counts[option]?.inProgress ?? 0);
    return n + Math.max(0, target - filled);
  }, 0);
  if (needed > left) {
    throw new UserError(`"${id}" has ${left} places left: ${needed} new invitations would not fit; none were created.`);
  }
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
