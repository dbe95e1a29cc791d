/**
 * Weight of advice (Yaniv 2004; METRICS.md section 2): how far the final estimate moved toward the advice,
 * (h1 - h0) / (a - h0). Undefined (the trial is excluded) when the advice equals the initial estimate;
 * clamped to [0, 1] because moving past the advice or away from it is not "more" or "less" than full weight.
 * Example: h0 = 100, a = 200, h1 = 150 -> 0.5.
 */
export function weightOfAdvice(initial: number, advice: number, final: number): number | null {
  if (advice === initial) return null;
  return (final - initial) / (advice - initial);
}

export const clampUnit = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Bins of the clamped weight-of-advice histogram: [0, 0.1), ..., [0.9, 1.0]. */
export const WOA_BINS = 10;

/** Running totals of weight of advice over the trials of one condition. */
export class WoaTotals {
  used = 0;
  excluded = 0;
  sumClamped = 0;
  sumRaw = 0;
  atZero = 0;
  atOne = 0;
  readonly histogram = new Float64Array(WOA_BINS);

  /** Adds one trial; `raw` null when the advice equalled the initial estimate. */
  add(raw: number | null): void {
    if (raw === null) {
      this.excluded++;
      return;
    }
    const clamped = clampUnit(raw);
    this.used++;
    this.sumRaw += raw;
    this.sumClamped += clamped;
    if (clamped === 0) this.atZero++;
    if (clamped === 1) this.atOne++;
    this.histogram[Math.min(WOA_BINS - 1, Math.floor(clamped * WOA_BINS))]++;
  }
}
