/**
 * Decision-power outcomes of `confiance analyze` (analysis/metrics/decision-power.ts) on hand-built trials whose
 * values are counted by hand, and the factorial ANOVA of override rates against R.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../analysis/analyze.ts';
import type { DecisionPowerCells, TrialRow } from '../../analysis/input/trial-row.ts';
import { trial } from '../analysis/rows.ts';
import { decisionPowerTables } from '../../analysis/report/decision-power-tables.ts';
import { renderHtml } from '../../analysis/report/html.ts';
import { renderCsv } from '../../analysis/report/csv.ts';

const AGENT: DecisionPowerCells = { lastWord: 'agent', justifyMinChars: null, justificationChars: null, justificationMs: null };
const AI_40: DecisionPowerCells = { lastWord: 'ai', justifyMinChars: 40, justificationChars: null, justificationMs: null };

/** A trial (truth y, advice a, final h1) with its decision-power cells. */
function row(p: string, c: string, y: string, a: string, h1: string, power: DecisionPowerCells | null, exclusion: string | null = null): TrialRow {
  return { ...trial(p, c, y, a, null, h1, exclusion), decisionPower: power };
}

const ROWS: TrialRow[] = [
  // p1: accept (AI right), override (AI wrong), override (AI right), accept (AI wrong)
  row('p1', 'agent', 'x', 'x', 'x', AGENT),
  row('p1', 'agent', 'x', 'y', 'x', AGENT),
  row('p1', 'agent', 'y', 'y', 'x', AGENT),
  row('p1', 'agent', 'y', 'x', 'x', AGENT),
  // p2: two acceptances of right advice
  row('p2', 'agent', 'x', 'x', 'x', AGENT),
  row('p2', 'agent', 'x', 'x', 'x', AGENT),
  // p3: two justified overrides (AI wrong, then right), one acceptance, one excluded trial (left out)
  row('p3', 'ai', 'x', 'y', 'x', { ...AI_40, justificationChars: 50, justificationMs: 10_000 }),
  row('p3', 'ai', 'x', 'x', 'y', { ...AI_40, justificationChars: 61, justificationMs: 30_000 }),
  row('p3', 'ai', 'x', 'x', 'x', AI_40),
  row('p3', 'ai', 'x', 'y', 'x', { ...AI_40, justificationChars: 99, justificationMs: 99_000 }, 'too_fast'),
];

