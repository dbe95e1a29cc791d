/**
 * The in-task trust trajectory and the recovery after the first AI error, on a hand-checked data set; the Student t
 * quantile and the mean interval against SciPy; the CSV input of the probe columns.
 */
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import type { TrialRow } from '../../analysis/input/trial-row.ts';
import { trialBatchOf } from '../../analysis/input/trial-batch.ts';
import { TrialColumnsBuilder } from '../../analysis/descriptives/trial-columns.ts';
import { ProbeColumnsBuilder } from '../../analysis/descriptives/probe-columns.ts';
import { trustTrajectory } from '../../analysis/descriptives/trust-trajectory.ts';
import { firstErrorRecovery } from '../../analysis/descriptives/first-error-recovery.ts';
import { studentTQuantile } from '../../analysis/stats/distributions.ts';
import { meanInterval } from '../../analysis/stats/mean-interval.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import { analyze } from '../../analysis/analyze.ts';
import { renderTable } from '../../analysis/report/table.ts';
import { renderHtml } from '../../analysis/report/html.ts';

/** participant, condition, trial_index, truth, advice, final (one stage), and extras (trust, exclusion). */
function row(p: string, c: string, t: number, y: string, a: string, h1: string, extra: Partial<TrialRow> = {}): TrialRow {
  return {
    participantId: p, condition: c, trialIndex: t, caseId: `c${t}`, truth: y, aiAdvice: a, aiConfidence: null,
    initial: null, final: h1, initialRtMs: null, finalRtMs: null, exclusion: null, line: 0, ...extra,
  };
}

/*
 * Condition x, a probe every 2 trials (positions 2, 4, 6):
 *   p1: trial_index 0 1 2 4 5 6 (3 was an attention check, no row) = positions 1-6. pos1 followed; pos2 not followed,
 *       trust 6; pos3 AI wrong (first error) followed; pos4 followed, trust 3; pos5 not followed; pos6 followed, trust 4.
 *   p2: positions 1-6 = trial_index 0-5. pos1, pos2 followed, trust 5 at pos2; pos3 not followed; pos4 AI wrong (first
 *       error) not followed, trust 2; pos5 followed; pos6 excluded (its rating 7 is not counted, its position is).
 * Condition y (within: p1's second block at trial_index 10-11, p3 between-like): no AI error; p1 rates 7 at pos 2.
 */
const ROWS: TrialRow[] = [
  row('p1', 'x', 0, 'A', 'A', 'A'),
  row('p1', 'x', 1, 'A', 'A', 'B', { trustRating: 6 }),
  row('p1', 'x', 2, 'B', 'A', 'A'),
  row('p1', 'x', 4, 'A', 'A', 'A', { trustRating: 3 }),
  row('p1', 'x', 5, 'B', 'B', 'A'),
  row('p1', 'x', 6, 'A', 'A', 'A', { trustRating: 4, selfConfidenceRating: 5 }),
  row('p2', 'x', 0, 'A', 'A', 'A'),
  row('p2', 'x', 1, 'A', 'A', 'A', { trustRating: 5 }),
  row('p2', 'x', 2, 'A', 'A', 'B'),
  row('p2', 'x', 3, 'B', 'A', 'B', { trustRating: 2 }),
  row('p2', 'x', 4, 'A', 'A', 'A'),
  row('p2', 'x', 5, 'A', 'A', 'A', { trustRating: 7, exclusion: 'too_fast' }),
  row('p1', 'y', 10, 'A', 'A', 'A'),
  row('p1', 'y', 11, 'A', 'A', 'A', { trustRating: 7 }),
  row('p3', 'y', 0, 'A', 'A', 'A'),
  row('p3', 'y', 1, 'B', 'B', 'A'),
];

function views(rows: readonly TrialRow[]) {
  const columns = new TrialColumnsBuilder();
  const probes = new ProbeColumnsBuilder();
  const batch = trialBatchOf(rows);
  columns.addBatch(batch);
  probes.addBatch(batch);
  const c = columns.finish('binary');
  const p = probes.finish(c);
  return { trajectory: trustTrajectory(c, p, ['x', 'y']), recovery: firstErrorRecovery(c, p, ['x', 'y']), position: p.position };
}

const cell = (k: number, n: number) => ({ k, n, value: n === 0 ? null : k / n });

describe('Student t quantile and the mean interval', () => {
  it('equal scipy.stats.t.ppf(0.975, df) (SciPy 1.17.1)', () => {
    const reference: [number, number][] = [
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [5, 2.5705818356363146],
      [29, 2.045229642132703],
      [200, 1.9718962236339088],
      [1e5, 1.9599877075346095],
    ];
    for (const [df, t] of reference) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 10);
    expect(studentTQuantile(0.9, 7)).toBeCloseTo(1.4149239276505086, 10); // scipy.stats.t.ppf(0.9, 7)
    expect(studentTQuantile(0.025, 5)).toBeCloseTo(-2.5705818356363146, 10);
    expect(Number.isNaN(studentTQuantile(1, 5))).toBe(true);
  });

  it('meanInterval equals scipy.stats.t.interval(0.95, n-1, loc=mean, scale=sd/sqrt(n))', () => {
    const m = meanInterval([5, 4, 6, 3, 5, 6, 2]);
    expect(m.mean).toBeCloseTo(4.428571428571429, 12);
    expect(m.ci![0]).toBeCloseTo(3.0303360850600125, 10);
    expect(m.ci![1]).toBeCloseTo(5.826806772082845, 10);
    expect(meanInterval([4])).toEqual({ n: 1, mean: 4, sd: null, ci: null });
  });
});

