/** The bundled scales as published (item counts, ranges, reversed items) and their scoring, against hand-computed means. */
import { describe, expect, it } from 'vitest';
import { bundledScale, resolveScale, scaleFromCustom, scoreScale } from '../../experiments/scales/index.ts';
import type { CustomScale } from '../../experiments/schema.ts';

const answers = (prefix: string, values: number[]): Record<string, number> =>
  Object.fromEntries(values.map((v, i) => [`${prefix}_${i + 1}`, v]));

describe('Jian, Bisantz & Drury 2000', () => {
  const jian = bundledScale('jian_trust');

  it('has 12 items jian_1..jian_12 on 1-7, items 1-5 reversed, each in French and English', () => {
    expect(jian.points).toBe(7);
    expect(jian.items.map((i) => i.id)).toEqual(Array.from({ length: 12 }, (_, i) => `jian_${i + 1}`));
    expect(jian.reversed).toEqual(['jian_1', 'jian_2', 'jian_3', 'jian_4', 'jian_5']);
    expect(jian.items[0].text.en).toBe('The system is deceptive.');
    expect(jian.items[10].text.en).toBe('I can trust the system.');
    for (const item of jian.items) expect(item.text.fr).not.toBe(item.text.en);
  });

  it('scores distrust, trust and overall (items 1-5 reversed as 8 - x)', () => {
    // distrust (2+1+3+2+2)/5 = 2; trust (6+5+6+7+6+6+4)/7 = 40/7; overall ((6+7+5+6+6) + 40)/12 = 70/12
    const s = scoreScale(jian, answers('jian', [2, 1, 3, 2, 2, 6, 5, 6, 7, 6, 6, 4]));
    expect(s.distrust).toBe(2);
    expect(s.trust).toBeCloseTo(40 / 7, 12);
    expect(s.overall).toBeCloseTo(70 / 12, 12);
  });

  it('leaves a subscale with a missing answer unscored, and scores the others', () => {
    const partial = answers('jian', [2, 1, 3, 2, 2, 6, 5, 6, 7, 6, 6, 4]);
    delete partial.jian_7;
    const s = scoreScale(jian, partial);
    expect(s).toEqual({ distrust: 2, trust: null, overall: null });
  });

  it('rejects an answer outside 1-7 and an unknown item', () => {
    expect(() => scoreScale(jian, { jian_1: 8 })).toThrow(/jian_1: 8 is not an answer on 1-7/);
    expect(() => scoreScale(jian, { jian_13: 3 })).toThrow(/unknown item jian_13/);
  });
});

describe('Merritt et al. 2013 propensity to trust automation', () => {
  const prop = bundledScale('propensity');

  it('has 6 items prop_1..prop_6 on 1-5 with only item 2 reversed', () => {
    expect(prop.points).toBe(5);
    expect(prop.items.map((i) => i.id)).toEqual(['prop_1', 'prop_2', 'prop_3', 'prop_4', 'prop_5', 'prop_6']);
    expect(prop.reversed).toEqual(['prop_2']);
    expect(prop.items[1].text.en).toBe('For the most part, I distrust machines.');
  });

  it('scores the mean with item 2 reversed as 6 - x', () => {
    // (4 + (6 - 2) + 4 + 3 + 5 + 2) / 6 = 22 / 6
    expect(scoreScale(prop, answers('prop', [4, 2, 4, 3, 5, 2])).propensity).toBeCloseTo(22 / 6, 12);
  });
});

describe('custom Likert scales', () => {
  const custom: CustomScale = {
    id: 'utilite',
    title: { fr: 'Utilité perçue' },
    points: 7,
    anchors: { low: { fr: 'Pas du tout' }, high: { fr: 'Tout à fait' } },
    items: [
      { id: 'u1', text: { fr: 'Utile.', en: 'Useful.' } },
      { id: 'u2', text: { fr: 'Inutile.' } },
      { id: 'u3', text: { fr: 'Je la garderais.' } },
    ],
    reversed: ['u2'],
  };

  it('become a ScaleDefinition with one `score` subscale and the text of the one language everywhere', () => {
    const def = scaleFromCustom(custom);
    expect(def.items.map((i) => i.id)).toEqual(['u1', 'u2', 'u3']);
    expect(def.items[1].text).toEqual({ fr: 'Inutile.', en: 'Inutile.' });
    expect(def.items[0].text).toEqual({ fr: 'Utile.', en: 'Useful.' });
    expect(def.subscales).toEqual({ score: { items: ['u1', 'u2', 'u3'], reverse: true } });
  });

  it('score with their reversed items as (points + 1 - x)', () => {
    // (6 + (8 - 2) + 5) / 3 = 17 / 3
    expect(scoreScale(scaleFromCustom(custom), { u1: 6, u2: 2, u3: 5 }).score).toBeCloseTo(17 / 3, 12);
  });

  it('resolve like the bundled names do', () => {
    expect(resolveScale('propensity').id).toBe('propensity');
    expect(resolveScale(custom).id).toBe('utilite');
  });
});
