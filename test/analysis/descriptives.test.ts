import { describe, it, expect, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { TrialRow } from '../../analysis/input/trial-row.ts';
import { trialBatchOf } from '../../analysis/input/trial-batch.ts';
import { TrialColumnsBuilder, type TrialColumns } from '../../analysis/descriptives/trial-columns.ts';
import { byPosition } from '../../analysis/descriptives/by-position.ts';
import { firstError } from '../../analysis/descriptives/first-error.ts';
import { byConfidence } from '../../analysis/descriptives/by-confidence.ts';
import { responseTimes } from '../../analysis/descriptives/response-times.ts';
import { caseDifficulty } from '../../analysis/descriptives/case-difficulty.ts';
import { participantDistributions } from '../../analysis/descriptives/participant-distributions.ts';
import { binUnit } from '../../analysis/descriptives/unit-bins.ts';
import { AIC } from '../../analysis/metrics/trial-outcome.ts';
import { analyze } from '../../analysis/analyze.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';

/** A trial of the hand-checked data set: participant, condition, index, truth, advice, initial, final. */
function row(p: string, c: string, t: number, y: string, a: string, h0: string | null, h1: string, extra: Partial<TrialRow> = {}): TrialRow {
  return {
    participantId: p, condition: c, trialIndex: t, caseId: `c${t}`, truth: y, aiAdvice: a, aiConfidence: null,
    initial: h0, final: h1, initialRtMs: null, finalRtMs: null, exclusion: null, line: 0, ...extra,
  };
}

/*
 * p1 (none): t0 AI right, followed, final right; t1 AI wrong (first error), followed; t2 initially wrong, AI right,
 *   followed; t3 AI wrong, initially right, kept.
 * p2 (none): t0 initially wrong, AI right, not followed; t1 followed; t2 AI wrong (first error), initially right,
 *   followed; t3 followed.
 * p3 (conf): two AI-right trials, both followed, with displayed confidence 0.95 and 0.55.
 * An excluded trial is ignored everywhere.
 */
const ROWS: TrialRow[] = [
  row('p1', 'none', 0, 'A', 'A', 'A', 'A', { finalRtMs: 1000, initialRtMs: 100 }),
  row('p1', 'none', 1, 'A', 'B', 'A', 'B', { finalRtMs: 2000, initialRtMs: 200 }),
  row('p1', 'none', 2, 'B', 'B', 'A', 'B', { finalRtMs: 3000, initialRtMs: 300 }),
  row('p1', 'none', 3, 'B', 'A', 'B', 'B', { finalRtMs: 4000, initialRtMs: 400 }),
  row('p2', 'none', 0, 'A', 'A', 'B', 'B', { finalRtMs: 5000 }),
  row('p2', 'none', 1, 'A', 'A', 'A', 'A', { finalRtMs: 6000 }),
  row('p2', 'none', 2, 'B', 'A', 'B', 'A', { finalRtMs: 7000 }),
  row('p2', 'none', 3, 'A', 'A', 'A', 'A', { finalRtMs: 8000 }),
  row('p3', 'conf', 0, 'A', 'A', 'A', 'A', { aiConfidence: 0.95 }),
  row('p3', 'conf', 1, 'B', 'B', 'B', 'B', { aiConfidence: 0.55 }),
  row('p3', 'conf', 2, 'B', 'A', 'B', 'A', { exclusion: 'too_fast', finalRtMs: 1 }),
];
const ORDER = ['none', 'conf'];

function columnsOf(rows: readonly TrialRow[], task: 'binary' | 'numeric' = 'binary', tolerance = 0): TrialColumns {
  const builder = new TrialColumnsBuilder({ tolerance });
  builder.addBatch(trialBatchOf(rows));
  return builder.finish(task);
}

const cell = (k: number, n: number) => ({ k, n, value: n === 0 ? null : k / n });

describe('trial columns', () => {
  it('keep the analysed trials only, ids as indices', () => {
    const c = columnsOf(ROWS);
    expect(c.length).toBe(10);
    expect(c.conditions).toEqual(['none', 'conf']);
    expect(c.participants).toEqual(['p1', 'p2', 'p3']);
    expect(Array.from(c.confidence.slice(8))).toEqual([0.95, 0.55]);
    expect(Number.isNaN(c.initialRt[4])).toBe(true);
  });

  it('use the numeric comparison with its tolerance when the task is numeric, labels otherwise', () => {
    const trials = [row('p', 'x', 0, '100', '103', '90', '103')];
    expect(columnsOf(trials, 'numeric', 5).code[0] & AIC).toBe(AIC);
    expect(columnsOf(trials, 'binary', 5).code[0] & AIC).toBe(0);
  });
});

describe('reliance by trial position', () => {
  it('gives one bin per position with agreement, over-reliance and final accuracy per condition', () => {
    const view = byPosition(columnsOf(ROWS), ORDER);
    expect(view.bins).toEqual([0, 1, 2, 3].map((t) => ({ from: t, to: t })));
    const none = view.conditions[0];
    expect(none.condition).toBe('none');
    // t0: p1 followed and was right, p2 did neither; no AI error
    expect(none.points[0]).toEqual({ trials: 2, agreement: cell(1, 2), overreliance: cell(0, 0), accuracy_final: cell(1, 2) });
    // t1: both followed; p1's advice was wrong (followed: over-reliance 1/1), so only p2 ends right
    expect(none.points[1]).toEqual({ trials: 2, agreement: cell(2, 2), overreliance: cell(1, 1), accuracy_final: cell(1, 2) });
    expect(view.conditions[1].points.map((p) => p.trials)).toEqual([1, 1, 0, 0]);
  });

  it('bins more than 10 positions into ten equal-width bins', () => {
    const many = Array.from({ length: 40 }, (_, t) => row('p', 'x', t, 'A', 'A', null, t < 20 ? 'B' : 'A'));
    const view = byPosition(columnsOf(many), ['x']);
    expect(view.bins).toHaveLength(10);
    expect(view.bins[0]).toEqual({ from: 0, to: 3 });
    expect(view.bins[9]).toEqual({ from: 36, to: 39 });
    expect(view.conditions[0].points.map((p) => p.agreement.value)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });
});

describe('before and after the first AI error', () => {
  it('splits each participant at their first AI-wrong trial', () => {
    const [none, conf] = firstError(columnsOf(ROWS), ORDER);
    // before: p1 t0 (followed), p2 t0 (not) and t1 (followed); at: p1 t1, p2 t2 (both followed)
    // after: p1 t2 right advice followed, p2 t3 followed; p1 t3 wrong advice not followed
    expect(none).toEqual({
      condition: 'none', participants: 2, participants_without_error: 0,
      before: cell(2, 3), at_error: cell(2, 2), after_ai_right: cell(2, 2), after_ai_wrong: cell(0, 1),
    });
    expect(conf).toEqual({
      condition: 'conf', participants: 0, participants_without_error: 1,
      before: cell(0, 0), at_error: cell(0, 0), after_ai_right: cell(0, 0), after_ai_wrong: cell(0, 0),
    });
  });

  it('takes the first error over all of a participant\'s conditions (within-subjects)', () => {
    const within = [row('q', 'X', 0, 'A', 'A', null, 'A'), row('q', 'X', 1, 'A', 'B', null, 'A'), row('q', 'Y', 2, 'A', 'A', null, 'A')];
    const [, y] = firstError(columnsOf(within), ['X', 'Y']);
    expect(y).toMatchObject({ participants: 1, before: cell(0, 0), after_ai_right: cell(1, 1) });
  });
});

describe('following by displayed confidence', () => {
  it('bins the shown confidences and counts the trials without one', () => {
    const view = byConfidence(columnsOf(ROWS), ORDER)!;
    expect(view.conditions[0]).toEqual({ condition: 'none', trials_without_confidence: 8, points: [] });
    expect(view.conditions[1].points).toEqual([
      { from: 0.5, to: 0.6, trials: 1, mean_confidence: 0.55, agreement: cell(1, 1), accuracy_ai: cell(1, 1) },
      { from: 0.9, to: 1, trials: 1, mean_confidence: 0.95, agreement: cell(1, 1), accuracy_ai: cell(1, 1) },
    ]);
  });

  it('is null when no trial showed a confidence', () => {
    expect(byConfidence(columnsOf(ROWS.slice(0, 8)), ['none'])).toBeNull();
  });
});

describe('response times', () => {
  it('summarise each condition and phase (quartiles as numpy.percentile)', () => {
    const rts = responseTimes(columnsOf(ROWS), ORDER);
    // numpy 2.x: np.percentile([1000, ..., 8000], [25, 50, 75]) = [2750, 4500, 6250]; [100, 200, 300, 400] -> [175, 250, 325]
    expect(rts).toEqual([
      { condition: 'none', phase: 'initial', n: 4, mean: 250, median: 250, q1: 175, q3: 325 },
      { condition: 'conf', phase: 'initial', n: 0, mean: null, median: null, q1: null, q3: null },
      { condition: 'none', phase: 'final', n: 8, mean: 4500, median: 4500, q1: 2750, q3: 6250 },
      { condition: 'conf', phase: 'final', n: 0, mean: null, median: null, q1: null, q3: null },
    ]);
  });

  it('leave out a phase no trial has', () => {
    const oneStage = [row('p', 'x', 0, 'A', 'A', null, 'A', { finalRtMs: 10 })];
    expect(responseTimes(columnsOf(oneStage), ['x']).map((r) => r.phase)).toEqual(['final']);
  });
});

describe('per-case difficulty', () => {
  it('gives accuracy and agreement per case, hardest first', () => {
    const cases = caseDifficulty(columnsOf(ROWS));
    // c2: p1 initially wrong then right, p2 initially right then followed wrong advice; c0 and c1 tie at 2/3 (by id)
    expect(cases.map((c) => c.case_id)).toEqual(['c2', 'c0', 'c1', 'c3']);
    expect(cases[0]).toEqual({
      case_id: 'c2', trials: 2, participants: 2, accuracy_initial: cell(1, 2), accuracy_final: cell(1, 2),
      accuracy_ai: cell(1, 2), agreement: cell(2, 2),
    });
    expect(cases[1]).toMatchObject({ case_id: 'c0', trials: 3, accuracy_final: cell(2, 3), accuracy_ai: cell(3, 3), agreement: cell(2, 3) });
  });
});

describe('per-participant distributions', () => {
  it('summarise each participant\'s own ratio per condition, undefined ones counted', () => {
    const d = participantDistributions(columnsOf(ROWS), ORDER);
    const get = (metric: string, condition: string) => d.find((x) => x.metric === metric && x.condition === condition)!;
    // agreement: p1 3/4, p2 3/4
    expect(get('agreement', 'none')).toMatchObject({ n: 2, mean: 0.75, sd: 0, median: 0.75 });
    // over-reliance: p1 1/2, p2 1/1; SD = sqrt(0.125); quartiles as numpy.percentile([0.5, 1], [25, 75])
    expect(get('overreliance', 'none')).toEqual({
      condition: 'none', metric: 'overreliance', n: 2, participants_undefined: 0, mean: 0.75, sd: Math.sqrt(0.125),
      min: 0.5, q1: 0.625, median: 0.75, q3: 0.875, max: 1, histogram: [0, 0, 0, 0, 0, 1, 0, 0, 0, 1],
    });
    expect(get('overreliance', 'conf')).toMatchObject({ n: 0, participants_undefined: 1, mean: null, sd: null, min: null });
    // RAIR: p1 switched on t2 (1/1), p2 did not on t0 (0/1); RSR: p1 kept t3 not t1 (1/2), p2 did not keep t2 (0/1)
    expect(get('rair', 'none')).toMatchObject({ n: 2, mean: 0.5, min: 0, max: 1 });
    expect(get('rsr', 'none')).toMatchObject({ n: 2, mean: 0.25, min: 0, max: 0.5 });
  });

  it('count an undefined ratio as 0 with --undefined-as-zero', () => {
    const d = participantDistributions(columnsOf(ROWS), ORDER, true);
    // p3 saw no AI error: over-reliance 0 instead of left out
    expect(d.find((x) => x.metric === 'overreliance' && x.condition === 'conf')).toMatchObject({ n: 1, participants_undefined: 0, mean: 0 });
  });

  it('leave out RAIR and RSR in one-stage data', () => {
    for (const zero of [false, true]) {
      const d = participantDistributions(columnsOf([row('p', 'x', 0, 'A', 'B', null, 'A')]), ['x'], zero);
      expect(d.map((x) => x.metric)).toEqual(['agreement', 'overreliance']);
    }
  });

  it('bin values in [0, 1] with 1 in the last bin', () => {
    expect(binUnit([0, 0.05, 0.5, 1])).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});

describe('descriptives in the analysis result', () => {
  let result: Awaited<ReturnType<typeof analyze>>;
  beforeAll(async () => {
    const fixture = fileURLToPath(new URL('./fixtures/realistic-trials.csv', import.meta.url));
    result = await analyze(readTrialCsv(fixture), null, { experiment: 'realistic', resamples: 0, control: 'confidence' });
  });

  it('lists the control first in every view', () => {
    expect(result.descriptives.by_position.conditions.map((c) => c.condition)).toEqual(['confidence', 'none', 'feature_importance']);
    expect(result.descriptives.first_error[0].condition).toBe('confidence');
  });

  it('agree with the per-condition metrics: participant means and pooled counts', () => {
    for (const c of result.conditions) {
      for (const metric of ['agreement', 'overreliance', 'rair', 'rsr'] as const) {
        const d = result.descriptives.participant_distributions.find((x) => x.condition === c.condition && x.metric === metric)!;
        expect(d.n).toBe(c.metrics[metric]!.participants_defined);
        expect(d.mean).toBeCloseTo(c.metrics[metric]!.participant_mean!, 12);
      }
      const curve = result.descriptives.by_position.conditions.find((x) => x.condition === c.condition)!;
      expect(curve.points.reduce((s, p) => s + p.agreement.k, 0)).toBe(c.metrics.agreement!.k);
      expect(curve.points.reduce((s, p) => s + p.overreliance.n, 0)).toBe(c.metrics.overreliance!.n);
    }
    const cases = result.descriptives.cases;
    expect(cases.reduce((s, x) => s + x.trials, 0)).toBe(result.conditions.reduce((s, c) => s + c.trials, 0));
  });
});
