import { byPosition, type ByPosition } from './by-position.ts';
import { firstError, type FirstErrorSummary } from './first-error.ts';
import { byConfidence, type ByConfidence } from './by-confidence.ts';
import { responseTimes, type ResponseTimeSummary } from './response-times.ts';
import { caseDifficulty, type CaseSummary } from './case-difficulty.ts';
import { participantDistributions, type ParticipantDistribution } from './participant-distributions.ts';
import type { TrialColumns } from './trial-columns.ts';
import type { AdviceRequestSummary } from './advice-requests.ts';

/** The descriptive views of the report (JSON key `descriptives`; docs/ANALYSIS.md section 7). */
export interface Descriptives {
  by_position: ByPosition;
  first_error: FirstErrorSummary[];
  by_confidence: ByConfidence | null;
  response_times: ResponseTimeSummary[];
  cases: CaseSummary[];
  participant_distributions: ParticipantDistribution[];
  /** Advice on request: request rate, time to request, reliance when requested or not (only for data with such trials). */
  advice_requests?: AdviceRequestSummary[];
}

/** Every view, conditions in `conditionOrder` (the control first); `undefinedAsZero` as `--undefined-as-zero`. */
export function describeTrials(columns: TrialColumns, conditionOrder: readonly string[], undefinedAsZero = false): Descriptives {
  return {
    by_position: byPosition(columns, conditionOrder),
    first_error: firstError(columns, conditionOrder),
    by_confidence: byConfidence(columns, conditionOrder),
    response_times: responseTimes(columns, conditionOrder),
    cases: caseDifficulty(columns),
    participant_distributions: participantDistributions(columns, conditionOrder, undefinedAsZero),
  };
}
