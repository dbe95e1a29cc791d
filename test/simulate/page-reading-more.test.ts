/**
 * Page reading, continued (see page-reading.test.ts): the one-stage categorical and the numeric bundled studies.
 */
import { describe, expect, it } from 'vitest';
import { closingSimulations, expectReadAsShown } from './reading-harness.ts';

const simulate = closingSimulations();

describe('bots read every page of the bundled studies (continued)', () => {
  it('aide-exceptionnelle (one-stage, three answers, rationale and similar cases, framing) in English', async () => {
    const { summary, decisions } = await simulate('experiments/studies', 'aide-exceptionnelle', 6, 'en');
    expect(summary.errors).toEqual([]);
    expect(summary.completed).toBe(6);
    expect(new Set(decisions.map((d) => d.records[0].condition)).size).toBe(6);
    expectReadAsShown(decisions);
  }, 120_000);

  it('risque-inondation (numeric, within-subjects blocks): the recommended numbers are read from their French format', async () => {
    const { summary, decisions } = await simulate('experiments/studies', 'risque-inondation', 2, 'fr');
    expect(summary.errors).toEqual([]);
    expect(summary.completed).toBe(2);
    // 16 two-stage trials each: 16 advice pages per bot (the attention case may add one).
    expect(decisions.filter((d) => d.records[0].advice !== null).length).toBeGreaterThanOrEqual(2 * 16);
    expectReadAsShown(decisions);
  }, 120_000);

});
