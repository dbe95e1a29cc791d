/**
 * How a simulated participant answers the in-task trust probe: its trust follows its experience of the AI. It starts
 * at TRUST_START (on a 0..1 scale), drops by TRUST_DROP after each wrong advice it saw (the bot knows which advice is
 * wrong from the case bank: a simulated expert's private knowledge) and recovers a share TRUST_RECOVERY of the way
 * back to 1 after each right one (Yu et al. 2017, Dhuliawala et al. 2023: trust falls sharply after an error and
 * recovers slowly). The rating is 1 + (points - 1) · trust, plus a seeded jitter of at most half a point, rounded.
 * Self-confidence: 1 + (points - 1) · own accuracy, with the same jitter.
 */
import type { Rng } from '../../experiments/random.ts';

export const TRUST_START = 0.7;
export const TRUST_DROP = 0.2;
export const TRUST_RECOVERY = 0.15;

/** The trust a bot has in the AI after the advices it saw, in order (true = right). */
export function trustAfter(adviceRight: readonly boolean[]): number {
  let trust = TRUST_START;
  for (const right of adviceRight) trust = right ? trust + TRUST_RECOVERY * (1 - trust) : Math.max(0, trust - TRUST_DROP);
  return trust;
}

/** A rating 1..points for a level in [0, 1], with a uniform jitter in [-0.5, 0.5) point from `rng`. */
export function ratingFor(level: number, points: number, rng: Rng): number {
  const raw = 1 + (points - 1) * level + (rng.float() - 0.5);
  return Math.min(points, Math.max(1, Math.round(raw)));
}

/** What one bot remembers of the AI: the correctness of every advice it answered, in order. */
export class TrustExperience {
  private readonly seen: boolean[] = [];

  /** An advice the server acknowledged the answer to (null: the bot could not tell whether it was right). */
  remember(adviceRight: boolean | null): void {
    if (adviceRight !== null) this.seen.push(adviceRight);
  }

  /** The trust rating on a page whose advice is `current` (not yet remembered: the page may be answered again). */
  trustRating(current: boolean | null, points: number, rng: Rng): number {
    return ratingFor(trustAfter(current === null ? this.seen : [...this.seen, current]), points, rng);
  }
}
