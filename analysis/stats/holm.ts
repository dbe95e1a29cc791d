/**
 * Holm's step-down adjustment of p-values for multiple comparisons (Holm 1979), as R's `p.adjust(p, "holm")`:
 * sort the m non-null p ascending, adjusted_(i) = min(1, max_{j <= i} (m - j + 1) p_(j)), returned in input order.
 * Null entries (tests that could not be computed) stay null and do not count in m, as R does with NA.
 * Example: holm([0.01, 0.04, 0.03]) = [0.03, 0.06, 0.06].
 */
export function holm(pValues: readonly (number | null)[]): (number | null)[] {
  const present = pValues.flatMap((p, index) => (p === null ? [] : [{ p, index }]));
  // Stable sort keeps equal p-values in input order, like R's order().
  present.sort((x, y) => x.p - y.p);
  const m = present.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  let runningMax = 0;
  present.forEach(({ p, index }, rank) => {
    runningMax = Math.max(runningMax, (m - rank) * p);
    adjusted[index] = Math.min(1, runningMax);
  });
  return adjusted;
}
