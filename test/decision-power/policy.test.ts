/** The `override` reliance policy of `confiance simulate` (server/simulate/policies.ts) and the bots' justifications. */
import { describe, expect, it } from 'vitest';
import { describePolicy, follows, parsePolicy } from '../../server/simulate/policies.ts';
import { justificationText } from '../../server/simulate/decision-power.ts';
import { createRng } from '../../experiments/random.ts';
import { UserError } from '../../experiments/user-error.ts';

describe('override policy', () => {
  it('parses p, p_justified (default p) and own', () => {
    expect(parsePolicy('override:0.6')).toEqual({ name: 'override', p: 0.6, pJustified: 0.6, own: 0.7 });
    expect(parsePolicy('override:0.6,0.2')).toEqual({ name: 'override', p: 0.6, pJustified: 0.2, own: 0.7 });
    expect(parsePolicy('override:p=0.6,p_justified=0.2,own=0.8')).toEqual({ name: 'override', p: 0.6, pJustified: 0.2, own: 0.8 });
    expect(describePolicy(parsePolicy('override:0.6,0.2'))).toBe('override (p=0.6, p_justified=0.2, own accuracy 0.7)');
    expect(() => parsePolicy('override:1.5')).toThrow(UserError);
    expect(() => parsePolicy('override')).toThrow('Invalid --policy "override"');
  });

  it('follows when its own answer agrees; otherwise overrides with p, or p_justified where a justification is asked', () => {
    const policy = parsePolicy('override:0.6,0.2');
    const agree = { adviceRight: null, shownConfidence: null, ownAgrees: true };
    const disagree = { ...agree, ownAgrees: false };
    expect(follows(policy, agree, 0.01)).toBe(true);
    expect(follows(policy, disagree, 0.59)).toBe(false);
    expect(follows(policy, disagree, 0.61)).toBe(true);
    expect(follows(policy, { ...disagree, justificationAsked: true }, 0.19)).toBe(false);
    expect(follows(policy, { ...disagree, justificationAsked: true }, 0.21)).toBe(true);
  });

  it('writes a justification long enough, or (first try, sometimes) about half as long', () => {
    for (const lang of ['fr', 'en'] as const) {
      for (let seed = 1; seed <= 20; seed++) {
        expect([...justificationText(40, lang, createRng(seed), false)].length).toBeGreaterThanOrEqual(40);
        expect([...justificationText(40, lang, createRng(seed), true)].length).toBeLessThan(40);
      }
    }
  });
});
