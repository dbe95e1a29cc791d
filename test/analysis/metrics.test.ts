import { describe, it, expect } from 'vitest';
import { analyze } from '../../analysis/analyze.ts';
import { outcomeCode, sameLabel, sameNumber, AIC, H1C, FOLLOW, HAS_H0, H0C, DIAG, STAY } from '../../analysis/metrics/trial-outcome.ts';
import { weightOfAdvice } from '../../analysis/metrics/weight-of-advice.ts';
import { trial } from './rows.ts';
import { renderCsv } from '../../analysis/report/csv.ts';
import { factorialTable } from '../../analysis/report/design-tables.ts';

const run = (rows: ReturnType<typeof trial>[], options: { task?: 'binary' | 'categorical' | 'numeric'; tolerance?: number } = {}) =>
  analyze(rows, null, { experiment: 'hand', resamples: 0, ...options });

describe('per-trial indicators (METRICS.md section 1)', () => {
  it('codes a switch to correct advice after a wrong initial decision', () => {
    // y = A, a = A, h0 = B, h1 = A: AI right, initially wrong, disagreed, followed, changed.
    expect(outcomeCode('A', 'A', 'B', 'A', sameLabel)).toBe(HAS_H0 | AIC | H1C | FOLLOW | DIAG);
  });

  it('codes a participant who switches to a third label: no follow, no stay', () => {
    // y = A, a = B, h0 = A, h1 = C (multi-class): initially right, AI wrong, neither followed nor kept.
    expect(outcomeCode('A', 'B', 'A', 'C', sameLabel)).toBe(HAS_H0 | H0C | DIAG);
  });

  it('compares numbers within the tolerance', () => {
    expect(outcomeCode('100', '104', '90', '103', sameNumber(5))).toBe(HAS_H0 | AIC | H1C | FOLLOW | DIAG);
    expect(outcomeCode('100', '104', '90', '103', sameNumber(0))).toBe(HAS_H0 | DIAG);
    expect(outcomeCode('1.0', '1', null, '1', sameLabel) & AIC).toBe(0); // labels: "1.0" is not "1"
    expect(outcomeCode('1.0', '1', null, '1', sameNumber(0)) & AIC).toBe(AIC);
  });

  it('computes the weight of advice and leaves it undefined when the advice equals the initial estimate', () => {
    expect(weightOfAdvice(100, 200, 150)).toBe(0.5);
    expect(weightOfAdvice(100, 200, 250)).toBe(1.5);
    expect(weightOfAdvice(100, 100, 150)).toBeNull();
    expect(STAY).toBe(64);
  });
});

