/**
 * One participant per agent label and per recruitment-platform id, across every process sharing the store: a new
 * join that brings either takes its join key first (server/store/join-keys.ts). Inside one process, joins with the
 * same label or platform id already run one after the other (open-link.ts); the keys cover two processes behind a
 * load balancer on one MongoDB, where two first visits with the same PROLIFIC_PID or agent number could otherwise
 * both find nobody and make two participants.
 */
import { joinKey, type JoinKeyKind, type Store } from '../store/index.ts';

/** The longest a join may take (its claim retried after a time limit included): a key older than that, still
 * without a participant, belongs to a join that died half-way, and a new join takes it over. */
export const JOIN_KEY_STALE_MS = 60_000;

export interface JoinKeyWanted {
  kind: JoinKeyKind;
  key: string;
}

/** The keys a new participant with these hashes takes: the platform id's, then the label's. */
export function joinKeysFor(experimentId: string, hashes: { platformIdHash?: string; labelHash?: string }): JoinKeyWanted[] {
  const keys: JoinKeyWanted[] = [];
  if (hashes.platformIdHash) keys.push({ kind: 'platform', key: joinKey(experimentId, 'platform', hashes.platformIdHash) });
  if (hashes.labelHash) keys.push({ kind: 'label', key: joinKey(experimentId, 'label', hashes.labelHash) });
  return keys;
}

/** Every key taken (true), or the kind of the first key another join holds (the ones taken before it are given back). */
export async function takeJoinKeys(store: Store, keys: readonly JoinKeyWanted[], now: Date): Promise<true | JoinKeyKind> {
  const taken: string[] = [];
  for (const { kind, key } of keys) {
    const claim = await store.claimJoinKey(key, now);
    const ours = claim.claimed || (now.getTime() - claim.heldSince.getTime() > JOIN_KEY_STALE_MS && (await store.takeOverJoinKey(key, claim.heldSince, now)));
    if (!ours) {
      await store.releaseJoinKeys(taken);
      return kind;
    }
    taken.push(key);
  }
  return true;
}

/**
 * Runs `join` holding `keys`: when it creates nobody (null: the study is full) the keys are given back, so that the
 * label or platform id is free for the next try. When it fails (the database did not answer), whether the
 * participant was created is not known: the keys stay, a participant found by the look-up answers the next visit,
 * and a key left without one is taken over once stale.
 */
export async function joinHoldingKeys<T>(store: Store, keys: readonly JoinKeyWanted[], join: () => Promise<T | null>): Promise<T | null> {
  const joined = await join();
  if (joined === null) await store.releaseJoinKeys(keys.map((k) => k.key));
  return joined;
}

/** How often, and how many times, a join whose key another join holds looks for that join's participant. */
const POLL_MS = 100;
const POLLS = 20;

/**
 * Takes the keys, waiting for the participant of a join that holds one (another process is creating it): returns true
 * when this join holds every key, else what `holder(kind)` found for the key held (the other join's participant).
 * Throws `busy()` when that join neither finishes nor goes stale within about two seconds.
 */
export async function takeOrWait<F>(
  store: Store,
  keys: readonly JoinKeyWanted[],
  now: () => Date,
  holder: (kind: JoinKeyKind) => Promise<F | null>,
  busy: () => Error,
): Promise<true | F> {
  for (let poll = 0; ; poll++) {
    const taken = await takeJoinKeys(store, keys, now());
    if (taken === true) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const found = await holder(taken);
    if (found !== null) return found;
    if (poll >= POLLS) throw busy();
  }
}
