/**
 * Who arrives on a study's open link `/e/<study>` (optionally `?label=<agent number>`), and what they may see.
 *
 * - The browser a participant started with (its cookie, see browser-binding.ts) resumes that participant, unless it
 *   brings a different label: on a shared computer, another agent number is another person.
 * - A label alone never opens anyone's pages: a label already used in this study (a participant who started, or a
 *   personal invitation) from another browser gets a page saying the number is in use and to use the personal link;
 *   no second participant is created for it.
 * - Anyone else is new and may join.
 */
import type { Experiment } from '../../experiments/model.ts';
import { hashLabel } from '../security/label-hash.ts';
import type { ParticipantDoc, Store } from '../store/index.ts';

export type Arrival =
  | { kind: 'resume'; participant: ParticipantDoc }
  | { kind: 'label_in_use' }
  | { kind: 'new'; labelHash?: string };

export async function arrivalOnOpenLink(
  store: Store,
  secret: string,
  experiment: Experiment,
  boundParticipantId: string | null,
  label: string | undefined,
): Promise<Arrival> {
  const experimentId = experiment.file.id;
  const labelHash = label === undefined ? undefined : hashLabel(secret, experimentId, label);
  const bound = boundParticipantId === null ? null : await store.getParticipant(boundParticipantId);
  // A participant of an earlier version of the study is not resumed here: the open link now runs the new version.
  const ownBrowser = bound !== null && bound.experimentId === experimentId && bound.configHash === experiment.configHash;
  if (ownBrowser && (labelHash === undefined || bound.labelHash === labelHash)) return { kind: 'resume', participant: bound };
  if (labelHash !== undefined && (await store.findParticipantByLabel(experimentId, labelHash))) return { kind: 'label_in_use' };
  return { kind: 'new', labelHash };
}

const labelsInFlight = new Map<string, Promise<unknown>>();

/**
 * Runs `join` for a label after any join for the same label in this process has ended, so that two simultaneous
 * requests with a new label cannot both find it free and create two participants. (Across several processes on one
 * MongoDB the look-up and the join are not one atomic step; see the README.)
 */
export async function oneJoinPerLabel<T>(key: string | undefined, join: () => Promise<T>): Promise<T> {
  if (key === undefined) return join();
  const before = labelsInFlight.get(key) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(join);
  labelsInFlight.set(key, run);
  try {
    return await run;
  } finally {
    if (labelsInFlight.get(key) === run) labelsInFlight.delete(key);
  }
}