describe('reliance ratios on a hand-checked two-stage binary fixture', () => {
  // Participant p1 (condition none), 6 trials (y, a, h0, h1):
  //  1 A A A A  AI right, H0 right, agree          follow
  //  2 A A B A  AI right, H0 wrong -> switched     follow, diag, rair k
  //  3 A A B B  AI right, H0 wrong, kept wrong     diag, underreliance k, rair n
  //  4 A B A A  AI wrong, H0 right, kept           diag, rsr k
  //  5 A B A B  AI wrong, H0 right, followed wrong follow, diag, overreliance k, rsr n
  //  6 A B B B  AI wrong, H0 wrong, agreed         follow, overreliance k
  const rows = [
    trial('p1', 'none', 'A', 'A', 'A', 'A'),
    trial('p1', 'none', 'A', 'A', 'B', 'A'),
    trial('p1', 'none', 'A', 'A', 'B', 'B'),
    trial('p1', 'none', 'A', 'B', 'A', 'A'),
    trial('p1', 'none', 'A', 'B', 'A', 'B'),
    trial('p1', 'none', 'A', 'B', 'B', 'B'),
  ];

  it('counts k and n of every metric as section 2 defines them', async () => {
    const m = (await run(rows)).conditions[0].metrics;
    const kn = Object.fromEntries(Object.entries(m).map(([key, v]) => [key, v && 'k' in v ? [v.k, v.n] : v]));
    expect(kn).toEqual({
      accuracy_initial: [3, 6], // trials 1, 4, 5
      accuracy_final: [3, 6], // trials 1, 2, 4
      accuracy_ai: [3, 6],
      agreement: [4, 6], // 1, 2, 5, 6
      switch: [2, 4], // diag = 2, 3, 4, 5; followed in 2, 5
      overreliance: [2, 3], // AI wrong 4, 5, 6; followed 5, 6
      underreliance: [1, 3], // AI right 1, 2, 3; not followed 3
      rair: [1, 2], // H0 wrong & AI right: 2, 3; followed 2
      rsr: [1, 2], // H0 right & AI wrong: 4, 5; kept 4
      overreliance_after_disagreement: [1, 2], // diag & AI wrong: 4, 5; followed 5
      accuracy_after_disagreement: [2, 4], // diag: 2, 3, 4, 5; final right 2, 4
      woa: null, // weight of advice applies to numeric tasks only
    });
  });

  it('derives reliance discrimination and complementarity', async () => {
    const c = (await run(rows)).conditions[0];
    // P(follow | AI right) = 2/3, P(follow | AI wrong) = 2/3 -> 0
    expect(c.reliance_discrimination).toBeCloseTo(0, 15);
    expect(c.complementarity).toBe(false); // 0.5 is not above max(0.5, 0.5)
  });

  it('gives the Wilson interval of a pooled ratio (scipy.stats.binomtest(4, 6).proportion_ci(method="wilson"))', async () => {
    const agreement = (await run(rows)).conditions[0].metrics.agreement!;
    // SciPy 1.17.1: binomtest(4, 6).proportion_ci(0.95, method='wilson') = (0.299993315138392, 0.9032285888942195)
    expect(agreement.wilson![0]).toBeCloseTo(0.299993315138392, 12);
    expect(agreement.wilson![1]).toBeCloseTo(0.9032285888942195, 12);
  });
});

describe('undefined denominators', () => {
  it('reports null, never 0, and counts participants whose own denominator is 0', async () => {
    const rows = [
      // p1: AI always right -> overreliance undefined for p1
      trial('p1', 'none', 'A', 'A', 'A', 'A'),
      trial('p1', 'none', 'B', 'B', 'A', 'B'),
      // p2: AI wrong once and followed
      trial('p2', 'none', 'A', 'A', 'A', 'A'),
      trial('p2', 'none', 'A', 'B', 'A', 'B'),
      // condition x: AI always right -> overreliance n = 0 for the whole condition
      trial('p3', 'x', 'A', 'A', 'A', 'A'),
      trial('p4', 'x', 'B', 'B', 'B', 'B'),
    ];
    const result = await run(rows);
    const none = result.conditions.find((c) => c.condition === 'none')!.metrics.overreliance!;
    expect(none).toMatchObject({ k: 1, n: 1, value: 1, participant_mean: 1, participants_defined: 1, participants_undefined: 1 });
    const x = result.conditions.find((c) => c.condition === 'x')!;
    expect(x.metrics.overreliance).toMatchObject({ k: 0, n: 0, value: null, wilson: null, participant_mean: null, participants_defined: 0, participants_undefined: 2 });
    expect(x.reliance_discrimination).toBeNull();
    const comparison = result.comparisons.find((c) => c.metric === 'overreliance')!;
    expect(comparison).toMatchObject({ difference: null, newcombe: null, odds_ratio: null, chi2: null, fisher_p: null, welch: null, mann_whitney: null, p_holm: null });
  });
});

describe('one-stage data', () => {
  it('makes the metrics that need an initial decision null', async () => {
    const rows = [trial('p1', 'none', 'A', 'A', null, 'A'), trial('p1', 'none', 'A', 'B', null, 'B'), trial('p2', 'none', 'B', 'B', null, 'A')];
    const c = (await run(rows)).conditions[0];
    expect(c.metrics.accuracy_initial).toBeNull();
    expect(c.metrics.switch).toBeNull();
    expect(c.metrics.rair).toBeNull();
    expect(c.metrics.rsr).toBeNull();
    expect(c.metrics.agreement).toMatchObject({ k: 2, n: 3 });
    expect(c.metrics.overreliance).toMatchObject({ k: 1, n: 1 });
    // complementarity compares with the AI only: 1/3 final vs 2/3 AI
    expect(c.complementarity).toBe(false);
  });
});

