/** `--effect` and `--participants` text: what is accepted, and the message for what is not. */
import { describe, expect, it } from 'vitest';
import { parseEffect } from '../../analysis/power/effect.ts';
import { parseParticipantRange } from '../../analysis/power/participant-range.ts';
import { UserError } from '../../experiments/user-error.ts';

const CONDITIONS = ['none', 'confidence', 'feature_importance', 'none+outil'];

function errorOf(action: () => unknown): UserError {
  try {
    action();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('parseEffect', () => {
  it('reads a metric and condition rates, as proportions or percentages', () => {
    const effect = parseEffect('agreement: none=0.60, feature_importance=70%', CONDITIONS, 'none');
    expect(effect.metric).toBe('agreement');
    expect([...effect.rates]).toEqual([
      ['none', 0.6],
      ['feature_importance', 0.7],
    ]);
    expect([...parseEffect(' overreliance :none+outil = .5 ', CONDITIONS, 'none+outil').rates]).toEqual([['none+outil', 0.5]]);
  });

  it('says what was expected when there is no metric', () => {
    const error = errorOf(() => parseEffect('none=0.6, confidence=0.7', CONDITIONS, 'none'));
    expect(error.message).toBe('Invalid --effect "none=0.6, confidence=0.7":');
    expect(error.details).toEqual([
      'expected "<metric>: <condition>=<rate>, <condition>=<rate>", e.g. "agreement: none=0.60, feature_importance=0.70", ' +
        'or an odds ratio to the control\'s rate, e.g. "agreement: none=0.60, feature_importance=OR 1.5"',
    ]);
  });

  it('turns an odds ratio to the control into a rate: OR o / (1 + OR o), o the control odds', () => {
    // none = 0.6: odds 1.5; OR 2 gives odds 3, rate 0.75; "or0.5" (no space, any case) gives odds 0.75, rate 3/7.
    const rates = parseEffect('agreement: none=0.6, confidence=OR 2, feature_importance=or0.5', CONDITIONS, 'none').rates;
    expect(rates.get('confidence')).toBeCloseTo(0.75, 14);
    expect(rates.get('feature_importance')).toBeCloseTo(3 / 7, 14);
    const error = errorOf(() => parseEffect('agreement: none=0, confidence=OR 2', CONDITIONS, 'none'));
    expect(error.details).toEqual(['an odds ratio needs a control rate strictly between 0 and 1, found 0']);
  });

  it('lists the metrics it can plan when the metric is unknown or depends on the answers', () => {
    const error = errorOf(() => parseEffect('rair: none=0.6', CONDITIONS, 'none'));
    expect(error.details[0]).toMatch(/^unknown metric "rair": expected one of agreement, overreliance, underreliance, accuracy_final, accuracy_initial/);
  });

  it('reports every bad entry at once: unknown condition, bad rate, missing "=", duplicate', () => {
    const error = errorOf(() => parseEffect('agreement: none=0.6, shown=0.7, confidence=1.2, feature_importance 0.5, none=0.5', CONDITIONS, 'none'));
    expect(error.details).toEqual([
      'unknown condition "shown": the study\'s conditions are none, confidence, feature_importance, none+outil',
      'rate "1.2" of "confidence" is not a proportion between 0 and 1 (or a percentage like 70%)',
      '"feature_importance 0.5" is not <condition>=<rate>',
      'condition "none" is given twice',
    ]);
  });

  it('requires a rate for the control condition', () => {
    const error = errorOf(() => parseEffect('agreement: confidence=0.7', CONDITIONS, 'none'));
    expect(error.details).toEqual(['the control condition "none" needs a rate: every comparison is against it']);
  });

  it('refuses an empty list of rates', () => {
    expect(errorOf(() => parseEffect('agreement:', CONDITIONS, 'none')).details[0]).toMatch(/^no condition rate after "agreement:"/);
  });
});

describe('parseParticipantRange', () => {
  it('reads a range with a step, a range with the default step 10, a list and one number', () => {
    expect(parseParticipantRange('20..200 step 20')).toEqual([20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
    expect(parseParticipantRange('20..50')).toEqual([20, 30, 40, 50]);
    expect(parseParticipantRange('10..25 step 10')).toEqual([10, 20]);
    expect(parseParticipantRange('100, 20,50,20')).toEqual([20, 50, 100]);
    expect(parseParticipantRange('64')).toEqual([64]);
  });

  it.each([
    ['20-200', 'not a range or a list of integers'],
    ['200..20', 'the range ends (20) before it starts (200)'],
    ['1..10', 'every sample size must be at least 2 participants per condition, found 1'],
    ['20..200 step 0', 'the step must be at least 1'],
  ])('refuses "%s": %s', (text, why) => {
    const error = errorOf(() => parseParticipantRange(text));
    expect(error.message).toBe(`Invalid --participants "${text}":`);
    expect(error.details[0]).toBe(why);
  });
});
