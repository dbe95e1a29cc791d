/**
 * Average ranks (1-based; tied values share the mean of the ranks they span) and the tie term sum(t^3 - t) over
 * groups of t tied values, as used by Mann-Whitney, Kruskal-Wallis and Spearman.
 * Same as `scipy.stats.rankdata(x, method='average')`; the tie term is the one of `scipy.stats.tiecorrect`.
 * Example: averageRanks([10, 20, 20, 30]) = { ranks: [1, 2.5, 2.5, 4], tieTerm: 6 }.
 */
export interface Ranking {
  ranks: Float64Array;
  tieTerm: number;
}

export function averageRanks(values: ArrayLike<number>): Ranking {
  const n = values.length;
  for (let i = 0; i < n; i++) if (Number.isNaN(values[i])) return averageRanksByOrder(values);
  // Each value's run of equal values is its distinct value (-0 and 0 alike, as ===): the values are counted by
  // distinct value (participant ratios of a few trials take few), only the distinct values are sorted (natively),
  // and a run's shared rank follows from the counts of the smaller values: the same runs, shared ranks and tie term
  // as sorting the positions.
  const distinct = new DistinctValues();
  const idOf = new Int32Array(n);
  for (let i = 0; i < n; i++) idOf[i] = distinct.count(values[i] === 0 ? 0 : values[i]);
  const sorted = distinct.values().sort();
  const shared = new Float64Array(sorted.length);
  let tieTerm = 0;
  let start = 0;
  for (const value of sorted) {
    const id = distinct.idOf(value);
    const t = distinct.counts[id];
    shared[id] = (start + 1 + start + t) / 2;
    tieTerm += t * t * t - t;
    start += t;
  }
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) ranks[i] = shared[idOf[i]];
  return { ranks, tieTerm };
}

const BITS = new Float64Array(1);
const WORDS = new Int32Array(BITS.buffer);

/** Distinct numbers numbered in order of first appearance, with how often each was seen (open addressing). */
class DistinctValues {
  counts = new Float64Array(16);
  private keys = new Float64Array(32);
  /** Slot -> id + 1 (0: empty). */
  private slots = new Int32Array(32);
  private size = 0;

  /** The id of `value`, counted once more. */
  count(value: number): number {
    const id = this.idOf(value);
    this.counts[id]++;
    return id;
  }

  /** The distinct values, by id. */
  values(): Float64Array {
    const out = new Float64Array(this.size);
    for (let slot = 0; slot < this.slots.length; slot++) if (this.slots[slot] !== 0) out[this.slots[slot] - 1] = this.keys[slot];
    return out;
  }

  /** The id of `value` (a new one, with a count of 0, when it was never seen). */
  idOf(value: number): number {
    const mask = this.slots.length - 1;
    BITS[0] = value;
    let slot = Math.imul(WORDS[0] ^ Math.imul(WORDS[1], 0x9e3779b1), 0x85ebca6b) & mask;
    while (this.slots[slot] !== 0) {
      if (this.keys[slot] === value) return this.slots[slot] - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    this.keys[slot] = value;
    this.slots[slot] = id + 1;
    if (id === this.counts.length) {
      const counts = new Float64Array(id * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    if (this.size * 2 > this.slots.length) this.grow();
    return id;
  }

  /** A table twice as large, every value placed again (kept at most half full). */
  private grow(): void {
    const keys = this.keys;
    const slots = this.slots;
    this.keys = new Float64Array(keys.length * 2);
    this.slots = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let old = 0; old < slots.length; old++) {
      if (slots[old] === 0) continue;
      BITS[0] = keys[old];
      let slot = Math.imul(WORDS[0] ^ Math.imul(WORDS[1], 0x9e3779b1), 0x85ebca6b) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = keys[old];
      this.slots[slot] = slots[old];
    }
  }
}

/** The same by sorting the positions with a comparator: kept for data with NaN, which the native sort orders apart. */
function averageRanksByOrder(values: ArrayLike<number>): Ranking {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const shared = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks[order[i]] = shared;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}