describe('multi-class data', () => {
  it('does not count a switch to a third label as following or as keeping', async () => {
    const rows = [
      trial('p1', 'none', 'grant', 'refuse', 'grant', 'documents'), // H0 right, AI wrong, moved to a third label
      trial('p1', 'none', 'grant', 'refuse', 'grant', 'grant'), // kept: self-reliance
      trial('p1', 'none', 'refuse', 'grant', 'documents', 'refuse'), // H0 wrong, AI wrong, found the truth alone
    ];
    const m = (await run(rows)).conditions[0].metrics;
    expect(m.rsr).toMatchObject({ k: 1, n: 2 });
    expect(m.switch).toMatchObject({ k: 0, n: 3 });
    expect(m.agreement).toMatchObject({ k: 0, n: 3 });
    expect(m.overreliance).toMatchObject({ k: 0, n: 3 });
    expect(m.accuracy_final).toMatchObject({ k: 2, n: 3 });
    expect((await run(rows)).task).toBe('categorical');
  });
});

describe('numeric tasks: weight of advice', () => {
  const rows = [
    trial('p1', 'none', '100', '200', '100', '150'), // 0.5
    trial('p1', 'none', '100', '200', '100', '260'), // 1.6 -> clamped to 1
    trial('p1', 'none', '100', '200', '100', '80'), // -0.2 -> clamped to 0
    trial('p1', 'none', '100', '120', '120', '120'), // advice = initial: excluded
    trial('p2', 'none', '300', '310', '200', '255'), // 0.5
    trial('p2', 'none', '300', '310', '200', '999', 'too fast'), // excluded trial: in no statistic
    trial('p3', 'none', '50', '40', '60', '45'), // 0.75; a third distinct truth makes the task numeric
  ];

  it('reports clamped mean, raw mean, exclusions and shares at 0 and 1', async () => {
    const result = await run(rows);
    expect(result.task).toBe('numeric');
    const woa = result.conditions[0].metrics.woa!;
    expect(woa.n).toBe(5);
    expect(woa.excluded).toBe(1);
    expect(woa.mean).toBeCloseTo((0.5 + 1 + 0 + 0.5 + 0.75) / 5, 15);
    expect(woa.raw_mean).toBeCloseTo((0.5 + 1.6 - 0.2 + 0.5 + 0.75) / 5, 15);
    expect(woa.share_0).toBe(0.2);
    expect(woa.share_1).toBe(0.2);
    // p1: (0.5 + 1 + 0) / 3 = 0.5; p2: 0.5; p3: 0.75
    expect(woa.participant_mean).toBeCloseTo((0.5 + 0.5 + 0.75) / 3, 15);
    expect(result.exclusions.trials).toBe(1);
    expect(result.exclusions.by_reason).toEqual([{ condition: 'none', reason: 'too fast', trials: 1 }]);
  });

  it('uses the tolerance for correctness', async () => {
    const result = await run(rows, { tolerance: 15 });
    // truth 300, advice 310 and truth 50, advice 40 are within 15: AI right; truth 100 vs advice 200/120: wrong
    expect(result.conditions[0].metrics.accuracy_ai).toMatchObject({ k: 2, n: 6 });
    // initial 60 vs truth 50 within 15: right; initial 200 vs 300: wrong
    expect(result.conditions[0].metrics.accuracy_initial).toMatchObject({ k: 4, n: 6 });
  });

  it('treats two distinct numeric truths as a binary task unless --task numeric is given', async () => {
    const binaryRows = [trial('p1', 'none', '0', '1', '0', '1'), trial('p1', 'none', '1', '1', '0', '1')];
    expect((await run(binaryRows)).task).toBe('binary');
    expect((await run(binaryRows, { task: 'numeric' })).task).toBe('numeric');
  });

  it('rejects a non-number in a forced numeric task with its line and column', async () => {
    const bad = [{ ...trial('p1', 'none', '10', 'x', '5', '7'), line: 3 }];
    await expect(run(bad, { task: 'numeric' })).rejects.toThrow(/numeric/);
    await expect(run(bad, { task: 'numeric' })).rejects.toMatchObject({ details: ['line 3, column "ai_advice": expected a number'] });
  });
});

