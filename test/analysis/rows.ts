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
