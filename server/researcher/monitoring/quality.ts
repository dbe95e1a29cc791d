import type { ExperimentDoc, Store, TrialRecord } from '../../store/index.ts';
import { studyRules } from '../../store/tidy/study-rules.ts';
import { answeredRight } from '../../store/tidy/trial-rows.ts';

export interface QualityFlags {
  /** Participants with at least one failed attention check, and how many checks they failed. */
  failedAttention: { participantId: string; failed: number }[];
  /** Decision phases answered faster than the study's min_rt_ms (server-measured), per participant. */
  tooFast: { participantId: string; trials: number }[];
  decisionRecords: number;
  minRtMs: number;
}

/**
 * Data-quality flags from one streaming pass over the decision records (practice excluded). Heavier than the counts,
 * so the dashboard computes it on its own request, not on every refresh.
 */
export async function qualityFlags(store: Store, doc: ExperimentDoc): Promise<QualityFlags> {
  const rules = studyRules(doc);
  const failed = new Map<string, number>();
  const fast = new Map<string, number>();
  let decisionRecords = 0;
  const bump = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);
  for await (const r of store.trials(doc.id, { configHash: doc.configHash, practice: false }) as AsyncIterable<TrialRecord>) {
    decisionRecords += 1;
    if (r.attentionCheck === true) {
      if ((r.phase === 'final' || rules.paradigm === 'one_stage') && !answeredRight(r, rules)) bump(failed, r.participantId);
    } else if (rules.minRtMs > 0 && r.serverRtMs < rules.minRtMs) {
      bump(fast, r.participantId);
    }
  }
  return {
    failedAttention: [...failed].map(([participantId, n]) => ({ participantId, failed: n })),
    tooFast: [...fast].map(([participantId, trials]) => ({ participantId, trials })),
    decisionRecords,
    minRtMs: rules.minRtMs,
  };
}
