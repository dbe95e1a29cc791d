import { byPosition, type ByPosition } from './by-position.ts';
import { firstError, type FirstErrorSummary } from './first-error.ts';
import { byConfidence, type ByConfidence } from './by-confidence.ts';
import { responseTimes, type ResponseTimeSummary } from './response-times.ts';
import { caseDifficulty, type CaseSummary } from './case-difficulty.ts';
import { participantDistributions, type ParticipantDistribution } from './participant-distributions.ts';
import type { TrialColumns } from './trial-columns.ts';
import { ProbeColumnsBuilder, type ProbeColumns } from './probe-columns.ts';
import { trustTrajectory, type TrustTrajectory } from './trust-trajectory.ts';
import { firstErrorRecovery, type FirstErrorRecovery } from './first-error-recovery.ts';
import type { AdviceRequestSummary } from './advice-requests.ts';

/** The descriptive views of the report (JSON key `descriptives`; docs/ANALYSIS.md section 7). */
export interface Descriptives {
  by_position: ByPosition;
  first_error: FirstErrorSummary[];
  by_confidence: ByConfidence | null;
  response_times: ResponseTimeSummary[];
  cases: CaseSummary[];
  participant_distributions: ParticipantDistribution[];
  /** In-task trust ratings by probe position beside reliance (null: the data has no rating). */
  trust_trajectory: TrustTrajectory[] | null;
  /** Reliance before and after each participant's first AI error in each condition. */
  first_error_recovery: FirstErrorRecovery[];
  /** Advice on request: request rate, time to request, reliance when requested or not (only for data with such trials). */
  advice_requests?: AdviceRequestSummary[];
}

/** Every view, conditions in `conditionOrder` (the control first); `undefinedAsZero` as `--undefined-as-zero`. */
export function describeTrials(
  columns: TrialColumns,
  conditionOrder: readonly string[],
  undefinedAsZero = false,
  probes: ProbeColumns = new ProbeColumnsBuilder().finish(columns),
): Descriptives {
  return {
    by_position: byPosition(columns, conditionOrder),
    first_error: firstError(columns, conditionOrder),
    by_confidence: byConfidence(columns, conditionOrder),
    response_times: responseTimes(columns, conditionOrder),
    cases: caseDifficulty(columns),
    participant_distributions: participantDistributions(columns, conditionOrder, undefinedAsZero),
    trust_trajectory: trustTrajectory(columns, probes, conditionOrder),
    first_error_recovery: firstErrorRecovery(columns, probes, conditionOrder),
  };
}
