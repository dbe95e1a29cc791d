import type { TrialRow } from '../../analysis/input/trial-row.ts';

/** A trial row for tests: `p`, `c`, truth `y`, advice `a`, initial `h0` (null in one stage), final `h1`. */
export function trial(p: string, c: string, y: string, a: string, h0: string | null, h1: string, exclusion: string | null = null): TrialRow {
  return {
    participantId: p,
    condition: c,
    trialIndex: 0,
    caseId: 'case',
    truth: y,
    aiAdvice: a,
    aiConfidence: null,
    initial: h0,
    final: h1,
    initialRtMs: null,
    finalRtMs: null,
    exclusion,
    line: 0,
  };
}

/** Five participants, one trial each: p1-p3 in `none`, p4-p5 in `x` (the questionnaire tests score their answers). */
export const FIVE_PARTICIPANTS: readonly TrialRow[] = [
  trial('p1', 'none', 'A', 'A', 'B', 'A'),
  trial('p2', 'none', 'A', 'A', 'A', 'A'),
  trial('p3', 'none', 'A', 'B', 'A', 'B'),
  trial('p4', 'x', 'A', 'A', 'B', 'B'),
  trial('p5', 'x', 'A', 'B', 'A', 'A'),
];