describe('data checks', () => {
  it('rejects a participant who appears in two conditions when the design is declared between-subjects', async () => {
    const rows = [trial('p1', 'none', 'A', 'A', 'A', 'A'), { ...trial('p1', 'x', 'A', 'A', 'A', 'A'), line: 9 }];
    await expect(analyze(rows, null, { experiment: 'x', resamples: 0, design: 'between' })).rejects.toMatchObject({
      details: [expect.stringContaining('line 9, column "condition"')],
    });
  });

  it('infers a within-subjects design when a participant appears in two conditions', async () => {
    const rows = [trial('p1', 'none', 'A', 'A', 'A', 'A'), trial('p1', 'x', 'A', 'A', 'A', 'A')];
    const result = await run(rows);
    expect(result.design).toMatchObject({ type: 'within', source: 'inferred', participants_complete: 1, participants_incomplete: 0 });
  });

  it('rejects --design within when no participant has more than one condition', async () => {
    const rows = [trial('p1', 'none', 'A', 'A', 'A', 'A'), trial('p2', 'x', 'A', 'A', 'A', 'A')];
    await expect(analyze(rows, null, { experiment: 'f.csv', resamples: 0, design: 'within' })).rejects.toThrow(/contradicts the within-subjects design/);
  });

  it('rejects data where every trial is excluded', async () => {
    await expect(run([trial('p1', 'none', 'A', 'A', 'A', 'A', 'attention')])).rejects.toThrow(/No trial to analyse/);
  });

  it('uses the requested control, and refuses an unknown one', async () => {
    const rows = [trial('p1', 'a', 'A', 'A', 'A', 'A'), trial('p2', 'b', 'A', 'B', 'A', 'B')];
    expect((await run(rows)).control).toBe('a'); // no "none": the first condition
    expect((await analyze(rows, null, { experiment: 'x', resamples: 0, control: 'b' })).control).toBe('b');
    await expect(analyze(rows, null, { experiment: 'x', resamples: 0, control: 'zz' })).rejects.toThrow(/Unknown control/);
  });
});

describe('participant bootstrap of within-subjects differences', () => {
  it('resamples participants with all their conditions: identical conditions give a zero-width difference interval', async () => {
    // Every participant behaves the same in both conditions, but participants differ from each other.
    const rows = ['p1', 'p2', 'p3', 'p4', 'p5'].flatMap((id, i) =>
      ['none', 'x'].flatMap((condition) =>
        Array.from({ length: 4 }, (_, t) => trial(id, condition, 'A', 'A', 'A', t < i ? 'A' : 'B')),
      ),
    );
    const within = await analyze(rows, null, { experiment: 'w', resamples: 300, seed: 3 });
    const agreement = within.comparisons.find((c) => c.metric === 'agreement')!;
    expect(agreement.bootstrap_difference).toEqual([0, 0]);
    expect(within.conditions[0].metrics.agreement!.bootstrap![1]).toBeGreaterThan(within.conditions[0].metrics.agreement!.bootstrap![0]);
    // The same numbers read as two independent groups (other participant ids) give a real spread.
    const between = await analyze(
      rows.map((r) => (r.condition === 'x' ? { ...r, participantId: `${r.participantId}b` } : r)),
      null,
      { experiment: 'b', resamples: 300, seed: 3 },
    );
    const spread = between.comparisons.find((c) => c.metric === 'agreement')!.bootstrap_difference!;
    expect(spread[1] - spread[0]).toBeGreaterThan(0.1);
  });

  it('flags the AI accuracy as fixed by design when every participant has the same one, without intervals', async () => {
    const rows = ['p1', 'p2'].flatMap((id) => [trial(id, 'none', 'A', 'A', 'A', 'A'), trial(id, 'none', 'A', 'B', 'A', 'B')]);
    const ai = (await analyze(rows, null, { experiment: 'f', resamples: 50 })).conditions[0].metrics.accuracy_ai!;
    expect(ai).toMatchObject({ k: 2, n: 4, value: 0.5, wilson: null, bootstrap: null, fixed_by_design: true });
  });
});

