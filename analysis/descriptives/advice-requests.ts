/**
 * Advice on request (cognitive forcing, Buçinca, Malaya & Gajos 2021) as outcomes, per condition, over the analysed
 * trials whose advice was on request (CSV column advice_requested is 1 or 0; docs/ANALYSIS.md, "Cognitive forcing"):
 *
 *   request_rate        k = trials where the participant asked for the advice, n = on-request trials; Wilson 95%
 *                       interval (as scipy.stats.binomtest(k, n).proportion_ci(0.95, method='wilson')) and the mean of
 *                       the participants' own rates (participant_mean).
 *   time_to_request_ms  over the trials with a request: ms from the page being served to the request (server clock):
 *                       n, mean, median, q1, q3 (quantiles type 7, as numpy.percentile).
 *   requested / not_requested  reliance on the two kinds of trials: agreement (final == advice) / all,
 *                       over-reliance (final == advice, AI wrong) / AI wrong, final accuracy / all (METRICS.md
 *                       section 1 comparisons, with the task's tolerance). On trials without a request the advice was
 *                       not seen: their agreement is the coincidental agreement to compare the requested trials with.
 *
 * Conditions without an on-request trial are left out; the whole view is null when the data has none.
 */
import { mean } from '../stats/mean-sd.ts';
import { quantileSorted } from '../stats/percentile.ts';
import { wilsonInterval } from '../stats/wilson.ts';
import type { TrialRow } from '../input/trial-row.ts';
import { AIC, FOLLOW, H1C, outcomeCode, sameLabel, sameNumber } from '../metrics/trial-outcome.ts';
import type { TaskType } from '../metrics/task-type.ts';
import { ratioCell, type RatioCell } from './ratio-cell.ts';

export interface RelianceWhen {
  agreement: RatioCell;
  overreliance: RatioCell;
  accuracy_final: RatioCell;
}

export interface AdviceRequestSummary {
  condition: string;
  participants: number;
  request_rate: RatioCell & { wilson: [number, number] | null; participant_mean: number | null };
  time_to_request_ms: { n: number; mean: number | null; median: number | null; q1: number | null; q3: number | null };
  requested: RelianceWhen;
  not_requested: RelianceWhen;
}

interface OnRequestTrial {
  participant: string;
  requested: boolean;
  ms: number | null;
  truth: string;
  advice: string;
  final: string;
}

/** Keeps the analysed on-request trials as they stream in (a few strings each), summarised by `finish`. */
export class AdviceRequestsBuilder {
  private readonly byCondition = new Map<string, OnRequestTrial[]>();

  add(row: TrialRow): void {
    if (row.exclusion !== null || row.adviceRequested === undefined || row.adviceRequested === null) return;
    let list = this.byCondition.get(row.condition);
    if (!list) this.byCondition.set(row.condition, (list = []));
    list.push({ participant: row.participantId, requested: row.adviceRequested, ms: row.adviceRequestMs ?? null, truth: row.truth, advice: row.aiAdvice, final: row.final });
  }

  finish(task: TaskType, tolerance: number, conditionOrder: readonly string[]): AdviceRequestSummary[] | null {
    if (this.byCondition.size === 0) return null;
    const same = task === 'numeric' ? sameNumber(tolerance) : sameLabel;
    return conditionOrder.filter((c) => this.byCondition.has(c)).map((c) => summarize(c, this.byCondition.get(c)!, (t) => outcomeCode(t.truth, t.advice, null, t.final, same)));
  }
}

function summarize(condition: string, trials: OnRequestTrial[], codeOf: (t: OnRequestTrial) => number): AdviceRequestSummary {
  const requested = trials.filter((t) => t.requested);
  const perParticipant = new Map<string, { k: number; n: number }>();
  for (const t of trials) {
    const p = perParticipant.get(t.participant) ?? { k: 0, n: 0 };
    p.n++;
    if (t.requested) p.k++;
    perParticipant.set(t.participant, p);
  }
  const times = Float64Array.from(requested.filter((t) => t.ms !== null).map((t) => t.ms!)).sort();
  return {
    condition,
    participants: perParticipant.size,
    request_rate: {
      ...ratioCell(requested.length, trials.length),
      wilson: wilsonInterval(requested.length, trials.length),
      participant_mean: mean([...perParticipant.values()].map((p) => p.k / p.n)),
    },
    time_to_request_ms: { n: times.length, mean: mean(times), median: quantileSorted(times, 0.5), q1: quantileSorted(times, 0.25), q3: quantileSorted(times, 0.75) },
    requested: relianceOf(requested.map(codeOf)),
    not_requested: relianceOf(trials.filter((t) => !t.requested).map(codeOf)),
  };
}

function relianceOf(codes: number[]): RelianceWhen {
  const count = (test: (code: number) => boolean) => codes.filter(test).length;
  const aiWrong = count((c) => (c & AIC) === 0);
  return {
    agreement: ratioCell(count((c) => (c & FOLLOW) !== 0), codes.length),
    overreliance: ratioCell(count((c) => (c & FOLLOW) !== 0 && (c & AIC) === 0), aiWrong),
    accuracy_final: ratioCell(count((c) => (c & H1C) !== 0), codes.length),
  };
}
