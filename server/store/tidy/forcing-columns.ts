/**
 * Trial CSV columns of cognitive forcing and outcome feedback (docs/ANALYSIS.md, "Cognitive forcing and outcome
 * feedback"), appended after the other extra columns, only for a study whose conditions set them:
 *   advice_requested   1 / 0 on trials whose advice was on request (asked for or not), empty otherwise
 *   advice_request_ms  ms from the page being served to the request (server clock), empty when not asked
 *   advice_delay_s     the wait the server enforced before the advice (delayed advice), empty otherwise
 *   feedback_after     trial / block: the outcome feedback shown after this decision, empty for none
 * Two-stage trials take them from the final decision (the stage with the advice).
 */
import type { ExportTrial } from './trial-rows.ts';
import type { StudyRules } from './study-rules.ts';
import type { CellValue } from './csv-cell.ts';

export const ADVICE_TIMING_COLUMNS = ['advice_requested', 'advice_request_ms', 'advice_delay_s'] as const;
export const FEEDBACK_COLUMNS = ['feedback_after'] as const;

export function forcingColumns(rules: StudyRules): string[] {
  return [...(rules.adviceTiming ? ADVICE_TIMING_COLUMNS : []), ...(rules.outcomeFeedback ? FEEDBACK_COLUMNS : [])];
}

export function forcingCells(t: ExportTrial, rules: StudyRules): CellValue[] {
  const f = t.final;
  return [
    ...(rules.adviceTiming
      ? [f.adviceRequested === undefined ? null : f.adviceRequested ? 1 : 0, f.adviceRequestMs === undefined ? null : Math.round(f.adviceRequestMs), f.adviceDelayS ?? null]
      : []),
    ...(rules.outcomeFeedback ? [f.feedbackAfter ?? null] : []),
  ];
}