describe('within-subjects factorial designs', () => {
  it('give the repeated-measures ANOVA of statsmodels AnovaRM on per-participant agreement', async () => {
    // Agreement of 3 participants in the 4 conditions of a 2 x 2, in eighths: the rmAnova doc example (statsmodels
    // 0.13.5 AnovaRM gives F = 28, 64, 0.5714 for A, B, A:B; F does not change when every value is divided by 8).
    const followed = [[1, 2, 3, 5], [2, 2, 4, 6], [1, 3, 3, 4]];
    const conditions = ['a+x', 'a+y', 'b+x', 'b+y'];
    const rows = followed.flatMap((counts, s) =>
      counts.flatMap((k, c) => Array.from({ length: 8 }, (_, t) => trial(`s${s}`, conditions[c], 'A', 'A', null, t < k ? 'A' : 'B'))),
    );
    const result = await analyze(rows, null, { experiment: 'rm', resamples: 0, factors: ['A', 'B'], control: 'a+x' });
    const agreement = result.factorial!.find((f) => f.metric === 'agreement')!;
    expect(agreement).toMatchObject({ method: 'repeated_measures', n: 3, participants_incomplete: 0, residual: null });
    expect(agreement.terms.map((t) => [t.term, t.df, t.error_df])).toEqual([['A', 1, 2], ['B', 1, 2], ['A:B', 1, 2]]);
    agreement.terms.forEach((t, i) => expect(t.F).toBeCloseTo([28, 64, 4 / 7][i], 9));
    expect(agreement.terms[0].p).toBeCloseTo(0.03390821692070411, 10);
  });
});