describe('decision-power outcomes', () => {
  it('override rate, appropriate overrides and acceptances, justification length and time, per condition', async () => {
    const result = await analyze(ROWS, null, { experiment: 'hand', resamples: 0, models: false });
    const [agent, ai] = result.decision_power!.conditions;
    expect(agent.condition).toBe('agent');
    expect([agent.last_word, agent.justify_min_chars, agent.participants, agent.trials]).toEqual(['agent', null, 2, 6]);
    expect(agent.override_rate).toMatchObject({ k: 2, n: 6, participant_mean: 0.25, participants_defined: 2, participants_undefined: 0 });
    // R 4.2.2: Wilson interval by its formula with qnorm(0.975) = prop.test(2, 6, correct = FALSE)$conf.int
    expect(agent.override_rate.wilson![0]).toBeCloseTo(0.096771411105780455, 12);
    expect(agent.override_rate.wilson![1]).toBeCloseTo(0.700006684861607997, 12);
    expect(agent.override_appropriate).toMatchObject({ k: 1, n: 2, value: 0.5, participant_mean: 0.5, participants_defined: 1, participants_undefined: 1 });
    expect(agent.acceptance_appropriate).toMatchObject({ k: 3, n: 4, value: 0.75, participant_mean: 0.75 });
    expect(agent.acceptance_appropriate.wilson![0]).toBeCloseTo(0.300641842582402008, 12);
    expect(agent.acceptance_appropriate.wilson![1]).toBeCloseTo(0.954412739190299453, 12);
    expect(agent.justification_chars).toEqual({ n: 0, mean: null, median: null });

    expect([ai.last_word, ai.justify_min_chars, ai.trials]).toEqual(['ai', 40, 3]);
    expect(ai.override_rate).toMatchObject({ k: 2, n: 3 });
    expect(ai.override_appropriate).toMatchObject({ k: 1, n: 2 });
    expect(ai.acceptance_appropriate).toMatchObject({ k: 1, n: 1 });
    expect(ai.justification_chars).toEqual({ n: 2, mean: 55.5, median: 55.5 });
    expect(ai.justification_ms).toEqual({ n: 2, mean: 20_000, median: 20_000 });
    expect(result.decision_power!.factorial).toBeNull();
  });

  it('is absent from data without decision-power columns', async () => {
    const result = await analyze([trial('p1', 'none', 'x', 'x', null, 'x')], null, { experiment: 'plain', resamples: 0, models: false });
    expect(result.decision_power).toBeUndefined();
    expect(decisionPowerTables(result)).toEqual([]);
    expect(renderHtml(result)).not.toContain('id="decision-power"');
  });

  it('factorial: type II ANOVA of the participants\' override rates equals R car::Anova', async () => {
    // R 4.2.2, car 3.1.1:
    //   d <- data.frame(A = c(rep("agent", 5), rep("ai", 5)), B = c("libre","libre","libre","just","just","libre","libre","just","just","just"),
    //                   rate = c(0.25, 0.5, 0.125, 0, 0.125, 0.375, 0.25, 0.125, 0.25, 0))
    //   Anova(lm(rate ~ A * B, data = d), type = 2)
    const cells: [string, number[]][] = [
      ['agent+libre', [2, 4, 1]],
      ['agent+just', [0, 1]],
      ['ai+libre', [3, 2]],
      ['ai+just', [1, 2, 0]],
    ];
    const rows: TrialRow[] = [];
    cells.forEach(([condition, overrides], ci) =>
      overrides.forEach((k, pi) => {
        for (let t = 0; t < 8; t++) rows.push(row(`p${ci}-${pi}`, condition, 'x', 'x', t < k ? 'y' : 'x', condition.startsWith('ai') ? AI_40 : AGENT));
      }),
    );
    const result = await analyze(rows, null, { experiment: 'factorial', resamples: 0, models: false, design: 'between', factors: ['last_word', 'accountability'] });
    const anova = result.decision_power!.factorial!;
    expect(anova.n).toBe(10);
    const expected: [string, number, number][] = [
      ['last_word', 0.208695652173913698, 0.663863731501569743],
      ['accountability', 5.217391304347827941, 0.062442205710378576],
      ['last_word:accountability', 0.052173913043478772, 0.826908546599168237],
    ];
    for (const [term, F, p] of expected) {
      const got = anova.terms.find((t) => t.term === term)!;
      expect(Math.abs(got.F! / F - 1)).toBeLessThan(1e-9);
      expect(Math.abs(got.p! / p - 1)).toBeLessThan(1e-9);
    }
    expect(anova.residual).toMatchObject({ df: 6 });
    expect(anova.residual!.sum_sq).toBeCloseTo(0.1197916666666667, 12);
    const titles = decisionPowerTables(result).map((t) => t.title);
    expect(titles).toEqual(['Decision power: overrides', 'Decision power: justifications of overrides', "Decision power: factors on the participants' override rates"]);
    const html = renderHtml(result);
    expect(html).toContain('<section id="decision-power">');
    expect(html).toContain('Override rate (final decision differs from the advice)');
    const csv = renderCsv(result).split('\n');
    const header = csv[0].split(',');
    const cellsOf = (line: string) => Object.fromEntries(line.split(',').map((v, i) => [header[i], v]));
    const overrides = csv.map(cellsOf).find((r) => r.type === 'decision_power' && r.metric === 'override_rate' && r.condition === 'agent+libre')!;
    expect([overrides.k, overrides.n, overrides.participant_mean]).toEqual(['7', '24', String(7 / 24)]);
    const term = csv.map(cellsOf).find((r) => r.type === 'decision_power_factorial' && r.term === 'accountability')!;
    expect(Math.abs(Number(term.statistic) / 5.217391304347827941 - 1)).toBeLessThan(1e-9);
  });
});
