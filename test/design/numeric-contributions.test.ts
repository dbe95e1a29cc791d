/**
 * Numeric tasks: factor contributions in answer units, for the estimate actually shown. When it differs from the
 * bank's, the difference is shifted onto the factors already pushing that way (not scaled), rounded to the step,
 * and base + sum equals the shown estimate exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../experiments/load.ts';
import { planParticipant } from '../../experiments/design.ts';
import { contributionsFor, roundToStep, shiftTo, sum } from '../../experiments/explanations/evidence.ts';
import type { Experiment } from '../../experiments/model.ts';
import { makeExperiment } from './fixture.ts';

let ri: Experiment;
beforeAll(async () => {
  ri = await loadExperiment('experiments/studies/risque-inondation/experiment.yaml');
});

const weights = (list: { field: string; weight: number }[]) => Object.fromEntries(list.map((x) => [x.field, x.weight]));

describe('risque-inondation, case ri-120 (bank: 529 = base 543 + contributions summing to -14)', () => {
  it('shown 415 (the truth): the -114 go to the four negative factors by |weight| (2, 18, 42, 72 of 134), whole households', () => {
    // Shifts -114 x (2, 18, 42, 72) / 134 = -1.70, -15.31, -35.73, -61.25; largest remainders give -4, -33, -78, -133.
    const { contributions, base } = contributionsFor(ri, ri.caseById.get('ri-120')!, 415);
    expect(base).toBe(543);
    expect(weights(contributions)).toEqual({
      type_crue: 0,
      hauteur_actuelle: -4,
      hauteur_prevue: 91,
      seuil_debordement: 0,
      pluie_72h: -33,
      saturation_sols: -78,
      menages_zone: -133,
      sites_sensibles: 0,
      evacues_crue_reference: 29,
    });
    expect(base! + sum(contributions.map((c) => c.weight))).toBe(415);
  });

  it('shown 560 (a wrong estimate above): +31 onto the two positive factors, 91 -> 115 and 29 -> 36; the others unchanged', () => {
    const { contributions } = contributionsFor(ri, ri.caseById.get('ri-120')!, 560);
    expect(weights(contributions)).toMatchObject({ hauteur_prevue: 115, evacues_crue_reference: 36, menages_zone: -72, saturation_sols: -42 });
    expect(543 + sum(contributions.map((c) => c.weight))).toBe(560);
  });

  it('shown 529 (the bank estimate): the bank contributions as they are', () => {
    const { contributions } = contributionsFor(ri, ri.caseById.get('ri-120')!, 529);
    expect(weights(contributions)).toMatchObject({ hauteur_prevue: 91, menages_zone: -72, saturation_sols: -42, pluie_72h: -18, hauteur_actuelle: -2 });
  });

  it('in a planned trial: the factors shown are whole households (no more +832 / -658.29)', () => {
    // p-0010 (ordinal 10) sees ri-120 in its feature_importance block, with the truth 415 as the advice.
    const trial = planParticipant(ri, 'p-0010', null, 10).trials.find((t) => t.caseId === 'ri-120');
    expect(trial?.advice?.recommendation).toBe(415);
    const e = trial?.advice?.explanation;
    if (e?.type !== 'feature_importance') throw new Error('expected feature_importance');
    expect(e.factors.map((f) => [f.field, f.weight])).toEqual([
      ['menages_zone', -133],
      ['hauteur_prevue', 91],
      ['saturation_sols', -78],
      ['pluie_72h', -33],
      ['evacues_crue_reference', 29],
    ]);
  });
});

describe('every risque-inondation case, for the truth, the bank estimate and wrong estimates 35 % off', () => {
  it('whole-household contributions with base + sum = shown exactly; factors pushing the other way keep their bank weight', () => {
    let checked = 0;
    for (const c of ri.cases) {
      const bank = Number(c.ai.recommendation);
      const truth = Number(c.truth);
      for (const shown of [truth, bank, Math.round(truth * 0.65), Math.round(truth * 1.35)]) {
        const { contributions, base } = contributionsFor(ri, c, shown);
        for (const x of contributions) expect(Number.isInteger(x.weight)).toBe(true);
        expect(base! + sum(contributions.map((x) => x.weight))).toBe(shown);
        const d = shown - bank;
        for (const x of contributions) {
          const own = c.ai.contributions![x.field];
          // A factor that does not push the way of the difference is left alone.
          if (own * d <= 0 && contributions.some((y) => c.ai.contributions![y.field] * d > 0)) expect(x.weight).toBe(own);
          // No blow-up: a factor moves at most by the whole difference (plus one household of rounding).
          expect(Math.abs(x.weight - own)).toBeLessThanOrEqual(Math.abs(d) + 1);
        }
        checked++;
      }
    }
    expect(checked).toBe(ri.cases.length * 4);
  });
});

describe('shiftTo and roundToStep', () => {
  const list = (...ws: number[]) => ws.map((weight, i) => ({ field: `f${i}`, weight }));

  it('with no factor pushing the way of the difference, spreads it over all by |weight|', () => {
    // d = 40 - (-40) = 80, moved as 80 x 10/40 and 80 x 30/40.
    expect(shiftTo(list(-10, -30), 40).map((x) => x.weight)).toEqual([10, 30]);
  });

  it('with every weight 0, spreads it evenly', () => {
    expect(shiftTo(list(0, 0, 0, 0), 10).map((x) => x.weight)).toEqual([2.5, 2.5, 2.5, 2.5]);
  });

  it('rounds to a step of 0.5 by largest remainder, ties in display order', () => {
    // 1.2 -> 1.0 (r 0.4), 2.3 -> 2.0 (r 0.6), 1.5 -> 1.5: 4.5 of 5 placed, the last 0.5 to the largest remainder (2.3).
    expect(roundToStep(list(1.2, 2.3, 1.5), 5, 0.5).map((x) => x.weight)).toEqual([1, 2.5, 1.5]);
    expect(roundToStep(list(0.25, 0.25), 0.5, 0.5).map((x) => x.weight)).toEqual([0.5, 0]);
  });

  it('when the total is off the step grid (a base like 543.4), puts the leftover on the largest factor', () => {
    expect(roundToStep(list(10.3, -60.7), -50.4, 1).map((x) => x.weight)).toEqual([10, -60.4]);
  });

  it('without contrib_* columns: the base is the mean truth on the step grid, contributions whole and exact', () => {
    const exp = makeExperiment({ task: 'numeric', contributions: false });
    for (const c of exp.cases.slice(0, 40)) {
      const { contributions, base } = contributionsFor(exp, c, 777);
      expect(Number.isInteger(base)).toBe(true);
      for (const x of contributions) expect(Number.isInteger(x.weight)).toBe(true);
      expect(base! + sum(contributions.map((x) => x.weight))).toBe(777);
    }
  });
});
