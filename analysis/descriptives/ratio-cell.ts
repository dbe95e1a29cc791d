/** A descriptive proportion k/n over trials; `value` is null when n = 0 (docs/ANALYSIS.md section 4). */
export interface RatioCell {
  k: number;
  n: number;
  value: number | null;
}

export function ratioCell(k: number, n: number): RatioCell {
  return { k, n, value: n === 0 ? null : k / n };
}
