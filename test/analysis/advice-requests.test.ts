/**
 * The advice-on-request view (analysis/descriptives/advice-requests.ts) on a hand-made set of trials whose counts are
 * worked out in the comments; the Wilson interval and the quartiles are checked against SciPy / NumPy.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import { UserError } from '../../experiments/user-error.ts';
import { AdviceRequestsBuilder } from '../../analysis/descriptives/advice-requests.ts';
import type { TrialRow } from '../../analysis/input/trial-row.ts';

function row(participantId: string, condition: string, truth: string, aiAdvice: string, final: string, requested: boolean | null, ms: number | null = null, exclusion: string | null = null): TrialRow {
  return { participantId, condition, trialIndex: 0, caseId: 'c', truth, aiAdvice, aiConfidence: null, initial: null, final, initialRtMs: null, finalRtMs: 5000, exclusion, line: 0, adviceRequested: requested, adviceRequestMs: ms };
}

describe('advice requests', () => {
  const builder = new AdviceRequestsBuilder();
  for (const r of [
    row('p1', 'ask', 'a', 'a', 'a', true, 1200), // requested, followed, AI right
    row('p1', 'ask', 'a', 'b', 'b', true, 3000), // requested, followed wrong advice (over-reliance)
    row('p1', 'ask', 'a', 'b', 'a', false), // not requested, did not agree, AI wrong
    row('p2', 'ask', 'b', 'b', 'a', true, 800), // requested, did not follow right advice
    row('p2', 'ask', 'b', 'a', 'a', false), // not requested, agreed by chance with wrong advice
    row('p2', 'ask', 'b', 'a', 'a', true, 50, 'too_fast'), // excluded: not counted
    row('p3', 'now', 'a', 'a', 'a', null), // advice not on request: not counted
  ])
    builder.add(r);
  const [summary, ...others] = builder.finish('binary', 0, ['now', 'ask'])!;

  it('keeps only conditions with on-request trials', () => {
    expect(others).toEqual([]);
    expect(summary.condition).toBe('ask');
    expect(summary.participants).toBe(2);
  });

  it('request rate 3/5 with its Wilson interval and the participants\' mean rate', () => {
    expect(summary.request_rate).toMatchObject({ k: 3, n: 5, value: 0.6 });
    // scipy 1.17.1: binomtest(3, 5).proportion_ci(0.95, method='wilson') = (0.23072428127601297, 0.8823792257673521)
    expect(summary.request_rate.wilson![0]).toBeCloseTo(0.23072428127601297, 12);
    expect(summary.request_rate.wilson![1]).toBeCloseTo(0.8823792257673521, 12);
    // p1 asked 2 of 3, p2 1 of 2.
    expect(summary.request_rate.participant_mean).toBeCloseTo((2 / 3 + 1 / 2) / 2, 12);
  });

  it('time to request over the requested trials (quartiles type 7)', () => {
    // numpy 2.4.6: np.percentile([1200, 3000, 800], [25, 50, 75]) = [1000, 1200, 2100]
    expect(summary.time_to_request_ms).toEqual({ n: 3, mean: 5000 / 3, median: 1200, q1: 1000, q3: 2100 });
  });

  it('reliance when requested and when not', () => {
    expect(summary.requested).toEqual({
      agreement: { k: 2, n: 3, value: 2 / 3 },
      overreliance: { k: 1, n: 1, value: 1 },
      accuracy_final: { k: 1, n: 3, value: 1 / 3 },
    });
    expect(summary.not_requested).toEqual({
      agreement: { k: 1, n: 2, value: 0.5 },
      overreliance: { k: 1, n: 2, value: 0.5 },
      accuracy_final: { k: 1, n: 2, value: 0.5 },
    });
  });

  it('numeric tasks compare with the tolerance; no on-request trial gives null', () => {
    const numeric = new AdviceRequestsBuilder();
    numeric.add(row('p1', 'ask', '100', '104', '102', true, 10)); // advice right within 5, final agrees within 5
    numeric.add(row('p1', 'ask', '100', '120', '100', false));
    const [n] = numeric.finish('numeric', 5, ['ask'])!;
    expect(n.requested.agreement).toEqual({ k: 1, n: 1, value: 1 });
    expect(n.requested.accuracy_final).toEqual({ k: 1, n: 1, value: 1 });
    expect(n.not_requested.overreliance).toEqual({ k: 0, n: 1, value: 0 });
    const none = new AdviceRequestsBuilder();
    none.add(row('p1', 'ask', 'a', 'a', 'a', null));
    expect(none.finish('binary', 0, ['ask'])).toBeNull();
  });
});

describe('advice-request columns of a trial CSV', () => {
  const header = 'participant_id,condition,trial_index,case_id,truth,ai_advice,final,advice_requested,advice_request_ms';
  async function read(body: string): Promise<TrialRow[]> {
    const rows: TrialRow[] = [];
    for await (const batch of readTrialCsv(Readable.from([`${header}\n${body}`]), 'trials.csv')) rows.push(...batch);
    return rows;
  }

  it('are read as requested / not / not on request, with the time', async () => {
    const rows = await read('p1,ask,0,c1,a,a,a,1,1500\np1,ask,1,c2,a,b,a,0,\np2,now,0,c1,a,a,a,,\n');
    expect(rows.map((r) => [r.adviceRequested, r.adviceRequestMs])).toEqual([[true, 1500], [false, null], [null, null]]);
  });

  it('a wrong cell is reported with its line and column', async () => {
    const error = await read('p1,ask,0,c1,a,a,a,yes,1500\np1,ask,1,c2,a,b,a,1,-3\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const details = (error as UserError).details.join('\n');
    expect(details).toMatch(/line 2.*advice_requested.*expected 1, 0 or empty, got "yes"/);
    expect(details).toMatch(/line 3.*advice_request_ms.*expected a non-negative integer \(ms\), got "-3"/);
  });
});
