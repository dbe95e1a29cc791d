import { describe, it, expect } from 'vitest';
import { analyze } from '../../analysis/analyze.ts';
import type { ResponseRow } from '../../analysis/input/responses-csv.ts';
import { FIVE_PARTICIPANTS } from './rows.ts';

async function* answers(rows: [string, string, string, number][]): AsyncGenerator<ResponseRow> {
  let line = 1;
  for (const [participantId, scale, item, value] of rows) yield { participantId, scale, item, value, line: ++line };
}

const trials = FIVE_PARTICIPANTS;

const jian = (p: string, distrust: number, trust: number): [string, string, string, number][] =>
  Array.from({ length: 12 }, (_, i) => [p, 'jian_trust', `jian_${i + 1}`, i < 5 ? distrust : trust]);

describe('questionnaire scales (METRICS.md section 4)', () => {
  it('scores Jian et al. 2000: distrust items 1-5, trust 6-12, overall with 1-5 reversed as 8 - x', async () => {
    const result = await analyze(trials, answers([...jian('p1', 2, 6), ...jian('p2', 3, 5), ...jian('p3', 1, 7)]), { experiment: 's', resamples: 0 });
    const by = (sub: string) => result.scales.find((s) => s.scale === 'jian_trust' && s.subscale === sub)!.conditions[0];
    expect(by('distrust')).toMatchObject({ n: 3, mean: 2, sd: 1 });
    expect(by('trust')).toMatchObject({ n: 3, mean: 6, sd: 1 });
    // p1: (5 x 6 + 7 x 6) / 12 = 6; p2: (5 x 5 + 7 x 5) / 12 = 5; p3: (5 x 7 + 7 x 7) / 12 = 7
    expect(by('overall').mean).toBeCloseTo(6, 14);
    expect(by('overall').sd).toBeCloseTo(1, 14);
    // identical items within a subscale: alpha = k/(k-1) (1 - k var / (k^2 var)) = 1
    expect(by('trust').alpha).toBeCloseTo(1, 14);
    expect(result.scales.find((s) => s.subscale === 'overall')!.reversed).toEqual(['jian_1', 'jian_2', 'jian_3', 'jian_4', 'jian_5']);
  });

  it('reverses propensity item 2 as 6 - x and accepts item numbers', async () => {
    const rows: [string, string, string, number][] = [1, 2, 3, 4, 5, 6].map((item) => ['p1', 'propensity', String(item), item === 2 ? 1 : 4]);
    const result = await analyze(trials, answers(rows), { experiment: 's', resamples: 0 });
    expect(result.scales[0]).toMatchObject({ scale: 'propensity', subscale: 'propensity', reversed: ['prop_2'] });
    expect(result.scales[0].conditions[0]).toMatchObject({ n: 1, mean: (5 * 4 + (6 - 1)) / 6 });
  });

  it('leaves out a participant with a missing item, and participants without analysed trials', async () => {
    const partial = jian('p2', 3, 5).filter(([, , item]) => item !== 'jian_7');
    const result = await analyze(trials, answers([...jian('p1', 2, 6), ...partial, ...jian('nobody', 1, 1)]), { experiment: 's', resamples: 0 });
    const trust = result.scales.find((s) => s.subscale === 'trust')!;
    expect(trust.conditions[0].n).toBe(1);
    expect(result.scales.find((s) => s.subscale === 'distrust')!.conditions[0].n).toBe(2); // item 7 is not in distrust
  });

  it('compares conditions with Welch and Mann-Whitney, and correlates with per-participant reliance', async () => {
    const result = await analyze(
      trials,
      answers([...jian('p1', 2, 6), ...jian('p2', 3, 5), ...jian('p3', 1, 7), ...jian('p4', 2, 3), ...jian('p5', 2, 2)]),
      { experiment: 's', resamples: 0 },
    );
    const trust = result.scales.find((s) => s.subscale === 'trust')!;
    // SciPy 1.17.1: scipy.stats.ttest_ind([3, 2], [6, 5, 7], equal_var=False) gives
    // t = -4.582575694955841, df = 2.8823529411764697, p = 0.021273413535480065
    expect(trust.comparisons[0].welch!.t).toBeCloseTo(-4.582575694955841, 10);
    expect(trust.comparisons[0].welch!.df).toBeCloseTo(2.8823529411764697, 10);
    expect(trust.comparisons[0].welch!.p).toBeCloseTo(0.021273413535480065, 10);
    expect(trust.comparisons[0].difference).toBeCloseTo(2.5 - 6, 14);
    // agreement per participant: p1 1, p2 1, p3 1, p4 0, p5 0; trust 6, 5, 7, 3, 2
    // SciPy 1.17.1: scipy.stats.spearmanr([6, 5, 7, 3, 2], [1, 1, 1, 0, 0]) = (0.8660254037844386, 0.05766888562243736)
    const agreement = trust.correlations.find((c) => c.metric === 'agreement')!;
    expect(agreement.n).toBe(5);
    expect(agreement.rho).toBeCloseTo(0.8660254037844386, 12);
    expect(agreement.p).toBeCloseTo(0.05766888562243736, 10);
  });

  it('rejects an answer out of the scale range, or an unknown item, with the line', async () => {
    await expect(analyze(trials, answers([['p1', 'jian_trust', 'jian_1', 9]]), { experiment: 's', resamples: 0 })).rejects.toMatchObject({
      details: ['line 2, column "value": jian_trust answers are 1-7, got 9'],
    });
    // NASA-TLX marks are 0, 5, ..., 100: 7 is not one of them.
    await expect(analyze(trials, answers([['p1', 'nasa_tlx', 'tlx_mental', 7]]), { experiment: 's', resamples: 0 })).rejects.toMatchObject({
      details: ['line 2, column "value": nasa_tlx answers are 0-100 in steps of 5, got 7'],
    });
    await expect(analyze(trials, answers([['p1', 'propensity', 'prop_9', 3]]), { experiment: 's', resamples: 0 })).rejects.toThrow(/responses/);
  });

  it('scores a scale known only from its answers as the mean of its items', async () => {
    const rows: [string, string, string, number][] = [['p1', 'clarity', 'clear', 4], ['p1', 'clarity', 'useful', 2]];
    const result = await analyze(trials, answers(rows), { experiment: 's', resamples: 0 });
    expect(result.scales[0]).toMatchObject({ scale: 'clarity', subscale: 'score', items: ['clear', 'useful'], reversed: [] });
    expect(result.scales[0].conditions[0]).toMatchObject({ n: 1, mean: 3 });
  });
});