describe('trust trajectory', () => {
  it('counts positions as decision trials within the block: attention-check gaps and excluded rows keep the count', () => {
    // analysed rows: p1 x (6), p2 x (5: pos6 excluded), p1 y (2), p3 y (2)
    expect(Array.from(views(ROWS).position)).toEqual([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 1, 2, 1, 2]);
  });

  it('gives the mean rating with its t interval at each probe position, beside reliance since the previous probe', () => {
    const [x, y] = views(ROWS).trajectory!;
    expect(x.points.map((p) => [p.position, p.from, p.trust.n, p.trust.mean])).toEqual([
      [2, 1, 2, 5.5],
      [4, 3, 2, 2.5],
      [6, 5, 1, 4],
    ]);
    // scipy.stats.t.interval(0.95, 1, loc=5.5, scale=0.7071067811865476/sqrt(2)) (SciPy 1.17.1)
    expect(x.points[0].trust.ci![0]).toBeCloseTo(-0.8531023680873471, 10);
    expect(x.points[0].trust.ci![1]).toBeCloseTo(11.853102368087347, 10);
    expect(x.points[1].trust.ci![1]).toBeCloseTo(8.853102368087347, 10);
    expect(x.points[0].trust.sd).toBeCloseTo(0.7071067811865476, 12);
    expect(x.points[2].trust).toEqual({ n: 1, mean: 4, sd: null, ci: null });
    expect(x.points.map((p) => [p.agreement, p.overreliance])).toEqual([
      [cell(3, 4), cell(0, 0)],
      [cell(2, 4), cell(1, 2)],
      [cell(2, 3), cell(0, 0)],
    ]);
    expect(x.points.map((p) => p.self_confidence?.mean ?? null)).toEqual([null, null, 5]);
    expect(y.points.map((p) => [p.position, p.trust.mean, p.agreement])).toEqual([[2, 7, cell(3, 4)]]);
  });

  it('is null when no trial carries a rating', () => {
    expect(views(ROWS.map((r) => ({ ...r, trustRating: null }))).trajectory).toBeNull();
  });
});

describe('recovery after the first AI error of each condition', () => {
  it('compares agreement before the first error with the AI-right trials after it, per participant and pooled', () => {
    const [x, y] = views(ROWS).recovery;
    expect(x).toMatchObject({
      condition: 'x',
      participants: 2,
      participants_without_error: 0,
      first_error_position: { min: 3, median: 3.5, max: 4 },
      window: 5,
      before: cell(3, 5),
      at_error: cell(1, 2),
      after: cell(3, 4),
    });
    expect(x.relative).toBeCloseTo(1.25, 12);
    // differences 2/3 - 1/2 and 1 - 2/3: scipy.stats.t.interval(0.95, 1, loc=0.25, scale=0.11785113019775792/sqrt(2))
    expect(x.participant_difference.mean).toBeCloseTo(0.25, 12);
    expect(x.participant_difference.ci![0]).toBeCloseTo(-0.8088503946812244, 10);
    expect(x.participant_difference.ci![1]).toBeCloseTo(1.3088503946812244, 10);
    expect(x.curve.slice(0, 4).map((p) => [p.since, p.agreement])).toEqual([
      [1, cell(2, 2)],
      [2, cell(0, 1)],
      [3, cell(1, 1)],
      [4, cell(0, 0)],
    ]);
    expect(x.curve).toHaveLength(10);
    expect(y).toMatchObject({ participants: 0, participants_without_error: 2, first_error_position: null, before: cell(0, 0), relative: null });
  });
});

describe('probe columns in a trial CSV', () => {
  const header = 'participant_id,condition,trial_index,case_id,truth,ai_advice,final,trust_rating,self_confidence_rating';

  it('reads the ratings, empty cells as none, and analyses the same from a CSV as from rows', async () => {
    const csv = [
      header,
      ...ROWS.filter((r) => r.exclusion === null).map((r) =>
        [r.participantId, r.condition, r.trialIndex, r.caseId, r.truth, r.aiAdvice, r.final, r.trustRating ?? '', r.selfConfidenceRating ?? ''].join(','),
      ),
    ].join('\n');
    const rows: TrialRow[] = [];
    for await (const batch of readTrialCsv(Readable.from([csv]), 'trials.csv')) rows.push(...batch);
    expect(rows.map((r) => r.trustRating)).toEqual(ROWS.filter((r) => r.exclusion === null).map((r) => r.trustRating ?? null));
    expect(rows[5].selfConfidenceRating).toBe(5);
    const result = await analyze(rows, null, { experiment: 'trials.csv', resamples: 0, models: false });
    expect(result.descriptives.trust_trajectory![0].points.map((p) => p.trust.mean)).toEqual([5.5, 2.5, 4]);
    expect(renderTable(result)).toContain('In-task trust by probe position, beside reliance');
    const html = renderHtml(result);
    expect(html).toContain('id="trust-trajectory"');
    expect(html).toContain('id="recovery"');
  });

  it('rejects a rating that is not a whole number from 1 with its line and column', async () => {
    const csv = `${header}\np1,x,0,c0,A,A,A,0,\np1,x,1,c1,A,A,A,,high\n`;
    const read = async () => {
      for await (const _ of readTrialCsv(Readable.from([csv]), 'trials.csv')) void _;
    };
    await expect(read()).rejects.toMatchObject({
      message: 'Malformed CSV file trials.csv:',
      details: [
        'line 2, column "trust_rating": expected a rating (a whole number from 1), got "0"',
        'line 3, column "self_confidence_rating": expected a rating (a whole number from 1), got "high"',
      ],
    });
  });
});
