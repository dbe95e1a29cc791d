import { DuplicateKeyError, type Collection } from './collection.ts';
import { safeDate, safeString } from './safe-input.ts';
import type { StoredJoinKey } from './stored-docs.ts';

/**
 * Join keys: what makes "one participant per agent label, one per recruitment-platform id" hold across every process
 * sharing a MongoDB, not only inside one process (server/participant/open-link.ts serialises joins per process).
 *
 * A join that brings a label or a platform id first looks the participant up (the participants' own indexes); when
 * there is none, it inserts the key `<experiment> <kind> <hash>` into this collection, whose unique index lets exactly
 * one of two simultaneous joins in (insertOne is one atomic step on either driver). The key stays while the
 * participant exists, so that a join arriving later and missing the participant in its look-up (the look-up and the
 * insert of the participant are not one step) still meets the key; it goes with the participant's erasure
 * (erasure.ts), or when the join that claimed it creates no participant (the study is full). A key whose join died
 * half-way (a killed process) is left without a participant: a later join takes it over once it is older than the
 * longest a join can take (a compare-and-set on its `at`, so that two of them cannot both take it).
 *
 * Only keyed hashes of the label and of the platform id are stored (server/security/label-hash.ts, recruitment.ts),
 * never the values, and no participant id.
 */
export type JoinKeyKind = 'label' | 'platform';

/** The key of a label or platform id in a study. */
export function joinKey(experimentId: string, kind: JoinKeyKind, hash: string): string {
  return `${experimentId}\u0000${kind}\u0000${hash}`;
}

/** The outcome of a claim: ours, or held by another join since `heldSince`. */
export type JoinKeyClaim = { claimed: true } | { claimed: false; heldSince: Date };

export class JoinKeyRepository {
  constructor(private readonly keys: Collection<StoredJoinKey>) {}

  async claim(key: string, at: Date): Promise<JoinKeyClaim> {
    const doc = { key: safeString(key, 'key'), at: safeDate(at, 'at') };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.keys.insertOne(doc);
        return { claimed: true };
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
      const held = await this.keys.findOne({ key: doc.key });
      if (held) return { claimed: false, heldSince: held.at };
      // Released between the insert and the read (its join created no participant): try once more, then report it
      // held, which the caller treats as a join in progress.
      if (attempt > 0) return { claimed: false, heldSince: doc.at };
    }
  }

  /** Takes over a key held since `heldSince` (nobody else took it meanwhile); true when this join now holds it. */
  async takeOver(key: string, heldSince: Date, at: Date): Promise<boolean> {
    return this.keys.updateOne({ key: safeString(key, 'key'), at: safeDate(heldSince, 'heldSince') }, { set: { at: safeDate(at, 'at') } });
  }

  async release(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.keys.deleteMany({ key: safeString(key, 'key') });
  }
}
