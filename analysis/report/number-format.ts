/** How numbers read in the terminal and HTML reports (JSON and CSV keep full precision). */
export const fixed = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);

export const interval = (pair: [number, number] | null | undefined, digits = 3): string =>
  pair ? `[${fixed(pair[0], digits)}, ${fixed(pair[1], digits)}]` : '—';

/** p-values: three decimals, "<0.001" below. */
export const pValue = (p: number | null | undefined): string =>
  p === null || p === undefined || !Number.isFinite(p) ? '—' : p < 0.001 ? '<0.001' : p.toFixed(3);

/** Significance stars of a Holm-adjusted p-value: * < 0.05, ** < 0.01, *** < 0.001. */
export const stars = (p: number | null | undefined): string =>
  p === null || p === undefined ? '' : p < 0.001 ? '***' : p < 0.01 ? '**' : p < 0.05 ? '*' : '';