describe('within-subjects designs of three levels or more: sphericity', () => {
  // Agreement in hundredths of 8 participants in the 6 conditions of a 3 x 2 (test/stats/sphericity.test.ts), and
  // of the first 7 in the first 4 conditions read as one 4-level factor; references from R 4.2.2 car 3.1.1
  // summary(Anova(lm(Y ~ 1), idata, idesign = ~A*B (or ~C), type = 3), multivariate = FALSE), as recorded there.
  const Y = [
    [62, 55, 71, 40, 80, 52], [45, 50, 66, 48, 71, 60], [70, 52, 90, 35, 95, 41], [30, 41, 42, 39, 55, 50],
    [55, 60, 58, 62, 90, 45], [81, 66, 86, 52, 99, 70], [40, 38, 61, 30, 62, 33], [66, 49, 70, 57, 88, 47],
  ];
  const rowsOf = (values: number[][], conditions: string[]) =>
    values.flatMap((counts, s) =>
      counts.flatMap((k, c) => Array.from({ length: 100 }, (_, t) => trial(`s${s}`, conditions[c], 'A', 'A', null, t < k ? 'A' : 'B'))),
    );

  it('a 3 x 2 factorial: the terms of two df carry the Greenhouse-Geisser and Huynh-Feldt corrections of R car', async () => {
    const conditions = ['a1+b1', 'a1+b2', 'a2+b1', 'a2+b2', 'a3+b1', 'a3+b2'];
    const result = await analyze(rowsOf(Y, conditions), null, { experiment: 'rm3', resamples: 0, factors: ['A', 'B'], control: 'a1+b1' });
    const agreement = result.factorial!.find((f) => f.metric === 'agreement')!;
    expect(agreement.terms.map((t) => [t.term, t.df, t.error_df])).toEqual([['A', 2, 14], ['B', 1, 7], ['A:B', 2, 14]]);
    const [a, b, ab] = agreement.terms;
    expect(b.sphericity).toBeNull();
    expect(a.sphericity!.epsilon_gg).toBeCloseTo(0.971985165537257, 9);
    expect(a.sphericity!.p_gg).toBeCloseTo(2.1868656305853e-05, 12);
    expect(ab.sphericity!.epsilon_gg).toBeCloseTo(0.714781064314965, 9);
    expect(ab.sphericity!.p_gg).toBeCloseTo(4.7034959748644e-03, 11);
    expect(ab.sphericity!.epsilon_hf).toBeCloseTo(0.847015732599715, 9);
    expect(ab.sphericity!.mauchly_p).toBeCloseTo(0.21704952556, 9);
    // The CSV report carries them on the factorial rows; the table shows them.
    const csv = renderCsv(result).split(/\r?\n/);
    const header = csv[0].split(',');
    const row = csv.find((l) => l.startsWith('factorial,agreement,') && l.split(',')[header.indexOf('term')] === 'A:B')!.split(',');
    expect(Number(row[header.indexOf('epsilon_gg')])).toBeCloseTo(0.714781064314965, 12);
    expect(Number(row[header.indexOf('p_gg')])).toBeCloseTo(4.7034959748644e-03, 12);
    const table = factorialTable(result)!;
    expect(table.columns).toEqual(['metric', 'term', 'sum of squares', 'df', 'F', 'p', 'epsilon GG', 'p GG', 'epsilon HF', 'p HF', 'Mauchly W (p)']);
    expect(table.rows.find((r) => r[0] === 'Agreement' && r[1] === 'A:B')!.slice(6, 8)).toEqual(['0.715', '0.005']);
  });

  it('one within factor of 4 levels: the repeated-measures ANOVA beside Friedman, its p corrected', async () => {
    const conditions = ['none', 'c2', 'c3', 'c4'];
    const result = await analyze(rowsOf(Y.slice(0, 7).map((r) => r.slice(0, 4)), conditions), null, { experiment: 'rm4', resamples: 0, design: 'within' });
    const o = result.omnibus.find((x) => x.metric === 'agreement')!;
    expect(o.friedman!.n).toBe(7);
    expect(o.rm_anova).toMatchObject({ df1: 3, df2: 18, n: 7, participants_incomplete: 0 });
    expect(o.rm_anova!.F).toBeCloseTo(7.30993, 4);
    expect(o.rm_anova!.sphericity!.epsilon_gg).toBeCloseTo(0.411109256516125, 9);
    expect(o.rm_anova!.sphericity!.p_gg).toBeCloseTo(0.0251596761252516, 11);
    expect(o.rm_anova!.sphericity!.mauchly_p).toBeCloseTo(0.002436645750518, 11);
    const csv = renderCsv(result);
    expect(csv).toMatch(/\nrm_anova,agreement,/);
  });
});

describe('block order of a within-subjects design', () => {
  it('orders each participant’s conditions by their first trial and reports every metric by position', async () => {
    const at = (row: ReturnType<typeof trial>, trialIndex: number) => ({ ...row, trialIndex });
    const rows = [
      // p1: none first (followed twice), then x (followed once); p2: x first (followed twice), then none (never)
      at(trial('p1', 'none', 'A', 'A', null, 'A'), 0), at(trial('p1', 'none', 'A', 'A', null, 'A'), 1),
      at(trial('p1', 'x', 'A', 'A', null, 'A'), 2), at(trial('p1', 'x', 'A', 'A', null, 'B'), 3),
      at(trial('p2', 'x', 'A', 'A', null, 'A'), 0), at(trial('p2', 'x', 'A', 'A', null, 'A'), 1),
      at(trial('p2', 'none', 'A', 'A', null, 'B'), 2), at(trial('p2', 'none', 'A', 'A', null, 'B'), 3),
    ];
    const b = (await analyze(rows, null, { experiment: 'b', resamples: 0 })).block_order!;
    expect(b.orders).toEqual([{ order: ['none', 'x'], participants: 1 }, { order: ['x', 'none'], participants: 1 }]);
    expect(b.by_position.map((p) => [p.position, p.condition, p.participants, p.metrics.agreement?.k, p.metrics.agreement?.n])).toEqual([
      [1, 'none', 1, 2, 2],
      [1, 'x', 1, 2, 2],
      [2, 'none', 1, 0, 2],
      [2, 'x', 1, 1, 2],
    ]);
    expect(b.by_position[0].metrics.rair).toBeNull(); // one-stage: the initial-decision metrics do not apply
  });
});
