import type { AnalysisResult } from '../result.ts';

/** METRICS.md section 6 as JSON: plain numbers, null where undefined (the plot-only distribution is left out). */
export function renderJson(result: AnalysisResult): string {
  const conditions = result.conditions.map(({ agreement_distribution: _, ...rest }) => rest);
  return JSON.stringify({ ...result, conditions }, null, 2) + '\n';
}
